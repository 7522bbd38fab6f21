package storetest

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/gatehouse-dev/gatehouse/store"
)

// testConcurrentUpdate increments one counter from 8 goroutines; a lost
// update shows as a final count below the number of increments.
func testConcurrentUpdate(t *testing.T, s store.Store) {
	const workers, increments = 8, 40
	ctx := t.Context()
	mustCreate(t, s, "counter", "c", []byte("0"))

	var wg sync.WaitGroup
	errs := make(chan error, workers)
	start := make(chan struct{})
	for w := range workers {
		wg.Go(func() {
			<-start
			for range increments {
				err := s.Update(ctx, "counter", "c", func(old []byte) ([]byte, error) {
					n, err := strconv.Atoi(string(old))
					if err != nil {
						return nil, fmt.Errorf("counter holds %q: %w", old, err)
					}
					return strconv.AppendInt(nil, int64(n+1), 10), nil
				})
				if err != nil {
					errs <- fmt.Errorf("worker %d: %w", w, err)
					return
				}
			}
		})
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got, want := string(mustGet(t, s, "counter", "c")), strconv.Itoa(workers*increments); got != want {
		t.Fatalf("counter after %d concurrent increments: got %s (lost updates)", workers*increments, got)
	}
}

// testConcurrentCreate races 16 Creates of one id: exactly one wins.
func testConcurrentCreate(t *testing.T, s store.Store) {
	const racers = 16
	ctx := t.Context()
	results := make([]error, racers)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range racers {
		wg.Go(func() {
			<-start
			results[i] = s.Create(ctx, "user", "alice", []byte(strconv.Itoa(i)))
		})
	}
	close(start)
	wg.Wait()

	winner := -1
	for i, err := range results {
		switch {
		case err == nil && winner >= 0:
			t.Errorf("Creates %d and %d both succeeded", winner, i)
		case err == nil:
			winner = i
		case !errors.Is(err, store.ErrAlreadyExists):
			t.Errorf("Create %d: got %v, want nil or ErrAlreadyExists", i, err)
		}
	}
	if winner < 0 {
		t.Fatal("no Create succeeded")
	}
	if got := string(mustGet(t, s, "user", "alice")); got != strconv.Itoa(winner) {
		t.Errorf("stored value %q, want the winner's %d", got, winner)
	}
}
