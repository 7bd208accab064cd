package checker

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

var ruleParent = &Rule{
	ID:         ruleid.Parent,
	Severity:   lang.Error,
	Since:      "v0.1.0",
	ReportedBy: "the checker, over the whole portfolio (checker/rule_parent.go)",
	Doc:        "A parent cycle, a parent under another reseller, or global_transactions without a parent.",
	Details: `Parents form a tree within one reseller: a company's parent must belong to
the same reseller, and following parents must never come back to where it
started (every company on a cycle is reported, with the cycle spelled out).
global_transactions = true means payment integrations come from the parent,
so it needs a parent.`,
	Check: checkParent,
}

func checkParent(pass *Pass) {
	p := pass.Portfolio
	cycles := parentCycles(p, pass.companyList())
	for c := range pass.companies() {
		if c.GlobalTransactions.Bool() && c.Parent == nil {
			pass.Reportf(c.GlobalTransactions.Range, nil, "Global transactions without a parent",
				"Company %q has global_transactions = true, which takes payment integrations from a parent, but it has no parent. Set parent, or remove global_transactions.", c.ID)
		}
		parent := p.ParentOf(c)
		if parent == nil || p.Company(c.ID) != c {
			continue
		}
		if cycle, ok := cycles[c]; ok {
			pass.Reportf(c.Parent.ValueRange, nil, "Parent cycle",
				"Following parents from %q comes back to it: %s.", c.ID, spellCycle(c, cycle))
			continue
		}
		// An undefined reseller is unknown-reference's finding; comparing
		// it would report its typo a second time.
		if p.ResellerOf(c) != nil && p.ResellerOf(parent) != nil && c.Reseller.Str() != parent.Reseller.Str() {
			pass.Reportf(c.Parent.ValueRange, []lang.Related{{Message: fmt.Sprintf("reseller of %q", parent.ID), Range: companyAttrWhere(parent, parent.Reseller)}},
				"Parent under another reseller",
				"Company %q belongs to reseller %q, but its parent %q belongs to %q; a parent must be under the same reseller.",
				c.ID, c.Reseller.Str(), parent.ID, parent.Reseller.Str())
		}
	}
}

// parentCycles maps every company on a parent cycle that the parent
// chains of the companies given reach to the cycle, in parent order. Each
// company is visited once, so a chain of 100,000 parents costs 100,000
// steps, not their square.
func parentCycles(p *lang.Portfolio, companies []*lang.Company) map[*lang.Company][]*lang.Company {
	return parentCyclesInto(p, companies, map[*lang.Company][]*lang.Company{}, map[*lang.Company]bool{})
}

// parentCyclesInto is parentCycles adding to what earlier calls on the same
// portfolio found (see ChainMemo).
func parentCyclesInto(p *lang.Portfolio, companies []*lang.Company, out map[*lang.Company][]*lang.Company, done map[*lang.Company]bool) map[*lang.Company][]*lang.Company {
	for _, c := range companies {
		if done[c] || p.Company(c.ID) != c {
			continue
		}
		var path []*lang.Company
		at := map[*lang.Company]int{}
		cur := c
		for cur != nil && !done[cur] {
			if i, seen := at[cur]; seen {
				cycle := path[i:]
				for _, m := range cycle {
					out[m] = cycle
				}
				break
			}
			at[cur] = len(path)
			path = append(path, cur)
			cur = p.ParentOf(cur)
		}
		for _, m := range path {
			done[m] = true
		}
	}
	return out
}

// maxSpelled bounds how much of a cycle a message spells out, so that a
// cycle through 50,000 companies makes 50,000 short findings, not a
// quadratic amount of text.
const maxSpelled = 8

// spellCycle writes a cycle starting and ending at c: "a" → "b" → "a".
func spellCycle(c *lang.Company, cycle []*lang.Company) string {
	start := slices.Index(cycle, c)
	name := func(i int) string { return fmt.Sprintf("%q", cycle[(start+i)%len(cycle)].ID) }
	var names []string
	for i := range min(len(cycle), maxSpelled) {
		names = append(names, name(i))
	}
	if len(cycle) > maxSpelled {
		names = append(names, fmt.Sprintf("… (%d companies in all) …", len(cycle)), name(len(cycle)-1))
	}
	return strings.Join(append(names, name(0)), " → ")
}
