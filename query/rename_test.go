package query

import (
	"errors"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

// applyRename applies edits to the files and returns them changed.
func applyRename(t *testing.T, files map[string]string, edits []lang.Edit) map[string]string {
	t.Helper()
	byFile := map[string][]lang.Edit{}
	for _, e := range edits {
		byFile[e.Range.Filename] = append(byFile[e.Range.Filename], e)
	}
	out := map[string]string{}
	for name, src := range files {
		es := byFile[name]
		lang.SortEdits(es)
		b, ok := lang.ApplyEdits([]byte(src), es)
		if !ok {
			t.Fatalf("edits of %s do not apply: %v", name, es)
		}
		out[name] = string(b)
	}
	return out
}

// references counts unknown-reference findings after a rename: a rename
// that missed a place leaves one.
func unknownRefs(t *testing.T, ix *Index) []string {
	t.Helper()
	var out []string
	for _, d := range checker.Run(ix.Portfolio, checker.Options{}).Diagnostics {
		if d.Rule == ruleid.UnknownReference || d.Rule == ruleid.Syntax || d.Rule == ruleid.Schema {
			out = append(out, lang.Location(d.Subject)+": "+d.Summary)
		}
	}
	return out
}

func TestRenameAcrossFiles(t *testing.T) {
	for _, tc := range []struct {
		name, file, needle string
		n                  int
		to                 string
		want               map[string][]string // file -> substrings after the rename
		edits              int
	}{
		{"reseller in three files and JSON", "companies/dubai.hcl", `"acme"`, 0, "acmé-2",
			map[string][]string{"resellers/acme.hcl": {`reseller "acmé-2" {`}, "companies/dubai.hcl": {`reseller      = "acmé-2"`},
				"companies/kids.hcl.json": {`"reseller": "acmé-2"`}, "companies/café.hcl": {`reseller = "acmé-2"`}}, 4},
		{"company as a JSON parent", "companies/kids.hcl.json", `"dubai-live"`, 0, "dubai-main",
			map[string][]string{"companies/dubai.hcl": {`company "dubai-main" {`}, "companies/kids.hcl.json": {`"parent": "dubai-main"`},
				"companies/café.hcl": {`parent   = "dubai-main"`}}, 3},
		{"non-ASCII company from its label", "companies/café.hcl", `"café-olé"`, 0, "ça-va",
			map[string][]string{"companies/café.hcl": {`company "ça-va" {`, `name     = "Café Olé 🎭"`}}, 1},
		{"JSON company label", "companies/kids.hcl.json", `"dubai-kids"`, 0, `kids "quoted"`,
			map[string][]string{"companies/kids.hcl.json": {`{"company": {"kids \"quoted\"": {`}}, 1},
		{"operator flag", "catalog.hcl", `"vip"`, 0, "lounge",
			map[string][]string{"catalog.hcl": {`feature_flag "lounge" {`, `feature_flag = "lounge"`},
				"resellers/acme.hcl": {`"refund_protect_group", "lounge"]`}, "companies/dubai.hcl": {`["refund_protect_group", "lounge"]`}}, 4},
		{"operator permission", "companies/dubai.hcl", `"manage_venues"`, 0, "manage_seats",
			map[string][]string{"catalog.hcl": {`permission "manage_seats" {`, `["manage_integrations", "manage_seats"]`},
				"companies/dubai.hcl": {`"manage_payments", "manage_seats"]`}}, 3},
		{"tax band from a reference", "companies/dubai.hcl", `"standard"`, 2, "full-${rate}",
			map[string][]string{"companies/dubai.hcl": {`tax_band "full-$${rate}" {`, `tax_band = "full-$${rate}"`, `mode     = "standard"`}}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ix := load(t, testFiles)
			off := at(t, ix, tc.file, tc.needle, tc.n, 1)
			rng, id, err := ix.PrepareRename(tc.file, off)
			if err != nil {
				t.Fatal(err)
			}
			if got := text(t, ix, rng); got != strings.Trim(tc.needle, `"`) || id != got {
				t.Errorf("PrepareRename range covers %q (id %q)", got, id)
			}
			edits, err := ix.Rename(tc.file, off, tc.to)
			if err != nil {
				t.Fatal(err)
			}
			if len(edits) != tc.edits {
				t.Errorf("%d edits, want %d: %v", len(edits), tc.edits, edits)
			}
			after := applyRename(t, testFiles, edits)
			for f, subs := range tc.want {
				for _, s := range subs {
					if !strings.Contains(after[f], s) {
						t.Errorf("%s lacks %q:\n%s", f, s, after[f])
					}
				}
			}
			before := unknownRefs(t, ix)
			renamed := load(t, after)
			if got := unknownRefs(t, renamed); strings.Join(got, "\n") != strings.Join(before, "\n") {
				t.Errorf("findings after the rename:\n%s\nbefore:\n%s", strings.Join(got, "\n"), strings.Join(before, "\n"))
			}
			// The new ID is found where the old one was, moved by the
			// edits before it.
			moved := off
			for _, e := range edits {
				if e.Range.Filename == tc.file && e.Range.End.Byte < off {
					moved += len(e.NewText) - (e.Range.End.Byte - e.Range.Start.Byte)
				}
			}
			if o, ok := renamed.At(tc.file, moved); !ok || o.ID != tc.to {
				t.Errorf("after the rename the position holds %+v, %v", o, ok)
			}
		})
	}
}

func TestRenameBareLabel(t *testing.T) {
	files := map[string]string{"a.hcl": "reseller acme {\n}\ncompany x {\n  reseller = \"acme\"\n}\n"}
	ix := load(t, files)
	for to, want := range map[string]string{"acme2": "reseller acme2 {", "ac me": `reseller "ac me" {`} {
		edits, err := ix.Rename("a.hcl", 10, to)
		if err != nil {
			t.Fatal(err)
		}
		if after := applyRename(t, files, edits)["a.hcl"]; !strings.Contains(after, want) {
			t.Errorf("rename to %q:\n%s", to, after)
		}
	}
}

func TestRenameRefuses(t *testing.T) {
	ix := load(t, testFiles)
	for _, tc := range []struct {
		name, file, needle string
		n, delta           int
		why                string
	}{
		{"built-in flag", "companies/dubai.hcl", `"refund_protect_group"`, 0, 1, `"refund_protect_group" is a built-in feature flag`},
		{"built-in flag in the written catalog", "", `feature_flag "dtcm"`, 0, 15, `"dtcm" is a built-in feature flag`},
		{"built-in permission", "companies/dubai.hcl", `"manage_integrations"`, 0, 3, `"manage_integrations" is a built-in permission`},
		{"integration type", "companies/dubai.hcl", `"seatplan"`, 0, 1, `integration type`},
		{"not an ID", "companies/dubai.hcl", `name`, 0, 1, `no ID here`},
		{"a secret reference", "companies/dubai.hcl", `dubai-live/dtcm-api-key`, 0, 1, `no ID here`},
		{"a keyword", "companies/dubai.hcl", `integration "dtcm"`, 0, 1, `no ID here`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := tc.file
			if file == "" {
				file = ix.BuiltinPath
			}
			off := at(t, ix, file, tc.needle, tc.n, tc.delta)
			_, _, err := ix.PrepareRename(file, off)
			var re *RenameError
			if !errors.As(err, &re) || !strings.Contains(err.Error(), tc.why) {
				t.Errorf("PrepareRename: %v, want %q", err, tc.why)
			}
			if _, err := ix.Rename(file, off, "whatever"); err == nil {
				t.Error("Rename went ahead")
			}
		})
	}
	broken := map[string]string{"zz.hcl": "company \"late\" {\n  reseller = \"acme\"\n  name = \n"}
	for k, v := range testFiles {
		broken[k] = v
	}
	bix := load(t, broken)
	if _, err := bix.Rename("resellers/acme.hcl", at(t, bix, "resellers/acme.hcl", `"acme"`, 0, 1), "acme2"); err == nil || !strings.Contains(err.Error(), "zz.hcl does not parse") {
		t.Errorf("rename with a file that does not parse: %v", err)
	}
	unknown := load(t, map[string]string{"a.hcl": "company \"x\" {\n  reseller = \"ghost\"\n}\n"})
	if _, _, err := unknown.PrepareRename("a.hcl", at(t, unknown, "a.hcl", "ghost", 0, 0)); err == nil || !strings.Contains(err.Error(), "not declared") {
		t.Errorf("unknown reference: %v", err)
	}
	off := at(t, ix, "companies/dubai.hcl", `"acme"`, 0, 1)
	for to, why := range map[string]string{
		"":                "empty",
		" acme":           "white space",
		"ac\u200bme":      "Invisible character",
		"ac\x00me":        "Invisible character",
		"a\u202eb":        "Invisible character",
		"acme\n":          "white space",
		"a\x7fb":          "Invisible character",
		"café\u2060":      "Invisible character",
		"\u00a0":          "empty",
		"acme-new\u200d🎭": "Invisible character",
	} {
		if _, err := ix.Rename("companies/dubai.hcl", off, to); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("rename to %q: %v, want %q", to, err, why)
		}
	}
	// Taken: another reseller, company or tax band of the same company.
	files := map[string]string{"a.hcl": testFiles["resellers/acme.hcl"] + "reseller \"other\" {}\n"}
	for k, v := range testFiles {
		if k != "resellers/acme.hcl" {
			files[k] = v
		}
	}
	two := load(t, files)
	if _, err := two.Rename("a.hcl", at(t, two, "a.hcl", `"acme"`, 0, 1), "other"); err == nil || !strings.Contains(err.Error(), "exists already") {
		t.Errorf("rename onto another reseller: %v", err)
	}
	if _, err := ix.Rename("companies/dubai.hcl", at(t, ix, "companies/dubai.hcl", `"dubai-live"`, 0, 1), "dubai-kids"); err == nil {
		t.Error("rename onto another company went ahead")
	}
	// A name that prints like another reseller's (Cyrillic а), or like a
	// built-in flag (digit 1 for l), is refused too.
	if _, err := two.Rename("a.hcl", at(t, two, "a.hcl", `"acme"`, 0, 1), "оther"); err == nil || !strings.Contains(err.Error(), `looks like the reseller "other"`) {
		t.Errorf("rename onto a lookalike: %v", err)
	}
	if _, err := ix.Rename("catalog.hcl", at(t, ix, "catalog.hcl", `"vip"`, 0, 1), "szamlazz1"); err != nil {
		t.Errorf("a name unlike any: %v", err)
	}
	if _, err := ix.Rename("catalog.hcl", at(t, ix, "catalog.hcl", `"vip"`, 0, 1), "dtcrn"); err == nil || !strings.Contains(err.Error(), "confusable-id") {
		t.Errorf("rename onto a lookalike of a built-in flag: %v", err)
	}
	// Renaming to a lookalike of its own old name is no clash.
	if _, err := ix.Rename("companies/dubai.hcl", off, "acrne"); err != nil {
		t.Errorf("lookalike of itself: %v", err)
	}
	if _, err := ix.Rename("catalog.hcl", at(t, ix, "catalog.hcl", `"vip"`, 0, 1), "dtcm"); err == nil {
		t.Error("rename onto a built-in flag went ahead")
	}
	// The tax band of another company is no clash.
	if _, err := ix.Rename("companies/dubai.hcl", at(t, ix, "companies/dubai.hcl", `"standard"`, 0, 1), "reduced"); err != nil {
		t.Errorf("tax band named like another company's: %v", err)
	}
	if edits, err := ix.Rename("companies/dubai.hcl", off, "acme"); err != nil || len(edits) != 0 {
		t.Errorf("rename to the same name: %v, %v", edits, err)
	}
}
