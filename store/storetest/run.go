package storetest

import (
	"testing"

	"github.com/gatehouse-dev/gatehouse/store"
)

// Run runs the conformance suite. newStore returns a new, empty store for
// one subtest and closes it when that subtest ends (t.Cleanup).
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	t.Helper()
	tests := []struct {
		name string
		run  func(t *testing.T, s store.Store)
	}{
		{"CreateGet", testCreateGet},
		{"CreateDuplicate", testCreateDuplicate},
		{"Missing", testMissing},
		{"Update", testUpdate},
		{"UpdateFuncError", testUpdateFuncError},
		{"Delete", testDelete},
		{"ValuesAreCopied", testValuesAreCopied},
		{"KindsIsolated", testKindsIsolated},
		{"ListOrder", testListOrder},
		{"ListPrefix", testListPrefix},
		{"ListAfterLimit", testListAfterLimit},
		{"ListPaging", testListPaging},
		{"SpecialIDs", testSpecialIDs},
		{"ContextCanceled", testContextCanceled},
		{"ConcurrentUpdate", testConcurrentUpdate},
		{"ConcurrentCreate", testConcurrentCreate},
		{"Ping", testPing},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.run(t, newStore(t))
		})
	}
}

func testPing(t *testing.T, s store.Store) {
	if err := s.Ping(t.Context()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}

// mustCreate creates kind/id or fails the test.
func mustCreate(t *testing.T, s store.Store, kind, id string, v []byte) {
	t.Helper()
	if err := s.Create(t.Context(), kind, id, v); err != nil {
		t.Fatalf("Create(%q, %q): %v", kind, id, err)
	}
}

// mustGet returns kind/id or fails the test.
func mustGet(t *testing.T, s store.Store, kind, id string) []byte {
	t.Helper()
	v, err := s.Get(t.Context(), kind, id)
	if err != nil {
		t.Fatalf("Get(%q, %q): %v", kind, id, err)
	}
	return v
}

// mustList returns a page or fails the test.
func mustList(t *testing.T, s store.Store, kind string, opts store.ListOptions) []store.Record {
	t.Helper()
	recs, err := s.List(t.Context(), kind, opts)
	if err != nil {
		t.Fatalf("List(%q, %+v): %v", kind, opts, err)
	}
	return recs
}

// setValue is an Update function that ignores the old value.
func setValue(v []byte) func([]byte) ([]byte, error) {
	return func([]byte) ([]byte, error) { return v, nil }
}
