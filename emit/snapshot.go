package emit

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// SnapshotSchemaVersion is the version of the snapshot format. Adding a
// member keeps it (consumers ignore members they do not know); removing,
// renaming or retyping anything, or writing a value another way, bumps it,
// with SnapshotSchemaID, so a consumer can refuse a snapshot it cannot
// read. README.md's snapshot changelog names every change.
const SnapshotSchemaVersion = 1

// SnapshotSchemaID identifies the JSON Schema of this snapshot version; a
// snapshot names it in "$schema". It is a URN rather than a URL because
// `tixcfg schema` is where the schema is served from.
const SnapshotSchemaID = "urn:tixcfg:schema:snapshot:1"

//go:embed snapshot.schema.json
var snapshotSchema []byte

// SnapshotSchema returns the JSON Schema (draft 2020-12) of the snapshot.
func SnapshotSchema() []byte { return bytes.Clone(snapshotSchema) }

// Wire structs of the snapshot, kept apart from the model so that the
// format changes only on purpose. Field order is output order; maps are
// only used where encoding/json sorts their keys.
type (
	// The document is written as its head, the digest, then its body:
	// the digest covers head and body, so it is spliced in between.
	snapshotHead struct {
		Schema        string `json:"$schema"`
		SchemaVersion int    `json:"schema_version"`
		ToolVersion   string `json:"tixcfg_version"`
	}
	snapshotBody struct {
		Catalog   snapshotCatalog    `json:"catalog"`
		Resellers []snapshotReseller `json:"resellers"`
		Companies []snapshotCompany  `json:"companies"`
	}
	snapshotCatalog struct {
		Version string `json:"version"`
		Digest  string `json:"digest"`
	}
	snapshotReseller struct {
		ID           string                        `json:"id"`
		Name         *string                       `json:"name"`
		FeatureFlags []string                      `json:"feature_flags"`
		Integrations []snapshotResellerIntegration `json:"integrations"`
	}
	// Exactly one of Credentials and Environments is set, as the type
	// has reseller environments or not.
	snapshotResellerIntegration struct {
		Type         string                     `json:"type"`
		Credentials  *map[string]any            `json:"credentials,omitempty"`
		Environments *map[string]map[string]any `json:"environments,omitempty"`
	}
	snapshotCompany struct {
		ID                 string                `json:"id"`
		Name               *string               `json:"name"`
		Reseller           string                `json:"reseller"`
		Parent             *string               `json:"parent"`
		GlobalTransactions bool                  `json:"global_transactions"`
		FeatureFlags       []string              `json:"feature_flags"`
		Permissions        []string              `json:"permissions"`
		TaxBands           []snapshotTaxBand     `json:"tax_bands"`
		Integrations       []snapshotIntegration `json:"integrations"`
		Available          []string              `json:"available_integrations"`
	}
	snapshotTaxBand struct {
		ID        string  `json:"id"`
		Rate      string  `json:"rate"`
		Condition *string `json:"condition"`
	}
	snapshotIntegration struct {
		Type      string  `json:"type"`
		ManagedBy *string `json:"managed_by"`
		// Environment is the reseller credential set in use, for types
		// that have environments.
		Environment string         `json:"environment,omitempty"`
		Settings    map[string]any `json:"settings"`
		Credentials map[string]any `json:"credentials"`
		// References resolves the settings that name something else of
		// the portfolio, by setting name; always present, {} when none.
		References map[string]snapshotReference `json:"references"`
	}
	// A reference carries what it names, so that a consumer needs no
	// lookup: a managed integration names its manager's tax band, which
	// the child's own tax_bands do not list. The band is written as its
	// owner's tax_bands write it.
	snapshotReference struct {
		Kind  string `json:"kind"`
		Owner string `json:"owner"`
		snapshotTaxBand
	}
	snapshotSecret struct {
		Secret string `json:"secret"`
	}
)

// BuildSnapshot compiles a checked portfolio into the snapshot document
// that deploy pipelines hand to the runtime, and returns it with its
// digest. It expects a portfolio without errors; what it cannot represent
// faithfully (a secret written as a literal, an amount finer than its
// currency, anything the catalog does not know) is an error, never a
// guess, and never a secret printed.
func BuildSnapshot(p *lang.Portfolio, a *checker.Analysis, toolVersion string) (data []byte, digest string, err error) {
	b := &snapshotBuilder{p: p, a: a}
	head := snapshotHead{Schema: SnapshotSchemaID, SchemaVersion: SnapshotSchemaVersion, ToolVersion: toolVersion}
	body := snapshotBody{
		Catalog:   snapshotCatalog{Version: p.Catalog.Version, Digest: p.Catalog.Digest()},
		Resellers: b.resellers(),
		Companies: b.companies(),
	}
	if len(b.errs) > 0 {
		return nil, "", errors.Join(b.errs...)
	}
	// Encode once, compactly: the digest is over the compact document
	// without its digest member; the output is that document with the
	// digest spliced in after the head, indented.
	h, err := compactJSON(head)
	if err != nil {
		return nil, "", err
	}
	bd, err := compactJSON(body)
	if err != nil {
		return nil, "", err
	}
	h, bd = h[:len(h)-1], bd[1:] // drop the head's "}" and the body's "{"
	sum := sha256.New()
	sum.Write(h)
	sum.Write([]byte{','})
	sum.Write(bd)
	digest = "sha256:" + hex.EncodeToString(sum.Sum(nil))
	doc := make([]byte, 0, len(h)+len(bd)+len(digest)+16)
	doc = append(append(append(append(doc, h...), `,"digest":"`...), digest...), `",`...)
	doc = append(doc, bd...)
	var out bytes.Buffer
	out.Grow(len(doc) * 2)
	if err := json.Indent(&out, doc, "", "  "); err != nil {
		return nil, "", err
	}
	out.WriteByte('\n')
	return out.Bytes(), digest, nil
}

// compactJSON encodes without HTML escaping, so that "<" and "&" in names
// stay as written, and without the encoder's trailing newline.
func compactJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

type snapshotBuilder struct {
	p    *lang.Portfolio
	a    *checker.Analysis
	errs []error
	// bands are the tax bands judged so far: a band is listed by its
	// company and may be named by references too, but reported once.
	bands map[*lang.TaxBand]judgedBand
}

type judgedBand struct {
	band snapshotTaxBand
	ok   bool
}

// literalSecret refuses a secret written as a literal, naming the place,
// never the value.
func (b *snapshotBuilder) literalSecret(rng hcl.Range, where, name string) {
	b.errorf(rng, "%s: the secret %q is written as a literal; the snapshot never inlines a secret: write secret(\"...\") instead", where, name)
}

func (b *snapshotBuilder) errorf(rng hcl.Range, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if rng.Filename != "" {
		msg = fmt.Sprintf("%s:%d:%d: %s", rng.Filename, rng.Start.Line, rng.Start.Column, msg)
	}
	b.errs = append(b.errs, errors.New(msg))
}

func (b *snapshotBuilder) resellers() []snapshotReseller {
	out := []snapshotReseller{}
	for _, r := range b.p.Resellers {
		// Declarations are sorted by ID and then position: the first of a
		// duplicated ID is the one the checker and the analysis use.
		if b.p.Reseller(r.ID) != r {
			continue
		}
		sr := snapshotReseller{ID: r.ID, Name: optString(r.Name), FeatureFlags: sortedSet(r.FeatureFlags.Values()),
			Integrations: []snapshotResellerIntegration{}}
		for _, in := range firstByKey(r.Integrations, func(in *lang.ResellerIntegration) string { return in.Type }) {
			if si, ok := b.resellerIntegration(r, in); ok {
				sr.Integrations = append(sr.Integrations, si)
			}
		}
		out = append(out, sr)
	}
	return out
}

func (b *snapshotBuilder) resellerIntegration(r *lang.Reseller, in *lang.ResellerIntegration) (snapshotResellerIntegration, bool) {
	t := in.Def
	if t == nil {
		b.errorf(in.DefRange, "reseller %q: integration type %q is not in the catalog", r.ID, in.Type)
		return snapshotResellerIntegration{}, false
	}
	si := snapshotResellerIntegration{Type: t.ID}
	where := fmt.Sprintf("integration %q of reseller %q", t.ID, r.ID)
	if len(t.Environments) == 0 {
		for _, e := range in.Environments {
			b.errorf(e.DefRange, "%s: %q has no environments", where, t.ID)
		}
		creds := b.resellerCredentials(t, in.Attrs, where)
		si.Credentials = &creds
		return si, true
	}
	for _, a := range in.Attrs {
		b.errorf(a.NameRange, "%s: credentials of %q are given per environment", where, t.ID)
	}
	envs := map[string]map[string]any{}
	for _, e := range firstByKey(in.Environments, func(e *lang.Environment) string { return e.Name }) {
		if !t.HasEnvironment(e.Name) {
			b.errorf(e.LabelRange, "%s: unknown environment %q", where, e.Name)
			continue
		}
		envs[e.Name] = b.resellerCredentials(t, e.Attrs, fmt.Sprintf("environment %q of %s", e.Name, where))
	}
	si.Environments = &envs
	return si, true
}

func (b *snapshotBuilder) resellerCredentials(t *lang.IntegrationType, attrs lang.Attrs, where string) map[string]any {
	out := map[string]any{}
	for _, a := range attrs {
		f := t.ResellerCredential(a.Name)
		if f == nil {
			b.errorf(a.NameRange, "%s: %q is not a credential of %q", where, a.Name, t.ID)
			continue
		}
		if v, ok := b.credential(a, f.Secret, where); ok {
			out[a.Name] = v
		}
	}
	return out
}

// credential renders a credential: a secret reference as {"secret": ref},
// a literal as a string. A literal in a secret field is refused, so that a
// secret that slipped into git does not travel on into deploy artefacts.
func (b *snapshotBuilder) credential(a *lang.Attr, secret bool, where string) (any, bool) {
	if a.IsSecret {
		return snapshotSecret{Secret: a.Secret}, true
	}
	if secret {
		b.literalSecret(a.ValueRange, where, a.Name)
		return nil, false
	}
	if !a.Value.IsWhollyKnown() || a.Value.IsNull() {
		b.errorf(a.ValueRange, "%s: %q has no usable value", where, a.Name)
		return nil, false
	}
	s, err := convert.Convert(a.Value, cty.String)
	if err != nil {
		b.errorf(a.ValueRange, "%s: %q must be a string", where, a.Name)
		return nil, false
	}
	return s.AsString(), true
}

func (b *snapshotBuilder) companies() []snapshotCompany {
	out := []snapshotCompany{}
	for _, c := range b.p.Companies {
		if b.p.Company(c.ID) != c {
			continue
		}
		cs := b.a.Of(c)
		sc := snapshotCompany{ID: c.ID, Name: optString(c.Name), Reseller: c.Reseller.Str(),
			GlobalTransactions: c.GlobalTransactions.Bool(),
			FeatureFlags:       sortedSet(c.FeatureFlags.Values()), Permissions: sortedSet(c.Permissions.Values()),
			TaxBands: []snapshotTaxBand{}, Integrations: []snapshotIntegration{}, Available: []string{}}
		if c.Parent != nil {
			sc.Parent = optString(c.Parent)
		}
		for _, tb := range firstByKey(c.TaxBands, func(tb *lang.TaxBand) string { return tb.ID }) {
			if st, ok := b.taxBandOnce(c, tb); ok {
				sc.TaxBands = append(sc.TaxBands, st)
			}
		}
		for _, in := range c.Integrations {
			if in.Def == nil {
				b.errorf(in.DefRange, "company %q: integration type %q is not in the catalog", c.ID, in.Type)
			}
		}
		for _, s := range cs.All() {
			switch ExplainStatus(s) {
			case StatusEnabled, StatusBroken, StatusManaged:
				if si, ok := b.integration(cs, s); ok {
					sc.Integrations = append(sc.Integrations, si)
				}
			case StatusAvail:
				sc.Available = append(sc.Available, s.Type.ID)
			}
		}
		out = append(out, sc)
	}
	return out
}

func (b *snapshotBuilder) taxBand(c *lang.Company, tb *lang.TaxBand) (snapshotTaxBand, bool) {
	st := snapshotTaxBand{ID: tb.ID, Condition: optString(tb.Condition)}
	if tb.Rate == nil || tb.Rate.IsSecret || !tb.Rate.Value.IsKnown() || tb.Rate.Value.IsNull() || tb.Rate.Value.Type() != cty.Number {
		b.errorf(tb.DefRange, "tax band %q of company %q has no rate", tb.ID, c.ID)
		return st, false
	}
	rate, ok := exactDecimal(tb.Rate.Value.AsBigFloat())
	if !ok {
		b.errorf(tb.Rate.ValueRange, "the rate of tax band %q of company %q is not a finite number", tb.ID, c.ID)
		return st, false
	}
	st.Rate = rate
	return st, true
}

// taxBandOnce is taxBand, judged once per band.
func (b *snapshotBuilder) taxBandOnce(c *lang.Company, tb *lang.TaxBand) (snapshotTaxBand, bool) {
	if j, seen := b.bands[tb]; seen {
		return j.band, j.ok
	}
	st, ok := b.taxBand(c, tb)
	if b.bands == nil {
		b.bands = map[*lang.TaxBand]judgedBand{}
	}
	b.bands[tb] = judgedBand{st, ok}
	return st, ok
}

// references resolves every setting that the catalog says names
// something else (`references`), in the company whose settings they are:
// the integration's own company, or the one that manages it. What does
// not resolve is refused, never guessed.
func (b *snapshotBuilder) references(owner *lang.Company, eff *checker.IntegrationStatus, settings map[string]any, where string) map[string]snapshotReference {
	out := map[string]snapshotReference{}
	for _, sv := range eff.Settings {
		if sv.Setting == nil || sv.Setting.References == "" {
			continue
		}
		v, ok := settings[sv.Name]
		if !ok || v == nil {
			continue // not set, or already refused
		}
		var rng hcl.Range
		switch {
		case sv.Attr != nil:
			rng = sv.Attr.ValueRange
		case eff.Block != nil:
			rng = eff.Block.DefRange // a catalog default
		}
		id, isName := v.(string)
		switch {
		case sv.Setting.References != lang.ReferenceTaxBand:
			b.errorf(rng, "%s: %q references %q, which the snapshot cannot resolve", where, sv.Name, sv.Setting.References)
		case !isName:
			b.errorf(rng, "%s: %q must name a tax band", where, sv.Name)
		case owner.TaxBand(id) == nil:
			b.errorf(rng, "%s: %q names the tax band %q, which company %q does not have", where, sv.Name, id, owner.ID)
		default:
			if st, ok := b.taxBandOnce(owner, owner.TaxBand(id)); ok {
				out[sv.Name] = snapshotReference{Kind: sv.Setting.References, Owner: owner.ID, snapshotTaxBand: st}
			}
		}
	}
	return out
}

// integration renders an enabled integration with its effective settings:
// the company's own, or those of the company that manages its payments.
func (b *snapshotBuilder) integration(cs *checker.CompanyStatus, s *checker.IntegrationStatus) (snapshotIntegration, bool) {
	t := s.Type
	owner, eff := cs.Company, s
	si := snapshotIntegration{Type: t.ID, Settings: map[string]any{}, Credentials: map[string]any{}}
	if s.ManagedBy != nil {
		owner = s.ManagedBy
		id := owner.ID
		si.ManagedBy = &id
		if ms := b.a.Of(owner); ms != nil {
			eff = ms.Integration(t.ID)
		}
		if eff == nil || eff.Block == nil {
			b.errorf(cs.Company.DefRange, "company %q: %q of %q, which manages its payments, cannot be resolved", cs.Company.ID, t.ID, owner.ID)
			return si, false
		}
	}
	where := fmt.Sprintf("integration %q of company %q", t.ID, owner.ID)
	if len(t.Environments) > 0 {
		si.Environment = eff.Environment
	}
	for _, sv := range eff.Settings {
		switch {
		case sv.Credential != nil:
			if v, ok := b.credential(sv.Attr, sv.Credential.Secret, where); ok {
				si.Credentials[sv.Name] = v
			}
		case sv.Setting != nil:
			if v, ok := b.setting(sv, where); ok {
				si.Settings[sv.Name] = v
			}
		default:
			b.errorf(sv.Attr.NameRange, "%s: %q is neither a setting nor a credential of %q", where, sv.Name, t.ID)
		}
	}
	si.References = b.references(owner, eff, si.Settings, where)
	return si, true
}

func (b *snapshotBuilder) setting(sv *checker.SettingValue, where string) (any, bool) {
	rng := hcl.Range{}
	if sv.Attr != nil {
		rng = sv.Attr.ValueRange
	}
	switch {
	case sv.IsSecretRef():
		return snapshotSecret{Secret: sv.Attr.Secret}, true
	case sv.Setting.Secret:
		b.literalSecret(rng, where, sv.Name)
		return nil, false
	case sv.Value == cty.NilVal || !sv.Value.IsWhollyKnown():
		b.errorf(rng, "%s: %q has no value of its type (%s)", where, sv.Name, sv.TypeError)
		return nil, false
	}
	if sv.Setting.Keys == lang.KeysISO4217 && (sv.Value.Type().IsMapType() || sv.Value.Type().IsObjectType()) && !sv.Value.IsNull() {
		out := map[string]any{}
		for it := sv.Value.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			code := k.AsString()
			if ev.IsNull() || ev.Type() != cty.Number {
				v, ok := b.plain(ev, rng, where, sv.Name)
				if !ok {
					return nil, false
				}
				out[code] = v
				continue
			}
			m, err := money(code, ev.AsBigFloat())
			if err != nil {
				b.errorf(rng, "%s: %s.%s: %v", where, sv.Name, code, err)
				return nil, false
			}
			out[code] = m
		}
		return out, true
	}
	return b.plain(sv.Value, rng, where, sv.Name)
}

// plain renders a value of any catalog type: numbers exactly as decimal
// JSON numbers, lists in their order, maps and objects with sorted keys.
func (b *snapshotBuilder) plain(v cty.Value, rng hcl.Range, where, name string) (any, bool) {
	if v.IsNull() {
		return nil, true
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return v.AsString(), true
	case ty == cty.Bool:
		return v.True(), true
	case ty == cty.Number:
		s, ok := exactDecimal(v.AsBigFloat())
		if !ok {
			b.errorf(rng, "%s: %q is not a finite number", where, name)
			return nil, false
		}
		return json.Number(s), true
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		out := make([]any, 0, v.LengthInt())
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			e, ok := b.plain(ev, rng, where, name)
			if !ok {
				return nil, false
			}
			out = append(out, e)
		}
		return out, true
	case ty.IsMapType() || ty.IsObjectType():
		out := make(map[string]any, v.LengthInt())
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			e, ok := b.plain(ev, rng, where, name)
			if !ok {
				return nil, false
			}
			out[k.AsString()] = e
		}
		return out, true
	}
	b.errorf(rng, "%s: %q has a value the snapshot cannot hold (%s)", where, name, ty.FriendlyName())
	return nil, false
}

// money writes an amount in an ISO 4217 currency as an exact decimal
// string with the currency's minor units ("15.50", "500" for JPY). An
// amount finer than the currency allows is an error, not rounded.
func money(code string, n *big.Float) (string, error) {
	units, ok := lang.CurrencyMinorUnits(code)
	if !ok {
		return "", fmt.Errorf("%q is not an ISO 4217 currency code in current use", code)
	}
	if n.IsInf() {
		return "", fmt.Errorf("the amount is not finite")
	}
	s := lang.Decimal(n) // exact, and never "-0"
	places := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		places = len(s) - i - 1
	}
	if places > units {
		return "", fmt.Errorf("%s has more decimal places than %s amounts (%d)", s, code, units)
	}
	if places == 0 && units > 0 {
		s += "."
	}
	return s + strings.Repeat("0", units-places), nil
}

// exactDecimal writes a finite number as the shortest decimal that reads
// back to the same value, without exponent: 5, 7.5, 0.1.
func exactDecimal(n *big.Float) (string, bool) {
	if n.IsInf() {
		return "", false
	}
	return lang.Decimal(n), true
}

func optString(a *lang.Attr) *string {
	if a == nil || a.IsSecret || !a.Value.IsKnown() || a.Value.IsNull() || a.Value.Type() != cty.String {
		return nil
	}
	s := a.Value.AsString()
	return &s
}

// sortedSet sorts and de-duplicates, and never returns nil, so that an
// empty list is written as [].
func sortedSet(s []string) []string {
	out := slices.Clone(s)
	if out == nil {
		out = []string{}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// firstByKey keeps the first element of each key (source order decides
// between duplicates, which the checker reports) and sorts by key.
func firstByKey[T any](s []T, key func(T) string) []T {
	seen := map[string]bool{}
	var out []T
	for _, e := range s {
		if k := key(e); !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
	return out
}
