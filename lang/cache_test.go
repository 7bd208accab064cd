package lang

import (
	"errors"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/zclconf/go-cty/cty"
)

var modelCmp = []cmp.Option{
	cmp.Comparer(func(a, b cty.Value) bool { return a.RawEquals(b) }),
	cmp.Comparer(func(a, b cty.Type) bool { return a.Equals(b) }),
	cmp.Comparer(func(a, b *big.Float) bool { return a.Cmp(b) == 0 }),
	cmpopts.IgnoreFields(File{}, "Src", "Path"),
	cmpopts.EquateEmpty(),
}

// configFiles lists every configuration file of the repository's examples,
// rule fixtures and fuzz seeds.
func configFiles(t *testing.T) []string {
	var out []string
	for _, root := range []string{"../examples", "../testdata"} {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (IsConfigFile(path) || strings.HasSuffix(path, ".seed")) {
				out = append(out, path)
			}
			return nil
		})
	}
	if len(out) < 50 {
		t.Fatalf("only %d config files found", len(out))
	}
	return out
}

// TestCodecRoundTrip: every file of the repository (broken ones included)
// reads back from its cache encoding exactly as it decoded.
func TestCodecRoundTrip(t *testing.T) {
	files := configFiles(t)
	files = append(files, "builtin")
	for _, path := range files {
		var f *File
		if path == "builtin" {
			f = BuiltinCatalogFile()
		} else {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f = ParseFile(filepath.ToSlash(path), src)
		}
		b, err := encodeFile(f)
		if errors.Is(err, errUncacheable) {
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		back, err := decodeFile(f.Name, f.Src, b)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if diff := cmp.Diff(f, back, modelCmp...); diff != "" {
			t.Errorf("%s: round trip differs (-decoded +cached):\n%s", path, diff)
		}
		// Every truncation is refused, never read as a shorter model.
		for _, n := range []int{0, 1, len(b) / 2, len(b) - 1} {
			if _, err := decodeFile(f.Name, f.Src, b[:n]); err == nil {
				t.Errorf("%s: entry truncated to %d of %d bytes was accepted", path, n, len(b))
			}
		}
	}
}
