package checker_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/format"
	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

func TestRegistryMetadata(t *testing.T) {
	rules := checker.Rules()
	if len(rules) == 0 {
		t.Fatal("no rules")
	}
	ids := checker.RuleIDs()
	if !slices.IsSorted(ids) {
		t.Errorf("registry is not sorted by ID: %v", ids)
	}
	if len(slices.Compact(slices.Clone(ids))) != len(ids) {
		t.Errorf("rule IDs repeat: %v", ids)
	}
	for i, r := range rules {
		if r.ID != ids[i] {
			t.Errorf("Rules()[%d] is %q, RuleIDs()[%d] is %q", i, r.ID, i, ids[i])
		}
		if checker.Lookup(r.ID) != r {
			t.Errorf("Lookup(%q) does not return the registered rule", r.ID)
		}
		switch {
		case r.ID == "" || strings.TrimSpace(r.ID) != r.ID || strings.ToLower(r.ID) != r.ID:
			t.Errorf("rule %q: IDs are lower case with no spaces", r.ID)
		case r.Severity != lang.Error && r.Severity != lang.Warning && r.Severity != lang.Info:
			t.Errorf("rule %s: severity %d", r.ID, r.Severity)
		case r.Doc == "" || strings.ContainsAny(r.Doc, "\r\n"):
			t.Errorf("rule %s: Doc %q must be one line", r.ID, r.Doc)
		case strings.TrimSpace(r.Details) == "":
			t.Errorf("rule %s: no Details", r.ID)
		case strings.TrimSpace(r.Bad) == "" || strings.TrimSpace(r.Good) == "":
			t.Errorf("rule %s: Bad and Good examples are both needed (ruledocs/%s/bad.hcl and good.hcl)", r.ID, r.ID)
		case !version.MatchString(r.Since):
			t.Errorf("rule %s: Since %q is no release version like v0.1.0", r.ID, r.Since)
		case r.ReportedBy == "" || strings.ContainsAny(r.ReportedBy, "\r\n"):
			t.Errorf("rule %s: ReportedBy %q must say, in one line, where its findings come from", r.ID, r.ReportedBy)
		case r.URL != checker.DocsURL+"#"+r.ID:
			t.Errorf("rule %s: URL %q is not its anchor in %s", r.ID, r.URL, checker.DocsURL)
		}
	}
	if checker.Lookup("no-such-rule") != nil {
		t.Error("Lookup of an unknown ID returned a rule")
	}
	// Examples of a rule that is gone, or misnamed, would never be read.
	dirs, err := os.ReadDir("ruledocs")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		files, _ := os.ReadDir(filepath.Join("ruledocs", d.Name()))
		var names []string
		for _, f := range files {
			names = append(names, f.Name())
		}
		if checker.Lookup(d.Name()) == nil || !d.IsDir() || !slices.Equal(names, []string{"bad.hcl", "good.hcl"}) {
			t.Errorf("ruledocs/%s: a folder per rule ID holds bad.hcl and good.hcl only; it holds %v", d.Name(), names)
		}
	}
}

var version = regexp.MustCompile(`^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$`)

// TestRuleExamples checks the documentation's examples: each Bad, as a
// single file main.hcl, fires its rule; each Good checks completely clean.
func TestRuleExamples(t *testing.T) {
	run := func(src string) []lang.Diagnostic {
		p := lang.Assemble([]*lang.File{lang.ParseFile("main.hcl", []byte(src))})
		return checker.Run(p, checker.Options{}).Diagnostics
	}
	for _, r := range checker.Rules() {
		t.Run(r.ID, func(t *testing.T) {
			if r.ID == ruleid.StaleBaseline {
				staleBaselineExamples(t, r)
				return
			}
			bad := run(r.Bad)
			if !slices.ContainsFunc(bad, func(d lang.Diagnostic) bool { return d.Rule == r.ID }) {
				t.Errorf("Bad example does not fire %s; it gives:%s", r.ID, summaries(bad))
			}
			if good := run(r.Good); len(good) > 0 {
				t.Errorf("Good example is not clean:%s", summaries(good))
			}
		})
	}
}

// staleBaselineExamples checks stale-baseline's examples, which need a
// baseline: the one written for flag-required's Bad, whose finding the
// Bad of stale-baseline has fixed (its comment shows the entry). Bad
// fires stale-baseline; Good, with the baseline pruned, is clean.
func staleBaselineExamples(t *testing.T, r *checker.Rule) {
	load := func(src string) (*lang.Portfolio, *checker.Places, []lang.Diagnostic) {
		p := lang.Assemble([]*lang.File{lang.ParseFile("main.hcl", []byte(src))})
		return p, checker.NewPlaces(p), checker.Run(p, checker.Options{}).Diagnostics
	}
	_, pl, old := load(checker.Lookup(ruleid.FlagRequired).Bad)
	base := checker.NewBaseline(old, pl)
	if len(base.Findings) != 1 || !strings.Contains(r.Bad, base.Findings[0].Place) || !strings.Contains(r.Bad, strconv.Quote(base.Findings[0].Message)[1:]) {
		t.Fatalf("Bad's comment does not show the baseline entry %+v", base.Findings)
	}
	_, pl, bad := load(r.Bad)
	c := checker.Compare(base, bad, pl)
	if stale := c.StaleDiagnostics(checker.Options{}); len(c.New) != 0 || len(stale) != 1 || stale[0].Rule != r.ID {
		t.Errorf("Bad example: new %v, stale-baseline %v; want one stale entry", summaries(c.New), summaries(stale))
	}
	_, pl, good := load(r.Good)
	pruned := checker.Prune(base, good, pl, checker.Options{})
	c = checker.Compare(pruned, good, pl)
	if len(good) != 0 || len(pruned.Findings) != 0 || len(c.StaleDiagnostics(checker.Options{})) != 0 {
		t.Errorf("Good example with the pruned baseline: findings %v, entries %+v", summaries(good), pruned.Findings)
	}
}

// TestLoaderSeverityFromRegistry pins who decides severity: the loader
// names the rule of what it finds and leaves the severity to the registry,
// which Resolve (and so Run) applies.
func TestLoaderSeverityFromRegistry(t *testing.T) {
	src := `reseller "a" {
  nmae = "x"
}
company "c" {
  reseller = "a"
  name     = "${x}"
}
integration_type "t" {
  company {}
  company {}
}
`
	files := []*lang.File{lang.ParseFile("a.hcl", []byte(src)), lang.ParseFile("b.hcl", []byte("reseller \"b\" {\n"))}
	p := lang.Assemble(files)
	loaded := p.Diagnostics()
	rules := map[string]bool{}
	for _, d := range loaded {
		rules[d.Rule] = true
		if d.Severity != 0 {
			t.Errorf("the loader set severity %s on %s %q; the registry decides it", d.Severity, d.Rule, d.Summary)
		}
	}
	for _, id := range []string{"syntax", "schema", "duplicate"} {
		if !rules[id] {
			t.Errorf("the loader reported no %s finding: %v", id, rules)
		}
	}
	resolved := checker.Resolve(loaded)
	for i, d := range resolved {
		if want := checker.Lookup(d.Rule).Severity; d.Severity != want {
			t.Errorf("%s %q: severity %s after Resolve, the registry says %s", d.Rule, d.Summary, d.Severity, want)
		}
		if loaded[i].Severity != 0 {
			t.Error("Resolve changed the loader's own slice")
		}
	}
	run := checker.Run(p, checker.Options{}).Diagnostics
	for _, d := range run {
		if d.Severity != checker.Lookup(d.Rule).Severity {
			t.Errorf("Run reports %s %q as %s", d.Rule, d.Summary, d.Severity)
		}
	}
}

// TestRuleIDConstants keeps package ruleid and the registry the same list:
// a constant without a rule would be a finding no severity resolves.
func TestRuleIDConstants(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "../ruleid/ruleid.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var consts []string
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			for _, v := range spec.(*ast.ValueSpec).Values {
				s, err := strconv.Unquote(v.(*ast.BasicLit).Value)
				if err != nil {
					t.Fatal(err)
				}
				consts = append(consts, s)
			}
		}
	}
	slices.Sort(consts)
	if ids := checker.RuleIDs(); !slices.Equal(consts, ids) {
		t.Errorf("package ruleid names %v;\nthe registry has %v", consts, ids)
	}
}

// TestRuleExamplesCanonical keeps the examples, which users copy, in the
// layout `tixcfg fmt` writes (a Bad that does not parse aside).
func TestRuleExamplesCanonical(t *testing.T) {
	for _, r := range checker.Rules() {
		for name, src := range map[string]string{"bad.hcl": r.Bad, "good.hcl": r.Good} {
			got, diags := format.Source(name, []byte(src))
			if got == nil && name == "bad.hcl" && len(diags) > 0 {
				continue
			}
			if string(got) != src {
				t.Errorf("ruledocs/%s/%s is not laid out as tixcfg fmt writes it:\n%s", r.ID, name, got)
			}
		}
	}
}
