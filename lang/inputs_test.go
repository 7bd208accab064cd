package lang_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/internal/genportfolio"
	"github.com/tixcfg/tixcfg/lang"
)

// TestResultKeptForExactInputs: a result written for a set of inputs is
// read back, and reports the same as the portfolio it came from, only
// while every file, the command's key and the size limit are the same;
// a corrupt entry is refused.
func TestResultKeptForExactInputs(t *testing.T) {
	dir := t.TempDir()
	if _, err := genportfolio.Write(dir, genportfolio.Options{Companies: 40, PerReseller: 20, PerFile: 10, Errors: 5}); err != nil {
		t.Fatal(err)
	}
	cacheDir := t.TempDir()
	opts := lang.Options{Cache: &lang.Cache{Dir: cacheDir, Version: "test"}}
	read := func(what string, opts lang.Options) (*lang.Inputs, *lang.Result, bool) {
		t.Helper()
		in, err := lang.ReadInputs([]string{dir}, opts)
		if err != nil {
			t.Fatal(err)
		}
		r, ok := in.ReadResult(what)
		return in, r, ok
	}
	// report renders diagnostics as text and JSON, snippets included.
	report := func(diags []lang.Diagnostic, src emit.Sources) string {
		t.Helper()
		var b bytes.Buffer
		if err := emit.WriteText(&b, diags, src, emit.TextOptions{}); err != nil {
			t.Fatal(err)
		}
		if err := emit.WriteJSON(&b, diags, src); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	in, _, ok := read("check", opts)
	if ok {
		t.Fatal("a result read from an empty cache")
	}
	p, err := in.Load()
	if err != nil {
		t.Fatal(err)
	}
	res := checker.Run(p, checker.Options{})
	if len(res.Diagnostics) == 0 {
		t.Fatal("the generated portfolio has no findings to keep")
	}
	in.WriteResult("check", lang.NewResult(p, res.Diagnostics))
	want := report(res.Diagnostics, p)

	in, r, ok := read("check", opts)
	if !ok {
		t.Fatal("the result written is not read back")
	}
	if diff := cmp.Diff(want, report(r.Diagnostics, in.Sources(r))); diff != "" {
		t.Fatalf("the kept result reports differently (-loaded +kept):\n%s", diff)
	}
	if diff := cmp.Diff(p.FileNames(), in.Sources(r).FileNames()); diff != "" {
		t.Fatalf("file names differ (-loaded +kept):\n%s", diff)
	}
	if _, _, ok := read("check --disable x", opts); ok {
		t.Error("a result read for another command key")
	}
	small := opts
	small.MaxFileSize = 1000
	if _, _, ok := read("check", small); ok {
		t.Error("a result read under another size limit")
	}

	files, _ := lang.Discover([]string{dir})
	edited := files[len(files)-1]
	src, _ := os.ReadFile(edited)
	os.WriteFile(edited, append(bytes.Clone(src), "\n# edited\n"...), 0o644)
	if _, _, ok := read("check", opts); ok {
		t.Error("a result read after a file changed")
	}
	os.WriteFile(edited, src, 0o644)
	os.WriteFile(filepath.Join(dir, "new.hcl"), nil, 0o644)
	if _, _, ok := read("check", opts); ok {
		t.Error("a result read after a file was added")
	}
	os.Remove(filepath.Join(dir, "new.hcl"))
	if _, _, ok := read("check", opts); !ok {
		t.Fatal("the result is not read back once the files are as they were")
	}

	// Flip a byte in every entry: the result is refused with the rest.
	filepath.WalkDir(cacheDir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != "trimmed" {
			b, _ := os.ReadFile(path)
			b[len(b)/2] ^= 0xff
			os.WriteFile(path, b, 0o644)
		}
		return nil
	})
	if _, _, ok := read("check", opts); ok {
		t.Error("a corrupt result read back")
	}
}
