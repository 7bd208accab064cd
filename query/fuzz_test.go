package query

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// FuzzQuery asks every question at every offset of one arbitrary file,
// native or JSON: no answer may panic, and no range may leave its file.
func FuzzQuery(f *testing.F) {
	if raceEnabled {
		f.Skip("every offset: run without -race (make test does)")
	}
	for _, src := range testFiles {
		f.Add(src, false)
	}
	f.Add(testFiles["companies/kids.hcl.json"], true)
	files, _ := canaryFiles()
	for _, src := range files {
		f.Add(src, false)
	}
	f.Add("company \"x\" {\n  integration \"dtcm\" {\n    mode = \"", false)
	f.Add(`{"company": [{"x": {"integration": [{"dtcm": {"mode": "`, true)
	f.Fuzz(func(t *testing.T, src string, isJSON bool) {
		if len(src) > 1000 {
			return
		}
		name := "f.hcl"
		if isJSON {
			name = "f.hcl.json"
		}
		p := lang.Assemble([]*lang.File{lang.ParseFile(name, []byte(src))})
		ix := New(p, checker.Analyze(p))
		inFile := func(what string, rs ...hcl.Range) {
			for _, r := range rs {
				if r.Filename == name && (r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte > r.End.Byte) {
					t.Fatalf("%s: range %v outside the file of %d bytes", what, r, len(src))
				}
			}
		}
		for _, s := range ix.DocumentSymbols(name) {
			inFile("symbol", s.Range, s.SelectionRange)
		}
		for off := 0; off <= len(src); off++ {
			ix.Definition(name, off)
			ix.References(name, off, true)
			if h, ok := ix.Hover(name, off); ok {
				inFile("hover", h.Range)
			}
			if r, _, err := ix.PrepareRename(name, off); err == nil {
				inFile("prepareRename", r)
				edits, err := ix.Rename(name, off, "renamed-"+strings.Repeat("x", off%3))
				if err == nil {
					if _, ok := lang.ApplyEdits([]byte(src), edits); !ok {
						t.Fatalf("rename edits do not apply: %v", edits)
					}
				}
			}
			for _, it := range ix.Complete(name, nil, off) {
				inFile("completion", it.Replace)
			}
		}
	})
}
