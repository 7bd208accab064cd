package checker_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/format"
	"github.com/tixcfg/tixcfg/lang"
)

var update = flag.Bool("update", false, "rewrite the fix goldens (*.hcl.golden) of testdata/rules")

// goldenSuffix names the file that holds a fixture file as it is after all
// its fixes, as go/analysis's RunWithSuggestedFixes checks them.
const goldenSuffix = ".golden"

// checkFixGolden applies every fix of a case (review ones too) and
// compares each native-syntax file with its golden: a file that a fix
// changes needs one, and a golden of a file no fix changes is stale.
func checkFixGolden(t *testing.T, c fixtureCase, p *lang.Portfolio, diags []lang.Diagnostic) {
	t.Helper()
	if !slices.ContainsFunc(diags, func(d lang.Diagnostic) bool { return len(d.Fixes) > 0 }) && !hasGolden(p) {
		return
	}
	checkFixLayout(t, c, p, diags)
	res := checker.FixFiles(p.Files, checker.FixOptions{Unsafe: true})
	for _, n := range res.Notes {
		t.Logf("%s: %s", c, n)
	}
	for _, f := range res.Files {
		golden := f.Path + goldenSuffix
		changed := slices.Contains(res.Changed, f.Name)
		want, err := os.ReadFile(golden)
		switch {
		case *update && changed:
			if err := os.WriteFile(golden, f.Src, 0o644); err != nil {
				t.Fatal(err)
			}
		case *update:
			os.Remove(golden)
		case err != nil && changed:
			t.Errorf("%s: fixes change %s but it has no golden %s (run go test ./checker -run TestRuleFixtures -update)", c, f.Name, filepath.Base(golden))
		case err == nil && !changed:
			t.Errorf("%s: %s has a golden, but no fix changes it", c, f.Name)
		case err == nil && changed && !fmtClean(f.Name, want):
			t.Errorf("%s: %s is not in tixcfg fmt's layout", c, filepath.Base(golden))
		case err == nil && string(want) != string(f.Src):
			t.Errorf("%s: %s after its fixes differs from %s:\n--- got\n%s--- want\n%s", c, f.Name, filepath.Base(golden), f.Src, want)
		}
	}
}

func hasGolden(p *lang.Portfolio) bool {
	for _, f := range p.Files {
		if _, err := os.Stat(f.Path + goldenSuffix); err == nil {
			return true
		}
	}
	return false
}

// checkFixLayout: each fix, applied alone by an editor (a code action, a
// pull-request suggestion), leaves a file that was in tixcfg fmt's layout
// in it, as go/analysis wants fixes gofmt-clean.
func checkFixLayout(t *testing.T, c fixtureCase, p *lang.Portfolio, diags []lang.Diagnostic) {
	t.Helper()
	for _, d := range diags {
		for _, fx := range d.Fixes {
			byFile := map[string][]lang.Edit{}
			for _, e := range fx.Edits {
				byFile[e.Range.Filename] = append(byFile[e.Range.Filename], e)
			}
			for name, es := range byFile {
				f := p.File(name)
				if f == nil || !fmtClean(name, f.Src) {
					continue
				}
				lang.SortEdits(es)
				out, ok := lang.ApplyEdits(f.Src, es)
				if !ok {
					t.Errorf("%s: %s: fix %q: its edits of %s overlap or fall outside it", c, lang.Location(d.Subject), fx.Message, name)
				} else if !fmtClean(name, out) {
					t.Errorf("%s: %s: fix %q leaves %s out of tixcfg fmt's layout:\n%s", c, lang.Location(d.Subject), fx.Message, name, out)
				}
			}
		}
	}
}

func fmtClean(name string, src []byte) bool {
	out, diags := format.Source(name, src)
	return len(diags) == 0 && bytes.Equal(out, src)
}
