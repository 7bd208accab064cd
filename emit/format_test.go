package emit

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// brokenPortfolio has one finding of several kinds: a syntax error, a
// duplicate with a related location, unknown references (one after an
// emoji, where HCL's and SARIF's columns differ), a literal secret
// (a warning) and a clean file.
var brokenPortfolio = map[string]string{
	"resellers.hcl": `reseller "acme" {
  name          = "Acme Tickets"
  feature_flags = ["dtcm"]
  integration "vatstack" {
    secret_key = "sk_live_fixture_9f8e7d"
  }
}
`,
	"broken.hcl": `company "broken" {
  reseller = "acme"
`,
	"companies/dubai.hcl": `company "dubai-live" {
  reseller      = "acmee"
  feature_flags = ["dtcm"]
}

company "dubai-live" {
  reseller = "acme"
}
`,
	"companies/cairo.hcl": `company "cairo" {
  reseller    = "acme"
  permissions = ["🎫", "manage_integration"]
}
`,
	"clean.hcl": `company "alexandria" {
  reseller = "acme"
}
`,
}

// secretValue is the literal in brokenPortfolio that no output may show.
const secretValue = "sk_live_fixture_9f8e7d"

// checked loads files into a temporary folder and checks them, with
// display names relative to that folder.
func checked(t *testing.T, files map[string]string) (*lang.Portfolio, []lang.Diagnostic) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := lang.Load([]string{dir}, lang.Options{WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return p, checker.Run(p, checker.Options{}).Diagnostics
}

func metaOf(p *lang.Portfolio) Meta {
	m := Meta{Version: "1.2.3"}
	for _, f := range p.Files {
		m.Files = append(m.Files, f.Name)
	}
	return m
}

func render(t *testing.T, format string, diags []lang.Diagnostic, src Sources, meta Meta) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, format, diags, src, meta); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return buf.String()
}

// memSources serves hand-made sources for diagnostics built in a test.
type memSources map[string]string

func (m memSources) Source(name string) []byte {
	if s, ok := m[name]; ok {
		return []byte(s)
	}
	return nil
}
func (memSources) Masks(string) []hcl.Range { return nil }

func rng(file string, l1, c1, b1, l2, c2, b2 int) hcl.Range {
	return hcl.Range{Filename: file, Start: hcl.Pos{Line: l1, Column: c1, Byte: b1}, End: hcl.Pos{Line: l2, Column: c2, Byte: b2}}
}

func TestFormats(t *testing.T) {
	want := []string{"text", "json", "compact", "sarif", "github", "junit", "checkstyle"}
	if got := Formats(); !slices.Equal(got, want) {
		t.Fatalf("Formats() = %v, want %v", got, want)
	}
	if err := Write(&bytes.Buffer{}, "xml", nil, memSources{}, Meta{}); err == nil || !strings.Contains(err.Error(), "checkstyle") {
		t.Fatalf("Write(xml) = %v, want an error listing the formats", err)
	}
}

// TestFormatsDeterministic renders every format twice from two loads and
// wants the same bytes: no map order, no time, no absolute path.
func TestFormatsDeterministic(t *testing.T) {
	p1, d1 := checked(t, brokenPortfolio)
	p2, d2 := checked(t, brokenPortfolio)
	for _, f := range Formats() {
		if a, b := render(t, f, d1, p1, metaOf(p1)), render(t, f, d2, p2, metaOf(p2)); a != b {
			t.Errorf("%s differs between two runs:\n%s\n---\n%s", f, a, b)
		}
	}
}

// TestNoSecretInAnyFormat: a literal secret is reported (credential-literal)
// but its value appears in no format, including those that show source.
func TestNoSecretInAnyFormat(t *testing.T) {
	p, diags := checked(t, brokenPortfolio)
	if !slices.ContainsFunc(diags, func(d lang.Diagnostic) bool { return d.Rule == "credential-literal" }) {
		t.Fatal("fixture should fire credential-literal")
	}
	for _, f := range Formats() {
		if out := render(t, f, diags, p, metaOf(p)); strings.Contains(out, secretValue) {
			t.Errorf("%s output shows the secret value", f)
		}
	}
}

func TestCompact(t *testing.T) {
	p, diags := checked(t, brokenPortfolio)
	got := render(t, FormatCompact, diags, p, metaOf(p))
	want := `broken.hcl:1:18: error: Unclosed configuration block [syntax]
companies/cairo.hcl:3:18: error: Unknown permission "🎫" [unknown-reference]
companies/cairo.hcl:3:23: error: Unknown permission "manage_integration" [unknown-reference]
companies/dubai.hcl:2:19: error: Unknown reseller "acmee" [unknown-reference]
companies/dubai.hcl:6:9: error: Duplicate company "dubai-live" [duplicate]
resellers.hcl:5:18: warning: Secret "secret_key" written as a literal [credential-literal]
`
	if got != want {
		t.Errorf("compact:\n%s\nwant:\n%s", got, want)
	}
	// One line each, whatever the message holds; no location without a file.
	got = render(t, FormatCompact, []lang.Diagnostic{{Rule: "schema", Severity: lang.Info, Summary: "two\nlines"}}, memSources{}, Meta{})
	if want := "info: two lines [schema]\n"; got != want {
		t.Errorf("compact without a file = %q, want %q", got, want)
	}
}

func TestTextEndsWithSummary(t *testing.T) {
	p, diags := checked(t, brokenPortfolio)
	out := render(t, FormatText, diags, p, metaOf(p))
	if !strings.HasSuffix(out, "\nFound 5 errors, 1 warning in 5 files.\n") {
		t.Errorf("text output does not end with the summary:\n%s", out)
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("text output has colour without Meta.Color")
	}
}

func TestUTF16Column(t *testing.T) {
	src := []byte("ab\n\"🎫\", x é\n")
	for _, c := range []struct {
		byte, want int
	}{{0, 1}, {2, 3}, {3, 1}, {9, 5}, {11, 7}, {12, 8}, {15, 10}} {
		if got := newLineIndex(src).utf16Column(hcl.Pos{Byte: c.byte}); got != c.want {
			t.Errorf("utf16Column(byte %d) = %d, want %d", c.byte, got, c.want)
		}
	}
	// Without the source, HCL's column stands.
	var none *lineIndex
	if got := none.utf16Column(hcl.Pos{Line: 2, Column: 5, Byte: 99}); got != 5 {
		t.Errorf("utf16Column without source = %d, want 5", got)
	}
}
