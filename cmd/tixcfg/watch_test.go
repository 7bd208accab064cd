package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tixcfg/tixcfg/cmd/internal/bench"
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/internal/atomicfile"
)

// syncBuffer is a buffer the watch writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// watchRun is a check --watch running in-process.
type watchRun struct {
	t           *testing.T
	out, errOut *syncBuffer
	stop        context.CancelFunc
	done        chan int
	// split cuts stdout into reports.
	split func(string) []string
	// seen counts the reports await has passed.
	seen int
}

// watchClock is the time every header shows.
var watchClock = time.Date(2026, 3, 4, 12, 3, 4, 0, time.UTC)

// separator starts each report of the line formats.
var separator = regexp.MustCompile(`(?m)^--- \d\d:\d\d:\d\d .*---\n`)

// startWatch runs check --watch with args in dir (its working folder),
// stopped at the end of the test as an interrupt would.
func startWatch(t *testing.T, dir string, args ...string) *watchRun {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	w := &watchRun{t: t, out: &syncBuffer{}, errOut: &syncBuffer{}, stop: cancel, done: make(chan int, 1)}
	w.split = func(s string) []string {
		idx := separator.FindAllStringIndex(s, -1)
		out := make([]string, len(idx))
		for i, m := range idx {
			end := len(s)
			if i+1 < len(idx) {
				end = idx[i+1][0]
			}
			out[i] = s[m[0]:end]
		}
		return out
	}
	e := &env{stdout: w.out, stderr: w.errOut, getenv: func(string) string { return "" }, cwd: dir,
		buildFS: atomicfile.OS, fmtFS: atomicfile.OS,
		watch: &watchEnv{ctx: ctx, now: func() time.Time { return watchClock }}}
	go func() { w.done <- mainEnv(e, append([]string{"check", "--watch"}, args...)) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-w.done:
		case <-time.After(10 * time.Second):
			t.Error("the watch did not end after its interrupt")
		}
	})
	return w
}

// await waits (at most 10 s) for the first report after the last one
// awaited for which ok holds, and returns it. Reports in between are
// skipped: on a slow machine the steps of one change (a save by renaming)
// may fall into separate batches.
func (w *watchRun) await(what string, ok func(report string) bool) string {
	w.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		reports := w.split(w.out.String())
		for ; w.seen < len(reports); w.seen++ {
			if ok(reports[w.seen]) {
				w.seen++
				return reports[w.seen-1]
			}
		}
		select {
		case code := <-w.done:
			w.done <- code
			w.t.Fatalf("the watch ended (exit %d) before the report %s\nstdout:\n%s\nstderr:\n%s", code, what, w.out, w.errOut)
		default:
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("no report %s within 10 s\nstdout:\n%s\nstderr:\n%s", what, w.out, w.errOut)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// is matches a report equal to want.
func is(want string) func(string) bool { return func(r string) bool { return r == want } }

// has matches a report holding every one of parts.
func has(parts ...string) func(string) bool {
	return func(r string) bool {
		for _, p := range parts {
			if !strings.Contains(r, p) {
				return false
			}
		}
		return true
	}
}

// any matches every report.
func anyReport(string) bool { return true }

// interrupt stops the watch and returns its exit code.
func (w *watchRun) interrupt() int {
	w.t.Helper()
	w.stop()
	select {
	case code := <-w.done:
		w.done <- code
		return code
	case <-time.After(10 * time.Second):
		w.t.Fatal("the watch did not end after its interrupt")
		return -1
	}
}

const watchReseller = `reseller "acme" {
  name = "Acme"
}
`

func watchCompany(id, reseller string) string {
	return "company \"" + id + "\" {\n  name     = \"" + id + "\"\n  reseller = \"" + reseller + "\"\n}\n"
}

// watchPortfolio is a reseller and a company that names an unknown one.
func watchPortfolio(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "resellers.hcl"), watchReseller)
	writeFile(t, filepath.Join(dir, "companies", "c1.hcl"), watchCompany("c1", "acmee"))
	return dir
}

func writeFile(t *testing.T, path, src string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWatchEditPrintsNewReport(t *testing.T) {
	dir := watchPortfolio(t)
	w := startWatch(t, dir, "--format", "compact", dir)
	want := "--- 12:03:04 checked 2 files: 1 error ---\n" +
		"companies/c1.hcl:3:14: error: Unknown reseller \"acmee\" [unknown-reference]\n"
	w.await("at the start", is(want))
	writeFile(t, filepath.Join(dir, "companies", "c1.hcl"), watchCompany("c1", "acme"))
	w.await("after the fix", is("--- 12:03:04 re-checked after 1 change (companies/c1.hcl): no problems ---\n"))
	if code := w.interrupt(); code != exitOK {
		t.Errorf("an interrupt exits %d, want 0 (even with findings earlier)", code)
	}
	if s := w.errOut.String(); s != "" {
		t.Errorf("stderr: %s", s)
	}
}

func TestWatchInterruptExitsZeroWithFindings(t *testing.T) {
	dir := watchPortfolio(t)
	w := startWatch(t, dir, dir)
	w.await("at the start", has("Found 1 error in 2 files."))
	if code := w.interrupt(); code != exitOK {
		t.Errorf("exit %d, want 0", code)
	}
}

func TestWatchDeletedFileLosesItsFindings(t *testing.T) {
	dir := watchPortfolio(t)
	writeFile(t, filepath.Join(dir, "companies", "c2.hcl"), watchCompany("c2", "nope"))
	w := startWatch(t, dir, "--format", "compact", dir)
	w.await("at the start", has("companies/c2.hcl:3:14: error", ": 2 errors ---"))
	if err := os.Remove(filepath.Join(dir, "companies", "c2.hcl")); err != nil {
		t.Fatal(err)
	}
	r := w.await("after the delete", anyReport)
	if !strings.HasPrefix(r, "--- 12:03:04 re-checked after 1 change (companies/c2.hcl): 1 error ---\n") || strings.Contains(r, "c2.hcl:") {
		t.Fatalf("report after the delete:\n%s", r)
	}
}

// TestWatchRenameSaves saves the two ways editors do besides writing in
// place: vim's (the old file renamed to a backup, a new one written, the
// backup removed) and write-to-temporary-then-rename.
func TestWatchRenameSaves(t *testing.T) {
	dir := watchPortfolio(t)
	path := filepath.Join(dir, "companies", "c1.hcl")
	w := startWatch(t, dir, "--format", "compact", dir)
	w.await("at the start", anyReport)

	// vim with backupcopy=no.
	if err := os.Rename(path, path+"~"); err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, watchCompany("c1", "acme"))
	if err := os.Remove(path + "~"); err != nil {
		t.Fatal(err)
	}
	w.await("after vim's save", has("(companies/c1.hcl): no problems ---"))

	// A temporary file in the folder, renamed over the original.
	tmp := filepath.Join(dir, "companies", ".c1.hcl.tmp123")
	writeFile(t, tmp, watchCompany("c1", "acmf"))
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
	w.await("after the rename save", has("(companies/c1.hcl): 1 error ---", `Unknown reseller "acmf"`))
}

// TestWatchNewFolder adds folders while watching: their files are
// checked, while a hidden folder's are not, as check skips them.
func TestWatchNewFolder(t *testing.T) {
	dir := watchPortfolio(t)
	w := startWatch(t, dir, "--format", "compact", dir)
	w.await("at the start", anyReport)
	writeFile(t, filepath.Join(dir, ".git", "x.hcl"), watchCompany("hidden", "nope-hidden"))
	writeFile(t, filepath.Join(dir, "region", "gulf", "c3.hcl"), watchCompany("c3", "nope3"))
	r := w.await("with the new folder's file", has(`region/gulf/c3.hcl:3:14: error: Unknown reseller "nope3"`))
	if strings.Contains(r, "hidden") {
		t.Fatalf("a hidden folder's file is checked:\n%s", r)
	}
	// A file written later in the new folder is seen too: its watch holds.
	writeFile(t, filepath.Join(dir, "region", "gulf", "c4.hcl"), watchCompany("c4", "nope4"))
	w.await("after a second file in the new folder", has("(region/gulf/c4.hcl): 3 errors ---"))
}

func TestWatchPolling(t *testing.T) {
	dir := watchPortfolio(t)
	w := startWatch(t, dir, "--format", "compact", "--poll", "30ms", dir)
	w.await("at the start", anyReport)
	writeFile(t, filepath.Join(dir, "companies", "c1.hcl"), watchCompany("c1", "acme"))
	w.await("after an edit", is("--- 12:03:04 re-checked after 1 change (companies/c1.hcl): no problems ---\n"))
	writeFile(t, filepath.Join(dir, "new", "c5.hcl"), watchCompany("c5", "nope5"))
	w.await("after a new folder", has("(new/c5.hcl): 1 error ---"))
	if err := os.Remove(filepath.Join(dir, "new", "c5.hcl")); err != nil {
		t.Fatal(err)
	}
	w.await("after a delete", has("(new/c5.hcl): no problems ---"))
}

// TestWatchReportRewrittenAtomically: each round replaces the --report
// file by a rename (a new file, never one half written), with the round's
// findings.
func TestWatchReportRewrittenAtomically(t *testing.T) {
	dir := watchPortfolio(t)
	sarif := filepath.Join(t.TempDir(), "out.sarif")
	w := startWatch(t, dir, "--format", "compact", "--report", "sarif="+sarif, dir)
	results := func() (int, uint64) {
		t.Helper()
		b, err := os.ReadFile(sarif)
		if err != nil {
			t.Fatal(err)
		}
		var log struct {
			Runs []struct {
				Results []json.RawMessage `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(b, &log); err != nil || len(log.Runs) != 1 {
			t.Fatalf("the report does not parse (%v):\n%s", err, b)
		}
		fi, err := os.Stat(sarif)
		if err != nil {
			t.Fatal(err)
		}
		return len(log.Runs[0].Results), fi.Sys().(*syscall.Stat_t).Ino
	}
	w.await("at the start", anyReport)
	n, ino := results()
	if n != 1 {
		t.Fatalf("first report has %d results, want 1", n)
	}
	writeFile(t, filepath.Join(dir, "companies", "c1.hcl"), watchCompany("c1", "acme"))
	w.await("after the fix", has("no problems"))
	n, ino2 := results()
	if n != 0 {
		t.Errorf("the report after the fix has %d results, want 0", n)
	}
	if ino2 == ino {
		t.Errorf("the report was written in place (inode %d both times), not replaced", ino)
	}
}

// jsonLines cuts NDJSON output into its documents.
func jsonLines(s string) []string {
	return strings.SplitAfter(strings.TrimSuffix(s, "\n"), "\n")[:strings.Count(s, "\n")]
}

// TestWatchJSONLines: --format json prints one document a line.
func TestWatchJSONLines(t *testing.T) {
	dir := watchPortfolio(t)
	w := startWatch(t, dir, "--format", "json", dir)
	w.split = jsonLines
	w.await("at the start", anyReport)
	writeFile(t, filepath.Join(dir, "companies", "c1.hcl"), watchCompany("c1", "acme"))
	w.await("after the fix", has(`"error_count":0`))
	lines := w.split(w.out.String())
	for i, want := range []int{1, 0} {
		if i == 1 {
			i = len(lines) - 1
		}
		var doc struct {
			Valid       bool              `json:"valid"`
			ErrorCount  int               `json:"error_count"`
			Diagnostics []json.RawMessage `json:"diagnostics"`
		}
		if err := json.Unmarshal([]byte(lines[i]), &doc); err != nil {
			t.Fatalf("line %d is not a JSON document (%v): %s", i+1, err, lines[i])
		}
		if doc.ErrorCount != want || len(doc.Diagnostics) != want || doc.Valid != (want == 0) {
			t.Errorf("line %d: %d errors, %d diagnostics, valid %t; want %d", i+1, doc.ErrorCount, len(doc.Diagnostics), doc.Valid, want)
		}
	}
}

func TestWatchUsage(t *testing.T) {
	dir := watchPortfolio(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--watch", "--format", "sarif", dir}, "--watch prints text, json, compact or github; write sarif to a file with --report sarif=PATH"},
		{[]string{"--watch", "--format", "junit", dir}, "write junit to a file with --report junit=PATH"},
		{[]string{"--poll", "1s", dir}, "--poll needs --watch"},
		{[]string{"--debounce", "1s", dir}, "--debounce needs --watch"},
		{[]string{"--watch", "--poll", "0s", dir}, "invalid --poll 0s"},
		{[]string{"--watch", "--debounce", "-1s", dir}, "invalid --debounce -1s"},
	} {
		code, stdout, stderr := run(append([]string{"check"}, c.args...)...)
		if code != exitError || stdout != "" || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("check %v: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args, code, stdout, stderr, c.want)
		}
	}
	code, _, stderr := run("check", "--watch", filepath.Join(dir, "missing"))
	if code != exitError || !strings.Contains(stderr, "missing: no such file or directory") {
		t.Errorf("a missing root: exit %d, stderr %q", code, stderr)
	}
}

// TestWatchRootGoneAndBack: a root that disappears is reported on
// stderr and waited for, and checked again when it is back.
func TestWatchRootGoneAndBack(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "p")
	writeFile(t, filepath.Join(dir, "resellers.hcl"), watchReseller)
	writeFile(t, filepath.Join(dir, "c1.hcl"), watchCompany("c1", "acmee"))
	w := startWatch(t, parent, "--format", "compact", dir)
	w.await("at the start", anyReport)
	if err := os.Rename(dir, dir+".old"); err != nil {
		t.Fatal(err)
	}
	w.stderrHas("tixcfg: note: " + dir + " is gone; waiting for it to come back\n" + "tixcfg: " + dir + ": no such file or directory\n")
	if err := os.Rename(dir+".old", dir); err != nil {
		t.Fatal(err)
	}
	w.await("after the root came back", func(r string) bool {
		return strings.HasPrefix(r, "--- 12:03:04 re-checked after a change to the folders: 1 error ---\np/c1.hcl:3:14: error")
	})
	w.stderrHas("tixcfg: note: " + dir + " is back\n")
}

// stderrHas waits (at most 10 s) for stderr to hold s.
func (w *watchRun) stderrHas(s string) {
	w.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(w.errOut.String(), s) {
		if time.Now().After(deadline) {
			w.t.Fatalf("stderr lacks %q after 10 s:\n%s", s, w.errOut)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestWatchSignalsExitZero runs the command as a process and stops it as
// a terminal (Ctrl-C) and a service manager do: exit 0 both times.
func TestWatchSignalsExitZero(t *testing.T) {
	bin, err := exec.LookPath("tixcfg")
	if err != nil {
		t.Fatalf("the test binary's tixcfg command is not on PATH: %v", err)
	}
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		dir := watchPortfolio(t)
		cmd := exec.Command(bin, "check", "--watch", "--format", "compact", "--no-cache", dir)
		cmd.Dir = dir
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		first, read := make(chan string, 1), make(chan struct{})
		go func() {
			defer close(read)
			line, _ := bufio.NewReader(stdout).ReadString('\n')
			first <- line
			io.Copy(io.Discard, stdout)
		}()
		select {
		case line := <-first:
			if !strings.HasPrefix(line, "--- ") {
				t.Fatalf("first line %q", line)
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Fatal("no report within 10 s")
		}
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		// Wait closes the pipe: first read it to its end.
		go func() { <-read; done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%v: %v (stderr %q), want exit 0", sig, err, stderr.String())
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("%v did not stop the watch", sig)
		}
	}
}

// reportSignal is a stdout that signals each report: the watch writes
// one report in one Write.
type reportSignal chan struct{}

func (s reportSignal) Write(p []byte) (int, error) {
	s <- struct{}{}
	return len(p), nil
}

// BenchmarkWatchLatency is the time from writing one company file to the
// watch's new report, with the default debounce (50 ms) included: what a
// user waits for after saving. 100k companies with TIXCFG_BENCH_LARGE=1.
func BenchmarkWatchLatency(b *testing.B) {
	sizes := bench.Sizes
	if os.Getenv("TIXCFG_BENCH_LARGE") != "" {
		sizes = append(sizes, bench.Large)
	}
	for _, s := range sizes {
		b.Run(s.Name, func(b *testing.B) {
			dir, err := bench.Prepare(b.TempDir(), s)
			if err != nil {
				b.Fatal(err)
			}
			files, err := bench.Files(dir)
			if err != nil {
				b.Fatal(err)
			}
			edited := files[len(files)/2]
			orig, err := os.ReadFile(edited)
			if err != nil {
				b.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			reports := make(reportSignal)
			var stderr syncBuffer
			e := &env{stdout: reports, stderr: &stderr, getenv: func(string) string { return "" }, cwd: dir,
				buildFS: atomicfile.OS, fmtFS: atomicfile.OS, watch: &watchEnv{ctx: ctx, now: time.Now}}
			done := make(chan int, 1)
			go func() { done <- mainEnv(e, []string{"check", "--watch", dir}) }()
			defer func() {
				cancel()
				<-done
			}()
			wait := func() {
				select {
				case <-reports:
				case code := <-done:
					b.Fatalf("the watch ended (exit %d): %s", code, stderr.String())
				case <-time.After(60 * time.Second):
					b.Fatal("no report within 60 s")
				}
			}
			wait()
			// CPU time says what a report costs on a busy machine, where
			// the wall time also holds the wait for a core.
			cpu0 := cpuTime(b)
			b.ResetTimer()
			n := 0
			for b.Loop() {
				n++
				if err := os.WriteFile(edited, append(slices.Clip(orig), fmt.Sprintf("# edit %d\n", n)...), 0o644); err != nil {
					b.Fatal(err)
				}
				wait()
			}
			b.StopTimer()
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(n), "ms/report")
			b.ReportMetric(float64((cpuTime(b)-cpu0).Milliseconds())/float64(n), "cpu-ms/report")
		})
	}
}

// cpuTime is the process's CPU time so far, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestWatchRoundErrorsGoOn: a round that cannot read a file prints the
// error, and the watch goes on; a FIFO named like a configuration file
// does not block it.
func TestWatchRoundErrorsGoOn(t *testing.T) {
	dir := watchPortfolio(t)
	w := startWatch(t, dir, "--format", "compact", dir)
	w.await("at the start", anyReport)
	fifo := filepath.Join(dir, "companies", "pipe.hcl")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	w.stderrHas("tixcfg: " + fifo + ": not a regular file\n")
	if err := os.Remove(fifo); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "companies", "c1.hcl"), watchCompany("c1", "acme"))
	w.await("after the fix", has("no problems"))
}

// TestWatchNeverPrintsSecrets: the canary portfolio under a watch, in
// every format it prints and every --report, before and after an edit
// that adds a literal secret, shows no canary.
func TestWatchNeverPrintsSecrets(t *testing.T) {
	for _, f := range watchFormats {
		t.Run(f, func(t *testing.T) {
			dir := canaryPortfolio(t)
			reports := t.TempDir()
			args := []string{"--format", f}
			for _, rf := range emit.Formats() {
				args = append(args, "--report", rf+"="+filepath.Join(reports, rf))
			}
			w := startWatch(t, dir, append(args, dir)...)
			if f == emit.FormatJSON {
				w.split = jsonLines
			}
			w.await("at the start", anyReport)
			write(t, dir, "late.hcl", []byte("reseller \"late\" {\n  integration \"vatstack\" {\n    secret_key = \"CANARY-LATE\"\n  }\n}\n"))
			w.await("after the edit", has("late.hcl"))
			w.interrupt()
			outs := map[string]string{"stdout": w.out.String(), "stderr": w.errOut.String()}
			for _, rf := range emit.Formats() {
				b, err := os.ReadFile(filepath.Join(reports, rf))
				if err != nil {
					t.Fatal(err)
				}
				outs["--report "+rf] = string(b)
			}
			for name, s := range outs {
				if leaked(s) {
					t.Errorf("%s holds a canary secret:\n%s", name, s)
				}
			}
		})
	}
}

// TestWatchRenamedFile: a file renamed within the folders moves its
// findings to its new name; moved into a hidden folder, it leaves.
func TestWatchRenamedFile(t *testing.T) {
	dir := watchPortfolio(t)
	w := startWatch(t, dir, "--format", "compact", dir)
	w.await("at the start", anyReport)
	if err := os.Rename(filepath.Join(dir, "companies", "c1.hcl"), filepath.Join(dir, "c1-moved.hcl")); err != nil {
		t.Fatal(err)
	}
	want := "--- 12:03:04 re-checked after 2 changes (c1-moved.hcl, companies/c1.hcl): 1 error ---\n" +
		"c1-moved.hcl:3:14: error: Unknown reseller \"acmee\" [unknown-reference]\n"
	w.await("after the rename", is(want))
	if err := os.Mkdir(filepath.Join(dir, ".trash"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, "c1-moved.hcl"), filepath.Join(dir, ".trash", "c1.hcl")); err != nil {
		t.Fatal(err)
	}
	w.await("after the move into a hidden folder", is("--- 12:03:04 re-checked after 1 change (c1-moved.hcl): no problems ---\n"))
}

// TestWatchErrorsOneLineEach: two files a round cannot read are two
// lines on stderr, each with the tool's prefix.
func TestWatchErrorsOneLineEach(t *testing.T) {
	dir := watchPortfolio(t)
	w := startWatch(t, dir, "--format", "compact", dir)
	w.await("at the start", anyReport)
	for _, name := range []string{"p1.hcl", "p2.hcl"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w.stderrHas("p2.hcl: not a regular file\n")
	w.stderrHas("p1.hcl: not a regular file\n")
	for _, line := range strings.SplitAfter(strings.TrimSuffix(w.errOut.String(), "\n"), "\n") {
		if !strings.HasPrefix(line, "tixcfg: ") {
			t.Errorf("stderr line without the prefix: %q\n%s", line, w.errOut)
		}
	}
}
