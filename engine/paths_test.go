package engine

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/snapshot"
)

// portfolioCase is a portfolio the project ships: an example folder, or a
// case of a rule fixture folder (a file or a folder, as checker's fixture
// harness loads it).
type portfolioCase struct {
	name, path, base string
}

func portfolioCases(t *testing.T) []portfolioCase {
	t.Helper()
	var out []portfolioCase
	add := func(dir string, entry os.DirEntry) {
		abs, err := filepath.Abs(dir)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(abs, entry.Name())
		base := abs
		if entry.IsDir() {
			base = path
		} else if !lang.IsConfigFile(entry.Name()) {
			return
		}
		out = append(out, portfolioCase{name: filepath.ToSlash(filepath.Join(dir, entry.Name())), path: path, base: base})
	}
	examples, err := os.ReadDir("../examples")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range examples {
		if e.IsDir() {
			add("../examples", e)
		}
	}
	for _, rule := range checker.RuleIDs() {
		dir := filepath.Join("../testdata/rules", rule)
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue // the fixture harness reports a missing folder
		}
		for _, e := range entries {
			add(dir, e)
		}
	}
	return out
}

// outputs is everything check, explain and build print for a portfolio:
// the report in every format, every company explained (text and JSON),
// and the snapshot or its refusal.
func outputs(t *testing.T, p *lang.Portfolio, res *checker.Result) string {
	t.Helper()
	var b bytes.Buffer
	var files []string
	for _, f := range p.Files {
		files = append(files, f.Name)
	}
	for _, format := range emit.Formats() {
		fmt.Fprintf(&b, "== check --format %s\n", format)
		if err := emit.Write(&b, format, res.Diagnostics, p, emit.Meta{Version: "test", Files: files}); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range p.Companies {
		cs := res.Analysis.Of(c)
		fmt.Fprintf(&b, "== explain %s (%s)\n", c.ID, lang.Location(c.DefRange))
		if err := emit.WriteExplainText(&b, cs, nil); err != nil {
			t.Fatal(err)
		}
		if err := emit.WriteExplainJSON(&b, cs, nil); err != nil {
			t.Fatal(err)
		}
	}
	b.WriteString("== build\n")
	if data, _, err := snapshot.Compile(p, res, snapshot.Options{ToolVersion: "test"}); err != nil {
		fmt.Fprintf(&b, "refused: %v\n", err)
	} else {
		b.Write(data)
	}
	fmt.Fprintf(&b, "== suppressed: %d\n", len(res.Suppressed))
	return b.String()
}

// TestSameAsColdPath holds, for every example and rule fixture, that
// what check, explain and build print from the engine's views is what the
// cold path (lang.Load and checker.Run) prints: the first view, and the
// view after each file, one at a time, is read again and then dropped and
// given back as an unsaved buffer, which decides it unit by unit.
func TestSameAsColdPath(t *testing.T) {
	if raceEnabled {
		t.Skip("heavy: make test runs it without -race")
	}
	for _, c := range portfolioCases(t) {
		t.Run(c.name, func(t *testing.T) {
			p, err := lang.Load([]string{c.path}, lang.Options{WorkDir: c.base})
			if err != nil {
				t.Fatal(err)
			}
			want := outputs(t, p, checker.Run(p, checker.Options{}))
			w, err := Open(Options{Roots: []string{c.path}, Load: lang.Options{WorkDir: c.base}})
			if err != nil {
				t.Fatal(err)
			}
			same := func(step string) {
				t.Helper()
				v := w.View()
				if got := outputs(t, v.Portfolio, v.Result); got != want {
					t.Errorf("%s: the engine prints otherwise than the cold path (-cold +engine):\n%s", step, cmp.Diff(want, got))
				}
			}
			same("open")
			names, err := lang.Discover([]string{c.path})
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range names {
				if _, err := w.Changed(name); err != nil {
					t.Fatal(err)
				}
				same("after " + name + " was read again")
			}
			for _, name := range names {
				src, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				// An empty buffer takes the file's declarations out; its
				// real contents put them back.
				w.SetOverlay(name, nil)
				w.SetOverlay(name, src)
				same("after " + strings.TrimPrefix(name, c.base) + " left and came back")
			}
		})
	}
}

// TestCheckSameAsColdPath holds Check to the cold path on every example
// folder: what each format reports from Check, after each file in turn is
// edited (every line of it moved down one) and then put back, is what the
// cold path reports on the same contents. The cache lives across the
// edits, so each check starts from the state the last one kept.
func TestCheckSameAsColdPath(t *testing.T) {
	if raceEnabled {
		t.Skip("heavy: make test runs it without -race")
	}
	resumed := 0
	for _, c := range portfolioCases(t) {
		if c.path != c.base {
			continue // a single file: any edit is a quarter of it
		}
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(c.path)); err != nil {
				t.Fatal(err)
			}
			cache := &lang.Cache{Dir: t.TempDir(), Version: "test"}
			report := func(diags []lang.Diagnostic, src Sources, files []string) string {
				var b bytes.Buffer
				for _, format := range emit.Formats() {
					fmt.Fprintf(&b, "== check --format %s\n", format)
					if err := emit.Write(&b, format, diags, src, emit.Meta{Version: "test", Files: files}); err != nil {
						t.Fatal(err)
					}
				}
				return b.String()
			}
			same := func(step string) {
				t.Helper()
				opts := lang.Options{WorkDir: dir}
				p, err := lang.Load([]string{dir}, opts)
				if err != nil {
					t.Fatal(err)
				}
				want := report(checker.Run(p, checker.Options{}).Diagnostics, p, p.FileNames())
				opts.Cache = cache
				in, err := lang.ReadInputs([]string{dir}, opts)
				if err != nil {
					t.Fatal(err)
				}
				got, err := Check(in, "check", checker.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if got.Decoded >= 0 {
					resumed++
				}
				if r := report(got.Diagnostics, got.Sources, got.Sources.FileNames()); r != want {
					t.Errorf("%s: Check (%d files decoded, -1 all) reports otherwise than the cold path (-cold +Check):\n%s", step, got.Decoded, cmp.Diff(want, r))
				}
			}
			same("first")
			names, err := lang.Discover([]string{dir})
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range names {
				src, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				edited := append([]byte("# moved\n"), src...)
				if strings.HasSuffix(name, ".json") {
					edited = append([]byte("\n"), src...)
				}
				if err := os.WriteFile(name, edited, 0o644); err != nil {
					t.Fatal(err)
				}
				same(strings.TrimPrefix(name, dir) + " edited")
				if err := os.WriteFile(name, src, 0o644); err != nil {
					t.Fatal(err)
				}
				same(strings.TrimPrefix(name, dir) + " put back")
			}
		})
	}
	if resumed == 0 {
		t.Error("no check started from its kept state")
	}
	t.Logf("%d checks started from their kept state", resumed)
}
