package sqlite_test

import (
	"bufio"
	"bytes"
	"context"
	crand "crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gatehouse-dev/gatehouse/internal/keys"
	"github.com/gatehouse-dev/gatehouse/store"
	"github.com/gatehouse-dev/gatehouse/store/sqlite"
)

// The crash test runs this test binary as child processes that write to one
// database as fast as they can, kills them with SIGKILL, and checks that the
// database is intact and holds every write a child reported as committed.
const (
	crashDirEnv  = "GATEHOUSE_CRASH_DIR"
	crashNameEnv = "GATEHOUSE_CRASH_NAME"
	// crashWriters is the number of writing goroutines of a child.
	crashWriters = 200
	// crashMinWrites is how many committed writes the children of a round
	// report, per child, before they are killed. It is not asked of each
	// child: SQLite's write lock is not fair between processes, and under
	// this load one child may get it only rarely.
	crashMinWrites = 200
	// crashCounters is the number of counter records children increment.
	crashCounters = 10
	// crashLine starts each report line of a child.
	crashLine = "COMMITTED "
)

// TestCrash kills writing processes three times and checks the database
// after each kill.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	dir := t.TempDir()
	var reports []string
	for round := range 3 {
		names := []string{fmt.Sprintf("a%d", round), fmt.Sprintf("b%d", round)}
		reports = append(reports, runCrashRound(t, dir, names)...)
		if t.Failed() {
			return
		}
		verifyCrash(t, dir, reports)
	}
}

// runCrashRound starts one child per name, waits until they have reported
// crashMinWrites writes per child, kills them and returns their complete
// report lines.
func runCrashRound(t *testing.T, dir string, names []string) []string {
	var (
		mu      sync.Mutex
		lines   []string
		counts  = map[string]int{}
		enough  = make(chan struct{})
		readers sync.WaitGroup
	)
	started := time.Now()
	var cmds []*exec.Cmd
	for _, name := range names {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.timeout=2m")
		cmd.Env = append(os.Environ(), crashDirEnv+"="+dir, crashNameEnv+"="+name)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		stdin, err := cmd.StdinPipe() // closes when this process ends
		if err != nil {
			t.Fatal(err)
		}
		defer stdin.Close()
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			cmd.Process.Kill()
			if t.Failed() && stderr.Len() > 0 {
				t.Logf("child %s stderr:\n%s", name, stderr.String())
			}
		})
		cmds = append(cmds, cmd)
		readers.Go(func() {
			br := bufio.NewReader(stdout)
			for {
				line, err := br.ReadString('\n')
				if err != nil {
					return // a line cut short by the kill is not a report
				}
				if !strings.HasPrefix(line, crashLine) {
					continue
				}
				mu.Lock()
				lines = append(lines, strings.TrimSpace(strings.TrimPrefix(line, crashLine)))
				counts[name]++
				if len(lines) == crashMinWrites*len(names) {
					close(enough)
				}
				mu.Unlock()
			}
		})
	}

	select {
	case <-enough:
	case <-time.After(20 * time.Second):
		mu.Lock()
		t.Errorf("children reported %v writes in 20 s, want %d in all", counts, crashMinWrites*len(names))
		mu.Unlock()
	}
	for _, cmd := range cmds {
		if err := cmd.Process.Kill(); err != nil {
			t.Errorf("kill: %v", err)
		}
	}
	readers.Wait()
	for _, cmd := range cmds {
		err := cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != -1 {
			t.Errorf("child ended with %v before it was killed", err)
		}
	}
	t.Logf("killed %v after %v reported writes in %v", names, counts, time.Since(started).Round(time.Millisecond))
	return lines
}

// verifyCrash opens the database after a kill and checks it against every
// reported write.
func verifyCrash(t *testing.T, dir string, reports []string) {
	ctx := t.Context()
	st, err := sqlite.Open(filepath.Join(dir, "gatehouse.db"))
	if err != nil {
		t.Fatalf("Open after kill: %v", err)
	}
	defer st.Close()
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Fatalf("after kill: %v", err)
	}
	mk, err := keys.LoadMasterKey(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	ring, err := keys.Open(ctx, st, mk, time.Now, crand.Reader)
	if err != nil {
		t.Fatalf("key ring after kill: %v", err)
	}
	ringIDs := map[string]bool{}
	for _, k := range ring.Keys() {
		ringIDs[k.ID] = true
	}
	kids := map[string]bool{}
	for _, pk := range ring.VerificationKeys() {
		kids[pk.Kid] = true
	}

	maxCount := map[string]int{}
	for _, line := range reports {
		f := strings.Fields(line)
		switch {
		case f[0] == "create" && len(f) == 2:
			got, err := st.Get(ctx, "record", f[1])
			if err != nil {
				t.Errorf("committed record %s: %v", f[1], err)
			} else if !bytes.Equal(got, crashValue(f[1])) {
				t.Errorf("committed record %s has a wrong value", f[1])
			}
		case f[0] == "update" && len(f) == 3:
			n, _ := strconv.Atoi(f[2])
			maxCount[f[1]] = max(maxCount[f[1]], n)
		case f[0] == "signing" && len(f) == 2:
			if !kids[f[1]] {
				t.Errorf("committed signing key %s is not in VerificationKeys", f[1])
			}
		case f[0] == "sealing" && len(f) == 3:
			if !ringIDs[f[1]] {
				t.Errorf("committed sealing key %s is not in the ring", f[1])
			}
			sealed, _ := base64.StdEncoding.DecodeString(f[2])
			pt, err := ring.Open(sealed, []byte(f[1]))
			if err != nil || string(pt) != "sealed after "+f[1] {
				t.Errorf("data sealed after rotation %s: Open = %q, %v", f[1], pt, err)
			}
		default:
			t.Fatalf("unknown report %q", line)
		}
	}
	for id, n := range maxCount {
		got, err := st.Get(ctx, "counter", id)
		if err != nil {
			t.Fatalf("counter %s: %v", id, err)
		}
		if v, _ := strconv.Atoi(string(got)); v < n {
			t.Errorf("counter %s is %d, but a committed update set it to %d", id, v, n)
		}
	}
	if kid, key := ring.SigningKey(); kid == "" || key == nil {
		t.Error("no signing key after kill")
	}
}

// crashValue is the value of a record a child creates: a few KiB derived
// from its id, so that records span pages.
func crashValue(id string) []byte {
	sum := sha256.Sum256([]byte(id))
	return bytes.Repeat(sum[:], 64+int(sum[0]))
}

// TestCrashChild is the child process of TestCrash; it writes until killed.
func TestCrashChild(t *testing.T) {
	dir, name := os.Getenv(crashDirEnv), os.Getenv(crashNameEnv)
	if dir == "" || name == "" {
		t.Skip("child process of TestCrash")
	}
	// End with the parent: its end of stdin closes.
	go func() {
		io.Copy(io.Discard, os.Stdin)
		os.Exit(3)
	}()
	ctx := context.Background()
	mk, err := keys.LoadMasterKey(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(filepath.Join(dir, "gatehouse.db"))
	if err != nil {
		t.Fatal(err)
	}
	ring, err := keys.Open(ctx, st, mk, time.Now, crand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	for i := range crashCounters {
		err := st.Create(ctx, "counter", strconv.Itoa(i), []byte("0"))
		if err != nil && !errors.Is(err, store.ErrAlreadyExists) {
			t.Fatal(err)
		}
	}

	var outMu sync.Mutex
	report := func(format string, args ...any) {
		line := fmt.Sprintf(crashLine+format+"\n", args...)
		outMu.Lock()
		defer outMu.Unlock()
		os.Stdout.WriteString(line) // one write: the parent sees whole lines
	}
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	for w := range crashWriters {
		go func() {
			for i := 0; ; i++ {
				var err error
				switch {
				case w == 0:
					err = crashRotate(ctx, ring, keys.Signing, report)
				case w <= 3:
					err = crashRotate(ctx, ring, keys.Sealing, report)
					time.Sleep(20 * time.Millisecond)
				case w <= 10:
					if err = ring.Reload(ctx); err == nil {
						err = crashIncrement(ctx, st, strconv.Itoa((w+i)%crashCounters), report)
					}
				case i%2 == 0:
					id := fmt.Sprintf("%s-%d-%d", name, w, i)
					if err = st.Create(ctx, "record", id, crashValue(id)); err == nil {
						report("create %s", id)
					}
				default:
					err = crashIncrement(ctx, st, strconv.Itoa((w+i)%crashCounters), report)
				}
				if err != nil {
					fail(fmt.Errorf("writer %d: %w", w, err))
				}
			}
		}()
	}
	select {} // until killed
}

func crashIncrement(ctx context.Context, st store.Store, id string, report func(string, ...any)) error {
	var n int
	err := st.Update(ctx, "counter", id, func(old []byte) ([]byte, error) {
		v, err := strconv.Atoi(string(old))
		n = v + 1
		return []byte(strconv.Itoa(n)), err
	})
	if err == nil {
		report("update %s %d", id, n)
	}
	return err
}

func crashRotate(ctx context.Context, ring *keys.Ring, p keys.Purpose, report func(string, ...any)) error {
	id, err := ring.Rotate(ctx, p, time.Hour)
	if err != nil {
		return err
	}
	if p == keys.Signing {
		report("signing %s", id)
		return nil
	}
	sealed, err := ring.Seal([]byte("sealed after "+id), []byte(id))
	if err != nil {
		return err
	}
	report("sealing %s %s", id, base64.StdEncoding.EncodeToString(sealed))
	return nil
}
