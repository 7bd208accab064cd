package checker

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/tixcfg/tixcfg/lang"
)

// SettingValue is one attribute of a company's integration block typed
// against the catalog, or a default the catalog fills in.
type SettingValue struct {
	Name string
	// Setting or Credential is the catalog's field; both nil for an
	// attribute the integration does not accept.
	Setting    *lang.Setting
	Credential *lang.Field
	// Attr is nil when the value is the catalog's default.
	Attr *lang.Attr
	// Value is converted to the setting's type (a string for a credential);
	// cty.NilVal for a secret reference or a value of the wrong type.
	Value cty.Value
	// TypeError says why the value does not fit, when it does not, and
	// TypeErrorRange is the element that does not, when one is to blame.
	TypeError      string
	TypeErrorRange hcl.Range
}

// IsSecretRef reports whether the value is a secret("ref").
func (s *SettingValue) IsSecretRef() bool { return s.Attr != nil && s.Attr.IsSecret }

// resolveSettings types a company integration block's attributes against
// the catalog and adds the defaults of the settings it leaves out. The
// result is sorted by name.
func resolveSettings(t *lang.IntegrationType, in *lang.CompanyIntegration) []*SettingValue {
	out := make([]*SettingValue, 0, len(in.Attrs)+len(t.Settings))
	for _, a := range in.Attrs {
		sv := &SettingValue{Name: a.Name, Attr: a, Setting: t.Setting(a.Name), Credential: t.CompanyCredential(a.Name), Value: cty.NilVal}
		switch {
		case sv.Setting == nil && sv.Credential == nil:
		case a.IsSecret:
			if sv.Setting != nil && !sv.Setting.Secret {
				sv.TypeError = fmt.Sprintf("%q is a setting, not a credential: write its value, not secret(\"...\").", a.Name)
			}
		default:
			ty := cty.String
			if sv.Setting != nil {
				ty = sv.Setting.Type
			}
			v, err := convertValue(a.Value, ty)
			if err != nil || !v.IsWhollyKnown() {
				if a.Value.IsWhollyKnown() {
					sv.TypeError = fmt.Sprintf("%q must be %s, not %s.", a.Name, friendlyType(ty), friendlyType(a.Value.Type()))
					if what, et, rng, ok := badElem(a, ty); ok {
						sv.TypeError = fmt.Sprintf("%q must be %s, but %s is %s.", a.Name, friendlyType(ty), what, friendlyType(et))
						sv.TypeErrorRange = rng
					}
				}
			} else {
				sv.Value = v
			}
		}
		out = append(out, sv)
	}
	for _, s := range t.Settings {
		if s.Default != cty.NilVal && in.Attrs.Get(s.Name) == nil {
			out = append(out, &SettingValue{Name: s.Name, Setting: s, Value: s.Default})
		}
	}
	slices.SortFunc(out, func(a, b *SettingValue) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

// badElem finds the first element of a list or object literal that does
// not convert to the element type of the collection type ty, so that the
// message can name it ("GBP" is a string) rather than the whole value's
// type: its name, its type and its range.
func badElem(a *lang.Attr, ty cty.Type) (string, cty.Type, hcl.Range, bool) {
	v, vt := a.Value, a.Value.Type()
	if !ty.IsCollectionType() || !v.CanIterateElements() {
		return "", cty.NilType, hcl.Range{}, false
	}
	fits := func(e cty.Value) bool {
		_, err := convert.Convert(e, ty.ElementType())
		return err == nil
	}
	switch {
	case ty.IsMapType() && vt.IsObjectType():
		for _, e := range a.Elems { // in source order, with ranges
			if e.Key != "" && vt.HasAttribute(e.Key) && !fits(v.GetAttr(e.Key)) {
				return fmt.Sprintf("%q", e.Key), v.GetAttr(e.Key).Type(), e.Range, true
			}
		}
	case (ty.IsListType() || ty.IsSetType()) && vt.IsTupleType():
		i := 0
		for it := v.ElementIterator(); it.Next(); i++ {
			if _, e := it.Element(); !fits(e) {
				rng := a.ValueRange
				if i < len(a.Elems) {
					rng = a.Elems[i].Range
				}
				return fmt.Sprintf("item %d", i+1), e.Type(), rng, true
			}
		}
	}
	return "", cty.NilType, hcl.Range{}, false
}

// convertValue is convert.Convert with a fast path for what settings hold:
// a value of the right type already, or a list or object literal to turn
// into a collection of a primitive type, converted element by element.
// cty's general conversion builds a conversion function per call, and
// unifies a tuple's element types in quadratic time, which a hostile list
// of 100,000 elements would turn into minutes.
func convertValue(v cty.Value, ty cty.Type) (cty.Value, error) {
	vt := v.Type()
	if vt.Equals(ty) {
		return v, nil
	}
	if !v.IsKnown() || v.IsNull() || !ty.IsCollectionType() || !ty.ElementType().IsPrimitiveType() {
		return convert.Convert(v, ty)
	}
	et := ty.ElementType()
	switch {
	case ty.IsMapType() && (vt.IsObjectType() || vt.IsMapType()):
		if v.LengthInt() == 0 {
			return cty.MapValEmpty(et), nil
		}
		m := make(map[string]cty.Value, v.LengthInt())
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			ce, err := convert.Convert(e, et)
			if err != nil {
				return cty.NilVal, err
			}
			m[k.AsString()] = ce
		}
		return cty.MapVal(m), nil
	case (ty.IsListType() || ty.IsSetType()) && (vt.IsTupleType() || vt.IsListType() || vt.IsSetType()):
		if v.LengthInt() == 0 {
			if ty.IsSetType() {
				return cty.SetValEmpty(et), nil
			}
			return cty.ListValEmpty(et), nil
		}
		vs := make([]cty.Value, 0, v.LengthInt())
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			ce, err := convert.Convert(e, et)
			if err != nil {
				return cty.NilVal, err
			}
			vs = append(vs, ce)
		}
		if ty.IsSetType() {
			return cty.SetVal(vs), nil
		}
		return cty.ListVal(vs), nil
	}
	return convert.Convert(v, ty)
}

// forEachItem calls fn with each element of a list literal as written,
// converted to the element type and spelled as a string ("5", "true"), and
// its range. Elements that are unknown, null or of another type are left
// to the schema rule.
func forEachItem(a *lang.Attr, et cty.Type, fn func(key string, rng hcl.Range)) {
	if a.IsSecret || !a.Value.IsKnown() || a.Value.IsNull() || !a.Value.CanIterateElements() || !et.IsPrimitiveType() {
		return
	}
	i := 0
	for it := a.Value.ElementIterator(); it.Next() && i < len(a.Elems); i++ {
		_, ev := it.Element()
		ev, err := convertValue(ev, et)
		if err != nil {
			continue
		}
		if key, ok := itemKey(ev); ok {
			fn(key, a.Elems[i].Range)
		}
	}
}

// itemKey spells a known primitive value as a string, for telling repeats.
func itemKey(v cty.Value) (string, bool) {
	if !v.IsKnown() || v.IsNull() {
		return "", false
	}
	switch v.Type() {
	case cty.String:
		return v.AsString(), true
	case cty.Number:
		return lang.Decimal(v.AsBigFloat()), true
	case cty.Bool:
		return fmt.Sprint(v.True()), true
	}
	return "", false
}

// friendlyType names a type the way a config author thinks of it.
func friendlyType(ty cty.Type) string {
	switch {
	case ty == cty.String:
		return "a string"
	case ty == cty.Number:
		return "a number"
	case ty == cty.Bool:
		return "true or false"
	case ty.IsListType() || ty.IsSetType():
		return "a list of " + trimArticle(friendlyType(ty.ElementType()))
	case ty.IsMapType():
		return "an object of " + trimArticle(friendlyType(ty.ElementType()))
	case ty.IsTupleType():
		return "a list"
	case ty.IsObjectType():
		return "an object"
	}
	return ty.FriendlyName()
}

func trimArticle(s string) string {
	for _, p := range []string{"a ", "an "} {
		if len(s) > len(p) && s[:len(p)] == p {
			return s[len(p):] + "s"
		}
	}
	return s
}
