// Package watch tells a long-running command which configuration files
// under its roots changed: through the operating system's file events
// (fsnotify), or by polling where those run out. Changes arrive in
// batches, a burst (an editor's save, a checkout) debounced into one.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/tixcfg/tixcfg/lang"
)

const (
	// DefaultDebounce is the quiet time after a change before its batch
	// is delivered: long enough to cover an editor's write, rename and
	// delete of one save, short enough not to be felt.
	DefaultDebounce = 50 * time.Millisecond
	// DefaultPoll is the polling interval when file events run out.
	DefaultPoll = time.Second
	// maxWaitFactor caps how long a steady stream of changes holds a
	// batch back, in debounce windows (at least minMaxWait).
	maxWaitFactor = 20
	minMaxWait    = 2 * time.Second
)

// Options configure a Watcher.
type Options struct {
	// Roots are the paths as check takes them: folders are watched with
	// every sub-folder (hidden ones excepted, as lang.Discover skips
	// them), files on their own.
	Roots []string
	// Debounce is the quiet time that ends a burst; 0 is DefaultDebounce.
	Debounce time.Duration
	// Poll, when positive, polls at this interval instead of using file
	// events.
	Poll time.Duration
	// Note receives one-line notes for the user: the fallback to polling,
	// a root that disappeared or came back.
	Note func(msg string)

	// addWatch adds an fsnotify watch; tests replace it to run out of
	// watches.
	addWatch func(w *fsnotify.Watcher, dir string) error
	// maxWait, when set, replaces the cap on a batch's wait (tests).
	maxWait time.Duration
}

// Batch is what changed since the last one.
type Batch struct {
	// Paths are the configuration files that were written, created,
	// removed or renamed, spelt from their root as lang.Discover spells
	// them, sorted.
	Paths []string
	// Rescan is set when the tree changed in a way file names cannot
	// tell (a folder added, removed or renamed; a root gone or back;
	// events lost): the caller should discover the roots again.
	Rescan bool
}

// Watcher watches the roots of Options. It is used by one goroutine.
type Watcher struct {
	opts  Options
	roots []root
	// fsw is nil when polling.
	fsw *fsnotify.Watcher
	// dirs are the folders fsw watches, as spelt when added.
	dirs map[string]bool
	// files are what polling saw last, by path.
	files map[string]fs.FileInfo
	// missing are the indexes of roots that are gone.
	missing map[int]bool

	pending map[string]bool
	rescan  bool
	// changes counts what was added to the batch: every change, even to a
	// file already in it, restarts the quiet window.
	changes int
}

type root struct {
	path, abs string
	dir       bool
}

// New starts watching: every change after it returns is seen. A root
// that does not exist is an error.
func New(opts Options) (*Watcher, error) {
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.Note == nil {
		opts.Note = func(string) {}
	}
	if opts.addWatch == nil {
		opts.addWatch = (*fsnotify.Watcher).Add
	}
	w := &Watcher{opts: opts, missing: map[int]bool{}, pending: map[string]bool{}}
	for _, p := range opts.Roots {
		fi, err := os.Stat(p)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		w.roots = append(w.roots, root{path: filepath.Clean(p), abs: abs, dir: fi.IsDir()})
	}
	if opts.Poll > 0 {
		w.files = w.scan()
		return w, nil
	}
	if err := w.startEvents(); err != nil {
		if !exhausted(err) {
			w.Close()
			return nil, err
		}
		w.fallBack(err)
		// Nothing was read yet: there is nothing to discover again.
		w.rescan, w.changes = false, 0
	}
	return w, nil
}

// Polling reports whether the watcher polls rather than takes file events.
func (w *Watcher) Polling() bool { return w.fsw == nil }

// Close stops watching.
func (w *Watcher) Close() {
	if w.fsw != nil {
		w.fsw.Close()
		w.fsw = nil
	}
}

// exhausted tells the errors of a system out of inotify watches or
// instances, where polling still works.
func exhausted(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE)
}

func (w *Watcher) startEvents() error {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	w.fsw, w.dirs = fsw, map[string]bool{}
	for _, r := range w.roots {
		if err := w.addRoot(r); err != nil {
			return err
		}
	}
	return nil
}

// addRoot watches a folder root with its tree, or a file root's folder
// (a file's own watch would not survive a save by renaming).
func (w *Watcher) addRoot(r root) error {
	if !r.dir {
		return w.add(filepath.Dir(r.path))
	}
	return w.addTree(r.path)
}

// addTree watches dir and every folder under it but hidden ones; links
// to folders are not followed, as lang.Discover does not follow them.
func (w *Watcher) addTree(dir string) error {
	return filepath.WalkDir(dir, func(path string, de fs.DirEntry, err error) error {
		if err != nil {
			if path == dir {
				return err
			}
			// A folder that went, or cannot be read: its files are not
			// read either.
			return nil
		}
		if !de.IsDir() {
			return nil
		}
		if path != dir && lang.IsHidden(de.Name()) {
			return filepath.SkipDir
		}
		if err := w.add(path); err != nil && (path == dir || exhausted(err)) {
			return err
		}
		return nil
	})
}

func (w *Watcher) add(dir string) error {
	if w.dirs[dir] {
		return nil
	}
	if err := w.opts.addWatch(w.fsw, dir); err != nil {
		return err
	}
	w.dirs[dir] = true
	return nil
}

// fallBack turns to polling after file events ran out.
func (w *Watcher) fallBack(err error) {
	w.Close()
	if w.opts.Poll <= 0 {
		w.opts.Poll = DefaultPoll
	}
	hint := ""
	if exhausted(err) {
		hint = "; raise fs.inotify.max_user_watches or max_user_instances to watch by events"
	}
	w.opts.Note(fmt.Sprintf("file events unavailable (%v%s); polling every %s", err, hint, w.opts.Poll))
	w.files = w.scan()
	w.markRescan()
}

// Run delivers batches to fn until ctx is done, then returns nil. fn runs
// on Run's goroutine; changes made meanwhile form the next batch.
func (w *Watcher) Run(ctx context.Context, fn func(Batch)) error {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	interval := w.opts.Poll
	if interval <= 0 {
		// Without polling, the ticker only looks for missing roots.
		interval = DefaultPoll
	}
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	var first time.Time
	maxWait := max(maxWaitFactor*w.opts.Debounce, minMaxWait)
	if w.opts.maxWait > 0 {
		maxWait = w.opts.maxWait
	}
	for {
		var events <-chan fsnotify.Event
		var errs <-chan error
		if w.fsw != nil {
			events, errs = w.fsw.Events, w.fsw.Errors
		}
		before := len(w.pending) > 0 || w.rescan
		changes := w.changes
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-events:
			if ok {
				w.event(ev)
			} else {
				w.fallBack(errors.New("the event stream closed"))
			}
		case err, ok := <-errs:
			if ok {
				w.eventError(err)
			} else {
				w.fallBack(errors.New("the event stream closed"))
			}
		case <-ticker.C:
			if w.fsw == nil {
				w.poll()
			} else {
				w.checkMissing()
			}
			if w.fsw == nil && interval != w.opts.Poll {
				// Fell back to polling since the ticker started.
				interval = w.opts.Poll
				ticker.Reset(interval)
			}
		case <-timer.C:
			b := w.take()
			first = time.Time{}
			if len(b.Paths) > 0 || b.Rescan {
				fn(b)
			}
			continue
		}
		if w.changes == changes {
			continue
		}
		now := time.Now()
		if !before {
			first = now
		}
		// Each change restarts the quiet window, up to maxWait after the
		// burst's first.
		timer.Reset(max(0, min(w.opts.Debounce, first.Add(maxWait).Sub(now))))
	}
}

// take empties the batch.
func (w *Watcher) take() Batch {
	b := Batch{Rescan: w.rescan}
	for p := range w.pending {
		b.Paths = append(b.Paths, p)
	}
	slices.Sort(b.Paths)
	w.pending, w.rescan = map[string]bool{}, false
	return b
}

// touch adds a changed file to the batch.
func (w *Watcher) touch(path string) {
	w.pending[path] = true
	w.changes++
}

// markRescan asks the batch for a rescan.
func (w *Watcher) markRescan() {
	w.rescan = true
	w.changes++
}

func (w *Watcher) event(ev fsnotify.Event) {
	// Chmod counts too: a file that became unreadable must be read again
	// (and fail) as a cold check would.
	name := filepath.Clean(ev.Name)
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Lstat(name); err == nil && fi.IsDir() {
			if w.inTree(name) {
				if err := w.addTree(name); err != nil && exhausted(err) {
					w.fallBack(err)
					return
				}
				// Files may have arrived before the folder's watch.
				w.markRescan()
			}
			return
		}
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		if w.dropTree(name) {
			w.markRescan()
		}
		w.checkGone()
	}
	if w.relevant(name) {
		w.touch(name)
	}
}

// eventError handles an error from fsnotify: lost events mean the tree
// must be discovered again.
func (w *Watcher) eventError(err error) {
	if errors.Is(err, fsnotify.ErrEventOverflow) {
		w.markRescan()
		return
	}
	w.opts.Note(fmt.Sprintf("watching: %v", err))
	w.markRescan()
}

// dropTree forgets the watches of dir and every folder under it (a
// folder removed or renamed: its watches are gone or would report the old
// names), and reports whether there were any.
func (w *Watcher) dropTree(dir string) bool {
	found := false
	prefix := dir + string(filepath.Separator)
	for d := range w.dirs {
		if d == dir || strings.HasPrefix(d, prefix) {
			found = true
			delete(w.dirs, d)
			// It may be gone already; fsnotify then says so, harmlessly.
			_ = w.fsw.Remove(d)
		}
	}
	return found
}

// inTree tells whether a folder lies under a folder root, no hidden
// folder on the way: one the tree's watches should cover.
func (w *Watcher) inTree(dir string) bool {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	for _, r := range w.roots {
		if !r.dir {
			continue
		}
		if rel, ok := under(r.abs, abs); ok && (rel == "." || !slices.ContainsFunc(strings.Split(filepath.ToSlash(rel), "/"), lang.IsHidden)) {
			return true
		}
	}
	return false
}

// relevant tells whether a path names a file of the portfolio as check
// decides it: a root given as a file, or a configuration file under a
// folder root with no hidden folder or name on the way.
func (w *Watcher) relevant(path string) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	for _, r := range w.roots {
		if !r.dir {
			if abs == r.abs {
				return true
			}
			continue
		}
		rel, ok := under(r.abs, abs)
		if !ok || rel == "." {
			continue
		}
		parts := strings.Split(filepath.ToSlash(rel), "/")
		if !slices.ContainsFunc(parts, lang.IsHidden) && lang.IsConfigFile(parts[len(parts)-1]) {
			return true
		}
	}
	return false
}

// under returns path relative to dir when it lies in dir's tree.
func under(dir, path string) (string, bool) {
	rel, err := filepath.Rel(dir, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return rel, true
}

// checkGone marks roots that no longer exist, after a removal or rename
// that may have taken one.
func (w *Watcher) checkGone() {
	for i, r := range w.roots {
		if w.missing[i] {
			continue
		}
		watched := r.path
		if !r.dir {
			watched = filepath.Dir(r.path)
		}
		if fi, err := os.Stat(watched); err == nil && fi.IsDir() {
			continue
		}
		w.missing[i] = true
		w.markRescan()
		if w.fsw != nil {
			w.dropTree(watched)
		}
		w.opts.Note(fmt.Sprintf("%s is gone; waiting for it to come back", watched))
	}
}

// checkMissing watches again the roots that came back.
func (w *Watcher) checkMissing() {
	for i, r := range w.roots {
		if !w.missing[i] {
			continue
		}
		fi, err := os.Stat(r.path)
		if err != nil || fi.IsDir() != r.dir {
			continue
		}
		if w.fsw != nil {
			if err := w.addRoot(r); err != nil {
				if exhausted(err) {
					w.fallBack(err)
					return
				}
				continue
			}
		}
		delete(w.missing, i)
		w.markRescan()
		w.opts.Note(fmt.Sprintf("%s is back", r.path))
	}
}

// poll compares the roots with what the last poll saw: added, removed
// and changed files (size, modification time, identity).
func (w *Watcher) poll() {
	w.checkMissing()
	cur := w.scan()
	for p, fi := range cur {
		old, ok := w.files[p]
		if !ok || old.Size() != fi.Size() || !old.ModTime().Equal(fi.ModTime()) || !os.SameFile(old, fi) {
			w.touch(p)
		}
	}
	for p := range w.files {
		if _, ok := cur[p]; !ok {
			w.touch(p)
		}
	}
	w.files = cur
}

// scan lists the configuration files under the roots with their state,
// as lang.Discover finds them; a root that is gone is marked missing.
func (w *Watcher) scan() map[string]fs.FileInfo {
	out := map[string]fs.FileInfo{}
	for i, r := range w.roots {
		if w.missing[i] {
			continue
		}
		if _, err := os.Stat(r.path); err != nil {
			w.checkGone()
			continue
		}
		if !r.dir {
			if fi, err := os.Stat(r.path); err == nil {
				out[r.path] = fi
			}
			continue
		}
		_ = filepath.WalkDir(r.path, func(path string, de fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if path != r.path && lang.IsHidden(de.Name()) {
				if de.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if de.IsDir() || !lang.IsConfigFile(de.Name()) {
				return nil
			}
			if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
				out[path] = fi
			}
			return nil
		})
	}
	return out
}
