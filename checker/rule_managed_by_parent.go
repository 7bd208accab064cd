package checker

import (
	"fmt"

	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

var ruleManagedByParent = &Rule{
	ID:         ruleid.ManagedByParent,
	Severity:   lang.Error,
	Since:      "v0.1.0",
	ReportedBy: "the checker, over the whole portfolio (checker/rule_managed_by_parent.go)",
	Doc:        "A global-transactions child configures a payment integration.",
	Details: `A company with global_transactions = true takes every payment integration
(catalog payment = true) from its parent: the parent's settings are its
effective ones, and it may not configure one itself. Remove the block, or
turn global transactions off.`,
	Fixes: "review: remove the integration block; the alternative is to set global_transactions = false (review).",
	Check: checkManagedByParent,
}

func checkManagedByParent(pass *Pass) {
	for cs := range pass.statuses() {
		c := cs.Company
		owner := c.Parent.Str()
		if cs.ManagedBy != nil {
			owner = cs.ManagedBy.ID
		}
		for _, in := range c.Integrations {
			t := in.Def
			// Without a (known) parent, parent or unknown-reference is the
			// finding.
			if !managedBlock(pass.Portfolio, c, t) {
				continue
			}
			related := []lang.Related{{Message: "global transactions turned on here", Range: c.GlobalTransactions.Range}}
			if cs.ManagedBy != nil {
				where, msg := cs.ManagedBy.DefRange, fmt.Sprintf("company %q, whose payment integrations apply", owner)
				if pin := cs.ManagedBy.Integration(t.ID); pin != nil {
					where, msg = pin.DefRange, fmt.Sprintf("the %s settings of %q that apply", t.ID, owner)
				}
				related = append(related, lang.Related{Message: msg, Range: where})
			}
			by := fmt.Sprintf("its parent %q", owner)
			if parent := c.Parent.Str(); parent != owner {
				// A grandparent or further: name the way there too.
				by = fmt.Sprintf("%q, through its parent %q", owner, parent)
			}
			pass.Reportf(in.DefRange, related, fmt.Sprintf("Payment integration %q of %q is managed by %s", t.ID, c.ID, by),
				"Company %q has global_transactions = true, so its payment integrations and their settings come from %q. Remove this block, or set global_transactions = false.", c.ID, owner)
			pass.attachFixes(managedFixes(pass.Portfolio, c, in))
		}
	}
}
