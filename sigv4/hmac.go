package sigv4

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"time"
)

const (
	blockSize = sha256.BlockSize
	// hmacStack bounds the messages hmacSHA256 signs without allocating; a
	// string to sign is about 150 bytes.
	hmacStack = 512
)

// hmacSHA256 computes HMAC-SHA256(key, msg). For messages up to hmacStack
// bytes it works in stack buffers and does not allocate, which
// crypto/hmac cannot do.
func hmacSHA256[T ~string | ~[]byte](key []byte, msg T) [32]byte {
	if len(msg) > hmacStack {
		// Copies, so that neither argument escapes in the common case.
		m := hmac.New(sha256.New, bytes.Clone(key))
		m.Write(append([]byte(nil), msg...))
		var out [32]byte
		m.Sum(out[:0])
		return out
	}
	var k [blockSize]byte
	if len(key) > blockSize {
		s := sha256.Sum256(key)
		copy(k[:], s[:])
	} else {
		copy(k[:], key)
	}
	var in [blockSize + hmacStack]byte
	for i := range blockSize {
		in[i] = k[i] ^ 0x36
	}
	n := blockSize + copy(in[blockSize:], msg)
	inner := sha256.Sum256(in[:n])
	var out [blockSize + sha256.Size]byte
	for i := range blockSize {
		out[i] = k[i] ^ 0x5c
	}
	copy(out[blockSize:], inner[:])
	return sha256.Sum256(out[:])
}

// deriveSigningKey computes kSigning = HMAC(HMAC(HMAC(HMAC("AWS4"+secret,
// date), region), service), "aws4_request").
func deriveSigningKey(secret, date, region, service string) [32]byte {
	var buf [4 + 124]byte
	k := append(append(buf[:0], "AWS4"...), secret...)
	kDate := hmacSHA256(k, date)
	kRegion := hmacSHA256(kDate[:], region)
	kService := hmacSHA256(kRegion[:], service)
	return hmacSHA256(kService[:], terminator)
}

// SigningKey returns the SigV4 signing key of secret for the day of t (UTC),
// region and service.
func SigningKey(secret string, t time.Time, region, service string) [32]byte {
	var d [16]byte
	return deriveSigningKey(secret, string(appendAmzDate(d[:0], t)[:scopeDateLen]), region, service)
}

const hexDigits = "0123456789abcdef"

// hexEncode writes src as lowercase hex into dst, which must be twice as long.
func hexEncode(dst, src []byte) {
	for i, c := range src {
		dst[2*i] = hexDigits[c>>4]
		dst[2*i+1] = hexDigits[c&15]
	}
}

// emptySHA256 is the hex SHA-256 of an empty payload.
const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// UnsignedPayload is the payload hash of a request whose body is not signed.
const UnsignedPayload = "UNSIGNED-PAYLOAD"
