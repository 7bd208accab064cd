package checker_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
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
			t.Errorf("rule %s: Bad and Good examples are both needed", r.ID)
		}
	}
	if checker.Lookup("no-such-rule") != nil {
		t.Error("Lookup of an unknown ID returned a rule")
	}
}

// TestRuleExamples checks the documentation's examples: each Bad, as a
// single file main.hcl, fires its rule; each Good checks completely clean.
func TestRuleExamples(t *testing.T) {
	run := func(src string) []lang.Diagnostic {
		p := lang.Assemble([]*lang.File{lang.ParseFile("main.hcl", []byte(src))})
		return checker.Run(p, checker.Options{}).Diagnostics
	}
	for _, r := range checker.Rules() {
		t.Run(r.ID, func(t *testing.T) {
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
