package format_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/hashicorp/hcl/v2"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/zclconf/go-cty/cty"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/format"
	"github.com/tixcfg/tixcfg/lang"
	snap "github.com/tixcfg/tixcfg/snapshot"
)

func TestSourceLayout(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{
			name: "aligns and indents",
			in:   "reseller \"acme\" {\nname=\"Acme\"\n    feature_flags   =  [\"dtcm\"]\n}\n",
			want: "reseller \"acme\" {\n  name          = \"Acme\"\n  feature_flags = [\"dtcm\"]\n}\n",
		},
		{
			name: "one blank line between top-level blocks, comments stay with their block",
			in:   "reseller \"a\" {\n}\n# about b\ncompany \"b\" {\n  reseller = \"a\"\n}\n\n\n\ncompany \"c\" {\n  reseller = \"a\"\n}\n",
			want: "reseller \"a\" {\n}\n\n# about b\ncompany \"b\" {\n  reseller = \"a\"\n}\n\ncompany \"c\" {\n  reseller = \"a\"\n}\n",
		},
		{
			name: "no blank lines at the ends of the file or of a block, a final line break",
			in:   "\n\n\nreseller \"a\" {\n\n  name = \"A\"\n\n\n  feature_flags = []\n\n}\n\n\n",
			want: "reseller \"a\" {\n  name = \"A\"\n\n  feature_flags = []\n}\n",
		},
		{
			name: "final line break added",
			in:   "reseller \"a\" {}",
			want: "reseller \"a\" {}\n",
		},
		{
			name: "a standalone comment keeps its distance from the line below",
			in:   "reseller \"a\" {\n  name = \"A\"\n  # tixcfg:ignore credential-literal -- stale\n\n}\n",
			want: "reseller \"a\" {\n  name = \"A\"\n  # tixcfg:ignore credential-literal -- stale\n\n}\n",
		},
		{
			name: "heredoc content is left as it is",
			in:   "reseller \"a\" {\nname = <<EOT\n\n   two  =  spaced\n\n\nEOT\n}\n",
			want: "reseller \"a\" {\n  name = <<EOT\n\n   two  =  spaced\n\n\nEOT\n}\n",
		},
		{
			name: "CRLF line breaks are kept",
			in:   "reseller \"a\" {\r\nname=\"A\"\r\n}\r\ncompany \"b\" {\r\nreseller=\"a\"\r\n}",
			want: "reseller \"a\" {\r\n  name = \"A\"\r\n}\r\n\r\ncompany \"b\" {\r\n  reseller = \"a\"\r\n}\r\n",
		},
		{
			name: "a byte-order mark is kept",
			in:   "\uFEFFreseller \"a\" {\nname=\"A\"\n}\n",
			want: "\uFEFFreseller \"a\" {\n  name = \"A\"\n}\n",
		},
		{name: "empty file", in: "", want: ""},
		{name: "only blank lines", in: "\n\n \n", want: ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, diags := format.Source("t.hcl", []byte(tc.in))
			if len(diags) > 0 {
				t.Fatalf("diagnostics: %v", diags)
			}
			if string(got) != tc.want {
				t.Errorf("got:\n%q\nwant:\n%q", got, tc.want)
			}
		})
	}
}

func TestSourceDoesNotParse(t *testing.T) {
	src := []byte("reseller \"acme\" {\n  name = \"Acme\"\n")
	got, diags := format.Source("broken.hcl", src)
	if got != nil {
		t.Errorf("formatted a file that does not parse: %q", got)
	}
	if len(diags) == 0 {
		t.Fatal("no diagnostics")
	}
	for _, d := range checker.Resolve(diags) {
		if d.Rule != "syntax" || d.Severity != lang.Error || d.Subject.Filename != "broken.hcl" || d.Subject.Start.Line != 1 {
			t.Errorf("diagnostic %+v: want a syntax error positioned in broken.hcl line 1", d)
		}
	}
	if _, diags := format.Source("bin.hcl", []byte("reseller \"a\" {}\n\xff\xfe\n")); len(diags) != 1 || diags[0].Subject.Start.Line != 2 {
		t.Errorf("invalid UTF-8: got %v, want one diagnostic on line 2", diags)
	}
}

// TestSuppressionSurvives formats a file whose findings are suppressed by
// ignore comments, standalone and trailing, and checks that they are
// still suppressed, and that the blank line that makes one ignore apply
// to nothing is still there.
func TestSuppressionSurvives(t *testing.T) {
	src := []byte(`reseller "acme" {
name = "Acme"
  integration "vatstack" {


    # tixcfg:ignore credential-literal -- sandbox key from the VATstack docs
      secret_key   =   "sk_test_public_sandbox"
  }
}
company "c" {
reseller="acme"
permissions=["manage_integrations"]
  integration "vatstack"   {
  }
}
reseller "beta" {
  integration "google_maps" {
      api_key = "AIza-public-demo" # tixcfg:ignore credential-literal -- demo key
  }
  integration "what3words" {
    # tixcfg:ignore credential-literal -- kept apart by a blank line: applies to nothing

    api_key = "w3w-literal"
  }
}
`)
	out, diags := format.Source("s.hcl", src)
	if diags != nil {
		t.Fatal(diags)
	}
	if bytes.Equal(out, src) {
		t.Fatal("the fixture is already formatted; it tests nothing")
	}
	for _, s := range [][]byte{src, out} {
		p := lang.Assemble([]*lang.File{lang.ParseFile("s.hcl", s)})
		var got []string
		for _, d := range checker.Run(p, checker.Options{}).Diagnostics {
			if d.Rule == "credential-literal" || d.Rule == "unused-ignore" {
				got = append(got, d.Rule+" "+lineText(s, d.Subject.Start.Line))
			}
		}
		want := []string{
			`unused-ignore # tixcfg:ignore credential-literal -- kept apart by a blank line: applies to nothing`,
			`credential-literal api_key = "w3w-literal"`,
		}
		if !slices.Equal(got, want) {
			t.Errorf("findings in\n%s\ngot  %q\nwant %q", s, got, want)
		}
	}
}

func lineText(src []byte, line int) string {
	lines := strings.Split(string(src), "\n")
	if line < 1 || line > len(lines) {
		return ""
	}
	return strings.TrimSpace(lines[line-1])
}

// TestMeaningPreserved formats every configuration file the repository
// holds (examples, rule fixtures, CLI scripts, the rules' documented
// examples, this package's own corpus) and checks, portfolio by portfolio,
// that the formatted files decode to the same model, check to the same
// findings and compile to the same snapshot, that suppression comments
// still aim at the same line, and that formatting the result changes
// nothing.
func TestMeaningPreserved(t *testing.T) {
	cases := corpus(t)
	if len(cases) < 10 {
		t.Fatalf("only %d portfolios found: is the corpus missing?", len(cases))
	}
	// A file decodes alone, whatever portfolio it is part of: each is
	// formatted and its model compared once, then each portfolio's
	// findings and snapshot.
	done := map[string]filePair{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var before, after []*lang.File
			for _, f := range c.files {
				key := f.name + "\x00" + string(f.src)
				p, ok := done[key]
				if !ok {
					p = formatPair(t, f)
					done[key] = p
				}
				before, after = append(before, p.before), append(after, p.after)
			}
			compareFindings(t, before, after)
		})
	}
}

// filePair is a file decoded before and after formatting.
type filePair struct{ before, after *lang.File }

// formatPair formats one file, checks that formatting it again changes
// nothing and that its model is the same, and returns both decodings.
func formatPair(t *testing.T, f corpusFile) (p filePair) {
	t.Helper()
	p.before = lang.ParseFile(f.name, f.src)
	res := format.File(p.before)
	if res.Formatted == nil {
		p.after = p.before
		return p
	}
	again, diags := format.Source(f.name, res.Formatted)
	if diags != nil || !bytes.Equal(again, res.Formatted) {
		t.Errorf("%s: formatting is not idempotent:\n%s", f.name, mustDiff(t, f.name, res.Formatted, again))
	}
	p.after = lang.ParseFile(f.name, res.Formatted)
	compareModels(t, p.before, p.after)
	return p
}

// FuzzSource checks on arbitrary input what TestMeaningPreserved checks on
// the corpus: formatting never breaks a file, never changes its model and
// is idempotent.
func FuzzSource(f *testing.F) {
	// The seeds are this package's corpus; TestMeaningPreserved covers the
	// repository's files.
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.hcl"))
	for _, path := range seeds {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		out, diags := format.Source("f.hcl", src)
		if diags != nil {
			if out != nil {
				t.Fatal("formatted a file that does not parse")
			}
			return
		}
		again, diags := format.Source("f.hcl", out)
		if diags != nil {
			t.Fatalf("formatted output does not parse: %v\n%q", diags, out)
		}
		if !bytes.Equal(again, out) {
			t.Fatalf("not idempotent:\n%q\n%q", out, again)
		}
		before, after := lang.ParseFile("f.hcl", src), lang.ParseFile("f.hcl", out)
		compareModels(t, before, after)
		compareFindings(t, []*lang.File{before}, []*lang.File{after})
	})
}

func mustDiff(t testing.TB, name string, a, b []byte) string {
	d, err := format.Diff(name, a, b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

type corpusFile struct {
	name string
	src  []byte
}

type corpusCase struct {
	name  string
	files []corpusFile
}

// corpus gathers portfolios: every file on its own, every folder with all
// the files below it (so that findings across files are compared too),
// each CLI script's files, and each rule's documented examples.
func corpus(t testing.TB) []corpusCase {
	var cases []corpusCase
	for _, root := range []string{"testdata", "../examples", "../testdata"} {
		byDir := map[string][]corpusFile{}
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !lang.IsConfigFile(path) {
				if strings.HasSuffix(path, ".txtar") {
					cases = append(cases, txtarCase(t, path))
				}
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			cf := corpusFile{name: filepath.ToSlash(rel), src: src}
			cases = append(cases, corpusCase{name: filepath.ToSlash(path), files: []corpusFile{cf}})
			// Every folder below the root is a portfolio of all the files
			// below it.
			for dir := filepath.Dir(path); dir != root && dir != "." && dir != "/"; dir = filepath.Dir(dir) {
				byDir[dir] = append(byDir[dir], cf)
			}
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		for _, dir := range slices.Sorted(func(yield func(string) bool) {
			for k := range byDir {
				if !yield(k) {
					return
				}
			}
		}) {
			if len(byDir[dir]) > 1 {
				cases = append(cases, corpusCase{name: filepath.ToSlash(dir) + "/", files: byDir[dir]})
			}
		}
	}
	for _, r := range checker.Rules() {
		for i, src := range []string{r.Bad, r.Good} {
			if src != "" {
				cases = append(cases, corpusCase{name: fmt.Sprintf("rule/%s/%d", r.ID, i), files: []corpusFile{{name: r.ID + ".hcl", src: []byte(src)}}})
			}
		}
	}
	cases = append(cases, corpusCase{name: "builtin-catalog", files: []corpusFile{{name: "catalog.hcl", src: lang.BuiltinCatalogSource()}}})
	return cases
}

func txtarCase(t testing.TB, path string) corpusCase {
	a, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c := corpusCase{name: filepath.ToSlash(path)}
	for _, f := range a.Files {
		if lang.IsConfigFile(f.Name) {
			c.files = append(c.files, corpusFile{name: f.Name, src: f.Data})
		}
	}
	return c
}

// modelOptions compare decoded models while ignoring where things sit:
// formatting moves text, never meaning.
var modelOptions = cmp.Options{
	cmpopts.IgnoreTypes(hcl.Range{}),
	cmpopts.IgnoreFields(lang.File{}, "Src"),
	// Lines move; ignoreTargets checks that each ignore still aims at
	// the same code.
	cmpopts.IgnoreFields(lang.Ignore{}, "Line", "LastLine"),
	cmpopts.IgnoreFields(lang.Diagnostic{}, "Detail"),
	cmp.Comparer(func(a, b cty.Value) bool {
		if a.Type() == cty.NilType || b.Type() == cty.NilType {
			return a.Type() == cty.NilType && b.Type() == cty.NilType
		}
		return a.RawEquals(b)
	}),
	cmp.Comparer(func(a, b cty.Type) bool {
		if a == cty.NilType || b == cty.NilType {
			return a == cty.NilType && b == cty.NilType
		}
		return a.Equals(b)
	}),
}

// compareModels checks that a file decodes to the same model, with its
// suppression comments aimed at the same code, before and after.
func compareModels(t *testing.T, before, after *lang.File) {
	t.Helper()
	if d := cmp.Diff(before, after, modelOptions); d != "" {
		t.Errorf("%s: the model changed (-before +after):\n%s", before.Name, d)
	}
	if b, a := ignoreTargets(before), ignoreTargets(after); !slices.Equal(b, a) {
		t.Errorf("%s: ignore comments aim elsewhere:\nbefore %q\nafter  %q", before.Name, b, a)
	}
}

// compareFindings checks that a portfolio checks to the same findings and
// compiles to the same snapshot before and after.
func compareFindings(t *testing.T, before, after []*lang.File) {
	t.Helper()
	b, a := findings(before), findings(after)
	if d := cmp.Diff(b, a); d != "" {
		t.Errorf("the findings changed (-before +after):\n%s", d)
	}
	sb, errB := snapshot(before)
	sa, errA := snapshot(after)
	if (errB == nil) != (errA == nil) || !bytes.Equal(sb, sa) {
		t.Errorf("the snapshot changed:\nbefore (%v):\n%s\nafter (%v):\n%s", errB, sb, errA, sa)
	}
}

// snapshot is what `tixcfg build` would write: the portfolio compiled for
// the runtime, which carries no positions.
func snapshot(files []*lang.File) ([]byte, error) {
	p := lang.Assemble(files)
	res := checker.Run(p, checker.Options{})
	data, _, err := snap.Compile(p, res, snap.Options{ToolVersion: "test"})
	return data, err
}

// ignoreTargets describes the code each ignore comment applies to.
func ignoreTargets(f *lang.File) []string {
	var out []string
	for _, ig := range f.Ignores {
		target := ""
		for l := ig.Line; l <= max(ig.Line, ig.LastLine); l++ {
			target += squeeze(lineText(f.Src, l))
		}
		out = append(out, fmt.Sprintf("%v -> %s", ig.Rules, target))
	}
	return out
}

// positionRef matches positions that details quote ("line 7", "lines 7 to 9",
// "a.hcl:3:5", "a.hcl:3,5"): formatting moves them.
var positionRef = regexp.MustCompile(`\blines? \d+( to \d+)?|:\d+[:,]\d+\b`)

// findings checks a portfolio and describes each diagnostic by what it
// says and the text it points at, which formatting must not change.
func findings(files []*lang.File) []string {
	p := lang.Assemble(files)
	var out []string
	for _, d := range checker.Run(p, checker.Options{}).Diagnostics {
		s := fmt.Sprintf("%s %s %s: %s [%s]", d.Rule, d.Severity, d.Subject.Filename, d.Summary, positionRef.ReplaceAllString(d.Detail, "<pos>"))
		s += " at " + rangeText(p, d.Subject)
		for _, r := range d.Related {
			s += fmt.Sprintf("; related %s at %s", r.Message, rangeText(p, r.Range))
		}
		out = append(out, s)
	}
	return out
}

// rangeText is the text of a range without whitespace.
func rangeText(p *lang.Portfolio, r hcl.Range) string {
	src := p.Source(r.Filename)
	if src == nil || r.Start.Byte > r.End.Byte || r.End.Byte > len(src) {
		return fmt.Sprintf("%s:?", r.Filename)
	}
	return r.Filename + ":" + squeeze(string(src[r.Start.Byte:r.End.Byte]))
}

// squeeze drops all whitespace: formatting may add a space where there
// was none (`integration"x"{` becomes `integration "x" {`).
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }
