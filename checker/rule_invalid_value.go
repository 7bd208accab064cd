package checker

import (
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

var ruleInvalidValue = &Rule{
	ID:       ruleid.InvalidValue,
	Severity: lang.Error,
	Doc:      "A value outside what the catalog allows: mode, environment, currency code, negative amount, deadline range, empty credential.",
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
	Bad: `reseller "acme" {
  feature_flags = ["dtcm"]
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["dtcm"]
  permissions   = ["manage_integrations"]

  integration "dtcm" {
    mode          = "production"
    api_key       = secret("dubai-live/dtcm-api-key")
    token_api_key = secret("dubai-live/dtcm-token-key")
    client_id     = "DL-001"
    client_secret = secret("dubai-live/dtcm-client-secret")
    seller_code   = "SELL42"
  }
}
`,
	Good: `reseller "acme" {
  feature_flags = ["dtcm"]
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["dtcm"]
  permissions   = ["manage_integrations"]

  integration "dtcm" {
    mode          = "live"
    api_key       = secret("dubai-live/dtcm-api-key")
    token_api_key = secret("dubai-live/dtcm-token-key")
    client_id     = "DL-001"
    client_secret = secret("dubai-live/dtcm-client-secret")
    seller_code   = "SELL42"
  }
}
`,
	Check: checkInvalidValue,
}

var (
	hundred       = big.NewFloat(100)
	zero          = new(big.Float)
	knownFeatures = []string{lang.FeatureTaxBandCondition}
)

func checkInvalidValue(pass *Pass) {
	p := pass.Portfolio
	for _, c := range p.Companies {
		for _, tb := range c.TaxBands {
			if v := numberOf(tb.Rate); v != nil && (v.Cmp(zero) < 0 || v.Cmp(hundred) > 0) {
				pass.Reportf(tb.Rate.ValueRange, nil, "Tax rate out of range", "The rate of tax band %q is a percentage from 0 to 100.", tb.ID)
			}
			if emptyCondition(tb) {
				pass.Reportf(tb.Condition.ValueRange, nil, "Empty condition", "Remove the condition of tax band %q, or write the expression the runtime evaluates.", tb.ID)
			}
		}
		for _, in := range c.Integrations {
			t := in.Def
			if t == nil || managedBlock(p, c, t) {
				continue
			}
			for _, sv := range settingsOf(pass.Analysis, c, in, t) {
				if sv.Attr == nil {
					continue
				}
				switch {
				case sv.Credential != nil || (sv.Setting != nil && sv.Setting.Secret):
					checkNotEmpty(pass, sv.Attr)
					if sv.Setting != nil && sv.Value != cty.NilVal {
						checkSetting(pass, sv.Setting, sv.Attr, sv.Value)
					}
				case sv.Setting != nil && sv.Value != cty.NilVal:
					checkSetting(pass, sv.Setting, sv.Attr, sv.Value)
				}
			}
		}
	}
	for _, r := range p.Resellers {
		for _, in := range r.Integrations {
			t := in.Def
			if t == nil {
				continue
			}
			for _, a := range in.Attrs {
				checkNotEmpty(pass, a)
			}
			for _, e := range in.Environments {
				if len(t.Environments) > 0 && !t.HasEnvironment(e.Name) {
					pass.Reportf(e.LabelRange, nil, fmt.Sprintf("Unknown environment %q", e.Name),
						"The credentials of %q come in the environments %s.%s", t.ID, quoteList(t.Environments), didYouMean(e.Name, t.Environments))
				}
				for _, a := range e.Attrs {
					checkNotEmpty(pass, a)
				}
			}
		}
	}
	checkCatalogDecls(pass, p.Permissions, p.FeatureFlags, p.IntegrationTypes)
}

// emptyCondition reports a tax band condition that is written but blank:
// an invalid value, and no condition a flag would have to allow.
func emptyCondition(tb *lang.TaxBand) bool {
	return tb.Condition != nil && tb.Condition.Value.IsKnown() && strings.TrimSpace(tb.Condition.Str()) == ""
}

func numberOf(a *lang.Attr) *big.Float {
	if a == nil || a.IsSecret || !a.Value.IsKnown() || a.Value.IsNull() || a.Value.Type() != cty.Number {
		return nil
	}
	return a.Value.AsBigFloat()
}

func checkNotEmpty(pass *Pass, a *lang.Attr) {
	if a.IsSecret || !a.Value.IsKnown() || a.Value.IsNull() || a.Value.Type() != cty.String {
		return
	}
	if strings.TrimSpace(a.Value.AsString()) == "" {
		pass.Reportf(a.ValueRange, nil, fmt.Sprintf("Empty credential %q", a.Name),
			"Give %q a value, preferably secret(\"...\") when it is a secret, or remove it.", a.Name)
	}
}

// checkSetting checks a value converted to the setting's type against the
// setting's constraints, pointing at the offending element when it can.
func checkSetting(pass *Pass, s *lang.Setting, a *lang.Attr, v cty.Value) {
	if !v.IsWhollyKnown() || v.IsNull() {
		return
	}
	allowed := s.Allowed
	forEachElem(a, v, func(key string, keyRange hcl.Range, ev cty.Value, rng hcl.Range) {
		if ev.IsNull() {
			return
		}
		if ev.Type() == cty.String && len(allowed) > 0 && !slices.Contains(allowed, ev.AsString()) {
			what := "value"
			if s.SelectsEnvironment {
				what = "environment"
			}
			shown, hint := fmt.Sprintf("%q", ev.AsString()), didYouMean(ev.AsString(), allowed)
			if s.Secret {
				shown, hint = "The value", ""
			}
			pass.Reportf(rng, nil, fmt.Sprintf("Invalid %s for %q", what, s.Name), "%s is not allowed: %q must be one of %s.%s",
				shown, s.Name, quoteList(allowed), hint)
		}
		if ev.Type() == cty.Number {
			checkNumber(pass, s, key, ev.AsBigFloat(), rng)
		}
		if key != "" && s.Keys == lang.KeysISO4217 {
			checkCurrency(pass, s, key, keyRange, ev)
		}
	})
}

// forEachElem calls fn for a primitive value itself, or for each element
// of a collection with the element's source range.
func forEachElem(a *lang.Attr, v cty.Value, fn func(key string, keyRange hcl.Range, ev cty.Value, rng hcl.Range)) {
	ty := v.Type()
	switch {
	case ty.IsPrimitiveType():
		fn("", hcl.Range{}, v, a.ValueRange)
	case ty.IsMapType():
		for _, e := range a.Elems {
			if e.Key != "" && v.HasIndex(cty.StringVal(e.Key)).True() {
				fn(e.Key, e.KeyRange, v.Index(cty.StringVal(e.Key)), e.Range)
			}
		}
		if len(a.Elems) == 0 { // not a literal: no ranges to give
			for it := v.ElementIterator(); it.Next(); {
				k, ev := it.Element()
				fn(k.AsString(), a.ValueRange, ev, a.ValueRange)
			}
		}
	case ty.IsListType() || ty.IsSetType():
		// A set is sorted and free of repeats, so its elements no longer
		// line up with the source's: walk what was written instead.
		src := v
		if ty.IsSetType() && a.Value.CanIterateElements() {
			src = a.Value
		}
		// A repeat is a duplicate finding, not a second one of this rule.
		var seen map[string]bool
		if src.LengthInt() > 1 {
			seen = make(map[string]bool, src.LengthInt())
		}
		i := 0
		for it := src.ElementIterator(); it.Next(); i++ {
			_, ev := it.Element()
			if ev.IsKnown() && !ev.IsNull() && ev.Type() != ty.ElementType() {
				cv, err := convertValue(ev, ty.ElementType())
				if err != nil {
					continue
				}
				ev = cv
			}
			if k, ok := itemKey(ev); ok && seen != nil {
				if seen[k] {
					continue
				}
				seen[k] = true
			}
			rng := a.ValueRange
			if i < len(a.Elems) {
				rng = a.Elems[i].Range
			}
			fn("", hcl.Range{}, ev, rng)
		}
	}
}

func checkNumber(pass *Pass, s *lang.Setting, key string, n *big.Float, rng hcl.Range) {
	name := s.Name
	if key != "" {
		name = fmt.Sprintf("%s.%s", s.Name, key)
	}
	shown := name + " is " + lang.Decimal(n)
	if s.Secret {
		shown = "The value of " + name + " is out of range" // never print a secret
	}
	switch {
	case s.Minimum != nil && n.Cmp(s.Minimum) < 0:
		summary := "Value too small"
		if s.Minimum.Sign() == 0 {
			summary = "Negative value"
		}
		pass.Reportf(rng, nil, summary, "%s; the smallest value allowed is %s.", shown, lang.Decimal(s.Minimum))
	case s.Maximum != nil && n.Cmp(s.Maximum) > 0:
		pass.Reportf(rng, nil, "Value too large", "%s; the largest value allowed is %s.", shown, lang.Decimal(s.Maximum))
	case s.Integer && !n.IsInt():
		pass.Reportf(rng, nil, "Whole number expected", "%s; it must be a whole number.", shown)
	}
}

func checkCurrency(pass *Pass, s *lang.Setting, code string, keyRange hcl.Range, ev cty.Value) {
	units, ok := lang.CurrencyMinorUnits(code)
	if !ok {
		hint := ""
		if c := suggestCurrency(code); c != "" {
			hint = fmt.Sprintf(" Did you mean %q?", c)
		}
		if up := strings.ToUpper(code); up != code {
			if _, ok := lang.CurrencyMinorUnits(up); ok {
				hint = fmt.Sprintf(" ISO 4217 codes are upper case: %q.", up)
			}
		}
		pass.Reportf(keyRange, nil, fmt.Sprintf("Unknown currency %q", code),
			"The keys of %q are ISO 4217 currency codes in current use, such as \"AED\" or \"USD\".%s", s.Name, hint)
		return
	}
	if ev.Type() != cty.Number || ev.IsNull() {
		return
	}
	if d := lang.DecimalPlaces(ev.AsBigFloat()); d > units {
		shown := fmt.Sprintf("%s.%s is %s", s.Name, code, lang.Decimal(ev.AsBigFloat()))
		if s.Secret {
			shown = fmt.Sprintf("%s.%s has %d decimal places", s.Name, code, d)
		}
		pass.Reportf(keyRange, nil, "Too many decimal places", "%s, but %s amounts have %d decimal places.", shown, code, units)
	}
}

// suggestCurrency returns the code one edit away from code, or a swap of
// two letters after the same first one ("GPB" for GBP), or "". Three-letter
// codes are all alike at distance 2: the general suggestion would offer
// BYN for XYZ.
func suggestCurrency(code string) string {
	if len(code) > 8 { // no code is near a long key; spare the distance
		return ""
	}
	best, bestDist, bestPrefix := "", 3, 0
	for _, c := range lang.CurrencyCodes() {
		d := levenshtein.Distance(code, c, nil)
		if d > 2 || (d == 2 && (code[0] != c[0] || !sameLetters(code, c))) {
			continue
		}
		// Among equals, the code of the same country (its first two
		// letters) wins: CUC suggests CUP, not CRC.
		prefix := commonPrefix(code, c)
		if d < bestDist || (d == bestDist && prefix > bestPrefix) {
			best, bestDist, bestPrefix = c, d, prefix
		}
	}
	return best
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func sameLetters(a, b string) bool {
	x, y := []byte(a), []byte(b)
	slices.Sort(x)
	slices.Sort(y)
	return string(x) == string(y)
}

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
