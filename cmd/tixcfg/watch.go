package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	flag "github.com/spf13/pflag"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/engine"
	"github.com/tixcfg/tixcfg/internal/watch"
	"github.com/tixcfg/tixcfg/lang"
)

// watchFlags are check's flags for --watch.
type watchFlags struct {
	on             bool
	debounce, poll time.Duration
}

func (w *watchFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&w.on, "watch", false, "keep running: check again and print a fresh report after each change under the PATHs; an interrupt ends it (exit 0)")
	fs.DurationVar(&w.debounce, "debounce", watch.DefaultDebounce, "with --watch, the quiet `TIME` that ends a burst of changes")
	fs.DurationVar(&w.poll, "poll", 0, "with --watch, look for changes every `INTERVAL` (e.g. 1s) instead of through file-system events")
}

// watchFormats are the formats --watch prints, one report after another;
// the others are single documents for tools, written with --report.
var watchFormats = []string{emit.FormatText, emit.FormatJSON, emit.FormatCompact, emit.FormatGitHub}

func (w *watchFlags) validate(fs *flag.FlagSet, format string) error {
	if !w.on {
		for _, name := range []string{"debounce", "poll"} {
			if fs.Changed(name) {
				return fmt.Errorf("--%s needs --watch", name)
			}
		}
		return nil
	}
	if w.debounce <= 0 {
		return fmt.Errorf("invalid --debounce %s: want a positive duration such as 100ms", w.debounce)
	}
	if fs.Changed("poll") && w.poll <= 0 {
		return fmt.Errorf("invalid --poll %s: want a positive duration such as 1s", w.poll)
	}
	if !slices.Contains(watchFormats, format) {
		return fmt.Errorf("--watch prints text, json, compact or github; write %s to a file with --report %s=PATH", format, format)
	}
	return nil
}

// watchEnv replaces what check --watch takes from the process: the
// signals that stop it and the clock of its headers. Tests inject it.
type watchEnv struct {
	ctx context.Context
	now func() time.Time
}

// runWatch is check --watch: a first report, then one after each batch of
// changes, until an interrupt (exit 0). Errors of a round are printed and
// the watch goes on; only stdout failing ends it.
func runWatch(e *env, wf *watchFlags, lf *lintFlags, copts checker.Options, paths []string) error {
	ctx, now := context.Background(), time.Now
	if e.watch != nil {
		ctx, now = e.watch.ctx, e.watch.now
	} else {
		var stop context.CancelFunc
		ctx, stop = signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
		defer stop()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Watch first, then load: a change while loading is seen, at worst
	// twice.
	w, err := watch.New(watch.Options{Roots: paths, Debounce: wf.debounce, Poll: wf.poll,
		Note: func(msg string) { fmt.Fprintf(e.stderr, "tixcfg: note: %s\n", msg) }})
	if err != nil {
		return err
	}
	defer w.Close()
	ws, err := engine.Open(engine.Options{Roots: paths, Load: lf.load.options(e), Check: copts})
	if err != nil {
		return err
	}
	// Reports are rendered into a buffer: decide on colour by the real
	// stdout once.
	of := lf.out
	of.color = "never"
	if colorFor(e, lf.out.color, e.stdout) {
		of.color = "always"
	}
	r := &watchReporter{e: e, of: &of, now: now}
	v := ws.View()
	if len(v.Portfolio.Files) == 0 {
		return errNoConfig(paths)
	}
	if err := r.print(v, fmt.Sprintf("checked %s", plural(len(v.Portfolio.Files), "file", "files"))); err != nil {
		return err
	}
	var failed error
	err = w.Run(ctx, func(b watch.Batch) {
		var changed []string
		var errs []error
		for _, p := range b.Paths {
			if !ws.Contains(p) {
				continue
			}
			// Reading a FIFO would block the watch for good; a folder
			// with a configuration file's name is the rescan's.
			if fi, err := os.Stat(p); err == nil && !fi.Mode().IsRegular() {
				if !fi.IsDir() {
					errs = append(errs, fmt.Errorf("%s: not a regular file", p))
				}
				continue
			}
			changed = append(changed, p)
		}
		if len(changed) > 0 {
			_, err := ws.Changed(changed...)
			errs = append(errs, err)
		}
		if b.Rescan {
			_, err := ws.Rescan()
			errs = append(errs, err)
		}
		what := "re-checked after " + cause(e, changed, b.Rescan)
		if err := errors.Join(errs...); err != nil {
			printEach(e, err)
			what += " (incomplete: see the error above)"
		}
		v := ws.View()
		if v.Version == r.version {
			return
		}
		if err := r.print(v, what); err != nil {
			failed = err
			cancel()
		}
	})
	return cmp.Or(failed, err)
}

// printEach prints an error, one line for each error that it joins.
func printEach(e *env, err error) {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, err := range j.Unwrap() {
			printEach(e, err)
		}
		return
	}
	printErr(e, err)
}

// watchReporter prints the reports of a watch.
type watchReporter struct {
	e   *env
	of  *outputFlags
	now func() time.Time
	// version is the engine view last reported.
	version uint64
}

// print writes one report: after a separator line with the time, what
// happened and the counts (text, compact, github), or as one line (json).
// A --report file that cannot be written is printed as an error, and the
// watch goes on; the error returned is stdout's.
func (r *watchReporter) print(v *engine.View, what string) error {
	r.version = v.Version
	var buf bytes.Buffer
	if _, err := r.of.report(r.e.withStdout(&buf), v.Result.Diagnostics, v.Portfolio); err != nil {
		printErr(r.e, err)
	}
	var out []byte
	if r.of.format == emit.FormatJSON {
		var line bytes.Buffer
		if err := json.Compact(&line, buf.Bytes()); err != nil {
			return err
		}
		out = append(line.Bytes(), '\n')
	} else {
		diags := v.Result.Diagnostics
		if r.of.only != nil {
			diags = slices.DeleteFunc(slices.Clone(diags), func(d lang.Diagnostic) bool { return !r.of.only[d.Subject.Filename] })
		}
		header := fmt.Sprintf("--- %s %s: %s ---\n", r.now().Format("15:04:05"), what, countsText(emit.Count(diags)))
		out = append([]byte(header), buf.Bytes()...)
	}
	_, err := r.e.stdout.Write(out)
	return err
}

// cause says what a round re-checked after: the files by display name
// (the first three), or a change to the folders.
func cause(e *env, changed []string, rescan bool) string {
	if len(changed) == 0 {
		return "a change to the folders"
	}
	names := make([]string, len(changed))
	for i, p := range changed {
		names[i] = lang.DisplayName(e.cwd, p)
	}
	slices.Sort(names)
	list := strings.Join(names[:min(3, len(names))], ", ")
	if len(names) > 3 {
		list += fmt.Sprintf(", +%d more", len(names)-3)
	}
	s := fmt.Sprintf("%s (%s)", plural(len(names), "change", "changes"), list)
	if rescan {
		s += " and to the folders"
	}
	return s
}

// countsText is the header's count of findings.
func countsText(c emit.Counts) string {
	var parts []string
	for _, x := range []struct {
		n         int
		one, many string
	}{{c.Errors, "error", "errors"}, {c.Warnings, "warning", "warnings"}, {c.Infos, "info", "infos"}} {
		if x.n > 0 {
			parts = append(parts, plural(x.n, x.one, x.many))
		}
	}
	if len(parts) == 0 {
		return "no problems"
	}
	return strings.Join(parts, ", ")
}
