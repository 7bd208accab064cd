package checker

import (
	"fmt"

	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

var ruleResellerCredentials = &Rule{
	ID:         ruleid.ResellerCredentials,
	Severity:   lang.Error,
	Since:      "v0.1.0",
	ReportedBy: "the checker, over the whole portfolio (checker/rule_reseller_credentials.go)",
	Doc:        "A company enables an integration whose reseller lacks its credentials (for that environment).",
	Details: `The first link of the enablement chain: the reseller provides the
platform-level credentials (an API key, a client ID and secret, ...) once,
for all of its companies. A company cannot enable the integration before
its reseller gives a complete credential set, for the environment the
company selects where the integration has environments. The finding sits
on the company's integration block and points at the reseller's block (or
the reseller itself when it has none).`,
	Fixes: "review: when every missing field is a secret, give the reseller the missing credential set or fields as secret(\"<reseller>/<integration>[/<environment>]/<field>\") references; the secrets must exist in the store. Never a placeholder value.",
	Check: checkResellerCredentials,
}

func checkResellerCredentials(pass *Pass) {
	for cs := range pass.statuses() {
		if cs.Reseller == nil || inBrokenFile(pass.Portfolio, cs.Reseller.DefRange) {
			continue // unknown-reference, or syntax: its credentials may be unparsed
		}
		forEachConfigured(cs, func(s *IntegrationStatus) {
			st := s.Step(StepCredentials)
			if st.Status != Missing || !st.resellerLacks() {
				return // or the company's own choice or block: invalid-value and incomplete-credentials report those
			}
			pass.Reportf(s.Block.DefRange, []lang.Related{{Message: st.Message(), Range: st.Where}},
				fmt.Sprintf("Reseller %q lacks the %s credentials", cs.Reseller.ID, s.Type.ID),
				"Company %q cannot enable %s: %s. The reseller must provide them first.", cs.Company.ID, s.Type.ID, st.Message())
			pass.attachFixes(credentialFixes(pass.Portfolio, st, cs.Reseller, s.Type, s.Environment))
		})
	}
}

// forEachConfigured calls fn for each integration the company configures
// itself: enabled, and not one its parent manages (the managed-by-parent
// finding is the root cause there).
func forEachConfigured(cs *CompanyStatus, fn func(*IntegrationStatus)) {
	for _, s := range cs.Enabled {
		if s.Block != nil && !cs.managed(s.Type) {
			fn(s)
		}
	}
}
