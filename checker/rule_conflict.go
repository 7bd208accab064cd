package checker

import (
	"fmt"

	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

var ruleConflict = &Rule{
	ID:         ruleid.Conflict,
	Severity:   lang.Error,
	Since:      "v0.1.0",
	ReportedBy: "the checker, over the whole portfolio (checker/rule_conflict.go)",
	Doc:        "Both sides of a catalog conflict are active on one company (flags or integrations; points at both).",
	Details: `Some features are mutually exclusive on a company (refund_protect_group and
manual_refund_protection; szamlazz and conditional_tax_bands). A feature is
active on a company when its flag is in the company's feature_flags, when
the company enables an integration with that flag, or when the company has
global transactions and its parent runs a payment integration with that
flag. A reseller may hold both sides: different companies pick different
sides.`,
	Check: checkConflict,
}

func checkConflict(pass *Pass) {
	for cs := range pass.statuses() {
		reported := map[[2]string]bool{}
		for _, a := range cs.Active {
			flag := pass.Catalog.Flag(a.Flag)
			if flag == nil {
				continue
			}
			for _, other := range flag.ConflictsWith {
				key := [2]string{min(a.Flag, other), max(a.Flag, other)}
				if reported[key] {
					continue
				}
				first, ok1 := cs.ActiveFlag(key[0])
				second, ok2 := cs.ActiveFlag(key[1])
				if !ok1 || !ok2 {
					continue
				}
				reported[key] = true
				if first.Via == ViaParent && second.Via == ViaParent {
					continue // the parent itself is reported
				}
				subject, other := second, first
				if subject.Via == ViaParent || (other.Via != ViaParent && lang.ComparePos(other.Range, subject.Range) > 0) {
					subject, other = other, subject
				}
				pass.Reportf(subject.Range, []lang.Related{{Message: fmt.Sprintf("%q is active because %s", other.Flag, other.Describe()), Range: other.Range}},
					fmt.Sprintf("%q conflicts with %q on company %q", subject.Flag, other.Flag, cs.Company.ID),
					"%q is active because %s, and %q because %s; the two cannot be active on one company. Keep one of them.",
					subject.Flag, subject.Describe(), other.Flag, other.Describe())
			}
		}
	}
}
