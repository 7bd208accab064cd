// Package fuzz holds the native Go fuzz targets that attack tixcfg as a
// whole: loading, checking, rendering, building and formatting arbitrary
// input. Seeds come from testdata/fuzz, the examples and the rule fixtures;
// CI runs each target for a bounded time (make fuzz).
package fuzz

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/snapshot"
)

// addSeeds adds every config file of the repository's examples, rule
// fixtures and fuzz seeds.
func addSeeds(f *testing.F) {
	for _, root := range []string{"../../testdata/fuzz", "../../testdata/rules", "../../examples"} {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (lang.IsConfigFile(path) || strings.HasSuffix(path, ".seed")) {
				if b, err := os.ReadFile(path); err == nil {
					f.Add(b, strings.HasSuffix(path, ".json"))
				}
			}
			return nil
		})
	}
	addShapeSeeds(f)
}

// addShapeSeeds adds the shapes of input that once crashed, hung or took
// quadratic time, at sizes past each limit but small enough to run as
// tests: runs of unary operators and nested conditionals, number literals
// with huge exponents or too many digits, objects with many keys, long
// labels, many near-miss references, CRLF heredocs and invisible or
// look-alike IDs.
func addShapeSeeds(f *testing.F) {
	company := func(body string) []byte {
		return []byte("reseller \"acme\" {\n}\ncompany \"c\" {\n  reseller = \"acme\"\n" + body + "}\n")
	}
	var keys, typos strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&keys, "k%d = %d, ", i, i)
		if i < 40 { // FuzzExplain explains every company of a seed
			fmt.Fprintf(&typos, "reseller \"reseller-%04d\" {\n}\ncompany \"c%d\" {\n  reseller = \"reseler-%04d\"\n}\n", i, i, i)
		}
	}
	long := strings.Repeat("x", 5000)
	for _, src := range [][]byte{
		company("  name = " + strings.Repeat("!", 2000) + "true\n"),
		company("  name = " + strings.Repeat("-", 2000) + "1\n"),
		company("  name = " + strings.Repeat("a ? b : ", 1000) + "c\n"),
		company("  name = " + strings.Repeat("!(", 300) + "x" + strings.Repeat(")", 300) + "\n"),
		company("  tax_band \"t\" {\n    rate = 1e-999999\n  }\n  integration \"refund_protect_group\" {\n    minimum_order_value = { AED = 1e-40000, USD = 1e99999999 }\n    deadline_hours = 1e999999\n  }\n"),
		company("  tax_band \"t\" {\n    rate = " + strings.Repeat("1", 5000) + "." + strings.Repeat("0", 5000) + "1\n  }\n"),
		company("  name = { " + keys.String() + "k7 = 1 }\n"),
		[]byte("reseller \"" + long + "a\" {\n}\ncompany \"c\" {\n  reseller = \"" + long + "b\"\n}\n"),
		[]byte(typos.String()),
		[]byte(strings.ReplaceAll(string(company("  name = <<EOT\nDubai\nLive\nEOT\n")), "\n", "\r\n")),
		[]byte("reseller \"acme\\u200b\" {\n}\nreseller \"\u0430cme\" {\n}\nreseller \"acme\" {\n  name = \"a\\u0000b\"\n}\n"),
	} {
		f.Add(src, false)
	}
	for _, src := range []string{
		`{"company": {"c": {"reseller": "a", "name": "${1e-999999}", "tax_band": {"t": {"rate": 1e999999}}}}}`,
		`{"reseller": {"acme\u200d": {"name": "a\u0000"}, "\u0430cme": {}, "acme": {}}}`,
	} {
		f.Add([]byte(src), true)
	}
}

// checkOnce loads one file's contents as a whole portfolio, checks it and
// renders the diagnostics in text and JSON.
func checkOnce(t *testing.T, src []byte, jsonSyntax bool) ([]lang.Diagnostic, []byte) {
	name := "main.hcl"
	if jsonSyntax {
		name = "main.hcl.json"
	}
	p := lang.Assemble([]*lang.File{lang.ParseFile(name, src)})
	res := checker.Run(p, checker.Options{})
	var out bytes.Buffer
	if err := emit.WriteText(&out, res.Diagnostics, p, emit.TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := emit.WriteJSON(&out, res.Diagnostics, p); err != nil {
		t.Fatal(err)
	}
	return res.Diagnostics, out.Bytes()
}

// FuzzCheck: no panic, no hang, every range inside the file, and the same
// input always gives the same output.
func FuzzCheck(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte, jsonSyntax bool) {
		diags, out := checkOnce(t, src, jsonSyntax)
		for _, d := range diags {
			inFile(t, src, d.Subject, d)
			for _, r := range d.Related {
				if r.Range.Filename != lang.BuiltinCatalogName {
					inFile(t, src, r.Range, d)
				}
			}
		}
		checkFixes(t, src, jsonSyntax, diags)
		_, again := checkOnce(t, src, jsonSyntax)
		if !bytes.Equal(out, again) {
			t.Fatalf("output differs between two runs on the same input:\n%s\n---\n%s", out, again)
		}
	})
}

// checkFixes: every fix edits inside the file, its edits do not overlap,
// and applied alone it leaves a file that still parses.
func checkFixes(t *testing.T, src []byte, jsonSyntax bool, diags []lang.Diagnostic) {
	t.Helper()
	for _, d := range diags {
		if len(d.Fixes) > 0 && jsonSyntax {
			t.Fatalf("a fix of a JSON-syntax file, which fixes never edit: %q [%s]", d.Fixes[0].Message, d.Rule)
		}
	}
	if jsonSyntax || lang.ParseFile("main.hcl", src).ParseFailed {
		return
	}
	for _, d := range diags {
		for _, fx := range d.Fixes {
			es := slices.Clone(fx.Edits)
			for _, e := range es {
				inFile(t, src, e.Range, d)
			}
			lang.SortEdits(es)
			out, ok := lang.ApplyEdits(src, es)
			if !ok {
				t.Fatalf("fix %q of %s: its edits overlap", fx.Message, d.Rule)
			}
			if f := lang.ParseFile("main.hcl", out); f.ParseFailed {
				t.Fatalf("fix %q of %s leaves a file that does not parse:\n%s", fx.Message, d.Rule, out)
			}
		}
	}
}

func inFile(t *testing.T, src []byte, rng hcl.Range, d lang.Diagnostic) {
	t.Helper()
	if rng.Filename == "" {
		t.Fatalf("diagnostic without a file: %+v", d)
	}
	if rng.Start.Line < 1 || rng.Start.Column < 1 || rng.Start.Byte < 0 || rng.End.Byte > len(src) || rng.Start.Byte > rng.End.Byte {
		t.Fatalf("range %v (bytes %d-%d) outside the %d-byte file: %s [%s]", rng, rng.Start.Byte, rng.End.Byte, len(src), d.Summary, d.Rule)
	}
}

// examplePortfolio is examples/portfolio's files, the valid base FuzzBuild
// adds its input to.
func examplePortfolio(f *testing.F) []*lang.File {
	names, err := lang.Discover([]string{"../../examples/portfolio"})
	if err != nil {
		f.Fatal(err)
	}
	files, err := lang.LoadFiles(names, lang.Options{})
	if err != nil {
		f.Fatal(err)
	}
	return files
}

// FuzzBuild: a valid-ish portfolio (the example plus one arbitrary file,
// mostly a mutation of a real one) compiles to the same bytes every time,
// whatever the order its files come in; and when it does not compile, it
// fails the same way.
func FuzzBuild(f *testing.F) {
	addSeeds(f)
	base := examplePortfolio(f)
	f.Fuzz(func(t *testing.T, src []byte, jsonSyntax bool) {
		name := "fuzz.hcl"
		if jsonSyntax {
			name = "fuzz.hcl.json"
		}
		build := func(files []*lang.File) string {
			p := lang.Assemble(files)
			res := checker.Run(p, checker.Options{})
			var out bytes.Buffer
			if err := emit.WriteJSON(&out, res.Diagnostics, p); err != nil {
				t.Fatal(err)
			}
			for _, d := range res.Diagnostics {
				if d.Severity == lang.Error {
					return out.String() // build writes nothing
				}
			}
			data, _, err := snapshot.Compile(p, res, snapshot.Options{ToolVersion: "fuzz"})
			var refused *snapshot.RefusedError
			if err != nil && !errors.As(err, &refused) {
				t.Fatalf("the rules pass, but the builder fails: %v", err)
			}
			if err != nil {
				return out.String() + "build: " + err.Error()
			}
			// The schema describes what build writes, exactly.
			if _, err := snapshot.Load(data, p.Catalog); err != nil {
				t.Fatalf("build wrote a snapshot that its catalog's schema refuses:\n%v", err)
			}
			return out.String() + string(data)
		}
		files := func(reverse bool) []*lang.File {
			out := append(slices.Clone(base), lang.ParseFile(name, src))
			if reverse {
				slices.Reverse(out)
			}
			return out
		}
		first := build(files(false))
		if again := build(files(true)); again != first {
			t.Fatalf("the same portfolio built differently:\n%s\n---\n%s", first, again)
		}
	})
}

// explainAll explains every company declaration of one file's portfolio,
// for the whole catalog and for each integration type alone, in text and
// JSON, checking that every step points inside the file.
func explainAll(t *testing.T, src []byte, jsonSyntax bool) []byte {
	name := "main.hcl"
	if jsonSyntax {
		name = "main.hcl.json"
	}
	p := lang.Assemble([]*lang.File{lang.ParseFile(name, src)})
	a := checker.Run(p, checker.Options{}).Analysis
	var out bytes.Buffer
	for _, c := range p.Companies {
		cs := a.Of(c)
		onlys := [][]string{nil}
		for _, typ := range p.Catalog.Types {
			onlys = append(onlys, []string{typ.ID})
			s := cs.Integration(typ.ID)
			emit.ExplainStatus(s)
			for _, st := range s.Steps() {
				if st.Where.Filename != "" && st.Where.Filename != lang.BuiltinCatalogName {
					inFile(t, src, st.Where, lang.Diagnostic{Summary: st.Message(), Rule: "explain " + c.ID + " " + typ.ID})
				}
			}
		}
		for _, only := range onlys {
			if err := emit.WriteExplainText(&out, cs, only); err != nil {
				t.Fatal(err)
			}
			if err := emit.WriteExplainJSON(&out, cs, only); err != nil {
				t.Fatal(err)
			}
		}
	}
	return out.Bytes()
}

// FuzzExplain: explain never panics on any company of any portfolio, for
// any integration, points only inside the file, and says the same twice.
func FuzzExplain(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte, jsonSyntax bool) {
		out := explainAll(t, src, jsonSyntax)
		if again := explainAll(t, src, jsonSyntax); !bytes.Equal(out, again) {
			t.Fatalf("explain differs between two runs on the same input")
		}
	})
}

// FuzzCatalog: the effective catalog of any portfolio prints, in text and
// JSON, without a panic and the same every time.
func FuzzCatalog(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte, jsonSyntax bool) {
		name := "main.hcl"
		if jsonSyntax {
			name = "main.hcl.json"
		}
		render := func() []byte {
			cat := lang.Assemble([]*lang.File{lang.ParseFile(name, src)}).Catalog
			var out bytes.Buffer
			if err := emit.WriteCatalogText(&out, cat); err != nil {
				t.Fatal(err)
			}
			if err := emit.WriteCatalogJSON(&out, cat); err != nil {
				t.Fatal(err)
			}
			return out.Bytes()
		}
		if out, again := render(), render(); !bytes.Equal(out, again) {
			t.Fatalf("the catalog differs between two runs on the same input")
		}
	})
}
