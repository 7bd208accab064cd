package format_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/format"
	"github.com/tixcfg/tixcfg/lang"
)

const canary = "CANARY-7f3a9c"

// TestMaskHidesSecrets masks a file with literal secrets on one line and
// in a heredoc: no canary survives, quotes and line count do, and values
// that are not secret are left alone.
func TestMaskHidesSecrets(t *testing.T) {
	src := []byte(`reseller "acme" {
  integration "misr_sms" {
    api_key     = "` + canary + `-1"
    sender_name = "ACME"
  }
  integration "apple_login" {
    client_id      = "com.acme.tickets"
    private_key    = <<EOT
` + canary + `-2
` + canary + `-3
EOT
    private_key_id = "KEY123"
    team_id        = "TEAM123"
  }
}
`)
	p := lang.Assemble([]*lang.File{lang.ParseFile("r.hcl", src)})
	got := string(format.Mask(src, p.Masks("r.hcl")))
	if strings.Contains(got, "CANARY") {
		t.Errorf("a secret shows:\n%s", got)
	}
	for _, want := range []string{`api_key     = "****"`, `sender_name = "ACME"`, `private_key_id = "KEY123"`} {
		if !strings.Contains(got, want) {
			t.Errorf("masked text lacks %q:\n%s", want, got)
		}
	}
	if n, m := bytes.Count(src, []byte("\n")), strings.Count(got, "\n"); n != m {
		t.Errorf("masking changed the line count from %d to %d:\n%s", n, m, got)
	}
}

// TestMaskOverlapping merges ranges that overlap, whatever their order,
// so that no tail of a secret escapes.
func TestMaskOverlapping(t *testing.T) {
	src := []byte("a = \"0123456789\"\n")
	r := func(s, e int) hcl.Range { return hcl.Range{Start: hcl.Pos{Byte: s}, End: hcl.Pos{Byte: e}} }
	got := string(format.Mask(src, []hcl.Range{r(6, 9), r(4, 16), r(8, 12)}))
	if want := "a = \"****\"\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got = string(format.Mask(src, []hcl.Range{r(5, 9), r(8, 14)}))
	if want := "a = \"****9\"\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestSecretRangesUndecoded: a block under a misspelt type is not decoded,
// so the portfolio knows no secret in it; the lexical safety net hides
// every value inside its integration blocks, and only those.
func TestSecretRangesUndecoded(t *testing.T) {
	src := []byte("compnay \"c\" {\n  name = \"plain\"\n  integration \"vatstack\" {\n    secret_key = \"" + canary + "\"\n    pin = \"" + canary + "\"\n  }\n}\n")
	p := lang.Assemble([]*lang.File{lang.ParseFile("c.hcl", src)})
	got := string(format.Mask(src, format.SecretRanges(p, "c.hcl", src)))
	if strings.Contains(got, "CANARY") || !strings.Contains(got, `name = "plain"`) {
		t.Errorf("masked:\n%s", got)
	}
}

func TestDiff(t *testing.T) {
	if d, err := format.Diff("a.hcl", []byte("x\n"), []byte("x\n")); err != nil || d != "" {
		t.Errorf("equal texts: got %q, %v", d, err)
	}
	d, err := format.Diff("dir/a.hcl", []byte("a {\nb=1\n}"), []byte("a {\n  b = 1\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := `--- a/dir/a.hcl
+++ b/dir/a.hcl
@@ -1,3 +1,3 @@
 a {
-b=1
-}
\ No newline at end of file
+  b = 1
+}
`
	if d != want {
		t.Errorf("got:\n%s\nwant:\n%s", d, want)
	}
}

// TestDiffAppliesWithGit: the diff is a patch git accepts, with or without
// final line breaks, for changes at the start, middle and end.
func TestDiffAppliesWithGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	var long strings.Builder
	for i := range 500 {
		fmt.Fprintf(&long, "line %d\n", i)
	}
	l := long.String()
	cases := [][2]string{
		{"a {\nb=1\n}", "a {\n  b = 1\n}\n"},
		{"a\n", "a"},
		{l, strings.Replace(strings.Replace(l, "line 0\n", "first\n", 1), "line 250\n", "middle\nadded\n", 1) + "last"},
		{"", "new\n"},
	}
	for i, c := range cases {
		dir := t.TempDir()
		name := "dir/f.hcl"
		os.MkdirAll(filepath.Join(dir, "dir"), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte(c[0]), 0o644)
		d, err := format.Diff(name, []byte(c[0]), []byte(c[1]))
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("git", "apply", "-")
		cmd.Dir, cmd.Stdin = dir, strings.NewReader(d)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("case %d: git apply: %v\n%s\n%s", i, err, out, d)
			continue
		}
		if got, _ := os.ReadFile(filepath.Join(dir, name)); string(got) != c[1] {
			t.Errorf("case %d: patched file is %q, want %q", i, got, c[1])
		}
	}
}
