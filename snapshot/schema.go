package snapshot

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/zclconf/go-cty/cty"

	"github.com/tixcfg/tixcfg/lang"
)

// schemaBase is the part of the schema that no catalog changes; Schema
// adds what each integration type of the catalog allows.
//
//go:embed schema.json
var schemaBase []byte

// SchemaIDFor is the $id of the schema generated for a catalog: SchemaID
// with the catalog's digest as its RFC 8141 q-component. A URN's
// q-component takes no part in its equivalence, so the id still names the
// format a snapshot's "$schema" names (which stays SchemaID, the same for
// every catalog), and it tells two generated schemas apart; a consumer
// matches it against the snapshot's catalog.digest.
func SchemaIDFor(cat *lang.Catalog) string {
	return SchemaID + "?=catalog=" + cat.Digest()
}

// Schema returns the JSON Schema (draft 2020-12) of the snapshots of a
// portfolio with this effective catalog: exact for the settings,
// credentials and environments of each of its integration types, for
// shape only for other types (so that the built-in catalog's schema still
// reads a snapshot of an extended catalog).
func Schema(cat *lang.Catalog) ([]byte, error) {
	var root node
	if err := root.UnmarshalJSON(schemaBase); err != nil {
		return nil, fmt.Errorf("snapshot: the embedded schema: %w", err)
	}
	root.ID = SchemaIDFor(cat)
	ri, in := root.Defs["resellerIntegration"], root.Defs["integration"]
	if ri == nil || in == nil {
		return nil, fmt.Errorf("snapshot: the embedded schema lacks the integration definitions")
	}
	for _, t := range cat.Types {
		ri.AllOf = append(ri.AllOf, &node{If: isType(t), Then: resellerPart(t)})
		in.AllOf = append(in.AllOf, &node{If: isType(t), Then: companyPart(t)})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&root); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// node is a JSON Schema with the keywords the snapshot's schema uses, in
// the order they are written; never is the schema false.
type node struct {
	Schema               string           `json:"$schema,omitempty"`
	ID                   string           `json:"$id,omitempty"`
	Title                string           `json:"title,omitempty"`
	Description          string           `json:"description,omitempty"`
	Ref                  string           `json:"$ref,omitempty"`
	Type                 any              `json:"type,omitempty"`
	Const                any              `json:"const,omitempty"`
	Enum                 []string         `json:"enum,omitempty"`
	Pattern              string           `json:"pattern,omitempty"`
	MinLength            int              `json:"minLength,omitempty"`
	Minimum              json.Number      `json:"minimum,omitempty"`
	Maximum              json.Number      `json:"maximum,omitempty"`
	MaxProperties        *int             `json:"maxProperties,omitempty"`
	Required             []string         `json:"required,omitempty"`
	PropertyNames        *node            `json:"propertyNames,omitempty"`
	Properties           map[string]*node `json:"properties,omitempty"`
	AdditionalProperties *node            `json:"additionalProperties,omitempty"`
	Items                *node            `json:"items,omitempty"`
	UniqueItems          bool             `json:"uniqueItems,omitempty"`
	AnyOf                []*node          `json:"anyOf,omitempty"`
	OneOf                []*node          `json:"oneOf,omitempty"`
	If                   *node            `json:"if,omitempty"`
	Then                 *node            `json:"then,omitempty"`
	Not                  *node            `json:"not,omitempty"`
	AllOf                []*node          `json:"allOf,omitempty"`
	Defs                 map[string]*node `json:"$defs,omitempty"`
	never                bool
}

type plainNode node

// MarshalJSON writes the schema false as false.
func (n *node) MarshalJSON() ([]byte, error) {
	if n.never {
		return []byte("false"), nil
	}
	return json.Marshal((*plainNode)(n))
}

// UnmarshalJSON refuses a keyword node does not know, so that the
// embedded schema cannot lose one on the way out.
func (n *node) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "false" {
		*n = node{never: true}
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	return dec.Decode((*plainNode)(n))
}

var never = &node{never: true}

// nullable allows null besides n: the rules let an element of a list or
// map be null, and the builder writes it so.
func nullable(n *node) *node { return &node{AnyOf: []*node{n, {Type: "null"}}} }

func ref(def string) *node { return &node{Ref: "#/$defs/" + def} }

func isType(t *lang.IntegrationType) *node {
	return &node{Properties: map[string]*node{"type": {Const: t.ID}}}
}

// fields is an object of credentials: a secret one is only ever a
// reference.
func fields(fs []*lang.Field) *node {
	if len(fs) == 0 {
		return ref("noCredentials")
	}
	n := &node{AdditionalProperties: never, Properties: map[string]*node{}}
	for _, f := range fs {
		n.Properties[f.Name] = ref("credential")
		if f.Secret {
			n.Properties[f.Name] = ref("secret")
		}
		if f.Required {
			n.Required = append(n.Required, f.Name)
		}
	}
	slices.Sort(n.Required)
	return n
}

func resellerPart(t *lang.IntegrationType) *node {
	if len(t.Environments) == 0 {
		return &node{Required: []string{"credentials"}, Properties: map[string]*node{"credentials": fields(t.ResellerCredentials)}}
	}
	return &node{Required: []string{"environments"}, Properties: map[string]*node{"environments": {
		PropertyNames:        &node{Enum: t.Environments},
		AdditionalProperties: fields(t.ResellerCredentials),
	}}}
}

func companyPart(t *lang.IntegrationType) *node {
	settings := &node{AdditionalProperties: never, Properties: map[string]*node{}}
	refs := &node{AdditionalProperties: never, Properties: map[string]*node{}}
	for _, s := range t.Settings {
		settings.Properties[s.Name] = settingSchema(s)
		// Defaults are filled in: a setting with one is always written.
		if s.Required || s.Default != cty.NilVal {
			settings.Required = append(settings.Required, s.Name)
		}
		if s.References != "" {
			refs.Properties[s.Name] = ref("reference")
		}
	}
	slices.Sort(settings.Required)
	if len(refs.Properties) == 0 {
		refs = ref("noReferences")
	}
	n := &node{Properties: map[string]*node{"settings": settings, "credentials": fields(t.CompanyCredentials), "references": refs}}
	if len(t.Environments) > 0 {
		n.Required = []string{"environment"}
		n.Properties["environment"] = &node{Enum: t.Environments}
	} else {
		n.Not = &node{Required: []string{"environment"}}
	}
	return n
}

// settingSchema is what the builder writes for a setting: a secret as a
// reference, money as exact strings in the currency's minor units, any
// other value as its catalog type with the setting's constraints.
func settingSchema(s *lang.Setting) *node {
	if s.Secret {
		return ref("secret")
	}
	n := valueSchema(s, s.Type, 2)
	if s.Default != cty.NilVal && s.Default.IsNull() {
		n = nullable(n)
	}
	return n
}

// valueSchema describes a value of type ty. The setting's allowed values
// and bounds apply where invalid-value checks them: to the value itself
// and to the elements of a list, set or map, which is while depth > 0.
func valueSchema(s *lang.Setting, ty cty.Type, depth int) *node {
	constrained := depth > 0
	switch {
	case ty == cty.String:
		if constrained && len(s.Allowed) > 0 {
			return &node{Enum: s.Allowed}
		}
		return &node{Type: "string"}
	case ty == cty.Bool:
		return &node{Type: "boolean"}
	case ty == cty.Number:
		n := &node{Type: "number"}
		if !constrained {
			return n
		}
		if s.Integer {
			n.Type = "integer"
		}
		if s.Minimum != nil {
			n.Minimum = json.Number(lang.Decimal(s.Minimum))
		}
		if s.Maximum != nil {
			n.Maximum = json.Number(lang.Decimal(s.Maximum))
		}
		return n
	case ty.IsListType() || ty.IsSetType():
		return &node{Type: "array", Items: nullable(valueSchema(s, ty.ElementType(), depth-1))}
	case depth == 2 && ty.IsMapType() && s.Keys == lang.KeysISO4217 && ty.ElementType() == cty.Number:
		// Money, which the builder writes for the setting itself only.
		amount := ref("moneyAmount")
		if s.Minimum != nil && s.Minimum.Sign() >= 0 {
			// An amount is a string: of the bounds, only the sign shows.
			amount.Not = &node{Pattern: "^-"}
		}
		return &node{Type: "object", PropertyNames: ref("currencyCode"), AdditionalProperties: nullable(amount)}
	case ty.IsMapType():
		n := &node{Type: "object", AdditionalProperties: nullable(valueSchema(s, ty.ElementType(), depth-1))}
		if depth == 2 && s.Keys == lang.KeysISO4217 {
			n.PropertyNames = ref("currencyCode")
		}
		return n
	case ty.IsObjectType():
		// Every attribute is written; an optional one left out as null.
		n := &node{Type: "object", AdditionalProperties: never, Properties: map[string]*node{}}
		for name, at := range ty.AttributeTypes() {
			p := valueSchema(s, at, 0)
			if ty.AttributeOptional(name) {
				p = nullable(p)
			}
			n.Properties[name] = p
			n.Required = append(n.Required, name)
		}
		slices.Sort(n.Required)
		return n
	}
	return ref("settingValue")
}
