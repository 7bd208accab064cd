package lang

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// Decl holds the source ranges of a labelled block, so that a diagnostic
// can point at the whole block, its header or just its label.
type Decl struct {
	Range      hcl.Range // the whole block, braces included
	DefRange   hcl.Range // type keyword and labels: what editors highlight
	LabelRange hcl.Range // the label alone
}

// Elem is one element of a list or object literal: its key (for objects)
// and where it sits, so a diagnostic can name one list element.
type Elem struct {
	Key      string
	KeyRange hcl.Range
	Range    hcl.Range // the element's value
}

// Attr is an attribute as written, with its evaluated value. Secret
// references are kept apart from literal strings: Value stays null and
// Secret holds the reference.
type Attr struct {
	Name       string
	Range      hcl.Range // `name = value`
	NameRange  hcl.Range
	ValueRange hcl.Range
	Value      cty.Value
	IsSecret   bool
	Secret     string // the secret("ref") reference when IsSecret
	Elems      []Elem // elements of a list or object literal, in source order
}

// Item is one string of a list attribute with its own range.
type Item struct {
	Value string
	Range hcl.Range
}

// List is a list-of-strings attribute, element by element.
type List struct {
	Attr  *Attr
	Items []Item
	// Unknown is set when the attribute is written but could not be
	// decoded (a schema finding says why): nothing may be inferred from
	// what such a list seems to lack.
	Unknown bool
}

// Has reports whether v is one of the list's strings; nil lists are empty.
func (l *List) Has(v string) bool {
	if l == nil {
		return false
	}
	for _, it := range l.Items {
		if it.Value == v {
			return true
		}
	}
	return false
}

// Find returns the first item equal to v.
func (l *List) Find(v string) (Item, bool) {
	if l != nil {
		for _, it := range l.Items {
			if it.Value == v {
				return it, true
			}
		}
	}
	return Item{}, false
}

// Values returns the strings of the list.
func (l *List) Values() []string {
	if l == nil {
		return nil
	}
	out := make([]string, len(l.Items))
	for i, it := range l.Items {
		out[i] = it.Value
	}
	return out
}

// Literal reports whether a is present and holds a known, non-null value
// of type ty written as itself (not secret("...")), so that reading it as
// a ty cannot panic.
func (a *Attr) Literal(ty cty.Type) bool {
	return a != nil && !a.IsSecret && a.Value != cty.NilVal && a.Value.IsKnown() && !a.Value.IsNull() && a.Value.Type().Equals(ty)
}

// Str returns a string attribute's value, or "" when absent or not known.
func (a *Attr) Str() string {
	if !a.Literal(cty.String) {
		return ""
	}
	return a.Value.AsString()
}

// Bool returns a bool attribute's value, false when absent or not known.
func (a *Attr) Bool() bool {
	if !a.Literal(cty.Bool) {
		return false
	}
	return a.Value.True()
}

// Attrs is a block's attributes in source order.
type Attrs []*Attr

// Get returns the attribute with that name, or nil.
func (as Attrs) Get(name string) *Attr {
	for _, a := range as {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// Reseller is a `reseller "id"` block: the platform-level credentials and
// feature flags shared by its companies.
type Reseller struct {
	ID string
	Decl
	Name         *Attr
	FeatureFlags *List
	Integrations []*ResellerIntegration
}

// ResellerIntegration is the credentials a reseller provides for one
// integration type, either directly or per environment.
type ResellerIntegration struct {
	Type string
	// Def is the catalog's integration type, nil when unknown; Assemble
	// resolves it once for every rule.
	Def *IntegrationType
	Decl
	Attrs        Attrs
	Environments []*Environment
}

// Environment is one named credential set, such as "live" or "test".
type Environment struct {
	Name string
	Decl
	Attrs Attrs
}

// Company is a `company "id"` block.
type Company struct {
	ID string
	Decl
	Name               *Attr
	Reseller           *Attr
	Parent             *Attr
	GlobalTransactions *Attr
	FeatureFlags       *List
	Permissions        *List
	TaxBands           []*TaxBand
	Integrations       []*CompanyIntegration
}

// Integration returns the company's first block for integration type t.
func (c *Company) Integration(t string) *CompanyIntegration {
	for _, in := range c.Integrations {
		if in.Type == t {
			return in
		}
	}
	return nil
}

// TaxBand returns the company's first tax band with that id.
func (c *Company) TaxBand(id string) *TaxBand {
	for _, tb := range c.TaxBands {
		if tb.ID == id {
			return tb
		}
	}
	return nil
}

// TaxBand is a company's `tax_band "id"` block.
type TaxBand struct {
	ID string
	Decl
	Rate      *Attr
	Condition *Attr
}

// CompanyIntegration is a company's `integration "type"` block: enabling
// that integration with company-specific settings and credentials.
type CompanyIntegration struct {
	Type string
	// Def is the catalog's integration type, nil when unknown; Assemble
	// resolves it once for every rule.
	Def *IntegrationType
	Decl
	Attrs Attrs
}

// FeatureFlagDecl is a `feature_flag "id"` block of the catalog.
type FeatureFlagDecl struct {
	ID string
	Decl
	Builtin       bool
	Description   *Attr
	ConflictsWith *List
	// Enables lists language features that need this flag on the company,
	// such as "tax_band.condition".
	Enables *List
}

// PermissionDecl is a `permission "id"` block of the catalog.
type PermissionDecl struct {
	ID string
	Decl
	Builtin     bool
	Description *Attr
	RequiredFor *Attr
}

// IntegrationTypeDecl is an `integration_type "id"` block of the catalog.
type IntegrationTypeDecl struct {
	ID string
	Decl
	Builtin     bool
	Name        *Attr
	Description *Attr
	Category    *Attr
	FeatureFlag *Attr
	Payment     *Attr
	Permissions *List
	Reseller    *ResellerSpecDecl
	Company     *CompanySpecDecl
}

// ResellerSpecDecl is the `reseller` block of an integration type: what
// a reseller must provide.
type ResellerSpecDecl struct {
	Decl
	Environments *List
	Credentials  []*FieldDecl
}

// CompanySpecDecl is the `company` block of an integration type: what a
// company configures.
type CompanySpecDecl struct {
	Decl
	Credentials []*FieldDecl
	Settings    []*FieldDecl
}

// FieldDecl is a `credential "name"` or `setting "name"` block.
type FieldDecl struct {
	Name string
	Decl
	Attrs Attrs
	// Type is the setting's type constraint (string for credentials).
	Type      cty.Type
	TypeRange hcl.Range
}
