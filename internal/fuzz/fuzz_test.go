// Package fuzz holds the native Go fuzz targets that attack tixcfg as a
// whole: loading, checking, rendering, building and formatting arbitrary
// input. Seeds come from testdata/fuzz, the examples and the rule fixtures;
// CI runs each target for a bounded time (make fuzz).
package fuzz

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/lang"
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
		_, again := checkOnce(t, src, jsonSyntax)
		if !bytes.Equal(out, again) {
			t.Fatalf("output differs between two runs on the same input:\n%s\n---\n%s", out, again)
		}
	})
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
