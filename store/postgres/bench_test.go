package postgres_test

import (
	"context"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/gatehouse-dev/gatehouse/store"
	"github.com/gatehouse-dev/gatehouse/store/postgres/pgtest"
	"github.com/gatehouse-dev/gatehouse/store/sqlite"
)

// The benchmarks run each operation on PostgreSQL (on the server of
// GATEHOUSE_TEST_POSTGRES, skipped without it) and on SQLite, side by side:
//
//	go test -run '^$' -bench . ./store/postgres/
//
// Values are 512 bytes, about a user record. The -parallel variants run
// GOMAXPROCS goroutines at once; Update's all change one record, the worst
// case of contention on its row lock.

// benchValue is a value of a typical record's size.
var benchValue = make([]byte, 512)

// backends returns the stores to benchmark, opened on new databases.
func backends(b *testing.B) []struct {
	name string
	open func(b *testing.B) store.Store
} {
	return []struct {
		name string
		open func(b *testing.B) store.Store
	}{
		{"sqlite", func(b *testing.B) store.Store {
			s, err := sqlite.Open(filepath.Join(b.TempDir(), "gatehouse.db"))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { s.Close() })
			return s
		}},
		{"postgres", func(b *testing.B) store.Store { return open(b, pgtest.NewDatabase(b)) }},
	}
}

func BenchmarkGet(b *testing.B) {
	for _, be := range backends(b) {
		setup := func(b *testing.B) store.Store {
			s := be.open(b)
			for i := range 1000 {
				if err := s.Create(context.Background(), "user", "user-"+strconv.Itoa(i), benchValue); err != nil {
					b.Fatal(err)
				}
			}
			return s
		}
		b.Run(be.name, func(b *testing.B) {
			s := setup(b)
			ctx := context.Background()
			i := 0
			for b.Loop() {
				if _, err := s.Get(ctx, "user", "user-"+strconv.Itoa(i%1000)); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run(be.name+"-parallel", func(b *testing.B) {
			s := setup(b)
			ctx := context.Background()
			var n atomic.Int64
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := n.Add(1)
					if _, err := s.Get(ctx, "user", "user-"+strconv.Itoa(int(i%1000))); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

func BenchmarkCreate(b *testing.B) {
	for _, be := range backends(b) {
		b.Run(be.name, func(b *testing.B) {
			s := be.open(b)
			ctx := context.Background()
			i := 0
			for b.Loop() {
				if err := s.Create(ctx, "user", "user-"+strconv.Itoa(i), benchValue); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
		b.Run(be.name+"-parallel", func(b *testing.B) {
			s := be.open(b)
			ctx := context.Background()
			var n atomic.Int64
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := s.Create(ctx, "user", "user-"+strconv.FormatInt(n.Add(1), 10), benchValue); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

func BenchmarkUpdate(b *testing.B) {
	// touch changes one byte of the value, as a counter update does.
	touch := func(old []byte) ([]byte, error) {
		old[0]++
		return old, nil
	}
	for _, be := range backends(b) {
		b.Run(be.name, func(b *testing.B) {
			s := be.open(b)
			ctx := context.Background()
			if err := s.Create(ctx, "user", "alice", benchValue); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if err := s.Update(ctx, "user", "alice", touch); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(be.name+"-parallel", func(b *testing.B) {
			s := be.open(b)
			ctx := context.Background()
			if err := s.Create(ctx, "user", "alice", benchValue); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := s.Update(ctx, "user", "alice", touch); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
