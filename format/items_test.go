package format

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// FuzzTopLevelItems checks the token-based top-level items against HCL's
// parser on every source that parses. Seeds: the repository's
// configuration files and a few shapes the lexer treats specially.
func FuzzTopLevelItems(f *testing.F) {
	for _, s := range []string{
		"a = 1\nb {\n}\n",
		"a = {\n  x = 1\n}\nb \"l\" { # c\n}\n",
		"b {} # trailing\nc = \"${x}\" # t\n",
		"x = <<EOT\n}\n{\nEOT\ny {\n  z = [\n    1,\n  ]\n}\n",
		"/* a\n*/ b {\n}\n// c\nd = (1 +\n2)\n",
		"b \"x\" \"y\" {\n  c {\n  }\n}\n",
	} {
		f.Add([]byte(s))
	}
	for _, root := range []string{"testdata", "../examples", "../testdata/rules"} {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".hcl") {
				if src, err := os.ReadFile(path); err == nil {
					f.Add(src)
				}
			}
			return nil
		})
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file, diags := hclsyntax.ParseConfig(src, "f.hcl", hcl.InitialPos)
		if diags.HasErrors() {
			return
		}
		body := file.Body.(*hclsyntax.Body)
		var want []topItem
		for _, a := range body.Attributes {
			want = append(want, topItem{a.SrcRange.Start.Line, a.SrcRange.End.Line, false})
		}
		for _, b := range body.Blocks {
			want = append(want, topItem{b.TypeRange.Start.Line, b.CloseBraceRange.End.Line, true})
		}
		slices.SortFunc(want, func(a, b topItem) int { return a.start - b.start })
		toks, _ := hclsyntax.LexConfig(src, "f.hcl", hcl.InitialPos)
		if got := topLevelItems(toks); !slices.Equal(got, want) {
			t.Errorf("got %+v\nwant %+v\nfor %q", got, want, src)
		}
	})
}
