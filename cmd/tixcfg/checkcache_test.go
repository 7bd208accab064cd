package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/internal/genportfolio"
)

// TestCheckKeptResultIsExact: a check that starts from the state the
// cache keeps prints, writes and exits exactly as a check without the
// cache, in every format and report, after edits and with other rules;
// and the kept states, like the files' entries, hold none of the
// portfolio's secrets.
func TestCheckKeptResultIsExact(t *testing.T) {
	if raceEnabled {
		t.Skip("every format twice over a generated portfolio: make test runs it without -race")
	}
	dir := canaryPortfolio(t)
	if _, err := genportfolio.Write(filepath.Join(dir, "gen"), genportfolio.Options{Companies: 40, PerReseller: 20, PerFile: 10, Errors: 5}); err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	reports := t.TempDir()
	t.Chdir(dir)
	entries := func() map[string]bool {
		t.Helper()
		m := map[string]bool{}
		err := filepath.WalkDir(cache, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				m[path] = true
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	// catalog loads every file and keeps no result (it exits 1 on the
	// broken files): what it leaves are the files' entries.
	if code := Main([]string{"catalog", "--cache-dir=" + cache, "."}, new(bytes.Buffer), new(bytes.Buffer)); code == 2 {
		t.Fatal("catalog exited 2")
	}
	fileEntries := entries()
	// run gives what a check shows: exit code, output and its reports.
	run := func(cacheFlag string, args []string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		full := append([]string{"check", cacheFlag}, args...)
		for _, f := range emit.Formats() {
			full = append(full, "--report", f+"="+filepath.Join(reports, f))
		}
		code := Main(append(full, "."), &out, &errOut)
		var b strings.Builder
		b.WriteString(strings.Join(args, " ") + "\nexit " + string(rune('0'+code)) + "\n" + out.String() + errOut.String())
		for _, f := range emit.Formats() {
			data, err := os.ReadFile(filepath.Join(reports, f))
			if err != nil {
				t.Fatal(err)
			}
			b.WriteString("\n--- " + f + "\n" + string(data))
		}
		return b.String()
	}
	same := func(step string, args ...string) {
		t.Helper()
		want := run("--no-cache", args)
		for i := range 2 { // the first may fill the cache; the second reads it
			if got := run("--cache-dir="+cache, args); got != want {
				t.Fatalf("%s, cached run %d: differs from a run without the cache:\n--- want\n%s\n--- got\n%s", step, i+1, want, got)
			}
		}
	}
	for _, f := range emit.Formats() {
		same("first runs", "--format", f)
	}
	same("other rules", "--disable", "credential-literal")
	same("only some rules", "--enable-only", "credential-literal,unknown-reference")
	same("only some files", "--only-files", "gen/catalog.hcl")
	// Against a baseline, whose places a check from its state has no model for.
	baseline := filepath.Join(t.TempDir(), "baseline.json")
	if code := Main([]string{"baseline", "write", "--no-cache", "-o", baseline, "."}, new(bytes.Buffer), new(bytes.Buffer)); code != 0 {
		t.Fatalf("baseline write: exit %d", code)
	}
	same("against a baseline", "--baseline", baseline)
	edited := filepath.Join(dir, "gen", "catalog.hcl")
	src, err := os.ReadFile(edited)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(edited, append(bytes.Clone(src), "\ncompany \"broken\" {\n"...), 0o644)
	same("a file broken")
	same("a file broken, against a baseline", "--baseline", baseline)
	os.WriteFile(edited, src, 0o644)
	same("and mended")
	// A company file edited: the check starts from its state and decides
	// that file and what reads it, unknown references' suggestions too.
	company := filepath.Join(dir, "gen", "companies", "r00000", "part-0000.hcl")
	csrc, err := os.ReadFile(company)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(company, append([]byte("# every line moved down\n"), csrc...), 0o644)
	same("a company file edited")
	os.WriteFile(company, append(bytes.Clone(csrc), "\ncompany \"c9\" {\n  reseller = \"r0000\"\n  parent   = \"c000001\"\n}\n"...), 0o644)
	same("a company with unknown references")
	os.WriteFile(company, csrc, 0o644)
	same("the company file as it was")
	os.Remove(edited)
	same("a file deleted")

	results := 0
	for path := range entries() {
		if filepath.Base(path) == "trimmed" {
			continue
		}
		if !fileEntries[path] {
			results++
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if leaked(string(b)) {
			t.Errorf("cache entry %s holds a secret:\n%s", path, grepLeaks(string(b)))
		}
	}
	if results == 0 {
		t.Fatal("no state was kept")
	}
}
