package storetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/gatehouse-dev/gatehouse/store"
)

// specialIDs are ids that trip up SQL: LIKE wildcards and escapes, quotes,
// case, non-ASCII text up to the largest code point.
func specialIDs() []string {
	return []string{
		"a", "A", "ab", "abc", "aB", "b",
		"a%", "a%b", "a%%", "%", "%a", "100%",
		"a_", "a_b", "a__", "_", "_a", "axb",
		`a\`, `a\b`, `a\%`, `\`, `\\`,
		"a'b", `a"b`, "a b", "a/b", "a:b", "a.b", "a*b", "a?b", "a[b]", "a^b",
		"日本", "日本語", "日", "Zoë", "zoe", "zoë", "émile", "ß", "😀", "😀x",
		"\u007f", "\u0080", "\u00ff", "\u0100", "\uffff",
		"\U0010ffff", "\U0010ffffz", "a\U0010ffff", "a\U0010ffffb", "a\U0010fffe",
	}
}

// ids returns the ids of recs.
func ids(recs []store.Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.ID
	}
	return out
}

// createShuffled creates kind records with the given ids in a random order,
// each with its id as value.
func createShuffled(t *testing.T, s store.Store, kind string, idList []string) {
	t.Helper()
	shuffled := slices.Clone(idList)
	r := rand.New(rand.NewPCG(1, 2))
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for _, id := range shuffled {
		mustCreate(t, s, kind, id, []byte(id))
	}
}

func testListOrder(t *testing.T, s store.Store) {
	all := specialIDs()
	createShuffled(t, s, "item", all)
	mustCreate(t, s, "other", "a", []byte("not an item"))

	want := slices.Clone(all)
	slices.Sort(want) // bytewise, like Go string comparison
	recs := mustList(t, s, "item", store.ListOptions{})
	if got := ids(recs); !slices.Equal(got, want) {
		t.Fatalf("List order:\n got %q\nwant %q", got, want)
	}
	for _, r := range recs {
		if string(r.Value) != r.ID {
			t.Errorf("List: record %q has value %q", r.ID, r.Value)
		}
	}
}

func testListPrefix(t *testing.T, s store.Store) {
	all := specialIDs()
	createShuffled(t, s, "item", all)
	mustCreate(t, s, "itemx", "a-in-another-kind", nil)

	prefixes := []string{
		"a", "A", "ab", "a%", "%", "a_", "_", `a\`, `\`, "a'", "a[",
		"日", "日本", "z", "zo", "Zo", "😀", "\u007f", "\u00ff", "\uffff",
		"\U0010ffff", "a\U0010ffff", "nothing-has-this",
	}
	for _, p := range prefixes {
		var want []string
		for _, id := range all {
			if strings.HasPrefix(id, p) {
				want = append(want, id)
			}
		}
		slices.Sort(want)
		got := ids(mustList(t, s, "item", store.ListOptions{Prefix: p}))
		if !slices.Equal(got, want) && (len(got) != 0 || len(want) != 0) {
			t.Errorf("List(Prefix %q):\n got %q\nwant %q", p, got, want)
		}
	}
}

func testListAfterLimit(t *testing.T, s store.Store) {
	var all []string
	for i := range 20 {
		all = append(all, fmt.Sprintf("id-%03d", i))
	}
	createShuffled(t, s, "item", all)
	createShuffled(t, s, "item", []string{"other-1", "other-2", "ID-000"})

	tests := []struct {
		opts store.ListOptions
		want []string
	}{
		{store.ListOptions{Prefix: "id-", Limit: 3}, all[:3]},
		{store.ListOptions{Prefix: "id-", After: "id-004", Limit: 3}, all[5:8]},
		{store.ListOptions{Prefix: "id-", After: "id-0045", Limit: 2}, all[5:7]},
		{store.ListOptions{Prefix: "id-", After: "id-017"}, all[18:]},
		{store.ListOptions{Prefix: "id-", After: "id-019"}, nil},
		{store.ListOptions{Prefix: "id-", After: "a"}, all},
		{store.ListOptions{Prefix: "id-01", After: "id-003", Limit: 4}, all[10:14]},
		{store.ListOptions{Prefix: "id-", Limit: 0}, all},
		{store.ListOptions{Prefix: "id-", Limit: -1}, all},
		{store.ListOptions{Prefix: "id-", Limit: 1000}, all},
		{store.ListOptions{After: "id-018"}, append(slices.Clone(all[19:]), "other-1", "other-2")},
		{store.ListOptions{Limit: 2}, []string{"ID-000", "id-000"}},
		{store.ListOptions{After: "other-2"}, nil},
	}
	for _, tc := range tests {
		got := ids(mustList(t, s, "item", tc.opts))
		if !slices.Equal(got, tc.want) && (len(got) != 0 || len(tc.want) != 0) {
			t.Errorf("List(%+v):\n got %q\nwant %q", tc.opts, got, tc.want)
		}
	}
}

// testListPaging pages through 250 records the way services do: Limit n,
// After the last id of the previous page, until a short page.
func testListPaging(t *testing.T, s store.Store) {
	var all []string
	for i := range 250 {
		all = append(all, fmt.Sprintf("user-%x-%d", i*7919%1000, i))
	}
	createShuffled(t, s, "user", all)
	mustCreate(t, s, "user", "zzz-not-a-user-prefix", nil)
	want := slices.Clone(all)
	slices.Sort(want)

	for _, size := range []int{1, 7, 100, 250, 251} {
		var got []string
		after := ""
		for pages := 0; ; pages++ {
			if pages > 300 {
				t.Fatalf("page size %d: paging does not end", size)
			}
			page := mustList(t, s, "user", store.ListOptions{Prefix: "user-", After: after, Limit: size})
			if len(page) > size {
				t.Fatalf("page size %d: got a page of %d", size, len(page))
			}
			got = append(got, ids(page)...)
			if len(page) < size {
				break
			}
			after = page[len(page)-1].ID
		}
		if !slices.Equal(got, want) {
			t.Errorf("page size %d: got %d ids, want %d in order", size, len(got), len(want))
		}
	}
}

// testSpecialIDs round-trips every special id through each operation.
func testSpecialIDs(t *testing.T, s store.Store) {
	ctx := t.Context()
	for _, id := range specialIDs() {
		mustCreate(t, s, "item", id, []byte("v:"+id))
	}
	for _, id := range specialIDs() {
		if got := mustGet(t, s, "item", id); string(got) != "v:"+id {
			t.Errorf("Get(%q): got %q", id, got)
		}
		if err := s.Update(ctx, "item", id, func(old []byte) ([]byte, error) {
			if string(old) != "v:"+id {
				return nil, fmt.Errorf("Update(%q) saw %q", id, old)
			}
			return []byte("u:" + id), nil
		}); err != nil {
			t.Errorf("Update(%q): %v", id, err)
		}
	}
	// Deleting "a%" or "a_" must delete exactly that record.
	for _, id := range []string{"a%", "a_", `a\`, "%", "_"} {
		if err := s.Delete(ctx, "item", id); err != nil {
			t.Fatalf("Delete(%q): %v", id, err)
		}
	}
	n := len(mustList(t, s, "item", store.ListOptions{}))
	if want := len(specialIDs()) - 5; n != want {
		t.Errorf("after deleting 5 ids: %d left, want %d", n, want)
	}
	for _, id := range []string{"a%b", "a_b", "ab", "a", `a\b`, "%a", "_a"} {
		if got := mustGet(t, s, "item", id); string(got) != "u:"+id {
			t.Errorf("Get(%q) after deletes: got %q", id, got)
		}
	}
}
