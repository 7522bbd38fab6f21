//go:build !(aix || darwin || dragonfly || freebsd || linux || netbsd || openbsd || solaris || zos)

package main

import (
	"fmt"
	"io"
	"os"

	"golang.org/x/term"
)

// readPassword reads a line from the terminal f without echo.
func readPassword(f *os.File, prompts io.Writer, prompt string) ([]byte, error) {
	fmt.Fprint(prompts, prompt)
	defer fmt.Fprintln(prompts)
	return term.ReadPassword(int(f.Fd()))
}
