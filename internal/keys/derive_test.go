package keys

import (
	"bytes"
	"crypto/cipher"
	"testing"
)

// deriveInto is AES-CTR's key stream for the IV nonce ‖ 0, of any length.
func TestDeriveIntoIsCTR(t *testing.T) {
	block, err := newDeriveBlock(bytes.Repeat([]byte{7}, sealKeySize))
	if err != nil {
		t.Fatal(err)
	}
	k := &sealingKey{derive: block}
	nonce := []byte("twelve bytes")
	for n := range 70 {
		got := bytes.Repeat([]byte{0xee}, n)
		k.deriveInto(got, nonce)
		want := make([]byte, n)
		cipher.NewCTR(block, append(bytes.Clone(nonce), 0, 0, 0, 0)).XORKeyStream(want, want)
		if !bytes.Equal(got, want) {
			t.Fatalf("%d bytes: %x, want %x", n, got, want)
		}
	}
	other, _ := newDeriveBlock(bytes.Repeat([]byte{8}, sealKeySize))
	a, b := make([]byte, 32), make([]byte, 32)
	k.deriveInto(a, nonce)
	(&sealingKey{derive: other}).deriveInto(b, nonce)
	if bytes.Equal(a, b) {
		t.Error("two sealing keys derive the same bytes for one nonce")
	}
}
