package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestOutputIsNeverAnInput: a report or snapshot that would overwrite a
// portfolio file, or land where the next run loads it (*.hcl, *.hcl.json
// in an input folder), is refused in one line with exit 2 and nothing is
// written; other places are fine.
func TestOutputIsNeverAnInput(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "p/catalog.hcl", []byte(okReseller))
	write(t, dir, "p/sub/r.hcl", []byte("reseller \"other\" {\n  name = \"Other\"\n}\n"))
	if err := os.Symlink("catalog.hcl", filepath.Join(dir, "p", "alias.txt")); err != nil {
		t.Fatal(err)
	}
	before := snapshotTree(t, dir)
	for _, args := range [][]string{
		{"check", "--report", "json=p/catalog.hcl", "p"},
		{"check", "--report", "json=" + filepath.Join(dir, "p", "sub", "r.hcl"), "p"},
		{"check", "--report", "sarif=p/sub/new.hcl.json", "p", "."},
		{"check", "--report", "json=p/alias.txt", "p/catalog.hcl"},
		{"build", "-o", "p/catalog.hcl", "p"},
		{"build", "-o", "p/snap.hcl.json", "p"},
		{"build", "-o", "snap.hcl", "."},
		{"build", "--check", "-o", "p/sub/snap.hcl.json", "p"},
		{"build", "--report", "json=p/r.hcl", "-o", "snap.json", "p"},
	} {
		code, _, stderr := runIn(t, dir, args...)
		if code != exitError || !strings.Contains(stderr, "would overwrite or become a configuration file") || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and a one-line refusal", args, code, stderr)
		}
		if after := snapshotTree(t, dir); after != before {
			t.Fatalf("%q wrote something:\n%s", args, after)
		}
	}
	for _, args := range [][]string{
		{"check", "--report", "json=p/report.json", "p"},
		{"check", "--report", "json=p/.hidden.hcl.json", "p"},
		{"build", "-o", "snap.hcl.json", "p"},
		{"build", "-o", "p/snap.json", "p"},
	} {
		if code, _, stderr := runIn(t, dir, args...); code != exitOK {
			t.Errorf("%q: exit %d: %s", args, code, stderr)
		}
	}
}

// snapshotTree lists a folder's files with their contents.
func snapshotTree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(path)
			b.WriteString(path + ": " + string(data) + "\n")
		}
		return nil
	})
	return b.String()
}

// TestSameFolderTwice: a folder given twice, or once more through a link,
// is checked once: no ID is a duplicate of itself.
func TestSameFolderTwice(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "p/r.hcl", []byte(okReseller))
	if err := os.Symlink("p", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"check", "p", filepath.Join(dir, "p")},
		{"check", ".", dir},
		{"check", "p", "link/"},
	} {
		code, stdout, stderr := runIn(t, dir, args...)
		if code != exitOK || !strings.Contains(stdout, "in 1 file") {
			t.Errorf("%q: exit %d:\n%s%s", args, code, stdout, stderr)
		}
	}
}

// TestFmtRefusesHardLink: fmt leaves a file with a second hard link as it
// is, with one line naming it, instead of splitting it from the other.
func TestFmtRefusesHardLink(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.hcl", []byte("reseller \"acme\" {\nname = \"Acme\"\n}\n"))
	if err := os.Link(filepath.Join(dir, "a.hcl"), filepath.Join(dir, "b.txt")); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runIn(t, dir, "fmt", "a.hcl")
	if code != exitError || !strings.Contains(stderr, "a.hcl: has 2 hard links") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	a, _ := os.Stat(filepath.Join(dir, "a.hcl"))
	b, _ := os.Stat(filepath.Join(dir, "b.txt"))
	if got, _ := os.ReadFile(filepath.Join(dir, "a.hcl")); !os.SameFile(a, b) || !strings.Contains(string(got), "\nname =") {
		t.Errorf("the file was rewritten or split from its other name")
	}
}

// TestCacheDirDot is the reproduction: with --cache-dir . an old
// README, the portfolio itself and git's objects survive the cache's
// clean-up, and a link planted as its marker is not written through.
func TestCacheDirDot(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-10 * 24 * time.Hour)
	files := map[string]string{
		"config/r.hcl":            okReseller,
		"README.md":               "keep\n",
		".git/objects/ab/cdef012": "blob",
	}
	for name, data := range files {
		write(t, dir, name, []byte(data))
		os.Chtimes(filepath.Join(dir, name), old, old)
	}
	victim := filepath.Join(t.TempDir(), "victim")
	os.WriteFile(victim, []byte("precious"), 0o644)
	os.MkdirAll(filepath.Join(dir, "v3"), 0o755)
	os.Symlink(victim, filepath.Join(dir, "v3", "trimmed"))
	t.Chdir(dir)
	for range 2 {
		if code, stdout, stderr := run("check", "--cache-dir", ".", "config"); code != exitOK {
			t.Fatalf("exit %d:\n%s%s", code, stdout, stderr)
		}
		os.Remove(filepath.Join(dir, "v3", "trimmed"))
	}
	for name, data := range files {
		if got, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(got) != data {
			t.Errorf("%s is gone or changed (%v)", name, err)
		}
	}
	if got, _ := os.ReadFile(victim); string(got) != "precious" {
		t.Errorf("the marker link's target now reads %q", got)
	}
}
