package emit

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/tixcfg/tixcfg/lang"
)

// Wire structs of `tixcfg catalog --format json`.
type (
	catalogJSON struct {
		Version     string           `json:"version"`
		Digest      string           `json:"digest"`
		Permissions []permissionJSON `json:"permissions"`
		Flags       []flagJSON       `json:"feature_flags"`
		Types       []typeJSON       `json:"integration_types"`
	}
	permissionJSON struct {
		ID          string `json:"id"`
		Description string `json:"description"`
		RequiredFor string `json:"required_for,omitempty"`
		Builtin     bool   `json:"builtin"`
	}
	flagJSON struct {
		ID            string   `json:"id"`
		Description   string   `json:"description"`
		ConflictsWith []string `json:"conflicts_with"`
		Enables       []string `json:"enables"`
		Builtin       bool     `json:"builtin"`
	}
	typeJSON struct {
		ID                  string        `json:"id"`
		Name                string        `json:"name"`
		Description         string        `json:"description"`
		Category            string        `json:"category"`
		FeatureFlag         string        `json:"feature_flag,omitempty"`
		Payment             bool          `json:"payment"`
		Permissions         []string      `json:"permissions"`
		Environments        []string      `json:"environments"`
		ResellerCredentials []fieldJSON   `json:"reseller_credentials"`
		CompanyCredentials  []fieldJSON   `json:"company_credentials"`
		Settings            []settingJSON `json:"settings"`
		Builtin             bool          `json:"builtin"`
	}
	fieldJSON struct {
		Name        string `json:"name"`
		Description string `json:"description,omitempty"`
		Secret      bool   `json:"secret"`
		Required    bool   `json:"required"`
	}
	settingJSON struct {
		fieldJSON
		Type               string          `json:"type"`
		Default            json.RawMessage `json:"default,omitempty"`
		Allowed            []string        `json:"allowed,omitempty"`
		Minimum            json.Number     `json:"minimum,omitempty"`
		Maximum            json.Number     `json:"maximum,omitempty"`
		Integer            bool            `json:"integer,omitempty"`
		Keys               string          `json:"keys,omitempty"`
		References         string          `json:"references,omitempty"`
		SelectsEnvironment bool            `json:"selects_environment,omitempty"`
	}
)

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func fieldsJSON(fs []*lang.Field) []fieldJSON {
	out := make([]fieldJSON, len(fs))
	for i, f := range fs {
		out[i] = fieldJSON{Name: f.Name, Description: f.Description, Secret: f.Secret, Required: f.Required}
	}
	return out
}

// TypeString renders a cty type the way the catalog syntax writes it.
func TypeString(ty cty.Type) string {
	switch {
	case ty == cty.String:
		return "string"
	case ty == cty.Number:
		return "number"
	case ty == cty.Bool:
		return "bool"
	case ty.IsListType():
		return "list(" + TypeString(ty.ElementType()) + ")"
	case ty.IsSetType():
		return "set(" + TypeString(ty.ElementType()) + ")"
	case ty.IsMapType():
		return "map(" + TypeString(ty.ElementType()) + ")"
	}
	return ty.FriendlyName()
}

// WriteCatalogJSON writes the effective catalog as JSON.
func WriteCatalogJSON(w io.Writer, c *lang.Catalog) error {
	out := catalogJSON{Version: c.Version, Digest: c.Digest(), Permissions: []permissionJSON{}, Flags: []flagJSON{}, Types: []typeJSON{}}
	for _, p := range c.Permissions {
		out.Permissions = append(out.Permissions, permissionJSON{ID: p.ID, Description: p.Description, RequiredFor: p.RequiredFor, Builtin: p.Builtin})
	}
	for _, f := range c.Flags {
		out.Flags = append(out.Flags, flagJSON{ID: f.ID, Description: f.Description, ConflictsWith: nonNil(f.ConflictsWith), Enables: nonNil(f.Enables), Builtin: f.Builtin})
	}
	for _, t := range c.Types {
		tj := typeJSON{ID: t.ID, Name: t.Name, Description: t.Description, Category: t.Category, FeatureFlag: t.FeatureFlag,
			Payment: t.Payment, Permissions: nonNil(t.Permissions), Environments: nonNil(t.Environments),
			ResellerCredentials: fieldsJSON(t.ResellerCredentials), CompanyCredentials: fieldsJSON(t.CompanyCredentials),
			Settings: []settingJSON{}, Builtin: t.Builtin}
		for _, s := range t.Settings {
			sj := settingJSON{fieldJSON: fieldJSON{Name: s.Name, Description: s.Description, Secret: s.Secret, Required: s.Required},
				Type: TypeString(s.Type), Allowed: s.Allowed, Integer: s.Integer, Keys: s.Keys, References: s.References, SelectsEnvironment: s.SelectsEnvironment}
			if s.Default != cty.NilVal {
				sj.Default, _ = ctyjson.Marshal(s.Default, s.Type)
			}
			if s.Minimum != nil {
				sj.Minimum = json.Number(s.Minimum.Text('f', -1))
			}
			if s.Maximum != nil {
				sj.Maximum = json.Number(s.Maximum.Text('f', -1))
			}
			tj.Settings = append(tj.Settings, sj)
		}
		out.Types = append(out.Types, tj)
	}
	return encodeJSON(w, out)
}

// WriteCatalogText writes the effective catalog as tables.
func WriteCatalogText(w io.Writer, c *lang.Catalog) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Catalog %s (%s)\n\n", c.Version, c.Digest())
	fmt.Fprintln(tw, "INTEGRATION\tCATEGORY\tFLAG\tPAYMENT\tPERMISSIONS\tRESELLER PROVIDES\tCOMPANY CONFIGURES")
	for _, t := range c.Types {
		var creds []string
		for _, f := range t.ResellerCredentials {
			creds = append(creds, fieldLabel(f))
		}
		reseller := strings.Join(creds, ", ")
		if len(t.Environments) > 0 {
			reseller = fmt.Sprintf("per environment (%s): %s", strings.Join(t.Environments, ", "), reseller)
		}
		var company []string
		for _, s := range t.Settings {
			company = append(company, s.Name)
		}
		for _, f := range t.CompanyCredentials {
			company = append(company, fieldLabel(f))
		}
		id := t.ID
		if !t.Builtin {
			id += " *"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", id, t.Category, dash(t.FeatureFlag), yesNo(t.Payment),
			dash(strings.Join(t.Permissions, ", ")), dash(reseller), dash(strings.Join(company, ", ")))
	}
	fmt.Fprintln(tw, "\nFEATURE FLAG\tCONFLICTS WITH\tENABLES\tDESCRIPTION")
	for _, f := range c.Flags {
		id := f.ID
		if !f.Builtin {
			id += " *"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", id, dash(strings.Join(f.ConflictsWith, ", ")), dash(strings.Join(f.Enables, ", ")), f.Description)
	}
	fmt.Fprintln(tw, "\nPERMISSION\tREQUIRED FOR\tDESCRIPTION")
	for _, p := range c.Permissions {
		id := p.ID
		if !p.Builtin {
			id += " *"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", id, dash(p.RequiredFor), p.Description)
	}
	fmt.Fprintln(tw, "\n* declared by the portfolio, not built in.")
	return tw.Flush()
}

// fieldLabel names a credential, marking the optional ones.
func fieldLabel(f *lang.Field) string {
	if f.Required {
		return f.Name
	}
	return f.Name + " (optional)"
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
