//go:build linux && !race

package lang

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"syscall"
	"testing"

	"github.com/tixcfg/tixcfg/internal/genportfolio"
)

// faultChildEnv tells the test binary, run again by
// TestDecodeWritesFreshPagesFirst, to decode the entries in that folder.
const faultChildEnv = "TIXCFG_TEST_DECODE_FAULTS"

// TestDecodeWritesFreshPagesFirst decodes cache entries in a fresh process,
// whose heap comes straight from the operating system, and counts the page
// faults it takes per page it allocates. Writing a fresh page first costs
// one fault; reading it first (a nil check of an object not yet written
// does) costs two and a TLB shootdown, which made a warm check twice as
// slow (see written). Counting faults, not time, keeps the test exact on a
// busy machine; the race detector's shadow memory takes faults of its own,
// so it runs without it.
func TestDecodeWritesFreshPagesFirst(t *testing.T) {
	if dir := os.Getenv(faultChildEnv); dir != "" {
		decodeFaultsChild(t, dir)
		return
	}
	if testing.Short() {
		t.Skip("runs a child process")
	}
	src, entries := t.TempDir(), t.TempDir()
	if _, err := genportfolio.Write(src, genportfolio.Options{Companies: 3000, PerReseller: 200}); err != nil {
		t.Fatal(err)
	}
	n := 0
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		body, err := encodeFile(ParseFile(path, b))
		if err != nil {
			return err
		}
		n++
		base := filepath.Join(entries, strconv.Itoa(n))
		if err := os.WriteFile(base+".src", b, 0o644); err != nil {
			return err
		}
		return os.WriteFile(base+".entry", body, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestDecodeWritesFreshPagesFirst$", "-test.v")
	cmd.Env = append(os.Environ(), faultChildEnv+"="+entries, "GOGC=off", "GOMAXPROCS=1")
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatal(err)
	}
}

// decodeFaultsChild reads every entry first, then decodes them all and
// compares the minor faults taken with the pages allocated.
func decodeFaultsChild(t *testing.T, dir string) {
	type entry struct{ name, body, src []byte }
	var all []entry
	for i := 1; ; i++ {
		base := filepath.Join(dir, strconv.Itoa(i))
		body, err := os.ReadFile(base + ".entry")
		if os.IsNotExist(err) {
			break
		}
		src, err2 := os.ReadFile(base + ".src")
		if err != nil || err2 != nil {
			t.Fatal(err, err2)
		}
		all = append(all, entry{[]byte(base), body, src})
	}
	debug.SetGCPercent(-1)
	files := make([]*File, 0, len(all))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	faults0 := minorFaults(t)
	for _, e := range all {
		f, err := decodeFile(string(e.name), e.src, e.body)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	faults := minorFaults(t) - faults0
	runtime.ReadMemStats(&after)
	pages := float64(after.TotalAlloc-before.TotalAlloc) / float64(os.Getpagesize())
	perPage := float64(faults) / pages
	t.Logf("%d files: %d minor faults for %.0f pages allocated (%.2f a page)", len(files), faults, pages, perPage)
	// About one fault a page when every page is written first; a decoder
	// that reads fresh objects first took 1.5.
	if perPage > 1.2 {
		t.Errorf("decoding took %.2f page faults per page allocated, want at most 1.2: something reads fresh memory before writing it", perPage)
	}
}

func minorFaults(t *testing.T) int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return ru.Minflt
}
