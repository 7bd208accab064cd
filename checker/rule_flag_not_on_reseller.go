package checker

import (
	"fmt"

	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

var ruleFlagNotOnReseller = &Rule{
	ID:         ruleid.FlagNotOnReseller,
	Severity:   lang.Error,
	Since:      "v0.1.0",
	ReportedBy: "the checker, over the whole portfolio (checker/rule_flag_not_on_reseller.go)",
	Doc:        "A company enables a feature flag that its reseller does not have.",
	Details: `Feature flags are enabled on the reseller first, then on its companies.
The finding points at the flag in the company's feature_flags list. It is
the root cause: integrations that need the flag are not reported again.`,
	Fixes: "review: add the flag to the reseller's feature_flags; the alternative is to remove it from the company's (review).",
	Check: checkFlagNotOnReseller,
}

func checkFlagNotOnReseller(pass *Pass) {
	for cs := range pass.statuses() {
		c, r := cs.Company, cs.Reseller
		if r == nil || c.FeatureFlags == nil || unknownList(r.FeatureFlags) || inBrokenFile(pass.Portfolio, r.DefRange) {
			continue
		}
		for _, it := range distinct(c.FeatureFlags.Items) {
			if pass.Catalog.Flag(it.Value) == nil || r.FeatureFlags.Has(it.Value) {
				continue
			}
			pass.Reportf(it.Range, []lang.Related{{Message: fmt.Sprintf("feature flags of reseller %q", r.ID), Range: listWhere(r.FeatureFlags, r.DefRange)}},
				fmt.Sprintf("Feature flag %q is not enabled on reseller %q", it.Value, r.ID),
				"A flag is enabled on the reseller before its companies can use it: add %q to the feature_flags of reseller %q, or remove it here.", it.Value, r.ID)
			pass.attachFixes(flagNotOnResellerFixes(pass.Portfolio, c, r, itemIndex(c.FeatureFlags, it)))
		}
	}
}
