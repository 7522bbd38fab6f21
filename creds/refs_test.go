package creds

import (
	"bytes"
	"encoding/binary"
	"slices"
	"testing"
)

// The region codes of tokens already minted never change: the list only
// grows at its end.
func TestRegionCodesAppendOnly(t *testing.T) {
	pinned := []string{
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
	if len(regionCodes) < len(pinned) || !slices.Equal(regionCodes[:len(pinned)], pinned) {
		t.Fatalf("region codes changed: %q", regionCodes)
	}
	if len(regionCodes) > 255 {
		t.Fatalf("%d region codes: a code is one byte", len(regionCodes))
	}
	seen := map[string]bool{}
	for i, r := range regionCodes {
		if seen[r] {
			t.Errorf("region %s listed twice", r)
		}
		seen[r] = true
		if code, ok := regionCode(r); !ok || int(code) != i+1 {
			t.Errorf("regionCode(%s) = %d, %v; want %d", r, code, ok, i+1)
		}
	}
}

// Identity ids of every coded region are stored as code and UUID and
// decode to themselves, the pool id after them in the same region too;
// a region without a code is stored as text.
func TestRegionCodeRoundTrip(t *testing.T) {
	for _, r := range append(slices.Clone(regionCodes[:]), "local-1", "xx-local-9") {
		s := demoSession()
		s.IdentityID, s.IdentityPoolID = r+":"+demoSub, r+":"+demoSub
		s.Provider = "cognito-idp." + r + ".amazonaws.com/" + r + "_Pool"
		b := encodeSession(&s, false, nil)
		_, coded := regionCode(r)
		if stored := bytes.Contains(b, []byte(r+"_")) || bytes.Contains(b, []byte(r)); stored == coded {
			t.Errorf("%s: stored as text %v, has a code %v", r, stored, coded)
		}
		if got := roundTrip(t, s); got != s {
			t.Errorf("%s: decoded %+v", r, got)
		}
	}
}

func TestRoleRefs(t *testing.T) {
	a, b, c := "arn:aws:iam::123456789012:role/a", "arn:aws:iam::123456789012:role/b", "arn:aws:iam::123456789012:role/c"
	refs := newRoleRefs([]string{a, b, a}, roleRefOf)
	for _, arn := range []string{a, b} {
		ref, ok := refs.ref(arn)
		if !ok {
			t.Fatalf("%s has no reference", arn)
		}
		if got, ok := refs.arn(ref[:]); !ok || got != arn {
			t.Errorf("reference of %s resolves to %q, %v", arn, got, ok)
		}
	}
	if ra, _ := refs.ref(a); ra == roleRefOf(b) {
		t.Error("two roles, one reference")
	}
	if _, ok := refs.ref(c); ok {
		t.Error("a role not given has a reference")
	}
	rc := roleRefOf(c)
	if _, ok := refs.arn(rc[:]); ok {
		t.Error("the reference of a role not given resolves")
	}
	ra := roleRefOf(a)
	if _, ok := refs.arn(ra[:roleRefLen-1]); ok {
		t.Error("a short reference resolves")
	}
	var none *roleRefs
	if _, ok := none.ref(a); ok {
		t.Error("nil roleRefs gave a reference")
	}
	if _, ok := none.arn(ra[:]); ok {
		t.Error("nil roleRefs resolved a reference")
	}

	// Roles whose references collide have none; the others keep theirs.
	clash := func(arn string) roleRef {
		if arn == c {
			return roleRefOf(a)
		}
		return roleRefOf(arn)
	}
	refs = newRoleRefs([]string{a, b, c}, clash)
	for arn, want := range map[string]bool{a: false, b: true, c: false} {
		if _, ok := refs.ref(arn); ok != want {
			t.Errorf("colliding references: %s has one: %v, want %v", arn, ok, want)
		}
	}
	if _, ok := refs.arn(ra[:]); ok {
		t.Error("a colliding reference resolves")
	}
}

// A session minted for a configured role carries the role's reference and
// decodes only with the roles it was minted with.
func TestConfiguredRoleDecoding(t *testing.T) {
	s := demoSession()
	refs := newRoleRefs([]string{s.RoleARN}, roleRefOf)
	b := encodeSession(&s, false, refs)
	if bytes.Contains(b, []byte("notes-authenticated")) {
		t.Error("role name stored with a reference")
	}
	var got Session
	if !decodeSession(bytes.Clone(b), &got, nil, refs) || got != s {
		t.Fatalf("decoded %+v", got)
	}
	other := newRoleRefs([]string{"arn:aws:iam::123456789012:role/other"}, roleRefOf)
	for name, r := range map[string]*roleRefs{"no roles": nil, "other roles": other} {
		if decodeSession(bytes.Clone(b), &Session{}, nil, r) {
			t.Errorf("%s: a role reference decoded", name)
		}
	}

	header := binary.AppendUvarint(binary.AppendVarint([]byte{sessionFormat}, 1_800_000_000), 3600)
	ref := roleRefOf(s.RoleARN)
	cref := append([]byte{kindConfiguredRole}, ref[:]...)
	e, derived, uuid := []byte{kindEmpty}, []byte{kindAssumedRoleARN}, append([]byte{kindUUID}, make([]byte, 16)...)
	session := func(fields ...[]byte) []byte { return bytes.Join(append([][]byte{header}, fields...), nil) }
	lit := func(v string) []byte { return append(binary.AppendUvarint([]byte{kindLiteral}, uint64(len(v))), v...) }
	valid := session(e, e, cref, derived, lit("n"), e, e, e, e, uuid)
	if !decodeSession(valid, &got, nil, refs) || got.RoleARN != s.RoleARN ||
		got.ARN != "arn:aws:sts::123456789012:assumed-role/notes-authenticated/n" {
		t.Fatalf("the valid base of the cases: %+v", got)
	}
	code := func(c byte, n int) []byte { return append([]byte{kindRegionCodeUUID, c}, make([]byte, n)...) }
	for name, in := range map[string][]byte{
		"reference elsewhere":     session(e, e, cref, derived, lit("n"), e, e, e, e, cref),
		"short reference":         session(e, e, cref[:roleRefLen], derived, lit("n"), e, e, e, e, uuid),
		"unknown reference":       session(e, e, append([]byte{kindConfiguredRole}, make([]byte, roleRefLen)...), derived, lit("n"), e, e, e, e, uuid),
		"region code 0":           session(e, e, cref, derived, lit("n"), code(0, 16), e, e, e, uuid),
		"region code beyond":      session(e, e, cref, derived, lit("n"), code(byte(len(regionCodes)+1), 16), e, e, e, uuid),
		"region code, short uuid": session(e, e, cref, derived, lit("n"), e, e, e, e, code(1, 15)),
		"region code, no code":    session(e, e, cref, derived, lit("n"), e, e, e, e, []byte{kindRegionCodeUUID}),
		"region code 255":         session(e, e, cref, derived, lit("n"), code(255, 16), e, e, e, uuid),
	} {
		if decodeSession(in, &Session{}, nil, refs) {
			t.Errorf("%s: accepted", name)
		}
	}
	withCode := session(e, e, cref, derived, lit("n"), code(byte(len(regionCodes)), 16), append([]byte{kindRegionUUIDAgain}, make([]byte, 16)...), e, e, uuid)
	if !decodeSession(withCode, &got, nil, refs) || got.IdentityID != regionCodes[len(regionCodes)-1]+":"+"00000000-0000-0000-0000-000000000000" ||
		got.IdentityPoolID != got.IdentityID {
		t.Errorf("the last region code decoded to %q, %q", got.IdentityID, got.IdentityPoolID)
	}
}
