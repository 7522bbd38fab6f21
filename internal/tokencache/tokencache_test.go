package tokencache_test

import (
	"strconv"
	"sync"
	"testing"

	"github.com/gatehouse-dev/gatehouse/internal/tokencache"
)

func TestCache(t *testing.T) {
	c := tokencache.New[int](3)
	if _, ok := c.Get(tokencache.Key("a")); ok {
		t.Fatal("empty cache has an entry")
	}
	for i := range 3 {
		c.Add(tokencache.Key(strconv.Itoa(i)), i)
	}
	c.Add(tokencache.Key("1"), 10) // replacing evicts nothing
	if v, ok := c.Get(tokencache.Key("1")); !ok || v != 10 || c.Len() != 3 {
		t.Fatalf("Get(1) = %d, %v; Len %d", v, ok, c.Len())
	}
	c.Add(tokencache.Key("3"), 3)
	if c.Len() != 3 {
		t.Fatalf("Len = %d after adding to a full cache, want 3", c.Len())
	}
	if v, ok := c.Get(tokencache.Key("3")); !ok || v != 3 {
		t.Fatalf("Get(3) = %d, %v", v, ok)
	}
	if tokencache.Key("a") == tokencache.Key("b") {
		t.Fatal("two tokens share a key")
	}
}

func TestCacheConcurrent(t *testing.T) {
	c := tokencache.New[string](16)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				k := tokencache.Key(strconv.Itoa(g*1000 + i))
				c.Add(k, "v")
				c.Get(k)
			}
		})
	}
	wg.Wait()
	if c.Len() > 16 {
		t.Fatalf("Len = %d, above the size", c.Len())
	}
}
