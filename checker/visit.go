package checker

import "github.com/tixcfg/tixcfg/lang"

// forEachResellerIntegration calls fn for every integration block of every
// reseller, in source order, with the catalog type it names. A block of
// an unknown type is skipped: unknown-reference reports it, and there is
// no schema to judge its contents by.
func forEachResellerIntegration(pass *Pass, fn func(r *lang.Reseller, in *lang.ResellerIntegration, t *lang.IntegrationType)) {
	for r := range pass.resellers() {
		for _, in := range r.Integrations {
			if in.Def != nil {
				fn(r, in, in.Def)
			}
		}
	}
}

// forEachCompanyIntegration calls fn for every integration block of every
// company, in source order, with the catalog type it names; a block of an
// unknown type is skipped, as forEachResellerIntegration skips it.
func forEachCompanyIntegration(pass *Pass, fn func(c *lang.Company, in *lang.CompanyIntegration, t *lang.IntegrationType)) {
	for c := range pass.companies() {
		for _, in := range c.Integrations {
			if in.Def != nil {
				fn(c, in, in.Def)
			}
		}
	}
}

// forEachOwnCompanyIntegration is forEachCompanyIntegration without the
// blocks a parent manages (see managedBlock): those are managed-by-parent's
// to report, and no other rule judges what they hold.
func forEachOwnCompanyIntegration(pass *Pass, fn func(c *lang.Company, in *lang.CompanyIntegration, t *lang.IntegrationType)) {
	forEachCompanyIntegration(pass, func(c *lang.Company, in *lang.CompanyIntegration, t *lang.IntegrationType) {
		if !managedBlock(pass.Portfolio, c, t) {
			fn(c, in, t)
		}
	})
}
