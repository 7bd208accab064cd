package lang_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/internal/genportfolio"
	"github.com/tixcfg/tixcfg/lang"
)

// TestStateKeptPerCommand: a state written for a command is read back
// whole, for that command and size limit only, whatever the files are
// now (the next check starts from it); the reports of its findings with
// the inputs' sources are the portfolio's; a corrupt entry is refused.
func TestStateKeptPerCommand(t *testing.T) {
	dir := t.TempDir()
	if _, err := genportfolio.Write(dir, genportfolio.Options{Companies: 40, PerReseller: 20, PerFile: 10, Errors: 5}); err != nil {
		t.Fatal(err)
	}
	cacheDir := t.TempDir()
	opts := lang.Options{Cache: &lang.Cache{Dir: cacheDir, Version: "test"}}
	read := func(what string, opts lang.Options) (*lang.Inputs, *lang.CheckState, bool) {
		t.Helper()
		in, err := lang.ReadInputs([]string{dir}, opts)
		if err != nil {
			t.Fatal(err)
		}
		st, ok := in.ReadState(what)
		return in, st, ok
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
		t.Fatal("a state read from an empty cache")
	}
	p, err := in.Load()
	if err != nil {
		t.Fatal(err)
	}
	res := checker.Run(p, checker.Options{})
	if len(res.Diagnostics) == 0 {
		t.Fatal("the generated portfolio has no findings to keep")
	}
	st := &lang.CheckState{Buckets: []lang.StateBucket{{Name: "all", Kept: res.Diagnostics, Suppressed: res.Suppressed}}}
	for _, f := range in.Files() {
		pf := p.File(f.Name)
		sf := lang.StateFile{Name: f.Name, Key: f.Key, Catalog: lang.CatalogDigest(pf), Secrets: f.Name == "catalog.hcl"}
		for _, c := range pf.Companies {
			sf.Companies = append(sf.Companies, lang.StateDecl{ID: c.ID, Skeleton: "s" + c.ID, LabelRange: c.LabelRange, DefRange: c.DefRange,
				Reseller: c.Reseller.Str(), Parent: "p", HasParent: true})
		}
		for _, r := range pf.Resellers {
			sf.Resellers = append(sf.Resellers, lang.StateDecl{ID: r.ID, LabelRange: r.LabelRange, DefRange: r.DefRange})
		}
		st.Files = append(st.Files, sf)
		st.Masks = append(st.Masks, lang.StateMasks{Name: f.Name, Ranges: p.Masks(f.Name)})
	}
	in.WriteState("check", st)
	want := report(res.Diagnostics, p)

	in, got, ok := read("check", opts)
	if !ok {
		t.Fatal("the state written is not read back")
	}
	// For the same inputs only the findings are read back.
	if !got.Unchanged || got.Files != nil {
		t.Errorf("the state for the same inputs: Unchanged %v, %d files read", got.Unchanged, len(got.Files))
	}
	findings := *st
	findings.Files, findings.Unchanged = nil, true
	if diff := cmp.Diff(&findings, got, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("the state read back differs (-written +read):\n%s", diff)
	}
	if diff := cmp.Diff(want, report(got.Buckets[0].Kept, in.Sources(got.Masks))); diff != "" {
		t.Fatalf("the kept findings report differently (-loaded +kept):\n%s", diff)
	}
	if diff := cmp.Diff(p.FileNames(), in.Sources(got.Masks).FileNames()); diff != "" {
		t.Fatalf("file names differ (-loaded +kept):\n%s", diff)
	}
	if _, _, ok := read("check --disable x", opts); ok {
		t.Error("a state read for another command key")
	}
	small := opts
	small.MaxFileSize = 1000
	if _, _, ok := read("check", small); ok {
		t.Error("a state read under another size limit")
	}

	files, _ := lang.Discover([]string{dir})
	edited := files[len(files)-1]
	src, _ := os.ReadFile(edited)
	os.WriteFile(edited, append(bytes.Clone(src), "\n# edited\n"...), 0o644)
	in, got, ok = read("check", opts)
	if !ok {
		t.Fatal("the state is not read after a file changed")
	}
	if diff := cmp.Diff(st, got, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("the state read back after an edit differs (-written +read):\n%s", diff)
	}
	for _, f := range in.Files() {
		if i := slices.IndexFunc(st.Files, func(sf lang.StateFile) bool { return sf.Name == f.Name }); (st.Files[i].Key == f.Key) != !strings.HasSuffix(edited, f.Name) {
			t.Errorf("%s: key kept %s, now %s", f.Name, st.Files[i].Key, f.Key)
		}
	}

	// Flip a byte in every entry: the state is refused with the rest.
	filepath.WalkDir(cacheDir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != "trimmed" {
			b, _ := os.ReadFile(path)
			b[len(b)/2] ^= 0xff
			os.WriteFile(path, b, 0o644)
		}
		return nil
	})
	if _, _, ok := read("check", opts); ok {
		t.Error("a corrupt state read back")
	}
}
