package storetest

import (
	"bytes"
	"errors"
	"testing"

	"github.com/gatehouse-dev/gatehouse/store"
)

func testCreateGet(t *testing.T, s store.Store) {
	for name, want := range testValues() {
		mustCreate(t, s, "value", name, want)
		got := mustGet(t, s, "value", name)
		if !bytes.Equal(got, want) {
			t.Errorf("Get(%q): got %d bytes, want %d bytes equal to those created", name, len(got), len(want))
		}
	}
	// A nil value is stored as an empty one.
	mustCreate(t, s, "value", "nil", nil)
	if got := mustGet(t, s, "value", "nil"); len(got) != 0 {
		t.Errorf("Get of a nil value: got %q, want empty", got)
	}
}

func testCreateDuplicate(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustCreate(t, s, "user", "alice", []byte("first"))
	err := s.Create(ctx, "user", "alice", []byte("second"))
	if !errors.Is(err, store.ErrAlreadyExists) {
		t.Fatalf("second Create: got %v, want ErrAlreadyExists", err)
	}
	if got := mustGet(t, s, "user", "alice"); string(got) != "first" {
		t.Errorf("after duplicate Create: got %q, want %q", got, "first")
	}
}

func testMissing(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustCreate(t, s, "user", "alice", []byte("x"))

	if _, err := s.Get(ctx, "user", "bob"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get missing: got %v, want ErrNotFound", err)
	}
	called := false
	err := s.Update(ctx, "user", "bob", func(old []byte) ([]byte, error) {
		called = true
		return old, nil
	})
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Update missing: got %v, want ErrNotFound", err)
	}
	if called {
		t.Error("Update missing called its function")
	}
	if err := s.Delete(ctx, "user", "bob"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Delete missing: got %v, want ErrNotFound", err)
	}
	// Update of a missing record does not create it.
	if _, err := s.Get(ctx, "user", "bob"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get after Update of missing: got %v, want ErrNotFound", err)
	}
}

func testUpdate(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustCreate(t, s, "user", "alice", []byte("v1"))
	var seen []byte
	err := s.Update(ctx, "user", "alice", func(old []byte) ([]byte, error) {
		seen = bytes.Clone(old)
		return append(old, "+v2"...), nil
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if string(seen) != "v1" {
		t.Errorf("Update function got %q, want %q", seen, "v1")
	}
	if got := mustGet(t, s, "user", "alice"); string(got) != "v1+v2" {
		t.Errorf("after Update: got %q, want %q", got, "v1+v2")
	}

	// Every test value can be written by Update too, including empty and nil.
	for name, want := range testValues() {
		if err := s.Update(ctx, "user", "alice", setValue(want)); err != nil {
			t.Fatalf("Update to %s: %v", name, err)
		}
		if got := mustGet(t, s, "user", "alice"); !bytes.Equal(got, want) {
			t.Errorf("after Update to %s: got %d bytes, want %d", name, len(got), len(want))
		}
	}
	if err := s.Update(ctx, "user", "alice", setValue(nil)); err != nil {
		t.Fatalf("Update to nil: %v", err)
	}
	if got := mustGet(t, s, "user", "alice"); len(got) != 0 {
		t.Errorf("after Update to nil: got %q, want empty", got)
	}
}

func testUpdateFuncError(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustCreate(t, s, "user", "alice", []byte("old"))
	errRefused := errors.New("refused by the function")
	err := s.Update(ctx, "user", "alice", func(old []byte) ([]byte, error) {
		return []byte("new"), errRefused
	})
	if !errors.Is(err, errRefused) {
		t.Fatalf("Update: got %v, want the function's error", err)
	}
	if got := mustGet(t, s, "user", "alice"); string(got) != "old" {
		t.Errorf("after failed Update: got %q, want %q", got, "old")
	}
	// The function's error must not be mistaken for a store error.
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrAlreadyExists) {
		t.Errorf("Update: function error %v matches a store sentinel", err)
	}
}

func testDelete(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustCreate(t, s, "user", "alice", []byte("a"))
	mustCreate(t, s, "user", "bob", []byte("b"))
	if err := s.Delete(ctx, "user", "alice"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := s.Get(ctx, "user", "alice"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get after Delete: got %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, "user", "alice"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second Delete: got %v, want ErrNotFound", err)
	}
	if got := mustGet(t, s, "user", "bob"); string(got) != "b" {
		t.Errorf("other record after Delete: got %q, want %q", got, "b")
	}
	// The id is free again.
	mustCreate(t, s, "user", "alice", []byte("again"))
	if got := mustGet(t, s, "user", "alice"); string(got) != "again" {
		t.Errorf("after re-Create: got %q, want %q", got, "again")
	}
}

// testValuesAreCopied checks that a store does not keep or hand out slices
// its callers may change.
func testValuesAreCopied(t *testing.T, s store.Store) {
	ctx := t.Context()
	in := []byte("original")
	mustCreate(t, s, "user", "alice", in)
	copy(in, "XXXXXXXX")
	got := mustGet(t, s, "user", "alice")
	if string(got) != "original" {
		t.Fatalf("after changing the created slice: got %q", got)
	}
	copy(got, "YYYYYYYY")
	if got := mustGet(t, s, "user", "alice"); string(got) != "original" {
		t.Fatalf("after changing a returned slice: got %q", got)
	}
	var kept []byte
	err := s.Update(ctx, "user", "alice", func(old []byte) ([]byte, error) {
		kept = []byte("updated!")
		return kept, nil
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	copy(kept, "ZZZZZZZZ")
	if got := mustGet(t, s, "user", "alice"); string(got) != "updated!" {
		t.Fatalf("after changing the slice Update stored: got %q", got)
	}
	recs := mustList(t, s, "user", store.ListOptions{})
	copy(recs[0].Value, "WWWWWWWW")
	if got := mustGet(t, s, "user", "alice"); string(got) != "updated!" {
		t.Fatalf("after changing a listed value: got %q", got)
	}
}

func testKindsIsolated(t *testing.T, s store.Store) {
	ctx := t.Context()
	// "user" is a prefix of "users"; "us_r" and "us%r" would match "user"
	// as LIKE patterns.
	kinds := []string{"user", "users", "us_r", "us%r", "USER"}
	for _, k := range kinds {
		mustCreate(t, s, k, "same-id", []byte("value of "+k))
		mustCreate(t, s, k, "only-"+k, []byte("x"))
	}
	for _, k := range kinds {
		if got := mustGet(t, s, k, "same-id"); string(got) != "value of "+k {
			t.Errorf("Get(%q, same-id): got %q", k, got)
		}
		recs := mustList(t, s, k, store.ListOptions{})
		if len(recs) != 2 || recs[0].ID != "only-"+k || recs[1].ID != "same-id" {
			t.Errorf("List(%q): got %v, want [only-%s same-id]", k, ids(recs), k)
		}
		for _, r := range recs {
			if r.Kind != k {
				t.Errorf("List(%q) returned a record of kind %q", k, r.Kind)
			}
		}
	}
	if err := s.Update(ctx, "user", "same-id", setValue([]byte("changed"))); err != nil {
		t.Fatalf("Update: %v", err)
	}
	if err := s.Delete(ctx, "users", "same-id"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if got := mustGet(t, s, "us_r", "same-id"); string(got) != "value of us_r" {
		t.Errorf("other kind changed by Update: got %q", got)
	}
	if got := mustGet(t, s, "user", "same-id"); string(got) != "changed" {
		t.Errorf("Update of user/same-id: got %q", got)
	}
	if _, err := s.Get(ctx, "users", "same-id"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get of deleted users/same-id: got %v, want ErrNotFound", err)
	}
	if recs := mustList(t, s, "nobody", store.ListOptions{}); len(recs) != 0 {
		t.Errorf("List of an unused kind: got %v, want none", ids(recs))
	}
}
