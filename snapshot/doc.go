// Package snapshot is the compiler back-end of tixcfg: it compiles a
// checked portfolio into the normalized JSON document that deploy
// pipelines hand to the runtime (Build, Encode), compares a snapshot file
// with the one built now (Compare), generates the document's JSON Schema
// from the catalog (Schema), and checks a snapshot a pipeline is given
// (Load).
//
// The builder trusts the rules: what the checker reports (types, money
// minor units, references, duplicates) it does not judge again. The CLI
// refuses to build when a rule it relies on (Requires) is disabled, and
// the builder refuses an error of one of them that an ignore comment
// suppressed.
package snapshot

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// SchemaVersion is the version of the snapshot format. Adding a member
// keeps it (consumers ignore members they do not know); removing,
// renaming or retyping anything, or writing a value another way, bumps
// it, with SchemaID, so a consumer can refuse a snapshot it cannot read.
// README.md's snapshot changelog names every change.
const SchemaVersion = 1

// SchemaID names the snapshot format of this version; a snapshot names it
// in "$schema". It is a URN rather than a URL because `tixcfg schema` is
// where the schema is served from.
const SchemaID = "urn:tixcfg:schema:snapshot:1"

// Doc is a snapshot document. Field order is output order; maps are only
// used where encoding/json sorts their keys.
type Doc struct {
	Schema        string `json:"$schema"`
	SchemaVersion int    `json:"schema_version"`
	ToolVersion   string `json:"tixcfg_version"`
	// Digest is set by Load from the file; Encode computes it anew.
	Digest    string     `json:"digest"`
	Catalog   CatalogRef `json:"catalog"`
	Resellers []Reseller `json:"resellers"`
	Companies []Company  `json:"companies"`
}

// CatalogRef names the effective catalog the portfolio was checked
// against.
type CatalogRef struct {
	Version string `json:"version"`
	Digest  string `json:"digest"`
}

// Reseller is a reseller with the platform credentials it provides.
type Reseller struct {
	ID           string                `json:"id"`
	Name         *string               `json:"name"`
	FeatureFlags []string              `json:"feature_flags"`
	Integrations []ResellerIntegration `json:"integrations"`
}

// ResellerIntegration holds a reseller's credentials for one type.
// Exactly one of Credentials and Environments is set, as the type has
// reseller environments or not; the other is nil and left out.
type ResellerIntegration struct {
	Type         string         `json:"type"`
	Credentials  Map            `json:"credentials,omitzero"`
	Environments map[string]Map `json:"environments,omitzero"`
}

// Company is a company with what it has enabled and could enable.
type Company struct {
	ID                 string        `json:"id"`
	Name               *string       `json:"name"`
	Reseller           string        `json:"reseller"`
	Parent             *string       `json:"parent"`
	GlobalTransactions bool          `json:"global_transactions"`
	FeatureFlags       []string      `json:"feature_flags"`
	Permissions        []string      `json:"permissions"`
	TaxBands           []TaxBand     `json:"tax_bands"`
	Integrations       []Integration `json:"integrations"`
	Available          []string      `json:"available_integrations"`
}

// TaxBand is a tax band with its rate as an exact decimal string.
type TaxBand struct {
	ID        string  `json:"id"`
	Rate      string  `json:"rate"`
	Condition *string `json:"condition"`
}

// Integration is an enabled integration with its effective settings.
type Integration struct {
	Type      string  `json:"type"`
	ManagedBy *string `json:"managed_by"`
	// Environment is the reseller credential set in use, for types that
	// have environments.
	Environment string `json:"environment,omitempty"`
	Settings    Map    `json:"settings"`
	Credentials Map    `json:"credentials"`
	// References resolves the settings that name something else of the
	// portfolio, by setting name; always present, {} when none.
	References map[string]Reference `json:"references"`
}

// A Reference carries what it names, so that a consumer needs no lookup:
// a managed integration names its manager's tax band, which the child's
// own tax_bands do not list. The band is written as its owner's
// tax_bands write it.
type Reference struct {
	Kind  string `json:"kind"`
	Owner string `json:"owner"`
	TaxBand
}

// Value is a setting's or credential's value: String, Number, Bool, List,
// Map, SecretRef, or nil for null.
type Value interface{ isValue() }

type (
	// String is a JSON string.
	String string
	// Number is a JSON number, written exactly as its decimal digits.
	Number string
	// Bool is a JSON boolean.
	Bool bool
	// List is a JSON array, in the value's order.
	List []Value
	// Map is a JSON object; encoding/json writes its keys sorted.
	Map map[string]Value
	// SecretRef is a reference the runtime resolves in its secret store;
	// the value itself is never in a snapshot.
	SecretRef struct {
		Secret string `json:"secret"`
	}
)

func (String) isValue()    {}
func (Number) isValue()    {}
func (Bool) isValue()      {}
func (List) isValue()      {}
func (Map) isValue()       {}
func (SecretRef) isValue() {}

// MarshalJSON writes the digits as they are: the builder makes them an
// exact decimal without exponent.
func (n Number) MarshalJSON() ([]byte, error) { return []byte(n), nil }

// UnmarshalJSON reads any JSON value. An object whose only member is a
// string "secret" reads as a SecretRef, which writes back the same.
func (l *List) UnmarshalJSON(data []byte) error {
	v, err := decodeValue(data)
	if err != nil {
		return err
	}
	lv, ok := v.(List)
	if !ok {
		return fmt.Errorf("snapshot: want an array, got %s", data)
	}
	*l = lv
	return nil
}

// UnmarshalJSON reads a JSON object of any values (see List.UnmarshalJSON).
func (m *Map) UnmarshalJSON(data []byte) error {
	v, err := decodeValue(data)
	if err != nil {
		return err
	}
	switch mv := v.(type) {
	case Map:
		*m = mv
	case SecretRef:
		*m = Map{"secret": String(mv.Secret)}
	default:
		return fmt.Errorf("snapshot: want an object, got %s", data)
	}
	return nil
}

func decodeValue(data []byte) (Value, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return toValue(v), nil
}

func toValue(v any) Value {
	switch v := v.(type) {
	case string:
		return String(v)
	case json.Number:
		return Number(v)
	case bool:
		return Bool(v)
	case []any:
		out := make(List, len(v))
		for i, e := range v {
			out[i] = toValue(e)
		}
		return out
	case map[string]any:
		if s, ok := v["secret"].(string); ok && len(v) == 1 {
			return SecretRef{Secret: s}
		}
		out := make(Map, len(v))
		for k, e := range v {
			out[k] = toValue(e)
		}
		return out
	}
	return nil
}
