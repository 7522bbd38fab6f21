package creds

import "crypto/sha256"

// regionCodes are the regions session tokens store as a one-byte code
// (kindRegionCodeUUID), code i+1 for regionCodes[i]. Tokens already
// minted depend on the order: append only, never reorder or remove. A
// region not listed is stored as text.
var regionCodes = [...]string{
	"us-east-1", "us-east-2", "us-west-1", "us-west-2",
	"af-south-1", "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
	"ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
	"ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
	"ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
	"ca-central-1", "ca-west-1",
	"eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
	"eu-west-1", "eu-west-2", "eu-west-3",
	"il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1",
	"us-gov-east-1", "us-gov-west-1", "cn-north-1", "cn-northwest-1",
}

// regionCodeBytes are regionCodes as bytes, for the decoder.
var regionCodeBytes = func() (b [len(regionCodes)][]byte) {
	for i, r := range regionCodes {
		b[i] = []byte(r)
	}
	return b
}()

// regionCode returns the code of region, and false for a region without one.
func regionCode(region string) (byte, bool) {
	for i, r := range regionCodes {
		if r == region {
			return byte(i + 1), true
		}
	}
	return 0, false
}

// roleRefLen is the length of a role reference: 64 bits of SHA-256, so
// that a token minted for a role removed from the configuration since
// refers to no other role that replaced it.
const roleRefLen = 8

type roleRef [roleRefLen]byte

// roleRefs are the references that session tokens carry instead of the
// ARNs of the configured roles (kindConfiguredRole): a token is minted
// only for a configured role, and opens only while the role is configured.
// Roles whose references collide have none. A nil *roleRefs has none.
type roleRefs struct {
	byARN map[string]roleRef
	byRef map[roleRef]string
}

// newRoleRefs returns the references (refOf, roleRefOf but in tests) of
// the roles with the given ARNs.
func newRoleRefs(arns []string, refOf func(string) roleRef) *roleRefs {
	r := &roleRefs{byARN: make(map[string]roleRef, len(arns)), byRef: make(map[roleRef]string, len(arns))}
	collided := map[roleRef]bool{}
	for _, arn := range arns {
		ref := refOf(arn)
		if other, ok := r.byRef[ref]; ok && other != arn {
			collided[ref] = true
		}
		r.byRef[ref] = arn
	}
	for ref := range collided {
		delete(r.byRef, ref)
	}
	for ref, arn := range r.byRef {
		r.byARN[arn] = ref
	}
	return r
}

// roleRefOf is the reference of the role arn.
func roleRefOf(arn string) roleRef {
	h := sha256.Sum256([]byte("gatehouse role reference\x00" + arn))
	return roleRef(h[:roleRefLen])
}

// ref returns the reference of the role arn, if it has one.
func (r *roleRefs) ref(arn string) (roleRef, bool) {
	if r == nil {
		return roleRef{}, false
	}
	ref, ok := r.byARN[arn]
	return ref, ok
}

// arn returns the ARN of the role whose reference is b, if any.
func (r *roleRefs) arn(b []byte) (string, bool) {
	if r == nil || len(b) != roleRefLen {
		return "", false
	}
	arn, ok := r.byRef[roleRef(b)]
	return arn, ok
}
