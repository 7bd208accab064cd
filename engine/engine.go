// Package engine holds a loaded portfolio and keeps its findings, chain
// analysis and model up to date as its files change: on disk (a watch
// loop, an editor's save) or in memory (an editor's unsaved buffer). The
// language server, `check --watch` and the batch commands stand on it, so
// a warm answer is always the answer a cold run would give.
package engine

import (
	"cmp"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// Options configure a workspace.
type Options struct {
	// Roots are the paths whose configuration files form the portfolio,
	// as check takes them: folders are walked, files taken as given.
	Roots []string
	// Load tunes reading and decoding (cache, size limit, display names).
	Load lang.Options
	// Check selects the rules.
	Check checker.Options
	// ModelOnly leaves the findings out: the view's Result is nil, for a
	// command that reads the model alone (catalog).
	ModelOnly bool
}

// Workspace is a loaded portfolio that takes edits. Its methods are safe
// for concurrent use; each edit returns the View that follows it.
type Workspace struct {
	mu    sync.Mutex
	opts  Options
	roots []root
	// files are the portfolio's files by absolute, cleaned path.
	files map[string]*entry
	view  *View
	// dirty are the files (absolute paths) changed since the view, and
	// names the display name each file has in the view.
	dirty map[string]bool
	names map[string]string
	// inc keeps the view's findings unit by unit, so that an edit decides
	// only what it can change; it is built on the first edit.
	inc *state
}

// root is one of Options.Roots, resolved.
type root struct {
	abs string
	dir bool
}

// entry is one file of the portfolio: where it was found (as Discover
// spelt it, which display names and messages keep), its decoded contents,
// and whether those come from an unsaved buffer.
type entry struct {
	path    string
	file    *lang.File
	overlay bool
}

// View is the portfolio as of one version: the model, every finding and
// the chain analysis, exactly as a cold run over the same contents gives
// them.
type View struct {
	// Version counts the edits the workspace has taken; it starts at 1.
	Version   uint64
	Portfolio *lang.Portfolio
	Result    *checker.Result

	// A file's findings are delta's entry when it has one (nil: none),
	// else byFile's. Both maps are never written once the view is out, so
	// a view shares byFile with the views before it and an edit copies only
	// the files it touched.
	byFile, delta map[string][]lang.Diagnostic
	// log holds, for the edits since version logBase of the workspace
	// origin, the files each may have changed: what Affected looks at in
	// place of every file. Entries are only ever appended past a view's
	// length, so the prefix a view holds does not change.
	origin  *Workspace
	logBase uint64
	log     []edit
}

// edit is what one version changed: the display names of the files whose
// findings may differ from the version before, or that left or joined.
type edit struct {
	version uint64
	names   []string
}

// Limits past which a view starts afresh rather than carry its layers:
// the files of delta, and the names the log holds.
const (
	maxDelta = 1024
	maxLog   = 4096
)

// Open discovers and loads the portfolio under opts.Roots. The error is
// for roots that cannot be read at all, as lang.Load's is.
func Open(opts Options) (*Workspace, error) {
	w := &Workspace{opts: opts, files: map[string]*entry{}, dirty: map[string]bool{}, names: map[string]string{}}
	// Discovery first, so that a root that cannot be read fails as a cold
	// check fails.
	if err := w.rescan(); err != nil {
		return nil, err
	}
	return w, w.resolveRoots()
}

func (w *Workspace) resolveRoots() error {
	for _, r := range w.opts.Roots {
		abs, err := filepath.Abs(r)
		if err != nil {
			return err
		}
		fi, err := os.Stat(r)
		if err != nil {
			return err
		}
		w.roots = append(w.roots, root{abs: abs, dir: fi.IsDir()})
	}
	return nil
}

// View returns the current view.
func (w *Workspace) View() *View {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.view
}

// Contains reports whether a file at path belongs to the portfolio, as
// check decides it: a root given as a file, or a configuration file under
// a root folder with no hidden folder or file name on the way.
func (w *Workspace) Contains(path string) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	return w.contains(abs)
}

func (w *Workspace) contains(abs string) bool {
	for _, r := range w.roots {
		if !r.dir {
			if abs == r.abs {
				return true
			}
			continue
		}
		rel, err := filepath.Rel(r.abs, abs)
		if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			continue
		}
		parts := strings.Split(filepath.ToSlash(rel), "/")
		if slices.ContainsFunc(parts, lang.IsHidden) || !lang.IsConfigFile(parts[len(parts)-1]) {
			continue
		}
		return true
	}
	return false
}

// SetOverlay makes src the contents of the file at path, in place of what
// is on disk, until DropOverlay: an editor's unsaved buffer. A path that
// does not belong to the portfolio (see Contains) is not taken.
func (w *Workspace) SetOverlay(path string, src []byte) *View {
	w.mu.Lock()
	defer w.mu.Unlock()
	abs, err := filepath.Abs(path)
	if err != nil || !w.contains(abs) {
		return w.view
	}
	e := w.files[abs]
	if e == nil {
		e = &entry{path: path}
		w.files[abs] = e
	}
	srcs := []lang.Source{{Name: lang.DisplayName(w.opts.Load.WorkDir, path), Src: slices.Clone(src)}}
	files, err := lang.LoadSources(srcs, w.loadOptions())
	if err != nil {
		// LoadSources fails only when decoding panicked; keep the last
		// contents rather than lose the file.
		return w.view
	}
	files[0].Path = e.path
	e.file, e.overlay = files[0], true
	w.dirty[abs] = true
	w.recompute()
	return w.view
}

// DropOverlay returns the file at path to its contents on disk (an editor
// closed the buffer without saving).
func (w *Workspace) DropOverlay(path string) (*View, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	abs, err := filepath.Abs(path)
	if err != nil {
		return w.view, err
	}
	if e := w.files[abs]; e != nil && e.overlay {
		e.overlay = false
		err = w.reload(abs)
		w.recompute()
	}
	return w.view, err
}

// Changed takes files that changed on disk: each is read again, added
// when new, removed when gone. A file with an overlay keeps it.
func (w *Workspace) Changed(paths ...string) (*View, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var errs []error
	for _, path := range paths {
		abs, err := filepath.Abs(path)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if e := w.files[abs]; e != nil && e.overlay {
			continue
		}
		if !w.contains(abs) {
			if w.files[abs] != nil {
				delete(w.files, abs)
				w.dirty[abs] = true
			}
			continue
		}
		if w.files[abs] == nil {
			w.files[abs] = &entry{path: path}
		}
		errs = append(errs, w.reload(abs))
	}
	w.recompute()
	return w.view, errors.Join(errs...)
}

// Rescan discovers the roots again: what a watcher that lost events, or a
// renamed folder, needs. Overlays are kept.
func (w *Workspace) Rescan() (*View, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.view, w.rescan()
}

func (w *Workspace) rescan() error {
	names, err := lang.Discover(w.opts.Roots)
	if err != nil {
		return err
	}
	seen := make(map[string]bool, len(names))
	var load []string
	for _, n := range names {
		abs, err := filepath.Abs(n)
		if err != nil {
			return err
		}
		seen[abs] = true
		if e := w.files[abs]; e != nil && e.overlay {
			continue
		}
		load = append(load, n)
	}
	opts := w.loadOptions()
	if w.view == nil {
		opts = w.opts.Load // the first load is a batch: paced as a cold check
	}
	files, err := lang.LoadFiles(load, opts)
	if err != nil {
		return err
	}
	for abs, e := range w.files {
		if !seen[abs] && !e.overlay {
			delete(w.files, abs)
			w.dirty[abs] = true
		}
	}
	for i, n := range load {
		abs, _ := filepath.Abs(n)
		w.files[abs] = &entry{path: n, file: files[i]}
		w.dirty[abs] = true
	}
	w.recompute()
	return nil
}

// reload reads one file from disk again; a file that is gone leaves the
// portfolio.
func (w *Workspace) reload(abs string) error {
	w.dirty[abs] = true
	e := w.files[abs]
	files, err := lang.LoadFiles([]string{e.path}, w.loadOptions())
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			delete(w.files, abs)
			return nil
		}
		delete(w.files, abs)
		return err
	}
	e.file = files[0]
	return nil
}

func (w *Workspace) loadOptions() lang.Options {
	o := w.opts.Load
	// Pacing is for a batch load of the whole portfolio.
	o.Pace = nil
	return o
}

// recompute decides the portfolio again from the files held: the first
// time as a cold check does, then by the files that changed.
func (w *Workspace) recompute() {
	if w.view == nil {
		files := make([]*lang.File, 0, len(w.files))
		for _, e := range w.files {
			files = append(files, e.file)
		}
		w.first(lang.Assemble(files))
		return
	}
	if len(w.dirty) == 0 {
		return
	}
	var p *lang.Portfolio
	var res *checker.Result
	var touched map[string][]lang.Diagnostic
	rebuilt := false // the state was built afresh: every file is touched
	gone, added := w.changes()
	if w.opts.ModelOnly {
		p = w.view.Portfolio.Update(gone, added)
	} else {
		prev := w.inc
		if w.inc == nil {
			w.inc = build(w.view.Portfolio, w.opts.Check)
		}
		p = w.inc.p.Update(gone, added)
		w.inc = w.inc.update(p, gone, added)
		res, touched = w.inc.result()
		rebuilt = w.inc != prev
	}
	for abs := range w.dirty {
		if e := w.files[abs]; e != nil {
			w.names[abs] = e.file.Name
		} else {
			delete(w.names, abs)
		}
	}
	clear(w.dirty)
	if rebuilt {
		w.setView(p, res)
		return
	}
	w.nextView(p, res, gone, touched)
}

// first makes the first view: the portfolio decided as a cold check does.
func (w *Workspace) first(p *lang.Portfolio) {
	var res *checker.Result
	if !w.opts.ModelOnly {
		res = checker.Run(p, w.opts.Check)
	}
	for abs, e := range w.files {
		w.names[abs] = e.file.Name
	}
	clear(w.dirty)
	w.setView(p, res)
}

func (w *Workspace) setView(p *lang.Portfolio, res *checker.Result) {
	var version uint64 = 1
	if w.view != nil {
		version = w.view.Version + 1
	}
	v := &View{Version: version, Portfolio: p, Result: res, byFile: map[string][]lang.Diagnostic{}, origin: w, logBase: version}
	if res != nil {
		for _, d := range res.Diagnostics {
			v.byFile[d.Subject.Filename] = append(v.byFile[d.Subject.Filename], d)
		}
	}
	w.view = v
}

// nextView makes the view after an edit from the last one: files names the
// display names the edit's files had or have, touched the files whose
// findings may have changed with their findings now (see state.result).
func (w *Workspace) nextView(p *lang.Portfolio, res *checker.Result, files []string, touched map[string][]lang.Diagnostic) {
	prev := w.view
	v := &View{Version: prev.Version + 1, Portfolio: p, Result: res, byFile: prev.byFile, origin: w, logBase: prev.logBase}
	if len(prev.delta)+len(touched) > maxDelta {
		// Flatten: one pass over the files now and then, so that an edit
		// copies at most maxDelta of them.
		v.byFile = make(map[string][]lang.Diagnostic, len(prev.byFile)+len(touched))
		for name, ds := range prev.byFile {
			v.byFile[name] = ds
		}
		for name, ds := range prev.delta {
			v.byFile[name] = ds
		}
		for name, ds := range touched {
			v.byFile[name] = ds
		}
		maps.DeleteFunc(v.byFile, func(_ string, ds []lang.Diagnostic) bool { return len(ds) == 0 })
	} else if len(touched) > 0 || len(prev.delta) > 0 {
		v.delta = make(map[string][]lang.Diagnostic, len(prev.delta)+len(touched))
		maps.Copy(v.delta, prev.delta)
		maps.Copy(v.delta, touched)
	}
	names := slices.Concat(files, slices.Collect(maps.Keys(touched)))
	slices.Sort(names)
	names = slices.Compact(names)
	n := len(names)
	for _, e := range prev.log {
		n += len(e.names)
	}
	if n > maxLog {
		v.logBase = prev.Version
		v.log = []edit{{version: v.Version, names: names}}
	} else {
		v.log = append(prev.log, edit{version: v.Version, names: names})
	}
	w.view = v
}

// changes returns the display names of the files the dirty ones were and
// the files they are now, for lang.Portfolio.Update.
func (w *Workspace) changes() (gone []string, added []*lang.File) {
	for abs := range w.dirty {
		if name, ok := w.names[abs]; ok {
			gone = append(gone, name)
		}
		if e := w.files[abs]; e != nil {
			added = append(added, e.file)
			gone = append(gone, e.file.Name)
		}
	}
	slices.Sort(gone)
	return slices.Compact(gone), added
}

// Files lists the display names of the portfolio's files, sorted.
func (v *View) Files() []string {
	out := make([]string, len(v.Portfolio.Files))
	for i, f := range v.Portfolio.Files {
		out[i] = f.Name
	}
	return out
}

// Path returns where the file with that display name is read from, or "".
func (v *View) Path(name string) string {
	if f := v.Portfolio.File(name); f != nil {
		return f.Path
	}
	return ""
}

// Diagnostics returns the findings (suppressions applied) whose subject
// lies in the file with that display name, sorted.
func (v *View) Diagnostics(name string) []lang.Diagnostic {
	if ds, ok := v.delta[name]; ok {
		return ds
	}
	return v.byFile[name]
}

// changedSince returns the display names of the files that may differ
// between old and v, when v's log reaches back to old.
func (v *View) changedSince(old *View) ([]string, bool) {
	if old == nil || old.origin != v.origin || old.Version < v.logBase || old.Version > v.Version {
		return nil, false
	}
	var names []string
	for _, e := range v.log {
		if e.version > old.Version {
			names = append(names, e.names...)
		}
	}
	return names, true
}

// Affected lists the display names of the files whose findings differ
// between two views, including files that left or joined the portfolio,
// sorted: what a client must publish again after an edit. A nil old view
// means every file of the new one.
func Affected(old, cur *View) []string {
	names := map[string]bool{}
	if cand, ok := cur.changedSince(old); ok {
		// Only the files the edits between the views touched can differ.
		for _, n := range cand {
			if cur.Portfolio.File(n) != nil {
				if !slices.EqualFunc(old.Diagnostics(n), cur.Diagnostics(n), sameDiagnostic) {
					names[n] = true
				}
			} else if old.Portfolio.File(n) != nil {
				names[n] = true
			}
		}
		return sortedNames(names)
	}
	return affectedAll(old, cur)
}

// affectedAll is Affected by every file of both views.
func affectedAll(old, cur *View) []string {
	names := map[string]bool{}
	for _, n := range cur.Files() {
		if old == nil || !slices.EqualFunc(old.Diagnostics(n), cur.Diagnostics(n), sameDiagnostic) {
			names[n] = true
		}
	}
	if old != nil {
		for _, n := range old.Files() {
			if cur.Portfolio.File(n) == nil {
				names[n] = true
			}
		}
	}
	return sortedNames(names)
}

func sortedNames(names map[string]bool) []string {
	out := make([]string, 0, len(names))
	for n := range names {
		out = append(out, n)
	}
	slices.SortFunc(out, cmp.Compare)
	return out
}

// sameDiagnostic compares what a client shows of a finding.
func sameDiagnostic(a, b lang.Diagnostic) bool {
	return a.Rule == b.Rule && a.Severity == b.Severity && a.Summary == b.Summary && a.Detail == b.Detail &&
		a.Subject == b.Subject && slices.Equal(a.Related, b.Related) && sameFixes(a.Fixes, b.Fixes)
}

func sameFixes(a, b []lang.Fix) bool {
	return slices.EqualFunc(a, b, func(x, y lang.Fix) bool {
		return x.Message == y.Message && x.Safety == y.Safety && slices.Equal(x.Edits, y.Edits)
	})
}
