package watch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

func write(t *testing.T, path, src string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

// running is a Watcher's Run in the background, its batches on a channel.
type running struct {
	t       *testing.T
	batches chan Batch
}

func start(t *testing.T, w *Watcher) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{t: t, batches: make(chan Batch, 16)}
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, func(b Batch) { r.batches <- b }) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		w.Close()
	})
	return r
}

// next waits (at most 10 s) for the next batch.
func (r *running) next() Batch {
	r.t.Helper()
	select {
	case b := <-r.batches:
		return b
	case <-time.After(10 * time.Second):
		r.t.Fatal("no batch within 10 s")
		return Batch{}
	}
}

// TestBurstIsOneBatch: changes to several files in quick succession (a
// checkout, a save-all) arrive as one batch, each file once, and names
// that are not configuration files, or lie in hidden folders, not at all.
func TestBurstIsOneBatch(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.hcl"), "")
	w, err := New(Options{Roots: []string{dir}, Debounce: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	r := start(t, w)
	var want []string
	for _, name := range []string{"a.hcl", "b.hcl", "sub/c.hcl.json"} {
		p := filepath.Join(dir, name)
		for i := range 3 {
			write(t, p, strings.Repeat("#\n", i))
		}
		want = append(want, p)
	}
	write(t, filepath.Join(dir, "notes.txt"), "x")
	write(t, filepath.Join(dir, "a.hcl.swp"), "x")
	write(t, filepath.Join(dir, ".cache", "d.hcl"), "x")
	b := r.next()
	// The new folder asks for a rescan; its file may arrive by name too.
	b.Paths = slices.DeleteFunc(b.Paths, func(p string) bool { return p == filepath.Join(dir, "sub", "c.hcl.json") })
	want = want[:2]
	if !slices.Equal(b.Paths, want) || !b.Rescan {
		t.Errorf("batch %+v, want paths %q with a rescan", b, want)
	}
}

// TestFallsBackToPollingWhenWatchesRunOut: inotify's ENOSPC (out of
// watches) turns the watcher to polling, with a note, at the start and
// when a new folder cannot be watched.
func TestFallsBackToPollingWhenWatchesRunOut(t *testing.T) {
	for _, c := range []struct {
		name  string
		allow int
	}{{"at the start", 1}, {"on a new folder", 2}} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "sub", "a.hcl"), "")
			var mu sync.Mutex
			var notes []string
			added := 0
			w, err := New(Options{Roots: []string{dir}, Debounce: 10 * time.Millisecond, Poll: 0,
				Note: func(s string) { mu.Lock(); notes = append(notes, s); mu.Unlock() },
				addWatch: func(fw *fsnotify.Watcher, d string) error {
					if added++; added > c.allow {
						return syscall.ENOSPC
					}
					return fw.Add(d)
				}})
			if err != nil {
				t.Fatal(err)
			}
			if c.allow == 1 && !w.Polling() {
				t.Fatal("not polling after running out of watches")
			}
			r := start(t, w)
			if c.allow > 1 {
				if err := os.Mkdir(filepath.Join(dir, "new"), 0o755); err != nil {
					t.Fatal(err)
				}
				if b := r.next(); !b.Rescan {
					t.Fatalf("falling back mid-way asks for no rescan: %+v", b)
				}
			}
			// Polling sees the change: the interval is DefaultPoll.
			p := filepath.Join(dir, "sub", "a.hcl")
			write(t, p, "# changed\n")
			if b := r.next(); !slices.Contains(b.Paths, p) {
				t.Fatalf("batch %+v lacks %s", b, p)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(notes) != 1 || !strings.Contains(notes[0], "no space left on device") || !strings.Contains(notes[0], "polling every 1s") {
				t.Errorf("notes %q", notes)
			}
		})
	}
}

// TestPollSeesReplacedFile: a file replaced by one of the same size and
// time (a rename over it) is a change, by its identity.
func TestPollSeesReplacedFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.hcl")
	write(t, p, "aaaa")
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	w, err := New(Options{Roots: []string{dir}, Poll: 20 * time.Millisecond, Debounce: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	r := start(t, w)
	tmp := filepath.Join(dir, ".a.hcl.tmp")
	write(t, tmp, "bbbb")
	if err := os.Chtimes(tmp, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
	if b := r.next(); !slices.Equal(b.Paths, []string{p}) {
		t.Errorf("batch %+v, want %s", b, p)
	}
}

func TestMissingRootIsAnError(t *testing.T) {
	_, err := New(Options{Roots: []string{filepath.Join(t.TempDir(), "nope")}})
	if err == nil || !strings.Contains(err.Error(), "no such file or directory") {
		t.Fatalf("err %v", err)
	}
}

// TestFileRoot: a root given as a file is watched through its folder, so
// a save by renaming is seen, and its siblings are not reported.
func TestFileRoot(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.hcl")
	write(t, p, "")
	write(t, filepath.Join(dir, "b.hcl"), "")
	w, err := New(Options{Roots: []string{p}, Debounce: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	r := start(t, w)
	write(t, filepath.Join(dir, "b.hcl"), "# sibling\n")
	tmp := filepath.Join(dir, "a.hcl.new")
	write(t, tmp, "# new\n")
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
	if b := r.next(); !slices.Equal(b.Paths, []string{p}) || b.Rescan {
		t.Errorf("batch %+v, want only %s", b, p)
	}
}

// TestChmodIsAChange: a file whose permissions changed is read again, as
// a cold check would read it (and fail when it became unreadable).
func TestChmodIsAChange(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.hcl")
	write(t, p, "")
	w, err := New(Options{Roots: []string{dir}, Debounce: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	r := start(t, w)
	if err := os.Chmod(p, 0o600); err != nil {
		t.Fatal(err)
	}
	if b := r.next(); !slices.Equal(b.Paths, []string{p}) {
		t.Errorf("batch %+v, want %s", b, p)
	}
}

// TestSteadyStreamStillDelivers: changes that never pause for the quiet
// window (a generator rewriting files) are delivered after maxWait.
func TestSteadyStreamStillDelivers(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.hcl")
	write(t, p, "")
	w, err := New(Options{Roots: []string{dir}, Debounce: 200 * time.Millisecond, maxWait: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	r := start(t, w)
	stop := make(chan struct{})
	writing := make(chan struct{})
	go func() {
		defer close(writing)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
				os.WriteFile(p, []byte(strings.Repeat("#\n", i%7)), 0o644)
			}
		}
	}()
	defer func() { close(stop); <-writing }()
	select {
	case b := <-r.batches:
		if !slices.Equal(b.Paths, []string{p}) {
			t.Errorf("batch %+v", b)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("no batch within 3 s of a steady stream of changes")
	}
}

// TestLinksToFoldersNotFollowed: a link back up the tree (a loop) and a
// link to a folder elsewhere are not watched, as lang.Discover does not
// walk them; hidden folders are not watched either.
func TestLinksToFoldersNotFollowed(t *testing.T) {
	dir := t.TempDir()
	elsewhere := t.TempDir()
	write(t, filepath.Join(dir, "sub", "a.hcl"), "")
	write(t, filepath.Join(dir, ".git", "objects", "x"), "")
	if err := os.Symlink(dir, filepath.Join(dir, "sub", "loop")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, filepath.Join(dir, "away")); err != nil {
		t.Fatal(err)
	}
	w, err := New(Options{Roots: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var got []string
	for d := range w.dirs {
		got = append(got, d)
	}
	slices.Sort(got)
	if want := []string{dir, filepath.Join(dir, "sub")}; !slices.Equal(got, want) {
		t.Errorf("watched %q, want %q", got, want)
	}
}
