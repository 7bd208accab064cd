package query

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/lang"
)

func TestDefinitionOfEveryKind(t *testing.T) {
	ix := load(t, testFiles)
	for _, tc := range []struct {
		name         string
		file, needle string
		n            int
		wantFile     string // "" for the written built-in catalog
		wantText     string
	}{
		{"reseller", "companies/dubai.hcl", `"acme"`, 0, "resellers/acme.hcl", `"acme"`},
		{"reseller in JSON", "companies/kids.hcl.json", `"acme"`, 0, "resellers/acme.hcl", `"acme"`},
		{"parent in JSON", "companies/kids.hcl.json", `"dubai-live"`, 0, "companies/dubai.hcl", `"dubai-live"`},
		{"parent after non-ASCII", "companies/café.hcl", `"dubai-live"`, 0, "companies/dubai.hcl", `"dubai-live"`},
		{"built-in flag on company", "companies/kids.hcl.json", `"dtcm"`, 0, "", `"dtcm"`},
		{"built-in flag on reseller", "resellers/acme.hcl", `"refund_protect_group"`, 0, "", `"refund_protect_group"`},
		{"operator flag", "companies/dubai.hcl", `"vip"`, 0, "catalog.hcl", `"vip"`},
		{"flag of an integration type", "catalog.hcl", `"vip"`, 1, "catalog.hcl", `"vip"`},
		{"built-in permission", "companies/dubai.hcl", `"manage_payments"`, 0, "", `"manage_payments"`},
		{"operator permission", "companies/dubai.hcl", `"manage_venues"`, 0, "catalog.hcl", `"manage_venues"`},
		{"tax band", "companies/dubai.hcl", `"standard"`, 2, "companies/dubai.hcl", `"standard"`},
		{"built-in integration type", "companies/dubai.hcl", `"dtcm"`, 0, "", `"dtcm"`},
		{"integration type in JSON", "companies/kids.hcl.json", `"dtcm"`, 1, "", `"dtcm"`},
		{"operator integration type", "companies/dubai.hcl", `"seatplan"`, 0, "catalog.hcl", `"seatplan"`},
		{"reseller's integration", "resellers/acme.hcl", `"refund_protect_group"`, 1, "", `"refund_protect_group"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, delta := range []int{0, 2} {
				off := at(t, ix, tc.file, tc.needle, tc.n, delta)
				decls, ok := ix.Definition(tc.file, off)
				if !ok || len(decls) != 1 {
					t.Fatalf("Definition(%s@%d) = %v, %v; want one declaration", tc.file, off, decls, ok)
				}
				want := tc.wantFile
				if want == "" {
					want = ix.BuiltinPath
				}
				if decls[0].Filename != want {
					t.Errorf("declaration in %s, want %s", decls[0].Filename, want)
				}
				if got := text(t, ix, decls[0]); got != tc.wantText {
					t.Errorf("declaration covers %q, want %q", got, tc.wantText)
				}
			}
		})
	}
	if _, ok := ix.Definition("companies/dubai.hcl", at(t, ix, "companies/dubai.hcl", "Dubai Live", 0, 1)); ok {
		t.Error("a display name is not an ID")
	}
	// From the written catalog, the built-in declaration is found too.
	src, err := os.ReadFile(ix.BuiltinPath)
	if err != nil {
		t.Fatal(err)
	}
	off := strings.Index(string(src), `feature_flag = "dtcm"`) + len(`feature_flag = "`)
	decls, ok := ix.Definition(ix.BuiltinPath, off)
	if !ok || len(decls) != 1 || text(t, ix, decls[0]) != `"dtcm"` || decls[0].Start.Byte == off-1 {
		t.Errorf("Definition in the written catalog = %v, %v", decls, ok)
	}
}

func TestReferencesAcrossFiles(t *testing.T) {
	ix := load(t, testFiles)
	off := at(t, ix, "resellers/acme.hcl", `"acme"`, 0, 1)
	got := ix.References("resellers/acme.hcl", off, false)
	var files []string
	for _, r := range got {
		files = append(files, r.Filename)
		if text(t, ix, r) != `"acme"` {
			t.Errorf("reference %v covers %q", r, text(t, ix, r))
		}
	}
	want := []string{"companies/café.hcl", "companies/dubai.hcl", "companies/kids.hcl.json"}
	if !slices.Equal(files, want) {
		t.Errorf("references of acme in %v, want %v", files, want)
	}
	if n := len(ix.References("resellers/acme.hcl", off, true)); n != 4 {
		t.Errorf("with the declaration: %d, want 4", n)
	}
	// Every use of a built-in flag, the catalog's own conflicts_with
	// aside (it is not the portfolio's).
	off = at(t, ix, "companies/dubai.hcl", `"refund_protect_group"`, 0, 1)
	var inPortfolio int
	for _, r := range ix.References("companies/dubai.hcl", off, false) {
		if r.Filename != ix.BuiltinPath {
			inPortfolio++
		}
	}
	// reseller list, company list; integration blocks name the type, not the flag
	if inPortfolio != 2 {
		t.Errorf("refund_protect_group flag used %d times in the portfolio, want 2", inPortfolio)
	}
	// A tax band's references stay in its company.
	off = at(t, ix, "companies/dubai.hcl", `"standard"`, 0, 1)
	if got := ix.References("companies/dubai.hcl", off, true); len(got) != 2 {
		t.Errorf("tax band standard: %v", got)
	}
}

func TestDocumentSymbols(t *testing.T) {
	ix := load(t, testFiles)
	syms := ix.DocumentSymbols("companies/dubai.hcl")
	if len(syms) != 1 || syms[0].Name != "dubai-live" || syms[0].Kind != KindCompany {
		t.Fatalf("symbols = %+v", syms)
	}
	var children []string
	for _, c := range syms[0].Children {
		children = append(children, c.Detail+" "+c.Name)
		if c.Range.Start.Byte > c.SelectionRange.Start.Byte || c.Range.End.Byte < c.SelectionRange.End.Byte {
			t.Errorf("%s: selection %v outside %v", c.Name, c.SelectionRange, c.Range)
		}
	}
	want := []string{"tax band standard", "integration dtcm", "integration refund_protect_group", "integration seatplan"}
	if !slices.Equal(children, want) {
		t.Errorf("children %q, want %q", children, want)
	}
	if got := text(t, ix, syms[0].Range); !strings.HasPrefix(got, `company "dubai-live" {`) || !strings.HasSuffix(got, "}") {
		t.Errorf("company range covers %q", got)
	}
	js := ix.DocumentSymbols("companies/kids.hcl.json")
	if len(js) != 1 || len(js[0].Children) != 2 {
		t.Fatalf("JSON symbols = %+v", js)
	}
	if got := text(t, ix, js[0].Range); !strings.HasPrefix(got, `"dubai-kids": {`) || !strings.HasSuffix(got, "}") || !strings.Contains(got, `"integration"`) {
		t.Errorf("JSON company range covers %q", got)
	}
	if got := text(t, ix, js[0].Children[1].Range); got != `"dtcm": {"mode": "test"}` {
		t.Errorf("JSON integration range covers %q", got)
	}
	cat := ix.DocumentSymbols("catalog.hcl")
	var names []string
	for _, s := range cat {
		names = append(names, s.Detail+" "+s.Name)
	}
	if !slices.Equal(names, []string{"permission manage_venues", "feature flag vip", "integration type seatplan"}) {
		t.Errorf("catalog symbols %q", names)
	}
	if ix.DocumentSymbols("nope.hcl") != nil {
		t.Error("a file not in the portfolio has no symbols")
	}
}

func TestWorkspaceSymbols(t *testing.T) {
	ix := load(t, testFiles)
	names := func(ss []WorkspaceSymbol) []string {
		var out []string
		for _, s := range ss {
			out = append(out, s.Name)
		}
		return out
	}
	if got := names(ix.WorkspaceSymbols("dubai-live", 0)); !slices.Equal(got, []string{"dubai-live"}) {
		t.Errorf("exact: %q", got)
	}
	if got := names(ix.WorkspaceSymbols("DUB", 0)); !slices.Equal(got, []string{"dubai-kids", "dubai-live"}) {
		t.Errorf("prefix, any case: %q", got)
	}
	// Prefix before substring before subsequence.
	if got := names(ix.WorkspaceSymbols("live", 0)); !slices.Equal(got, []string{"dubai-live"}) {
		t.Errorf("substring: %q", got)
	}
	if got := names(ix.WorkspaceSymbols("dkds", 0)); !slices.Equal(got, []string{"dubai-kids"}) {
		t.Errorf("fuzzy: %q", got)
	}
	if got := names(ix.WorkspaceSymbols("café", 0)); !slices.Equal(got, []string{"café-olé"}) {
		t.Errorf("non-ASCII: %q", got)
	}
	if got := ix.WorkspaceSymbols("", 2); len(got) != 2 {
		t.Errorf("limit 2 gave %d", len(got))
	}
	s := ix.WorkspaceSymbols("dubai-kids", 0)[0]
	if s.Container != "acme" || s.Kind != KindCompany || text(t, ix, s.SelectionRange) != `"dubai-kids"` {
		t.Errorf("symbol %+v", s)
	}
}

func TestWriteBuiltinCatalog(t *testing.T) {
	dir := t.TempDir()
	path, err := WriteBuiltinCatalog(dir)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o444 {
		t.Errorf("mode %v, want read-only", fi.Mode())
	}
	got, _ := os.ReadFile(path)
	if string(got) != string(lang.BuiltinCatalogSource()) {
		t.Error("written catalog differs from the embedded one")
	}
	again, err := WriteBuiltinCatalog(dir)
	if err != nil || again != path {
		t.Errorf("second call: %q, %v", again, err)
	}
	// A file someone changed is put right.
	os.Chmod(path, 0o644)
	os.WriteFile(path, []byte("changed"), 0o644)
	if _, err := WriteBuiltinCatalog(dir); err != nil {
		t.Fatal(err)
	}
	got, _ = os.ReadFile(path)
	fi, _ = os.Stat(path)
	if string(got) != string(lang.BuiltinCatalogSource()) || fi.Mode().Perm() != 0o444 {
		t.Errorf("changed file not restored: mode %v", fi.Mode())
	}
}
