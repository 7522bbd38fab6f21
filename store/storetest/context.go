package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/gatehouse-dev/gatehouse/store"
)

// testContextCanceled checks that a done context fails each operation with
// context.Canceled and that a failed write leaves nothing behind.
func testContextCanceled(t *testing.T, s store.Store) {
	mustCreate(t, s, "user", "alice", []byte("old"))
	mustCreate(t, s, "user", "bob", []byte("bob"))

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	check := func(op string, err error) {
		t.Helper()
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: got %v, want context.Canceled", op, err)
		}
	}
	_, err := s.Get(ctx, "user", "alice")
	check("Get", err)
	check("Create", s.Create(ctx, "user", "carol", []byte("new")))
	check("Update", s.Update(ctx, "user", "alice", setValue([]byte("new"))))
	check("Delete", s.Delete(ctx, "user", "bob"))
	_, err = s.List(ctx, "user", store.ListOptions{})
	check("List", err)

	// A context cancelled while the Update function runs fails the Update.
	ctx, cancel = context.WithCancel(t.Context())
	err = s.Update(ctx, "user", "alice", func([]byte) ([]byte, error) {
		cancel()
		return []byte("new"), nil
	})
	check("Update cancelled in its function", err)

	// Nothing was written.
	if _, err := s.Get(t.Context(), "user", "carol"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get of a record created with a cancelled context: got %v, want ErrNotFound", err)
	}
	if got := mustGet(t, s, "user", "alice"); string(got) != "old" {
		t.Errorf("record updated with a cancelled context: got %q, want %q", got, "old")
	}
	if got := mustGet(t, s, "user", "bob"); string(got) != "bob" {
		t.Errorf("record deleted with a cancelled context: got %q, want %q", got, "bob")
	}
	// The store still works.
	if err := s.Update(t.Context(), "user", "alice", setValue([]byte("new"))); err != nil {
		t.Fatalf("Update after cancelled calls: %v", err)
	}
}
