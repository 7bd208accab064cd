package checker

import (
	"fmt"
	"strings"

	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

var ruleIncompleteCredentials = &Rule{
	ID:         ruleid.IncompleteCredentials,
	Severity:   lang.Error,
	Since:      "v0.1.0",
	ReportedBy: "the checker, over the whole portfolio (checker/rule_incomplete_credentials.go)",
	Doc:        "A credential set lacks a required field (e.g. apple_login without team_id).",
	Details: `Each reseller credential set (per environment where the integration has
environments) and each company credential set must give every field the
catalog marks as required. The finding sits on the block that lacks the
field and names every missing field at once.`,
	Check: checkIncompleteCredentials,
}

func checkIncompleteCredentials(pass *Pass) {
	// Only absent fields count here: an empty one is invalid-value's
	// finding, at the value. (The chain counts both as not provided.)
	missingAttrs := func(fields []*lang.Field, attrs lang.Attrs) []string {
		var out []string
		for _, f := range fields {
			if f.Required && attrs.Get(f.Name) == nil {
				out = append(out, f.Name)
			}
		}
		return out
	}
	forEachResellerIntegration(pass, func(r *lang.Reseller, in *lang.ResellerIntegration, t *lang.IntegrationType) {
		if !t.ResellerProvides() {
			return
		}
		if len(t.Environments) == 0 {
			if m := missingAttrs(t.ResellerCredentials, in.Attrs); len(m) > 0 {
				pass.Reportf(in.DefRange, nil, fmt.Sprintf("Incomplete %s credentials", t.ID),
					"The %s credentials of reseller %q lack %s.", t.ID, r.ID, strings.Join(m, ", "))
			}
			return
		}
		if len(in.Environments) == 0 && len(in.Attrs) == 0 {
			pass.Reportf(in.DefRange, nil, fmt.Sprintf("No %s credential set", t.ID),
				"Reseller %q gives no environment: add environment %q { ... } with %s.", r.ID, t.Environments[0], strings.Join(t.ResellerAttributes(), ", "))
		}
		seen := map[string]bool{}
		for _, e := range in.Environments {
			if !t.HasEnvironment(e.Name) || seen[e.Name] {
				continue // a duplicate environment is reported as such
			}
			seen[e.Name] = true
			if m := missingAttrs(t.ResellerCredentials, e.Attrs); len(m) > 0 {
				pass.Reportf(e.DefRange, []lang.Related{{Message: fmt.Sprintf("integration %q of reseller %q", t.ID, r.ID), Range: in.DefRange}},
					fmt.Sprintf("Incomplete %s credentials (%s)", t.ID, e.Name),
					"The %q credentials of %s for reseller %q lack %s.", e.Name, t.ID, r.ID, strings.Join(m, ", "))
			}
		}
	})
	forEachOwnCompanyIntegration(pass, func(c *lang.Company, in *lang.CompanyIntegration, t *lang.IntegrationType) {
		if m := missingAttrs(t.CompanyCredentials, in.Attrs); len(m) > 0 {
			pass.Reportf(in.DefRange, nil, fmt.Sprintf("Incomplete %s credentials", t.ID),
				"Company %q enables %s without %s.", c.ID, t.ID, strings.Join(m, ", "))
		}
	})
}
