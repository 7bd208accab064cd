package snapshot

import (
	"bytes"
	"cmp"
	"crypto/sha256"
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
	"github.com/tixcfg/tixcfg/ruleid"
)

// Requires lists the rules whose findings the builder relies on instead
// of judging again: with one of them disabled, a portfolio it cannot
// represent would reach it, so the CLI refuses to build.
func Requires() []string {
	return []string{ruleid.Duplicate, ruleid.InvalidValue, ruleid.Schema, ruleid.Syntax, ruleid.UnknownReference}
}

// RefusedError is a snapshot refused although the rules pass: a secret
// written as a literal, which the snapshot never carries, even when its
// credential-literal warning is suppressed; or an error of a rule of
// Requires that an ignore comment suppressed, which check may let pass
// but the snapshot cannot carry. Places name where, never the value.
type RefusedError struct {
	Places []string
}

func (e *RefusedError) Error() string { return strings.Join(e.Places, "\n") }

// Options are what the builder needs besides the portfolio.
type Options struct {
	// ToolVersion is written as tixcfg_version.
	ToolVersion string
}

// Build compiles a checked portfolio into the snapshot document, from
// the chain res decided. It expects a portfolio without errors from the
// rules of Requires: what it still cannot represent is an internal error,
// never a guess; a literal secret, or an error of those rules that an
// ignore comment suppressed, is a *RefusedError. Neither error ever holds
// a secret's value.
func Build(p *lang.Portfolio, res *checker.Result, opts Options) (*Doc, error) {
	b := &builder{p: p, a: res.Analysis}
	for _, f := range res.Suppressed {
		if f.Severity == lang.Error && slices.Contains(Requires(), f.Rule) {
			b.refused = append(b.refused, positioned(f.Subject, fmt.Sprintf("%s [%s]: the finding is suppressed, but the snapshot cannot carry what the rule rejects", f.Summary, f.Rule)).Error())
		}
	}
	suppressed := len(b.refused) > 0
	d := &Doc{Schema: SchemaID, SchemaVersion: SchemaVersion, ToolVersion: opts.ToolVersion,
		Catalog:   CatalogRef{Version: p.Catalog.Version, Digest: p.Catalog.Digest()},
		Resellers: b.resellers(),
		Companies: b.companies(),
	}
	// What a suppressed finding rejects, the builder cannot represent
	// either: that is the refusal, not an internal error.
	if len(b.internal) > 0 && !suppressed {
		return nil, fmt.Errorf("internal error: the snapshot cannot represent what the rules passed:\n%w", errors.Join(b.internal...))
	}
	if len(b.refused) > 0 {
		return nil, &RefusedError{Places: b.refused}
	}
	return d, nil
}

// Compile is Build and then Encode: the bytes `tixcfg build` writes, and
// their digest.
func Compile(p *lang.Portfolio, res *checker.Result, opts Options) (data []byte, digest string, err error) {
	d, err := Build(p, res, opts)
	if err != nil {
		return nil, "", err
	}
	return Encode(d)
}

// Encode writes the document as `tixcfg build` does, indented, and
// returns it with its digest: sha256 over the compact encoding of the
// document without its digest member, members in the order written.
// d.Digest is ignored.
func Encode(d *Doc) (data []byte, digest string, err error) {
	head := struct {
		Schema        string `json:"$schema"`
		SchemaVersion int    `json:"schema_version"`
		ToolVersion   string `json:"tixcfg_version"`
	}{d.Schema, d.SchemaVersion, d.ToolVersion}
	body := struct {
		Catalog   CatalogRef `json:"catalog"`
		Resellers []Reseller `json:"resellers"`
		Companies []Company  `json:"companies"`
	}{d.Catalog, d.Resellers, d.Companies}
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

type builder struct {
	p *lang.Portfolio
	a *checker.Analysis
	// refused are the places of literal secrets; internal what a rule
	// of Requires should have reported.
	refused  []string
	internal []error
	// bands are the tax bands judged so far: a band is listed by its
	// company and may be named by references too, but reported once.
	bands map[*lang.TaxBand]judgedBand
}

type judgedBand struct {
	band TaxBand
	ok   bool
}

// literalSecret refuses a secret written as a literal, naming the place,
// never the value.
func (b *builder) literalSecret(rng hcl.Range, where, name string) {
	b.refused = append(b.refused, positioned(rng, fmt.Sprintf("%s: the secret %q is written as a literal; the snapshot never inlines a secret: write secret(\"...\") instead", where, name)).Error())
}

// internalf records what the rules of Requires should have reported.
func (b *builder) internalf(rng hcl.Range, format string, args ...any) {
	b.internal = append(b.internal, positioned(rng, fmt.Sprintf(format, args...)))
}

func positioned(rng hcl.Range, msg string) error {
	if rng.Filename != "" {
		msg = fmt.Sprintf("%s:%d:%d: %s", rng.Filename, rng.Start.Line, rng.Start.Column, msg)
	}
	return errors.New(msg)
}

func (b *builder) resellers() []Reseller {
	out := []Reseller{}
	for _, r := range b.p.Resellers {
		// Declarations are sorted by ID and then position: the first of a
		// duplicated ID is the one the checker and the analysis use.
		if b.p.Reseller(r.ID) != r {
			continue
		}
		sr := Reseller{ID: r.ID, Name: optString(r.Name), FeatureFlags: sortedSet(r.FeatureFlags.Values()),
			Integrations: []ResellerIntegration{}}
		for _, in := range firstByKey(r.Integrations, func(in *lang.ResellerIntegration) string { return in.Type }) {
			if si, ok := b.resellerIntegration(r, in); ok {
				sr.Integrations = append(sr.Integrations, si)
			}
		}
		out = append(out, sr)
	}
	return out
}

func (b *builder) resellerIntegration(r *lang.Reseller, in *lang.ResellerIntegration) (ResellerIntegration, bool) {
	t := in.Def
	if t == nil {
		b.internalf(in.DefRange, "reseller %q: integration type %q is not in the catalog", r.ID, in.Type)
		return ResellerIntegration{}, false
	}
	si := ResellerIntegration{Type: t.ID}
	where := fmt.Sprintf("integration %q of reseller %q", t.ID, r.ID)
	if len(t.Environments) == 0 {
		for _, e := range in.Environments {
			b.internalf(e.DefRange, "%s: %q has no environments", where, t.ID)
		}
		si.Credentials = b.resellerCredentials(t, in.Attrs, where)
		return si, true
	}
	for _, a := range in.Attrs {
		b.internalf(a.NameRange, "%s: credentials of %q are given per environment", where, t.ID)
	}
	si.Environments = map[string]Map{}
	for _, e := range firstByKey(in.Environments, func(e *lang.Environment) string { return e.Name }) {
		if !t.HasEnvironment(e.Name) {
			b.internalf(e.LabelRange, "%s: unknown environment %q", where, e.Name)
			continue
		}
		si.Environments[e.Name] = b.resellerCredentials(t, e.Attrs, fmt.Sprintf("environment %q of %s", e.Name, where))
	}
	return si, true
}

func (b *builder) resellerCredentials(t *lang.IntegrationType, attrs lang.Attrs, where string) Map {
	out := Map{}
	for _, a := range attrs {
		f := t.ResellerCredential(a.Name)
		if f == nil {
			b.internalf(a.NameRange, "%s: %q is not a credential of %q", where, a.Name, t.ID)
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
func (b *builder) credential(a *lang.Attr, secret bool, where string) (Value, bool) {
	if a.IsSecret {
		return SecretRef{Secret: a.Secret}, true
	}
	if secret {
		b.literalSecret(a.ValueRange, where, a.Name)
		return nil, false
	}
	if !a.Value.IsWhollyKnown() || a.Value.IsNull() {
		b.internalf(a.ValueRange, "%s: %q has no usable value", where, a.Name)
		return nil, false
	}
	s, err := convert.Convert(a.Value, cty.String)
	if err != nil {
		b.internalf(a.ValueRange, "%s: %q is not a string", where, a.Name)
		return nil, false
	}
	return String(s.AsString()), true
}

func (b *builder) companies() []Company {
	out := []Company{}
	for _, c := range b.p.Companies {
		if b.p.Company(c.ID) != c {
			continue
		}
		cs := b.a.Of(c)
		sc := Company{ID: c.ID, Name: optString(c.Name), Reseller: c.Reseller.Str(),
			GlobalTransactions: c.GlobalTransactions.Bool(),
			FeatureFlags:       sortedSet(c.FeatureFlags.Values()), Permissions: sortedSet(c.Permissions.Values()),
			TaxBands: []TaxBand{}, Integrations: []Integration{}, Available: []string{}}
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
				b.internalf(in.DefRange, "company %q: integration type %q is not in the catalog", c.ID, in.Type)
			}
		}
		// The chain decides: what the company runs (itself or through
		// its parent) is written with its settings, what it could enable
		// is listed, what is blocked is left out.
		for _, s := range cs.All() {
			switch s.State() {
			case checker.Enabled, checker.Managed:
				if si, ok := b.integration(cs, s); ok {
					sc.Integrations = append(sc.Integrations, si)
				}
			case checker.Available:
				sc.Available = append(sc.Available, s.Type.ID)
			}
		}
		out = append(out, sc)
	}
	return out
}

func (b *builder) taxBand(c *lang.Company, tb *lang.TaxBand) (TaxBand, bool) {
	st := TaxBand{ID: tb.ID, Condition: optString(tb.Condition)}
	if tb.Rate == nil || tb.Rate.IsSecret || !tb.Rate.Value.IsKnown() || tb.Rate.Value.IsNull() || tb.Rate.Value.Type() != cty.Number {
		b.internalf(tb.DefRange, "tax band %q of company %q has no rate", tb.ID, c.ID)
		return st, false
	}
	rate, ok := exactDecimal(tb.Rate.Value.AsBigFloat())
	if !ok {
		b.internalf(tb.Rate.ValueRange, "the rate of tax band %q of company %q is not a finite number", tb.ID, c.ID)
		return st, false
	}
	st.Rate = rate
	return st, true
}

// taxBandOnce is taxBand, judged once per band.
func (b *builder) taxBandOnce(c *lang.Company, tb *lang.TaxBand) (TaxBand, bool) {
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
// the integration's own company, or the one that manages it.
func (b *builder) references(owner *lang.Company, eff *checker.IntegrationStatus, settings Map, where string) map[string]Reference {
	out := map[string]Reference{}
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
		id, isName := v.(String)
		switch {
		case sv.Setting.References != lang.ReferenceTaxBand:
			b.internalf(rng, "%s: %q references %q, which the snapshot cannot resolve", where, sv.Name, sv.Setting.References)
		case !isName:
			b.internalf(rng, "%s: %q does not name a tax band", where, sv.Name)
		case owner.TaxBand(string(id)) == nil:
			b.internalf(rng, "%s: %q names the tax band %q, which company %q does not have", where, sv.Name, id, owner.ID)
		default:
			if st, ok := b.taxBandOnce(owner, owner.TaxBand(string(id))); ok {
				out[sv.Name] = Reference{Kind: sv.Setting.References, Owner: owner.ID, TaxBand: st}
			}
		}
	}
	return out
}

// integration renders an enabled integration with its effective settings:
// the company's own, or those of the company that manages its payments.
func (b *builder) integration(cs *checker.CompanyStatus, s *checker.IntegrationStatus) (Integration, bool) {
	t := s.Type
	owner, eff := cs.Company, s
	si := Integration{Type: t.ID, Settings: Map{}, Credentials: Map{}}
	if s.ManagedBy != nil {
		owner = s.ManagedBy
		id := owner.ID
		si.ManagedBy = &id
		if ms := b.a.Of(owner); ms != nil {
			eff = ms.Integration(t.ID)
		}
		if eff == nil || eff.Block == nil {
			b.internalf(cs.Company.DefRange, "company %q: %q of %q, which manages its payments, cannot be resolved", cs.Company.ID, t.ID, owner.ID)
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
			b.internalf(sv.Attr.NameRange, "%s: %q is neither a setting nor a credential of %q", where, sv.Name, t.ID)
		}
	}
	si.References = b.references(owner, eff, si.Settings, where)
	return si, true
}

func (b *builder) setting(sv *checker.SettingValue, where string) (Value, bool) {
	rng := hcl.Range{}
	if sv.Attr != nil {
		rng = sv.Attr.ValueRange
	}
	switch {
	case sv.IsSecretRef():
		return SecretRef{Secret: sv.Attr.Secret}, true
	case sv.Setting.Secret:
		b.literalSecret(rng, where, sv.Name)
		return nil, false
	case sv.Value == cty.NilVal || !sv.Value.IsWhollyKnown():
		b.internalf(rng, "%s: %q has no value of its type (%s)", where, sv.Name, sv.TypeError)
		return nil, false
	}
	if sv.Setting.Keys == lang.KeysISO4217 && (sv.Value.Type().IsMapType() || sv.Value.Type().IsObjectType()) && !sv.Value.IsNull() {
		out := Map{}
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
				b.internalf(rng, "%s: %s.%s: %v", where, sv.Name, code, err)
				return nil, false
			}
			out[code] = String(m)
		}
		return out, true
	}
	return b.plain(sv.Value, rng, where, sv.Name)
}

// plain renders a value of any catalog type: numbers exactly as decimal
// JSON numbers, lists in their order, maps and objects with sorted keys.
func (b *builder) plain(v cty.Value, rng hcl.Range, where, name string) (Value, bool) {
	if v.IsNull() {
		return nil, true
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return String(v.AsString()), true
	case ty == cty.Bool:
		return Bool(v.True()), true
	case ty == cty.Number:
		s, ok := exactDecimal(v.AsBigFloat())
		if !ok {
			b.internalf(rng, "%s: %q is not a finite number", where, name)
			return nil, false
		}
		return Number(s), true
	case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
		out := make(List, 0, v.LengthInt())
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
		out := make(Map, v.LengthInt())
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
	b.internalf(rng, "%s: %q has a value the snapshot cannot hold (%s)", where, name, ty.FriendlyName())
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
