package genportfolio

import (
	"maps"
	"slices"
	"testing"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// TestPlantedViolations: each planted violation makes exactly one finding
// of its rule, and nothing else fires.
func TestPlantedViolations(t *testing.T) {
	dir := t.TempDir()
	n := len(ErrorKinds) * 2
	if _, err := Write(dir, Options{Companies: n * 8, PerReseller: 40, Errors: n}); err != nil {
		t.Fatal(err)
	}
	p, err := lang.Load([]string{dir}, lang.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, d := range checker.Run(p, checker.Options{}).Diagnostics {
		got[d.Rule]++
	}
	want := map[string]int{}
	for i := range n {
		want[ErrorKinds[i%len(ErrorKinds)].Rule]++
	}
	if !maps.Equal(got, want) {
		t.Fatalf("findings by rule %v, want %v", got, want)
	}
}

// TestEveryIntegrationTypeUsed: a generated portfolio exercises the whole
// catalog, both sides of every conflict and global transactions.
func TestEveryIntegrationTypeUsed(t *testing.T) {
	dir := t.TempDir()
	if _, err := Write(dir, Options{Companies: 16, PerReseller: 16}); err != nil {
		t.Fatal(err)
	}
	p, err := lang.Load([]string{dir}, lang.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := checker.Run(p, checker.Options{}).Diagnostics; len(d) != 0 {
		t.Fatalf("clean portfolio has findings: %v", d)
	}
	used, flags, child := map[string]bool{}, map[string]bool{}, false
	for _, c := range p.Companies {
		for _, in := range c.Integrations {
			used[in.Type] = true
		}
		for _, f := range c.FeatureFlags.Values() {
			flags[f] = true
		}
		child = child || c.GlobalTransactions.Bool()
	}
	for _, ty := range p.Catalog.Types {
		if !used[ty.ID] {
			t.Errorf("integration type %s unused", ty.ID)
		}
	}
	for _, f := range p.Catalog.Flags {
		if !flags[f.ID] {
			t.Errorf("flag %s unused (conflict sides: %v)", f.ID, slices.Sorted(maps.Keys(flags)))
		}
	}
	if !child {
		t.Error("no global-transactions child")
	}
}
