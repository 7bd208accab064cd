package checker

import (
	"fmt"
	"slices"

	"github.com/zclconf/go-cty/cty"

	"github.com/tixcfg/tixcfg/lang"
)

var knownFeatures = []string{lang.FeatureTaxBandCondition}

// checkCatalogDecls checks that operator catalog declarations are
// consistent, so the catalog the rules are generic over is sound.
func checkCatalogDecls(pass *Pass, perms []*lang.PermissionDecl, flags []*lang.FeatureFlagDecl, types []*lang.IntegrationTypeDecl) {
	oneOf := func(a *lang.Attr, what string, allowed ...string) {
		if a == nil || !a.Value.IsKnown() || slices.Contains(allowed, a.Str()) {
			return
		}
		pass.Reportf(a.ValueRange, nil, fmt.Sprintf("Invalid %s %q", what, a.Str()), "%s must be one of %s.%s",
			a.Name, quoteList(allowed), didYouMean(a.Str(), allowed))
	}
	for _, d := range perms {
		oneOf(d.RequiredFor, "required_for", lang.RequiredForAll, lang.RequiredForPayment)
	}
	for _, f := range flags {
		if it, ok := f.ConflictsWith.Find(f.ID); ok {
			pass.Reportf(it.Range, nil, fmt.Sprintf("Feature flag %q conflicts with itself", f.ID),
				"conflicts_with lists the flags that may not be active on a company together with %q; remove %q from it.", f.ID, f.ID)
		}
		if f.Enables == nil {
			continue
		}
		for _, it := range f.Enables.Items {
			if !slices.Contains(knownFeatures, it.Value) {
				pass.Reportf(it.Range, nil, fmt.Sprintf("Unknown language feature %q", it.Value),
					"A flag's enables lists language features it gates: %s.%s", quoteList(knownFeatures), didYouMean(it.Value, knownFeatures))
			}
		}
	}
	for _, d := range types {
		hasEnvs := d.Reseller != nil && d.Reseller.Environments != nil && len(d.Reseller.Environments.Items) > 0
		if d.Company == nil {
			continue
		}
		for _, fd := range d.Company.Settings {
			checkSettingDecl(pass, fd, hasEnvs, oneOf)
		}
	}
}

func checkSettingDecl(pass *Pass, fd *lang.FieldDecl, hasEnvs bool, oneOf func(*lang.Attr, string, ...string)) {
	attrs := fd.Attrs
	oneOf(attrs.Get("keys"), "keys", lang.KeysISO4217)
	oneOf(attrs.Get("references"), "references", lang.ReferenceTaxBand)
	isNumeric := fd.Type == cty.Number || ((fd.Type.IsMapType() || fd.Type.IsListType()) && fd.Type.ElementType() == cty.Number)
	isStringish := fd.Type == cty.String || ((fd.Type.IsListType() || fd.Type.IsSetType()) && fd.Type.ElementType() == cty.String)
	mismatch := func(name, need string) {
		if a := attrs.Get(name); a != nil {
			pass.Reportf(a.NameRange, nil, fmt.Sprintf("%q does not apply to setting %q", name, fd.Name), "%q applies only to %s settings; %q is %s.", name, need, fd.Name, friendlyType(fd.Type))
		}
	}
	if !isNumeric {
		mismatch("minimum", "number")
		mismatch("maximum", "number")
		mismatch("integer", "number")
	}
	if !isStringish {
		mismatch("allowed", "string")
	}
	if fd.Type != cty.String {
		mismatch("references", "string")
		mismatch("selects_environment", "string")
	}
	if !fd.Type.IsMapType() {
		mismatch("keys", "map")
	}
	if a := attrs.Get("selects_environment"); a != nil && a.Bool() && !hasEnvs {
		pass.Reportf(a.Range, nil, "No environments to select", "Setting %q selects a reseller environment, but the integration type declares no reseller environments.", fd.Name)
	}
	lo, hi := numberOf(attrs.Get("minimum")), numberOf(attrs.Get("maximum"))
	if lo != nil && hi != nil && lo.Cmp(hi) > 0 {
		pass.Reportf(attrs.Get("maximum").ValueRange, nil, "Empty range", "The maximum of %q is below its minimum.", fd.Name)
	}
	def := attrs.Get("default")
	if req := attrs.Get("required"); def != nil && req != nil && req.Bool() {
		pass.Reportf(req.Range, nil, "Required setting with a default",
			"Setting %q has a default, so a company never has to write it; drop required = true, or the default.", fd.Name)
	}
	if def == nil || !def.Value.IsWhollyKnown() || attrs.Get("secret").Bool() {
		return // schema refuses the default of a secret, without judging it
	}
	s := lang.SettingOf(fd)
	if s.Default == cty.NilVal {
		pass.Reportf(def.ValueRange, nil, "Default of the wrong type", "The default of %q must be %s.", fd.Name, friendlyType(fd.Type))
		return
	}
	checkSetting(pass, s, def, s.Default)
}
