package checker

import (
	"fmt"
	"strings"

	"github.com/zclconf/go-cty/cty"

	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

var ruleCredentialLiteral = &Rule{
	ID:         ruleid.CredentialLiteral,
	Severity:   lang.Warning,
	Since:      "v0.1.0",
	ReportedBy: "the checker, over the whole portfolio (checker/rule_credential_literal.go)",
	Doc:        "A secret credential written as a literal (a string, number, bool, list or object) instead of secret(\"...\").",
	Details: `Keys, secrets, private keys and tokens (the fields the catalog marks as
secret) belong in the platform's secret store, not in git: write
secret("ref") with the reference the runtime resolves, and purge the
literal from the repository's history. tixcfg never prints the literal.`,
	Fixes: "review: replace the literal with secret(\"<reseller-or-company>/<integration>[/<environment>]/<field>\"); the secret must exist in the store. The literal is in no fix.",
	Check: checkCredentialLiteral,
}

func checkCredentialLiteral(pass *Pass) {
	check := func(a *lang.Attr, secret bool, typ, ownerKind, owner, env string) {
		// Any value but secret("...") is a literal, a number or a list as
		// much as a string; an empty string is invalid-value's.
		if !secret || a.IsSecret || !a.Value.IsWhollyKnown() || a.Value.IsNull() ||
			(a.Value.Type() == cty.String && strings.TrimSpace(a.Value.AsString()) == "") {
			return
		}
		pass.Reportf(a.ValueRange, nil, fmt.Sprintf("Secret %q written as a literal", a.Name),
			"%q of integration %q of %s %q is a secret: write secret(\"...\") with the reference the runtime resolves instead of the value, and remove the value from the repository's history.", a.Name, typ, ownerKind, owner)
		pass.attachFixes(secretLiteralFix(pass.Portfolio, a, secretRef(owner, typ, env, a.Name)))
	}
	forEachResellerIntegration(pass, func(r *lang.Reseller, in *lang.ResellerIntegration, t *lang.IntegrationType) {
		for _, a := range in.Attrs {
			if f := t.ResellerCredential(a.Name); f != nil {
				check(a, f.Secret, t.ID, "reseller", r.ID, "")
			}
		}
		for _, e := range in.Environments {
			for _, a := range e.Attrs {
				if f := t.ResellerCredential(a.Name); f != nil {
					check(a, f.Secret, t.ID, "reseller", r.ID, e.Name)
				}
			}
		}
	})
	forEachCompanyIntegration(pass, func(c *lang.Company, in *lang.CompanyIntegration, t *lang.IntegrationType) {
		for _, a := range in.Attrs {
			if f := t.CompanyCredential(a.Name); f != nil {
				check(a, f.Secret, t.ID, "company", c.ID, "")
			} else if s := t.Setting(a.Name); s != nil {
				check(a, s.Secret, t.ID, "company", c.ID, "")
			}
		}
	})
}
