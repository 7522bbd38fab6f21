package sigv4

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// variant is one reading of a request whose canonical form is ambiguous.
type variant struct {
	normalize bool   // normalize the path
	host      string // the host value
	skip      skip   // query parameters left out
}

// match computes the signature for each reading of the request that
// clients produce in practice and stops at the first that matches: the
// normalized path, then the path as sent; the host as sent, then without its
// port (SDKs sign the host without a default port); for a presigned URL, the
// session token inside, then outside the signature. The common request
// needs one computation.
//
// The host without its port is accepted for any port, not only the default
// ones: aws-api-gateway-client signs the invoke URL's host name without
// its port (on AWS the port is always the default), and an emulator on a
// local port must still verify it. The signature still covers the host
// name and everything else.
func (v *Verifier) match(r *http.Request, in *authInput, rawQuery string, ph *payloadHash, key *keySigner) (variant, error) {
	path := requestPath(r.URL, r.RequestURI)
	host := requestHost(r)

	var norms [2]bool
	nNorm := 1
	norms[0] = !v.noNormalize
	if !v.noNormalize && !pathIsNormal(path) {
		norms[1], nNorm = false, 2
	}
	var hosts [2]string
	nHost := 1
	hosts[0] = host
	if h, ok := stripPort(host); ok {
		hosts[1], nHost = h, 2
	}
	var skips [2]skip
	nSkip := 1
	if in.presigned {
		skips[0] = skipSignature
		if in.token != "" {
			skips[1], nSkip = skipSignature|skipToken, 2
		}
	}

	var want [64]byte
	validSig := len(in.signature) == len(want)
	copy(want[:], in.signature)
	amzDate := in.amzDate[:]
	if validSig {
		for _, norm := range norms[:nNorm] {
			for _, h := range hosts[:nHost] {
				for _, sk := range skips[:nSkip] {
					vr := variant{norm, h, sk}
					var cbuf [1024]byte
					canon := v.canonicalRequest(cbuf[:0], r, in, rawQuery, ph, path, &vr)
					var sbuf [256]byte
					sum := sha256.Sum256(canon)
					sts := appendStringToSign(sbuf[:0], amzDate, in.cred.scope, &sum)
					mac := key.mac(sts)
					var got [64]byte
					hexEncode(got[:], mac[:])
					if subtle.ConstantTimeCompare(got[:], want[:]) == 1 {
						return vr, nil
					}
				}
			}
		}
	}
	// Report what the first reading expected.
	vr := variant{norms[0], hosts[0], skips[0]}
	canon := v.canonicalRequest(nil, r, in, rawQuery, ph, path, &vr)
	sum := sha256.Sum256(canon)
	e := SignatureDoesNotMatch()
	e.CanonicalRequest = string(canon)
	e.StringToSign = string(appendStringToSign(nil, amzDate, in.cred.scope, &sum))
	return variant{}, e
}

// canonicalRequest appends the canonical request of r for one reading.
func (v *Verifier) canonicalRequest(buf []byte, r *http.Request, in *authInput, rawQuery string, ph *payloadHash, path string, vr *variant) []byte {
	buf = append(buf, r.Method...)
	buf = append(buf, '\n')
	buf = appendCanonicalURI(buf, path, vr.normalize)
	buf = append(buf, '\n')
	buf = appendCanonicalQuery(buf, rawQuery, vr.skip)
	buf = append(buf, '\n')
	for list := in.signedHeaders; list != ""; {
		var name string
		name, list, _ = strings.Cut(list, ";")
		buf = append(buf, name...)
		buf = append(buf, ':')
		lower := name
		if hasUpper(name) {
			lower = strings.ToLower(name)
		}
		if lower == "host" {
			buf = appendHeaderValue(buf, vr.host)
		} else {
			for i, val := range headerValues(r, lower) {
				if i > 0 {
					buf = append(buf, ',')
				}
				buf = appendHeaderValue(buf, val)
			}
		}
		buf = append(buf, '\n')
	}
	buf = append(buf, '\n')
	buf = append(buf, in.signedHeaders...)
	buf = append(buf, '\n')
	return ph.appendTo(buf)
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}
