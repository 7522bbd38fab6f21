package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/gatehouse-dev/gatehouse/store"
	"github.com/gatehouse-dev/gatehouse/store/sqlite"
)

type note struct {
	Title string
	Tags  []string
	Rev   int
}

func TestCollection(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	notes := store.Collection[note]{Store: st, Kind: "note"}

	want := note{Title: "first", Tags: []string{"a", "b"}}
	if err := notes.Create(ctx, "n1", want); err != nil {
		t.Fatal(err)
	}
	if err := notes.Create(ctx, "n1", want); !errors.Is(err, store.ErrAlreadyExists) {
		t.Fatalf("second Create = %v, want ErrAlreadyExists", err)
	}
	got, err := notes.Get(ctx, "n1")
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Get = %+v, %v; want %+v", got, err, want)
	}
	if err := notes.Update(ctx, "n1", func(n note) (note, error) { n.Rev++; return n, nil }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := notes.Update(ctx, "n1", func(n note) (note, error) { n.Rev = 99; return n, boom }); !errors.Is(err, boom) {
		t.Fatalf("Update with a failing fn = %v", err)
	}
	if got, _ := notes.Get(ctx, "n1"); got.Rev != 1 {
		t.Fatalf("Rev = %d, want 1", got.Rev)
	}
	if err := notes.Create(ctx, "n2", note{Title: "second"}); err != nil {
		t.Fatal(err)
	}
	vals, ids, err := notes.List(ctx, store.ListOptions{})
	if err != nil || len(vals) != 2 || !reflect.DeepEqual(ids, []string{"n1", "n2"}) || vals[1].Title != "second" {
		t.Fatalf("List = %+v %v %v", vals, ids, err)
	}
	// A record of another shape in the kind is a decode error, not a zero value.
	if err := st.Create(ctx, "note", "bad", []byte(`{"Title":5}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := notes.Get(ctx, "bad"); err == nil {
		t.Fatal("Get of a malformed record succeeded")
	}
	if err := notes.Delete(ctx, "n1"); err != nil {
		t.Fatal(err)
	}
	if _, err := notes.Get(ctx, "n1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get after Delete = %v, want ErrNotFound", err)
	}
}
