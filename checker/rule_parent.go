package checker

import (
	"fmt"
	"strings"

	"github.com/tixcfg/tixcfg/lang"
)

var ruleParent = &Rule{
	ID:       "parent",
	Severity: lang.Error,
	Doc:      "A parent cycle, a parent under another reseller, or global_transactions without a parent.",
	Details: `Parents form a tree within one reseller: a company's parent must belong to
the same reseller, and following parents must never come back to where it
started (every company on a cycle is reported, with the cycle spelled out).
global_transactions = true means payment integrations come from the parent,
so it needs a parent.`,
	Bad: `reseller "acme" {}

company "dubai-live" {
  reseller = "acme"
  parent   = "dubai-live-kids"
}

company "dubai-live-kids" {
  reseller = "acme"
  parent   = "dubai-live"
}
`,
	Good: `reseller "acme" {}

company "dubai-live" {
  reseller = "acme"
}

company "dubai-live-kids" {
  reseller = "acme"
  parent   = "dubai-live"
}
`,
	Check: checkParent,
}

func checkParent(pass *Pass) {
	p := pass.Portfolio
	onCycle := map[*lang.Company]bool{}
	for _, c := range p.Companies {
		if c.GlobalTransactions.Bool() && c.Parent == nil {
			pass.Reportf(c.GlobalTransactions.Range, nil, "Global transactions without a parent",
				"Company %q has global_transactions = true, which takes payment integrations from a parent, but it has no parent. Set parent, or remove global_transactions.", c.ID)
		}
		parent := p.ParentOf(c)
		if parent == nil || p.Company(c.ID) != c {
			continue
		}
		if cycle := cycleFrom(p, c); cycle != nil && !onCycle[c] {
			for _, m := range cycle[:len(cycle)-1] {
				onCycle[m] = true
			}
		}
		if onCycle[c] {
			pass.Reportf(c.Parent.ValueRange, nil, "Parent cycle",
				"Following parents from %q comes back to it: %s.", c.ID, spellCycle(cycleFrom(p, c)))
			continue
		}
		if c.Reseller.Str() != "" && parent.Reseller.Str() != "" && c.Reseller.Str() != parent.Reseller.Str() {
			pass.Reportf(c.Parent.ValueRange, []lang.Related{{Message: fmt.Sprintf("reseller of %q", parent.ID), Range: companyAttrWhere(parent, parent.Reseller)}},
				"Parent under another reseller",
				"Company %q belongs to reseller %q, but its parent %q belongs to %q; a parent must be under the same reseller.",
				c.ID, c.Reseller.Str(), parent.ID, parent.Reseller.Str())
		}
	}
}

// cycleFrom returns the companies from c back to c when following parents
// returns to c, else nil.
func cycleFrom(p *lang.Portfolio, c *lang.Company) []*lang.Company {
	path := []*lang.Company{c}
	seen := map[*lang.Company]bool{c: true}
	for cur := p.ParentOf(c); cur != nil; cur = p.ParentOf(cur) {
		path = append(path, cur)
		if cur == c {
			return path
		}
		if seen[cur] {
			return nil // a cycle further up, which c only leads into
		}
		seen[cur] = true
	}
	return nil
}

func spellCycle(cycle []*lang.Company) string {
	names := make([]string, len(cycle))
	for i, c := range cycle {
		names[i] = fmt.Sprintf("%q", c.ID)
	}
	return strings.Join(names, " → ")
}
