package lang

import (
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"math/big"
	"slices"
	"sync"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

//go:embed catalog.hcl
var builtinCatalogSrc []byte

// BuiltinCatalogName is the file name ranges of the built-in catalog carry.
const BuiltinCatalogName = "builtin:catalog.hcl"

// Values of a permission's required_for.
const (
	RequiredForAll     = "all_integrations"
	RequiredForPayment = "payment_integrations"
)

// Values of a setting's keys and references.
const (
	KeysISO4217      = "iso4217"
	ReferenceTaxBand = "tax_band"
)

// FeatureTaxBandCondition is the language feature a flag's `enables` names
// to gate the `condition` attribute of tax bands.
const FeatureTaxBandCondition = "tax_band.condition"

var builtinOnce = sync.OnceValue(func() *File {
	return parseFile(BuiltinCatalogName, builtinCatalogSrc, true)
})

// builtinCatalog is the catalog of a portfolio that declares nothing.
var builtinCatalog = sync.OnceValue(func() *Catalog {
	return BuildCatalog(BuiltinCatalogFile(), nil, nil, nil)
})

// BuiltinCatalogFile is the decoded embedded catalog. Its diagnostics are
// empty in any release (a test checks it with every rule).
func BuiltinCatalogFile() *File { return builtinOnce() }

// BuiltinCatalogSource is the text of the embedded catalog.
func BuiltinCatalogSource() []byte { return builtinCatalogSrc }

// Catalog is the effective catalog: the built-in one plus what operators
// declare. Lists are sorted by ID.
type Catalog struct {
	// Version is the built-in catalog's catalog_version.
	Version     string
	Permissions []*Permission
	Flags       []*Flag
	Types       []*IntegrationType

	perms map[string]*Permission
	flags map[string]*Flag
	types map[string]*IntegrationType
	// secrets holds the name of every field some type marks secret.
	secrets map[string]bool
}

// Permission is a company permission that exists on the platform.
type Permission struct {
	ID          string
	Description string
	RequiredFor string
	Builtin     bool
	Decl        *PermissionDecl
}

// Flag is a feature flag; ConflictsWith is symmetric and sorted.
type Flag struct {
	ID            string
	Description   string
	ConflictsWith []string
	// Enables lists the language features gated by this flag (sorted).
	Enables []string
	Builtin bool
	Decl    *FeatureFlagDecl
}

// IntegrationType describes one integration: who provides what, which
// flag and permissions it needs, and what a company may configure.
type IntegrationType struct {
	ID          string
	Name        string
	Description string
	Category    string
	FeatureFlag string
	Payment     bool
	// Permissions are the company permissions needed, sorted.
	Permissions []string
	// Environments name the reseller's credential sets; empty means one
	// set written directly in the reseller's integration block.
	Environments        []string
	ResellerCredentials []*Field
	CompanyCredentials  []*Field
	Settings            []*Setting
	Builtin             bool
	Decl                *IntegrationTypeDecl
}

// Field is a credential: a string that is required unless said otherwise.
type Field struct {
	Name        string
	Description string
	Secret      bool
	Required    bool
	Decl        *FieldDecl
}

// Setting is a typed company setting with its constraints.
type Setting struct {
	Field
	Type cty.Type
	// Default is cty.NilVal when the setting has none.
	Default            cty.Value
	Allowed            []string
	Minimum, Maximum   *big.Float
	Integer            bool
	Keys               string
	References         string
	SelectsEnvironment bool
}

// secretName reports whether some integration type has a secret field of
// that name: text the loader could not decode is masked by it.
func (c *Catalog) secretName(name string) bool { return c.secrets[name] }

// Permission returns the permission with that ID, or nil.
func (c *Catalog) Permission(id string) *Permission { return c.perms[id] }

// Flag returns the feature flag with that ID, or nil.
func (c *Catalog) Flag(id string) *Flag { return c.flags[id] }

// Type returns the integration type with that ID, or nil.
func (c *Catalog) Type(id string) *IntegrationType { return c.types[id] }

// ResellerProvides reports whether the reseller must provide credentials.
func (t *IntegrationType) ResellerProvides() bool { return len(t.ResellerCredentials) > 0 }

// HasEnvironment reports whether env is one of the reseller credential sets.
func (t *IntegrationType) HasEnvironment(env string) bool {
	return slices.Contains(t.Environments, env)
}

// Setting returns the company setting with that name, or nil.
func (t *IntegrationType) Setting(name string) *Setting {
	for _, s := range t.Settings {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// CompanyCredential returns the company credential with that name, or nil.
func (t *IntegrationType) CompanyCredential(name string) *Field {
	return findField(t.CompanyCredentials, name)
}

// ResellerCredential returns the reseller credential with that name, or nil.
func (t *IntegrationType) ResellerCredential(name string) *Field {
	return findField(t.ResellerCredentials, name)
}

// EnvironmentSetting returns the setting that selects the reseller's
// credential set, or nil.
func (t *IntegrationType) EnvironmentSetting() *Setting {
	for _, s := range t.Settings {
		if s.SelectsEnvironment {
			return s
		}
	}
	return nil
}

// CompanyAttributes lists, sorted, every attribute a company's integration
// block accepts.
func (t *IntegrationType) CompanyAttributes() []string {
	var out []string
	for _, s := range t.Settings {
		out = append(out, s.Name)
	}
	for _, f := range t.CompanyCredentials {
		out = append(out, f.Name)
	}
	slices.Sort(out)
	return out
}

// ResellerAttributes lists, sorted, the reseller's credential fields.
func (t *IntegrationType) ResellerAttributes() []string {
	out := make([]string, 0, len(t.ResellerCredentials))
	for _, f := range t.ResellerCredentials {
		out = append(out, f.Name)
	}
	slices.Sort(out)
	return out
}

// IsSecretField reports whether a company or reseller attribute of this
// type holds a secret. Unknown names count as secret, so that a misspelt
// credential is still masked.
func (t *IntegrationType) IsSecretField(name string, reseller bool) bool {
	if reseller {
		if f := t.ResellerCredential(name); f != nil {
			return f.Secret
		}
		return true
	}
	if s := t.Setting(name); s != nil {
		return s.Secret
	}
	if f := t.CompanyCredential(name); f != nil {
		return f.Secret
	}
	return true
}

func findField(fs []*Field, name string) *Field {
	for _, f := range fs {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// BuildCatalog merges the built-in catalog with operator declarations. It
// is lenient: a declaration whose ID is taken, or that refers to something
// unknown, is kept as far as it makes sense; the checker reports it.
func BuildCatalog(builtin *File, flags []*FeatureFlagDecl, perms []*PermissionDecl, types []*IntegrationTypeDecl) *Catalog {
	c := &Catalog{Version: builtin.CatalogVersion,
		perms: map[string]*Permission{}, flags: map[string]*Flag{}, types: map[string]*IntegrationType{}}
	for _, d := range append(slices.Clone(builtin.Permissions), perms...) {
		if _, taken := c.perms[d.ID]; taken || d.ID == "" {
			continue
		}
		p := &Permission{ID: d.ID, Description: d.Description.Str(), RequiredFor: d.RequiredFor.Str(), Builtin: d.Builtin, Decl: d}
		c.perms[d.ID] = p
		c.Permissions = append(c.Permissions, p)
	}
	for _, d := range append(slices.Clone(builtin.FeatureFlags), flags...) {
		if _, taken := c.flags[d.ID]; taken || d.ID == "" {
			continue
		}
		f := &Flag{ID: d.ID, Description: d.Description.Str(), Enables: slices.Sorted(slices.Values(d.Enables.Values())), Builtin: d.Builtin, Decl: d}
		c.flags[d.ID] = f
		c.Flags = append(c.Flags, f)
	}
	for _, f := range c.Flags {
		for _, other := range f.Decl.ConflictsWith.Values() {
			if other == f.ID {
				continue // invalid-value reports it; a flag cannot exclude itself
			}
			f.ConflictsWith = append(f.ConflictsWith, other)
			if o := c.flags[other]; o != nil {
				o.ConflictsWith = append(o.ConflictsWith, f.ID)
			}
		}
	}
	for _, f := range c.Flags {
		slices.Sort(f.ConflictsWith)
		f.ConflictsWith = slices.Compact(f.ConflictsWith)
	}
	for _, d := range append(slices.Clone(builtin.IntegrationTypes), types...) {
		if _, taken := c.types[d.ID]; taken || d.ID == "" {
			continue
		}
		t := c.integrationType(d)
		c.types[d.ID] = t
		c.Types = append(c.Types, t)
	}
	c.secrets = map[string]bool{}
	for _, t := range c.Types {
		for _, fs := range [][]*Field{t.ResellerCredentials, t.CompanyCredentials} {
			for _, f := range fs {
				if f.Secret {
					c.secrets[f.Name] = true
				}
			}
		}
		for _, s := range t.Settings {
			if s.Secret {
				c.secrets[s.Name] = true
			}
		}
	}
	slices.SortFunc(c.Permissions, func(a, b *Permission) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(c.Flags, func(a, b *Flag) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(c.Types, func(a, b *IntegrationType) int { return cmp.Compare(a.ID, b.ID) })
	return c
}

func (c *Catalog) integrationType(d *IntegrationTypeDecl) *IntegrationType {
	t := &IntegrationType{ID: d.ID, Name: d.Name.Str(), Description: d.Description.Str(), Category: d.Category.Str(),
		FeatureFlag: d.FeatureFlag.Str(), Payment: d.Payment.Bool(), Builtin: d.Builtin, Decl: d}
	if t.Name == "" {
		t.Name = d.ID
	}
	if d.Permissions != nil {
		t.Permissions = d.Permissions.Values()
	} else {
		for _, p := range c.Permissions {
			if p.RequiredFor == RequiredForAll || (t.Payment && p.RequiredFor == RequiredForPayment) {
				t.Permissions = append(t.Permissions, p.ID)
			}
		}
	}
	slices.Sort(t.Permissions)
	t.Permissions = slices.Compact(t.Permissions)
	if d.Reseller != nil {
		t.Environments = d.Reseller.Environments.Values()
		for _, fd := range d.Reseller.Credentials {
			t.ResellerCredentials = append(t.ResellerCredentials, credential(fd))
		}
	}
	if d.Company != nil {
		for _, fd := range d.Company.Credentials {
			t.CompanyCredentials = append(t.CompanyCredentials, credential(fd))
		}
		for _, fd := range d.Company.Settings {
			s := SettingOf(fd)
			// The setting that picks a reseller credential set allows
			// exactly the environments the type declares.
			if s.SelectsEnvironment && len(t.Environments) > 0 {
				s.Allowed = t.Environments
			}
			t.Settings = append(t.Settings, s)
		}
	}
	return t
}

func credential(fd *FieldDecl) *Field {
	f := &Field{Name: fd.Name, Description: fd.Attrs.Get("description").Str(), Secret: fd.Attrs.Get("secret").Bool(), Required: true, Decl: fd}
	if r := fd.Attrs.Get("required"); r != nil && r.Value.IsKnown() {
		f.Required = r.Bool()
	}
	return f
}

// SettingOf reads a setting's declaration as leniently as the catalog
// does: what does not decode is left out (invalid-value says why).
func SettingOf(fd *FieldDecl) *Setting {
	s := &Setting{Field: Field{Name: fd.Name, Description: fd.Attrs.Get("description").Str(),
		Secret: fd.Attrs.Get("secret").Bool(), Required: fd.Attrs.Get("required").Bool(), Decl: fd},
		Type: fd.Type, Default: cty.NilVal,
		Integer: fd.Attrs.Get("integer").Bool(), Keys: fd.Attrs.Get("keys").Str(),
		References: fd.Attrs.Get("references").Str(), SelectsEnvironment: fd.Attrs.Get("selects_environment").Bool()}
	if a := fd.Attrs.Get("allowed"); a != nil && a.Value.IsWhollyKnown() {
		for it := a.Value.ElementIterator(); it.Next(); {
			if _, v := it.Element(); !v.IsNull() {
				s.Allowed = append(s.Allowed, v.AsString())
			}
		}
	}
	s.Minimum = number(fd.Attrs.Get("minimum"))
	s.Maximum = number(fd.Attrs.Get("maximum"))
	// A secret has no default: it would be a literal secret in the
	// catalog and in every snapshot (the schema rule reports it).
	if a := fd.Attrs.Get("default"); a != nil && a.Value.IsWhollyKnown() && !s.Secret {
		if v, err := convert.Convert(a.Value, s.Type); err == nil {
			s.Default = v
		}
	}
	return s
}

func number(a *Attr) *big.Float {
	if !a.Literal(cty.Number) {
		return nil
	}
	return a.Value.AsBigFloat()
}

// Digest identifies the effective catalog: sha256 over a canonical JSON
// form of everything that affects checking.
func (c *Catalog) Digest() string {
	type field struct {
		Name               string
		Secret, Required   bool
		Type               json.RawMessage `json:",omitempty"`
		Default            json.RawMessage `json:",omitempty"`
		Allowed            []string
		Minimum, Maximum   string
		Integer            bool
		Keys, References   string
		SelectsEnvironment bool
	}
	// Fields are hashed in name order: the order an operator declares
	// them in means nothing.
	byName := func(a, b field) int { return cmp.Compare(a.Name, b.Name) }
	fields := func(fs []*Field) []field {
		out := make([]field, len(fs))
		for i, f := range fs {
			out[i] = field{Name: f.Name, Secret: f.Secret, Required: f.Required}
		}
		slices.SortFunc(out, byName)
		return out
	}
	type typ struct {
		ID, Name, Category, FeatureFlag string
		Payment                         bool
		Permissions, Environments       []string
		Reseller, Company, Settings     []field
	}
	canon := struct {
		Version     string
		Permissions [][2]string
		Flags       [][3]any
		Types       []typ
	}{Version: c.Version}
	for _, p := range c.Permissions {
		canon.Permissions = append(canon.Permissions, [2]string{p.ID, p.RequiredFor})
	}
	for _, f := range c.Flags {
		canon.Flags = append(canon.Flags, [3]any{f.ID, f.ConflictsWith, f.Enables})
	}
	for _, t := range c.Types {
		ct := typ{ID: t.ID, Name: t.Name, Category: t.Category, FeatureFlag: t.FeatureFlag, Payment: t.Payment,
			Permissions: t.Permissions, Environments: t.Environments,
			Reseller: fields(t.ResellerCredentials), Company: fields(t.CompanyCredentials)}
		for _, s := range t.Settings {
			f := field{Name: s.Name, Secret: s.Secret, Required: s.Required, Allowed: s.Allowed, Integer: s.Integer,
				Keys: s.Keys, References: s.References, SelectsEnvironment: s.SelectsEnvironment}
			f.Type, _ = ctyjson.MarshalType(s.Type)
			if s.Default != cty.NilVal {
				f.Default, _ = ctyjson.Marshal(s.Default, s.Type)
			}
			if s.Minimum != nil {
				f.Minimum = s.Minimum.Text('g', -1)
			}
			if s.Maximum != nil {
				f.Maximum = s.Maximum.Text('g', -1)
			}
			ct.Settings = append(ct.Settings, f)
		}
		slices.SortFunc(ct.Settings, byName)
		canon.Types = append(canon.Types, ct)
	}
	b, _ := json.Marshal(canon)
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}
