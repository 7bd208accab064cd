package checker

import (
	"fmt"
	"slices"

	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

var ruleFlagRequired = &Rule{
	ID:         ruleid.FlagRequired,
	Severity:   lang.Error,
	Since:      "v0.1.0",
	ReportedBy: "the checker, over the whole portfolio (checker/rule_flag_required.go)",
	Doc:        "A company enables an integration (or a tax band condition) whose feature flag is not enabled on the company.",
	Details: `An integration with a feature flag can be enabled only when the flag is on
the company (and, before that, on its reseller). The message says whether
the reseller has the flag, so the fix is clear. A tax_band with a condition
needs the flag whose enables lists "tax_band.condition" (conditional_tax_bands
in the built-in catalog).`,
	Fixes: "review: add the flag to the company's feature_flags, and to its reseller's in the same fix when the reseller lacks it too; for an integration, the alternative is to remove the integration block (review).",
	Check: checkFlagRequired,
}

func checkFlagRequired(pass *Pass) {
	var conditionFlags []string
	for _, f := range pass.Catalog.Flags {
		if slices.Contains(f.Enables, lang.FeatureTaxBandCondition) {
			conditionFlags = append(conditionFlags, f.ID)
		}
	}
	for cs := range pass.statuses() {
		c, r := cs.Company, cs.Reseller
		if unknownList(c.FeatureFlags) {
			continue
		}
		forEachConfigured(cs, func(s *IntegrationStatus) {
			if st := s.Step(StepFlagOnCompany); st.Status != Missing || st.out == flagUndeclared {
				return // an undeclared flag is unknown-reference's finding: no company can add it
			}
			flag := s.Type.FeatureFlag
			pass.Reportf(s.Block.DefRange, flagRelated(c, r), fmt.Sprintf("Integration %q needs the feature flag %q on company %q", s.Type.ID, flag, c.ID),
				"%s", flagFix(flag, c, r))
			pass.attachFixes(flagFixes(pass.Portfolio, flag, c, r, s.Block))
		})
		if len(conditionFlags) == 0 {
			continue
		}
		for _, tb := range c.TaxBands {
			if tb.Condition == nil || emptyCondition(tb) || slices.ContainsFunc(conditionFlags, c.FeatureFlags.Has) {
				continue
			}
			pass.Reportf(tb.Condition.NameRange, flagRelated(c, r), fmt.Sprintf("Tax band %q has a condition but company %q lacks the feature flag %q", tb.ID, c.ID, conditionFlags[0]),
				"Conditional tax bands need a feature flag. %s", flagFix(conditionFlags[0], c, r))
			pass.attachFixes(flagFixes(pass.Portfolio, conditionFlags[0], c, r, nil))
		}
	}
}

func flagRelated(c *lang.Company, r *lang.Reseller) []lang.Related {
	rel := []lang.Related{{Message: fmt.Sprintf("feature flags of company %q", c.ID), Range: listWhere(c.FeatureFlags, c.DefRange)}}
	if r != nil {
		rel = append(rel, lang.Related{Message: fmt.Sprintf("feature flags of reseller %q", r.ID), Range: listWhere(r.FeatureFlags, r.DefRange)})
	}
	return rel
}

func flagFix(flag string, c *lang.Company, r *lang.Reseller) string {
	switch {
	case r == nil:
		return fmt.Sprintf("Add %q to the feature_flags of company %q.", flag, c.ID)
	case r.FeatureFlags.Has(flag):
		return fmt.Sprintf("Reseller %q has it: add %q to the feature_flags of company %q.", r.ID, flag, c.ID)
	}
	return fmt.Sprintf("Neither company %q nor its reseller %q has it: add %q to the feature_flags of reseller %q first, then of company %q.", c.ID, r.ID, flag, r.ID, c.ID)
}
