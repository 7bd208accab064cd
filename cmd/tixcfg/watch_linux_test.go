package main

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/tixcfg/tixcfg/internal/atomicfile"
)

// openPTY opens a pseudo-terminal: the side a program writes to, and the
// side that reads what it wrote.
func openPTY(t *testing.T) (tty, reader *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	if err := unix.IoctlSetPointerInt(int(master.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	n, err := unix.IoctlGetInt(int(master.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	tty, err = os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { tty.Close() })
	return tty, master
}

// TestWatchColorOnTerminal: with --color auto, a watch on a terminal is
// in colour as check is, although each report is rendered in memory.
func TestWatchColorOnTerminal(t *testing.T) {
	tty, reader := openPTY(t)
	dir := watchPortfolio(t)
	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncBuffer
	e := &env{stdout: tty, stderr: &stderr, getenv: func(string) string { return "" }, cwd: dir,
		buildFS: atomicfile.OS, fmtFS: atomicfile.OS, watch: &watchEnv{ctx: ctx, now: func() time.Time { return watchClock }}}
	done := make(chan int, 1)
	go func() { done <- mainEnv(e, []string{"check", "--watch", dir}) }()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("exit %d: %s", code, stderr.String())
		}
	})
	var got []byte
	buf := make([]byte, 4096)
	reader.SetReadDeadline(time.Now().Add(10 * time.Second))
	for !bytes.Contains(got, []byte("Found 1 error")) {
		n, err := reader.Read(buf)
		if err != nil {
			t.Fatalf("reading the terminal: %v; read %q", err, got)
		}
		got = append(got, buf[:n]...)
	}
	if !bytes.Contains(got, []byte("\x1b[")) {
		t.Errorf("no colour on a terminal:\n%q", got)
	}
}
