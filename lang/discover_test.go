package lang

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestDiscoverByIdentity: a folder given twice (as written and absolute,
// or through a link to it) and a file reached through a link count once,
// by the first path in argument order.
func TestDiscoverByIdentity(t *testing.T) {
	root := t.TempDir()
	t.Chdir(root)
	for _, name := range []string{"p/a.hcl", "p/sub/b.hcl"} {
		os.MkdirAll(filepath.Dir(name), 0o755)
		if err := os.WriteFile(name, []byte(testSrc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("p", "link"); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a.hcl", "p/z-alias.hcl"); err != nil {
		t.Fatal(err)
	}
	abs := filepath.Join(root, "p")
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"p", abs}, []string{"p/a.hcl", "p/sub/b.hcl"}},
		{[]string{abs, "p"}, []string{abs + "/a.hcl", abs + "/sub/b.hcl"}},
		{[]string{"link/", "p/sub"}, []string{"link/a.hcl", "link/sub/b.hcl"}},
		{[]string{"p/sub/b.hcl", "p"}, []string{"p/a.hcl", "p/sub/b.hcl"}},
		{[]string{"p/z-alias.hcl", "p"}, []string{"p/sub/b.hcl", "p/z-alias.hcl"}},
	} {
		got, err := Discover(c.args)
		if err != nil {
			t.Fatal(err)
		}
		for i := range got {
			got[i] = filepath.ToSlash(got[i])
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("Discover(%q) = %q, want %q", c.args, got, c.want)
		}
	}
}
