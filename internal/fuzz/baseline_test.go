package fuzz

import (
	"slices"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// FuzzBaseline holds baselines to their promise on arbitrary input: the
// findings of a file moved to another folder below new lines match the
// baseline of where it was (all but those placed by the file's name), a
// baseline reads back as written, and any bytes given as a baseline file
// are read or refused, never a panic.
func FuzzBaseline(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte, jsonSyntax bool) {
		ext := ".hcl"
		if jsonSyntax {
			ext = ".hcl.json"
		}
		run := func(name string, src []byte) ([]lang.Diagnostic, *checker.Places) {
			p := lang.Assemble([]*lang.File{lang.ParseFile(name, src)})
			return checker.Run(p, checker.Options{}).Diagnostics, checker.NewPlaces(p)
		}
		diags, pl := run("a"+ext, src)
		base := checker.NewBaseline(diags, pl)
		data := base.Marshal()
		back, err := checker.ReadBaseline("b.json", data)
		if err != nil {
			t.Fatalf("a baseline as written does not read back: %v\n%s", err, data)
		}
		if !slices.EqualFunc(back.Findings, base.Findings, func(a, b checker.BaselineEntry) bool {
			return a.Rule == b.Rule && a.Place == b.Place && a.Message == b.Message && a.Count == b.Count
		}) {
			t.Fatalf("read back %+v, wrote %+v", back.Findings, base.Findings)
		}
		for _, e := range base.Findings {
			if e.Place == "" || strings.Contains(e.Place, "\n") {
				t.Fatalf("place %q of %s", e.Place, e.Rule)
			}
		}

		// Leading blank lines change no meaning in either syntax, except
		// before a byte-order mark, which must start the file.
		if !strings.HasPrefix(string(src), "\xef\xbb\xbf") {
			moved := append([]byte("\n\n"), src...)
			diags, pl := run("elsewhere/b"+ext, moved)
			c := checker.Compare(base, diags, pl)
			for _, d := range c.New {
				if p := pl.Of(d); !strings.HasPrefix(p, "file/") {
					t.Errorf("moved, %s %q at %s is new", d.Rule, d.Summary, p)
				}
			}
			for _, e := range c.Stale {
				if !strings.HasPrefix(e.Place, "file/") {
					t.Errorf("moved, the entry %s %q at %s is stale", e.Rule, e.Message, e.Place)
				}
			}
		}

		// The input itself as a baseline file.
		if b, err := checker.ReadBaseline("fuzz.json", src); err == nil {
			for _, e := range b.Findings {
				if e.Range.Start.Byte < 0 || e.Range.End.Byte > len(src) || e.Range.Start.Line < 1 {
					t.Fatalf("entry range %v outside the %d-byte file", e.Range, len(src))
				}
			}
			checker.Compare(b, diags, pl).StaleDiagnostics(checker.Options{})
		} else if !strings.HasPrefix(err.Error(), "fuzz.json:") {
			t.Fatalf("an error that does not name the file and line: %v", err)
		}
	})
}
