//go:build unix

package identitypool_test

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user and system) the test process has
// used, server and clients together.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
