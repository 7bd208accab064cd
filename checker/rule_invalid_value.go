package checker

import (
	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

var ruleInvalidValue = &Rule{
	ID:         ruleid.InvalidValue,
	Severity:   lang.Error,
	Since:      "v0.1.0",
	ReportedBy: "the loader, while it decodes each file: number literals beyond their bounds (lang/expr.go); the checker, over the whole portfolio: everything else (checker/rule_invalid_value*.go)",
	Doc:        "A value outside what the catalog allows: mode, environment, currency code, negative amount, deadline range, empty credential.",
	Details: `Settings are checked against their catalog constraints: allowed values,
the reseller's credential environments, minimum, maximum and whole numbers,
ISO 4217 currency codes (upper case, in ISO 4217 list one of 2026-01-01)
and no more decimal places than ISO 4217's minor units for the currency
(JPY 0, IQD 3). Credentials may not be empty, tax band rates
are percentages from 0 to 100, and operator catalog declarations must be
consistent (defaults within their own constraints, known keys and references).
Any number literal may have at most 40 significant digits and a decimal
exponent from -400 to 400; one beyond is refused as written, before it is
converted (the loader reports it).`,
	Fixes: "safe: correct the case of a value that is one allowed value in another case (\"Standard\" to \"standard\"), or of a currency code (\"usd\" to \"USD\").",
	Check: checkInvalidValue,
}

// The rule's checks are split by subject: tax bands, company settings,
// credential values, and operator catalog declarations, each in a file
// rule_invalid_value_<subject>.go.
func checkInvalidValue(pass *Pass) {
	p := pass.Portfolio
	for c := range pass.companies() {
		checkTaxBands(pass, c)
	}
	forEachOwnCompanyIntegration(pass, func(c *lang.Company, in *lang.CompanyIntegration, t *lang.IntegrationType) {
		checkCompanySettings(pass, c, in, t)
	})
	forEachResellerIntegration(pass, func(_ *lang.Reseller, in *lang.ResellerIntegration, t *lang.IntegrationType) {
		checkResellerCredentialValues(pass, in, t)
	})
	if pass.catalog() {
		checkCatalogDecls(pass, p.Permissions, p.FeatureFlags, p.IntegrationTypes)
	}
}
