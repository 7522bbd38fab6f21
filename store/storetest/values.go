package storetest

import "math/rand/v2"

// testValues are values every store must return byte for byte.
func testValues() map[string][]byte {
	all := make([]byte, 0, 512)
	for i := range 512 {
		all = append(all, byte(i))
	}
	return map[string][]byte{
		"text":        []byte("hello, world"),
		"empty":       {},
		"zero-bytes":  {0, 0, 0},
		"nul-inside":  []byte("a\x00b\x00"),
		"every-byte":  all,
		"json":        []byte(`{"name":"Zoë","n":1}`),
		"invalid-utf": {0xff, 0xfe, 0xc3, 0x28},
		"one-mib":     pseudoRandom(1<<20, 1),
	}
}

// pseudoRandom returns n deterministic bytes that do not compress.
func pseudoRandom(n int, seed uint64) []byte {
	var key [32]byte
	key[0] = byte(seed)
	b := make([]byte, n)
	rand.NewChaCha8(key).Read(b)
	return b
}
