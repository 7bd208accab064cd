package checker_test

import (
	"testing"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/internal/genportfolio"
	"github.com/tixcfg/tixcfg/lang"
)

// TestParentStepNamesWhereTheChainBreaks pins the parent link's wording
// when global transactions lead up to a company that breaks the chain.
func TestParentStepNamesWhereTheChainBreaks(t *testing.T) {
	src := `reseller "acme" {}

company "kids" {
  reseller            = "acme"
  parent              = "opera"
  global_transactions = true
}

company "opera" {
  reseller            = "acme"
  global_transactions = true
}

company "tours" {
  reseller            = "acme"
  parent              = "heritage"
  global_transactions = true
}

company "heritage" {
  reseller            = "acme"
  parent              = "nowhere"
  global_transactions = true
}
`
	p := lang.Assemble([]*lang.File{lang.ParseFile("main.hcl", []byte(src))})
	a := checker.Analyze(p)
	for _, tc := range []struct {
		company, want string
		line          int
	}{
		{"kids", `company "kids" has global transactions, but "opera", the parent it takes them through, has global transactions and no parent`, 11},
		{"opera", `company "opera" has global transactions but no parent`, 11},
		{"tours", `company "tours" has global transactions, but the parent of "heritage", through which it takes them, is "nowhere", which is not defined`, 22},
		{"heritage", `company "heritage" has global transactions, but its parent "nowhere" is not defined`, 22},
	} {
		st := a.Of(p.Company(tc.company)).Integration("refund_protect_group").Step(checker.StepParent)
		if st.Status != checker.Missing || st.Message() != tc.want || st.Where.Start.Line != tc.line {
			t.Errorf("%s: %s %q at line %d, want missing %q at line %d", tc.company, st.Status, st.Message(), st.Where.Start.Line, tc.want, tc.line)
		}
	}
}

// BenchmarkChain decides every link of every integration type for every
// company of a generated portfolio, as the snapshot and explain do: the
// chain's hot path, messages aside.
func BenchmarkChain(b *testing.B) {
	dir := b.TempDir()
	if _, err := genportfolio.Write(dir, genportfolio.Options{Companies: 10000, PerReseller: 200}); err != nil {
		b.Fatal(err)
	}
	p, err := lang.Load([]string{dir}, lang.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		held := 0
		for _, cs := range checker.Analyze(p).Companies {
			for _, s := range cs.All() {
				if s.Holds() {
					held++
				}
				for _, st := range s.Steps() {
					if st.Status == checker.Held {
						held++
					}
				}
			}
		}
		if held == 0 {
			b.Fatal("no link holds anywhere")
		}
	}
}
