package checker_test

import (
	"testing"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// TestRuleExampleFixes: a rule whose findings carry fixes documents them
// (Rule.Fixes), and when every finding of its Bad example has a fix,
// applying them all (review ones too) leaves no finding of the rule.
func TestRuleExampleFixes(t *testing.T) {
	for _, r := range checker.Rules() {
		t.Run(r.ID, func(t *testing.T) {
			files := []*lang.File{lang.ParseFile("main.hcl", []byte(r.Bad))}
			fixable, all := false, true
			for _, d := range checker.Run(lang.Assemble(files), checker.Options{}).Diagnostics {
				if d.Rule == r.ID {
					fixable = fixable || len(d.Fixes) > 0
					all = all && len(d.Fixes) > 0
				}
			}
			if fixable && r.Fixes == "" {
				t.Fatalf("findings of %s carry fixes, but the rule documents none (Rule.Fixes)", r.ID)
			}
			if !fixable || !all {
				return // duplicate's example repeats an ID, which has no fix
			}
			res := checker.FixFiles(files, checker.FixOptions{Unsafe: true})
			for _, d := range res.Diagnostics {
				if d.Rule == r.ID {
					t.Errorf("after the fixes, still %s: %s\n%s", d.Rule, d.Summary, res.Files[0].Src)
				}
			}
		})
	}
}
