package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/tixcfg/tixcfg/format"
	"github.com/tixcfg/tixcfg/internal/atomicfile"
)

// copyUnformatted copies the *.hcl files of src to a fresh folder with
// their layout spoilt (tabs for indentation, blank lines at the top), and
// returns the folder and the copies' contents by display name.
func copyUnformatted(t *testing.T, src string) (string, map[string][]byte) {
	t.Helper()
	dir := t.TempDir()
	files := map[string][]byte{}
	indent := regexp.MustCompile(`(?m)^  `)
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".hcl") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		b = append([]byte("\n\n"), indent.ReplaceAll(b, []byte("\t"))...)
		files[filepath.ToSlash(rel)] = b
		to := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 2 {
		t.Fatalf("%s holds %d *.hcl files; the test needs several", src, len(files))
	}
	return dir, files
}

func fmtMain(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestFmtModesAgree runs --check, --diff and --write on the same spoilt
// copy of the example portfolio: they name the same files, the first two
// write nothing, and --write writes what format.Source says.
func TestFmtModesAgree(t *testing.T) {
	dir, orig := copyUnformatted(t, filepath.Join("..", "..", "examples", "portfolio"))
	t.Chdir(dir)
	unchanged := func() {
		t.Helper()
		for name, want := range orig {
			if got, err := os.ReadFile(name); err != nil || !bytes.Equal(got, want) {
				t.Fatalf("%s was modified (%v)", name, err)
			}
		}
	}

	code, out, errOut := fmtMain(t, "fmt", "--check")
	if code != exitFindings || errOut != "" {
		t.Fatalf("--check: exit %d, stderr %q", code, errOut)
	}
	checked := strings.Fields(out)
	unchanged()

	code, out, errOut = fmtMain(t, "fmt", "--diff")
	if code != exitOK || errOut != "" {
		t.Fatalf("--diff: exit %d, stderr %q", code, errOut)
	}
	var diffed []string
	for _, m := range regexp.MustCompile(`(?m)^\+\+\+ b/(.*)$`).FindAllStringSubmatch(out, -1) {
		diffed = append(diffed, m[1])
	}
	unchanged()

	code, out, errOut = fmtMain(t, "fmt", "--write")
	if code != exitOK || errOut != "" {
		t.Fatalf("--write: exit %d, stderr %q", code, errOut)
	}
	written := strings.Fields(out)

	all := slices.Sorted(func(yield func(string) bool) {
		for name := range orig {
			if !yield(name) {
				return
			}
		}
	})
	if !slices.Equal(checked, all) || !slices.Equal(diffed, all) || !slices.Equal(written, all) {
		t.Fatalf("the modes disagree on what changes:\nall     %q\n--check %q\n--diff  %q\n--write %q", all, checked, diffed, written)
	}
	for _, name := range all {
		want, diags := format.Source(name, orig[name])
		got, err := os.ReadFile(name)
		if err != nil || diags != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: --write wrote something else than format.Source (%v %v)", name, err, diags)
		}
	}
	if code, out, _ := fmtMain(t, "fmt", "--check"); code != exitOK || out != "" {
		t.Errorf("--check after --write: exit %d, %q", code, out)
	}
}

// fmtFaultFS is the real file system, except that writing the temporary file
// for target stops half-way with "no space left on device".
type fmtFaultFS struct {
	atomicfile.FS
	target string
}

func (f fmtFaultFS) CreateTemp(dir, pattern string) (atomicfile.File, error) {
	file, err := f.FS.CreateTemp(dir, pattern)
	if err != nil || !strings.HasPrefix(pattern, "."+filepath.Base(f.target)+".") {
		return file, err
	}
	return &fmtHalfFile{File: file}, nil
}

type fmtHalfFile struct{ atomicfile.File }

func (h *fmtHalfFile) Write(p []byte) (int, error) {
	n, _ := h.File.Write(p[:len(p)/2])
	return n, &fs.PathError{Op: "write", Path: h.Name(), Err: syscall.ENOSPC}
}

// TestFmtWriteFailure makes the write of one file fail part-way: that
// file keeps its old contents, no temporary file is left, the run exits 2
// with a one-line error, and the other files are still formatted.
func TestFmtWriteFailure(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	old := []byte("reseller \"acme\" {\nname = \"Acme Tickets\"\n}\n")
	for _, name := range []string{"a.hcl", "b.hcl"} {
		if err := os.WriteFile(name, old, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := runWith(func(e *env) { e.fmtFS = fmtFaultFS{FS: atomicfile.OS, target: "a.hcl"} }, "fmt", ".")
	if code != exitError {
		t.Errorf("exit %d, want %d", code, exitError)
	}
	if want := "tixcfg: cannot write a.hcl: no space left on device\n"; errOut != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
	if out != "b.hcl\n" {
		t.Errorf("stdout %q, want only b.hcl listed", out)
	}
	if got, _ := os.ReadFile("a.hcl"); !bytes.Equal(got, old) {
		t.Errorf("a.hcl was damaged:\n%s", got)
	}
	if got, _ := os.ReadFile("b.hcl"); bytes.Equal(got, old) {
		t.Error("b.hcl was not formatted")
	}
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"a.hcl", "b.hcl"}) {
		t.Errorf("folder holds %q: a temporary file was left behind", names)
	}
}

// TestFmtFollowsSymlinks formats a file reached through a symbolic link:
// the link stays a link, and the file it points to is formatted.
func TestFmtFollowsSymlinks(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.Mkdir("shared", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("shared", "acme.txt"), []byte("reseller \"acme\" {\nname = \"Acme\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("shared", "acme.txt"), "acme.hcl"); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if code, out, errOut := fmtMain(t, "fmt", "."); code != exitOK || out != "acme.hcl\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if fi, err := os.Lstat("acme.hcl"); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("acme.hcl is no longer a symbolic link (%v)", err)
	}
	if got, _ := os.ReadFile(filepath.Join("shared", "acme.txt")); string(got) != "reseller \"acme\" {\n  name = \"Acme\"\n}\n" {
		t.Errorf("the link's target was not formatted:\n%s", got)
	}
}
