package checker

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

var ruleUnknownReference = &Rule{
	ID:         ruleid.UnknownReference,
	Severity:   lang.Error,
	Since:      "v0.1.0",
	ReportedBy: "the checker, over the whole portfolio (checker/rule_unknown_reference.go)",
	Doc:        "A reseller, parent, feature flag, integration type, tax band or permission that is not defined.",
	Details: `Every name a config refers to must be defined: resellers and parents among
the portfolio's companies and resellers, feature flags, permissions and
integration types in the catalog (built-in or declared by operators), tax
bands among the company's own. The message suggests the closest defined name.`,
	Fixes: "review: rename the reference to the one close defined name, when exactly one is that close (a reseller, parent, tax band, feature flag, permission or integration type).",
	Check: checkUnknownReference,
}

func checkUnknownReference(pass *Pass) {
	p, cat := pass.Portfolio, pass.Catalog
	// Built only when a reference is unknown.
	resellerIDs, companyIDs := pass.ids("reseller"), pass.ids("company")
	flagIDs := ids(cat.Flags, func(f *lang.Flag) string { return f.ID })
	permIDs := ids(cat.Permissions, func(p *lang.Permission) string { return p.ID })
	typeIDs := ids(cat.Types, func(t *lang.IntegrationType) string { return t.ID })
	// One suggester per candidate list, built on first use: thousands of
	// typos must not each index thousands of resellers.
	suggesters := map[*string]*suggester{}
	// in is the list the name is an item of, nil for a lone value: a fix
	// does not rename an item to one the list already has.
	unknownIn := func(in *lang.List, kind, name string, rng hcl.Range, candidates []string, hint string) {
		var hintName, rename string
		if len(candidates) > 0 {
			s := suggesters[&candidates[0]]
			if s == nil {
				s = newSuggester(candidates)
				suggesters[&candidates[0]] = s
			}
			hintName = s.didYouMean(name)
			if hintName != "" {
				rename = s.unique(name)
			}
		}
		pass.Reportf(rng, nil, fmt.Sprintf("Unknown %s %s", kind, label(name)), "No %s %s is defined%s.%s", kind, label(name), hint, hintName)
		if rename != "" && !in.Has(rename) {
			pass.attachFixes(renameFix(p, rng, name, rename, true, lang.Review))
		}
	}
	unknown := func(kind, name string, rng hcl.Range, candidates []string, hint string) {
		unknownIn(nil, kind, name, rng, candidates, hint)
	}
	catalogHint := func(block string) string {
		article := "a"
		if strings.ContainsRune("aeiou", rune(block[0])) {
			article = "an"
		}
		return fmt.Sprintf(" (see `tixcfg catalog`; declare your own with %s %s block)", article, block)
	}
	list := func(kind string, l *lang.List, candidates []string, known func(string) bool) {
		if l == nil {
			return
		}
		for _, it := range distinct(l.Items) {
			if !known(it.Value) {
				unknownIn(l, kind, it.Value, it.Range, candidates, catalogHint(strings.ReplaceAll(kind, " ", "_")))
			}
		}
	}
	isFlag := func(id string) bool { return cat.Flag(id) != nil }
	isPerm := func(id string) bool { return cat.Permission(id) != nil }

	for r := range pass.resellers() {
		list("feature flag", r.FeatureFlags, flagIDs, isFlag)
		for _, in := range r.Integrations {
			if in.Def == nil {
				unknown("integration type", in.Type, in.LabelRange, typeIDs, catalogHint("integration_type"))
			}
		}
	}
	for c := range pass.companies() {
		if id := c.Reseller.Str(); c.Reseller != nil && c.Reseller.Value.IsKnown() && p.Reseller(id) == nil {
			unknown("reseller", id, c.Reseller.ValueRange, resellerIDs(), "")
		}
		if id := c.Parent.Str(); c.Parent != nil && c.Parent.Value.IsKnown() && p.Company(id) == nil {
			unknown("company", id, c.Parent.ValueRange, companyIDs(), " to be the parent")
		}
		list("feature flag", c.FeatureFlags, flagIDs, isFlag)
		list("permission", c.Permissions, permIDs, isPerm)
		for _, in := range c.Integrations {
			t := in.Def
			if t == nil {
				unknown("integration type", in.Type, in.LabelRange, typeIDs, catalogHint("integration_type"))
				continue
			}
			if managedBlock(p, c, t) {
				continue
			}
			for _, s := range t.Settings {
				a := in.Attrs.Get(s.Name)
				if s.References != lang.ReferenceTaxBand || !a.Literal(cty.String) {
					continue
				}
				if band := a.Value.AsString(); c.TaxBand(band) == nil {
					var bands []string
					for _, tb := range c.TaxBands {
						bands = append(bands, tb.ID)
					}
					unknown("tax band", band, a.ValueRange, bands, fmt.Sprintf(" in company %q (it has %s)", c.ID, quoteList(bands)))
				}
			}
		}
	}
	if !pass.catalog() {
		return
	}
	for _, f := range p.FeatureFlags {
		list("feature flag", f.ConflictsWith, flagIDs, isFlag)
	}
	for _, d := range p.IntegrationTypes {
		if id := d.FeatureFlag.Str(); id != "" && !isFlag(id) {
			unknown("feature flag", id, d.FeatureFlag.ValueRange, flagIDs, catalogHint("feature_flag"))
		}
		list("permission", d.Permissions, permIDs, isPerm)
	}
}

func ids[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out
}
