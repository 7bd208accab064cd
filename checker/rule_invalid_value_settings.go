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
)

// checkCompanySettings checks the values a company's integration block of
// type t gives its settings against the catalog's constraints.
func checkCompanySettings(pass *Pass, c *lang.Company, in *lang.CompanyIntegration, t *lang.IntegrationType) {
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

func numberOf(a *lang.Attr) *big.Float {
	if !a.Literal(cty.Number) {
		return nil
	}
	return a.Value.AsBigFloat()
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
			if !s.Secret {
				pass.attachFixes(caseFix(pass.Portfolio, rng, ev.AsString(), allowed, true))
			}
		}
		if ev.Type() == cty.Number {
			checkNumber(pass, s, key, ev.AsBigFloat(), rng)
		}
		if key != "" && s.Keys == lang.KeysISO4217 {
			checkCurrency(pass, s, a, key, keyRange, ev)
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

func checkCurrency(pass *Pass, s *lang.Setting, a *lang.Attr, code string, keyRange hcl.Range, ev cty.Value) {
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
		// A code in lower case is one in upper case, unless the object has
		// that one too.
		if up := strings.ToUpper(code); !slices.ContainsFunc(a.Elems, func(e lang.Elem) bool { return e.Key == up }) {
			if _, known := lang.CurrencyMinorUnits(up); known {
				pass.attachFixes(caseFix(pass.Portfolio, keyRange, code, []string{up}, false))
			}
		}
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
