package checker

import (
	"fmt"
	"strings"

	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

var ruleSchema = &Rule{
	ID:         ruleid.Schema,
	Severity:   lang.Error,
	Since:      "v0.1.0",
	ReportedBy: "the loader, while it decodes each file: the language's own blocks and attributes, and literal values (lang/decode.go, lang/expr.go); the checker, against the catalog: integration settings and credentials (checker/rule_schema.go)",
	Doc:        "An unknown block or attribute, a value of the wrong type, or a missing required attribute.",
	Details: `The structure of the language (reseller, company, tax_band, ...) is checked
while loading; the attributes of integration blocks are checked against the
catalog, so an unknown attribute inside integration "dtcm" is reported with
the attributes that integration accepts, and the closest one when it looks
like a typo. Values must be plain literals: no variables, functions other
than secret("ref"), operators, conditionals, for expressions or interpolation.`,
	Fixes: "safe: rename a misspelt attribute or block type to the name the message suggests, when it is the one accepted name that close and the block does not have it yet.",
	Check: checkSchema,
}

func checkSchema(pass *Pass) {
	for _, d := range pass.catalogTypes() {
		if d.Company == nil {
			continue
		}
		for _, fd := range d.Company.Settings {
			if def := fd.Attrs.Get("default"); def != nil && fd.Attrs.Get("secret").Bool() {
				pass.Reportf(def.ValueRange, nil, fmt.Sprintf("Secret setting %q with a default", fd.Name),
					"A default of a secret would be a literal secret in the catalog and in every snapshot: remove it, so that each company writes %s = secret(\"...\").", fd.Name)
			}
		}
	}
	forEachOwnCompanyIntegration(pass, func(c *lang.Company, in *lang.CompanyIntegration, t *lang.IntegrationType) {
		settings := settingsOf(pass.Analysis, c, in, t)
		for _, sv := range settings {
			switch {
			case sv.Attr == nil:
			case sv.Setting == nil && sv.Credential == nil:
				reportUnknownAttr(pass, sv.Attr, in.Attrs, fmt.Sprintf("integration %q of company %q", t.ID, c.ID), t.CompanyAttributes(),
					fmt.Sprintf("takes no company settings: enable it with an empty block, integration %q {}", t.ID))
			case sv.TypeError != "":
				rng := sv.Attr.ValueRange
				if sv.TypeErrorRange.Filename != "" {
					rng = sv.TypeErrorRange
				}
				pass.Reportf(rng, nil, "Incorrect attribute value type", "%s", sv.TypeError)
			}
		}
		for _, s := range t.Settings {
			if s.Required && in.Attrs.Get(s.Name) == nil {
				detail := fmt.Sprintf("Integration %q needs the setting %q", t.ID, s.Name)
				if len(s.Allowed) > 0 {
					detail += fmt.Sprintf(" (one of %s)", quoteList(s.Allowed))
				}
				pass.Reportf(in.DefRange, nil, fmt.Sprintf("Missing required setting %q", s.Name), "%s.", detail)
			}
		}
	})
	forEachResellerIntegration(pass, func(r *lang.Reseller, in *lang.ResellerIntegration, t *lang.IntegrationType) {
		where := fmt.Sprintf("integration %q of reseller %q", t.ID, r.ID)
		if !t.ResellerProvides() {
			how := "each company configures it"
			if t.FeatureFlag != "" {
				how = fmt.Sprintf("the reseller makes it available with the feature flag %q, and each company configures it", t.FeatureFlag)
			}
			pass.Reportf(in.DefRange, nil, fmt.Sprintf("Integration %q takes no reseller credentials", t.ID),
				"Remove this block: %s.", how)
			return
		}
		if len(t.Environments) > 0 {
			for _, a := range in.Attrs {
				pass.Reportf(a.NameRange, nil, fmt.Sprintf("Credentials of %q are given per environment", t.ID),
					"Move %q into an environment block, such as environment %q { ... } (environments: %s).",
					a.Name, t.Environments[0], strings.Join(t.Environments, ", "))
			}
			for _, e := range in.Environments {
				checkCredentialAttrs(pass, t, e.Attrs, fmt.Sprintf("environment %q of %s", e.Name, where))
			}
			return
		}
		for _, e := range in.Environments {
			pass.Reportf(e.DefRange, nil, fmt.Sprintf("Integration %q has no environments", t.ID),
				"Write the credentials of %q directly in the integration block.", t.ID)
		}
		checkCredentialAttrs(pass, t, in.Attrs, where)
	})
}

func checkCredentialAttrs(pass *Pass, t *lang.IntegrationType, attrs lang.Attrs, where string) {
	for _, a := range attrs {
		if t.ResellerCredential(a.Name) == nil {
			reportUnknownAttr(pass, a, attrs, where, t.ResellerAttributes(), "takes no reseller credentials")
			continue
		}
		if !a.IsSecret && a.Value.IsWhollyKnown() && !a.Value.Type().IsPrimitiveType() {
			pass.Reportf(a.ValueRange, nil, "Incorrect attribute value type", "%q must be a string or secret(\"...\").", a.Name)
		}
	}
}

// reportUnknownAttr reports an attribute of attrs that is not accepted,
// with a fix renaming it when one accepted name is the close one and the
// block does not have it yet.
func reportUnknownAttr(pass *Pass, a *lang.Attr, attrs lang.Attrs, where string, accepted []string, none string) {
	detail := fmt.Sprintf("The %s accepts %s.", where, quoteList(accepted))
	if len(accepted) == 0 {
		detail = fmt.Sprintf("The %s %s.", where, none)
	}
	pass.Reportf(a.NameRange, nil, fmt.Sprintf("Unsupported attribute %s", label(a.Name)), "%s%s", detail, didYouMean(a.Name, accepted))
	if name := uniqueSuggestion(a.Name, accepted); name != "" && attrs.Get(name) == nil {
		pass.attachFixes(renameFix(pass.Portfolio, a.NameRange, a.Name, name, false, lang.Safe))
	}
}

// settingsOf returns the resolved settings of a block: from the analysis
// for a company's first block of a type, resolved afresh for a duplicate.
func settingsOf(a *Analysis, c *lang.Company, in *lang.CompanyIntegration, t *lang.IntegrationType) []*SettingValue {
	if cs := a.Of(c); cs != nil {
		if s := cs.Integration(t.ID); s != nil && s.Block == in {
			return s.Settings
		}
	}
	return resolveSettings(t, in)
}

// managedBlock reports whether a company's own block for t is one its
// parent manages: a payment integration under global transactions, with a
// parent that exists. managed-by-parent reports such a block, once; no
// other rule judges what it holds, since it has to go.
func managedBlock(p *lang.Portfolio, c *lang.Company, t *lang.IntegrationType) bool {
	return t != nil && t.Payment && c.GlobalTransactions.Bool() && p.ParentOf(c) != nil
}
