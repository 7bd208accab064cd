package review

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/snapshot"
)

// Side is one version of the portfolio: a portfolio with its checker
// result, or a snapshot only. A snapshot's values are read with Catalog
// (the built-in one when nil) to tell secret fields from plain ones; a
// field it does not know counts as secret.
type Side struct {
	Portfolio *lang.Portfolio
	Result    *checker.Result
	Snapshot  *snapshot.Doc
	Catalog   *lang.Catalog
}

// view is one side normalized for comparison: the first declaration of
// each ID, as the checker and the snapshot use it.
type view struct {
	side      SideName
	positions bool
	resellers map[string]*resellerView
	companies map[string]*companyView
	// typeFlag maps each integration type of the side's catalog to its
	// feature flag ("" for none).
	typeFlag map[string]string
	findings []Finding
	// p and a are the portfolio and its chain; nil on a snapshot side.
	p *lang.Portfolio
	a *checker.Analysis
}

type resellerView struct {
	id    string
	where Loc
	// at holds where attributes are written, by name.
	at    map[string]Loc
	name  val
	flags map[string]Loc
	sets  map[setKey]Loc
	creds map[credKey]credView
}

type setKey struct{ typ, env string }

type credKey struct{ typ, env, name string }

type credView struct {
	val
	secret bool
	where  Loc
}

// val is a rendered value with the key it compares by: for a literal
// secret a hash of it, never shown.
type val struct {
	Value
	key string
}

type companyView struct {
	id                         string
	where                      Loc
	at                         map[string]Loc
	name, reseller, parent, gt val
	flags, perms               map[string]Loc
	bands                      map[string]bandView
	ints                       map[string]*intView
	// cs is the company's chain; nil on a snapshot side.
	cs         *checker.CompanyStatus
	resellerID string
}

type bandView struct {
	val
	where Loc
}

// intView is one integration of a company in a state other than blocked
// without a block of its own.
type intView struct {
	state     State
	managedBy string
	settings  map[string]credView
	creds     map[string]credView
}

func (v *view) loc(r hcl.Range) Loc {
	if !v.positions || r.Filename == "" {
		return Loc{}
	}
	return Loc{Side: v.side, File: r.Filename, Line: r.Start.Line, Column: r.Start.Column}
}

// portfolioView reads one side from a portfolio and its chain.
func portfolioView(side SideName, p *lang.Portfolio, res *checker.Result) *view {
	v := &view{side: side, positions: true, resellers: map[string]*resellerView{}, companies: map[string]*companyView{},
		typeFlag: map[string]string{}, p: p, a: res.Analysis}
	for _, t := range p.Catalog.Types {
		v.typeFlag[t.ID] = t.FeatureFlag
	}
	for _, r := range p.Resellers {
		if p.Reseller(r.ID) != r {
			continue
		}
		rv := &resellerView{id: r.ID, where: v.loc(r.DefRange), name: attrVal(r.Name), flags: v.listLocs(r.FeatureFlags),
			sets: map[setKey]Loc{}, creds: map[credKey]credView{}, at: v.attrLocs(map[string]*lang.Attr{"name": r.Name})}
		seen := map[string]bool{}
		for _, in := range r.Integrations {
			if seen[in.Type] {
				continue
			}
			seen[in.Type] = true
			t := in.Def
			secret := func(name string) bool { return t == nil || t.IsSecretField(name, true) }
			if t == nil || len(t.Environments) == 0 {
				k := setKey{in.Type, ""}
				rv.sets[k] = v.loc(in.DefRange)
				for _, a := range in.Attrs {
					rv.creds[credKey{in.Type, "", a.Name}] = credView{credVal(a, secret(a.Name)), secret(a.Name), v.loc(a.Range)}
				}
			}
			seenEnv := map[string]bool{}
			for _, e := range in.Environments {
				if seenEnv[e.Name] {
					continue
				}
				seenEnv[e.Name] = true
				rv.sets[setKey{in.Type, e.Name}] = v.loc(e.DefRange)
				for _, a := range e.Attrs {
					rv.creds[credKey{in.Type, e.Name, a.Name}] = credView{credVal(a, secret(a.Name)), secret(a.Name), v.loc(a.Range)}
				}
			}
		}
		v.resellers[r.ID] = rv
	}
	for _, c := range p.Companies {
		if p.Company(c.ID) != c {
			continue
		}
		cs := res.Analysis.Of(c)
		cv := &companyView{id: c.ID, where: v.loc(c.DefRange), name: attrVal(c.Name), reseller: attrVal(c.Reseller),
			parent: attrVal(c.Parent), gt: plainVal(strconv.FormatBool(c.GlobalTransactions.Bool())),
			flags: v.listLocs(c.FeatureFlags), perms: v.listLocs(c.Permissions), bands: map[string]bandView{},
			ints: map[string]*intView{}, cs: cs, resellerID: c.Reseller.Str(),
			at: v.attrLocs(map[string]*lang.Attr{"name": c.Name, "reseller": c.Reseller, "parent": c.Parent, "global_transactions": c.GlobalTransactions})}
		for _, tb := range c.TaxBands {
			if _, dup := cv.bands[tb.ID]; !dup {
				cv.bands[tb.ID] = bandView{bandVal(attrVal(tb.Rate), attrVal(tb.Condition)), v.loc(tb.DefRange)}
			}
		}
		for _, s := range cs.All() {
			st := stateOf(res.Analysis, s)
			if st == Blocked && s.Block == nil {
				continue
			}
			iv := &intView{state: st}
			src := s
			if s.ManagedBy != nil {
				iv.managedBy = s.ManagedBy.ID
				if m := res.Analysis.Of(s.ManagedBy); m != nil {
					src = m.Integration(s.Type.ID)
				}
			}
			if src != nil && src.Block != nil {
				iv.settings, iv.creds = v.settingsOf(src)
			}
			cv.ints[s.Type.ID] = iv
		}
		v.companies[c.ID] = cv
	}
	for _, d := range res.Diagnostics {
		v.findings = append(v.findings, Finding{Rule: d.Rule, Severity: d.Severity.String(), Summary: d.Summary, Where: v.loc(d.Subject)})
	}
	return v
}

// stateOf reads the chain's state of one integration as the diff counts
// it: an enabled one whose chain does not hold is broken, and so is a
// managed one whose manager does not run it.
func stateOf(a *checker.Analysis, s *checker.IntegrationStatus) State {
	switch s.State() {
	case checker.Enabled:
		if !s.Holds() {
			return Broken
		}
		return Enabled
	case checker.Managed:
		if m := managerStatus(a, s); m == nil || m.State() != checker.Enabled || !m.Holds() {
			return Broken
		}
		return Managed
	case checker.Available:
		return Available
	}
	return Blocked
}

// managerStatus is the manager's own status of a managed integration.
func managerStatus(a *checker.Analysis, s *checker.IntegrationStatus) *checker.IntegrationStatus {
	if s.ManagedBy == nil {
		return nil
	}
	m := a.Of(s.ManagedBy)
	if m == nil {
		return nil
	}
	return m.Integration(s.Type.ID)
}

func (v *view) settingsOf(s *checker.IntegrationStatus) (settings, creds map[string]credView) {
	settings, creds = map[string]credView{}, map[string]credView{}
	for _, sv := range s.Settings {
		secret := s.Type.IsSecretField(sv.Name, false)
		where := v.loc(s.Block.DefRange)
		var cv val
		switch {
		case sv.Attr != nil:
			where = v.loc(sv.Attr.Range)
			cv = credVal(sv.Attr, secret)
			if !secret && !sv.Attr.IsSecret && sv.Value != cty.NilVal {
				cv = plainVal(renderCty(sv.Value)) // typed, as the runtime reads it
			}
		case secret:
			continue // a secret has no default
		default:
			cv = plainVal(renderCty(sv.Value))
		}
		if sv.Credential != nil {
			creds[sv.Name] = credView{cv, secret, where}
		} else {
			settings[sv.Name] = credView{cv, secret, where}
		}
	}
	return settings, creds
}

func (v *view) attrLocs(attrs map[string]*lang.Attr) map[string]Loc {
	out := map[string]Loc{}
	for name, a := range attrs {
		if a != nil {
			out[name] = v.loc(a.Range)
		}
	}
	return out
}

func (v *view) listLocs(l *lang.List) map[string]Loc {
	out := map[string]Loc{}
	if l == nil {
		return out
	}
	for _, it := range l.Items {
		if _, dup := out[it.Value]; !dup {
			out[it.Value] = v.loc(it.Range)
		}
	}
	return out
}

// snapshotView reads one side from a snapshot: no positions, no chain;
// the state of an integration is what the snapshot lists.
func snapshotView(side SideName, d *snapshot.Doc, cat *lang.Catalog) *view {
	if cat == nil {
		cat = lang.Assemble(nil).Catalog
	}
	v := &view{side: side, resellers: map[string]*resellerView{}, companies: map[string]*companyView{}, typeFlag: map[string]string{}}
	for _, t := range cat.Types {
		v.typeFlag[t.ID] = t.FeatureFlag
	}
	secretField := func(typ, name string, reseller bool) bool {
		t := cat.Type(typ)
		return t == nil || t.IsSecretField(name, reseller)
	}
	for _, r := range d.Resellers {
		if _, dup := v.resellers[r.ID]; dup {
			continue
		}
		rv := &resellerView{id: r.ID, name: optVal(r.Name), flags: names(r.FeatureFlags), sets: map[setKey]Loc{}, creds: map[credKey]credView{}}
		for _, in := range r.Integrations {
			add := func(env string, m snapshot.Map) {
				rv.sets[setKey{in.Type, env}] = Loc{}
				for name, x := range m {
					secret := secretField(in.Type, name, true)
					rv.creds[credKey{in.Type, env, name}] = credView{snapVal(x, secret), secret, Loc{}}
				}
			}
			if in.Environments == nil {
				add("", in.Credentials)
			}
			for env, m := range in.Environments {
				add(env, m)
			}
		}
		v.resellers[r.ID] = rv
	}
	for _, c := range d.Companies {
		if _, dup := v.companies[c.ID]; dup {
			continue
		}
		cv := &companyView{id: c.ID, name: optVal(c.Name), reseller: plainVal(strconv.Quote(c.Reseller)), parent: optVal(c.Parent),
			gt: plainVal(strconv.FormatBool(c.GlobalTransactions)), flags: names(c.FeatureFlags), perms: names(c.Permissions),
			bands: map[string]bandView{}, ints: map[string]*intView{}, resellerID: c.Reseller}
		for _, tb := range c.TaxBands {
			cond := val{}
			if tb.Condition != nil {
				cond = plainVal(strconv.Quote(*tb.Condition))
			}
			cv.bands[tb.ID] = bandView{val: bandVal(plainVal(tb.Rate), cond)}
		}
		for _, in := range c.Integrations {
			iv := &intView{state: Enabled, settings: map[string]credView{}, creds: map[string]credView{}}
			if in.ManagedBy != nil {
				iv.state, iv.managedBy = Managed, *in.ManagedBy
			}
			for name, x := range in.Settings {
				secret := secretField(in.Type, name, false)
				iv.settings[name] = credView{snapVal(x, secret), secret, Loc{}}
			}
			for name, x := range in.Credentials {
				secret := secretField(in.Type, name, false)
				iv.creds[name] = credView{snapVal(x, secret), secret, Loc{}}
			}
			cv.ints[in.Type] = iv
		}
		for _, t := range c.Available {
			if _, ok := cv.ints[t]; !ok {
				cv.ints[t] = &intView{state: Available}
			}
		}
		v.companies[c.ID] = cv
	}
	return v
}

func names(ss []string) map[string]Loc {
	out := map[string]Loc{}
	for _, s := range ss {
		out[s] = Loc{}
	}
	return out
}

func plainVal(text string) val { return val{Value{Text: text, Set: true}, "v:" + text} }

func optVal(s *string) val {
	if s == nil {
		return val{}
	}
	return plainVal(strconv.Quote(*s))
}

func bandVal(rate, cond val) val {
	text := "rate = " + rate.Text
	if rate.Hidden {
		text = "rate = (hidden)"
	}
	if cond.Set {
		text += ", condition = " + cond.Text
	}
	return plainVal(text)
}

// hidden is a literal secret: the key is a hash, the text empty.
func hidden(text string) val {
	sum := sha256.Sum256([]byte(text))
	return val{Value{Set: true, Hidden: true}, "lit:" + hex.EncodeToString(sum[:])}
}

func secretRef(ref string) val {
	return val{Value{Text: "secret(" + strconv.Quote(ref) + ")", Set: true}, "ref:" + ref}
}

// attrVal renders an attribute that is not secret; nil is unset.
func attrVal(a *lang.Attr) val {
	switch {
	case a == nil:
		return val{}
	case a.IsSecret:
		return secretRef(a.Secret)
	}
	return plainVal(renderCty(a.Value))
}

// credVal renders a value that may be secret: a reference as itself, a
// literal in a secret field hidden.
func credVal(a *lang.Attr, secret bool) val {
	switch {
	case a.IsSecret:
		return secretRef(a.Secret)
	case secret:
		return hidden(renderCty(a.Value))
	}
	return plainVal(renderCty(a.Value))
}

func snapVal(x snapshot.Value, secret bool) val {
	if ref, ok := x.(snapshot.SecretRef); ok {
		return secretRef(ref.Secret)
	}
	if secret {
		return hidden(renderSnap(x))
	}
	return plainVal(renderSnap(x))
}

// renderCty writes a value as HCL would: strings quoted, numbers as
// their exact decimal, lists in brackets, objects in braces by key.
func renderCty(v cty.Value) string {
	switch {
	case v == cty.NilVal || !v.IsKnown():
		return "(invalid)"
	case v.IsNull():
		return "null"
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return strconv.Quote(v.AsString())
	case ty == cty.Number:
		return numberText(v.AsBigFloat())
	case ty == cty.Bool:
		return strconv.FormatBool(v.True())
	case ty.IsListType() || ty.IsTupleType() || ty.IsSetType():
		var parts []string
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			parts = append(parts, renderCty(e))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case ty.IsMapType() || ty.IsObjectType():
		m := v.AsValueMap()
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = fmt.Sprintf("%s = %s", k, renderCty(m[k]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return "(invalid)"
}

// numberText is a number's exact decimal. big.Float.Text at HCL's 512
// bits is slow, so values that an int64 or a float64 holds exactly (most
// settings) take strconv's path; the decimal is the same.
func numberText(f *big.Float) string {
	if i, acc := f.Int64(); acc == big.Exact {
		return strconv.FormatInt(i, 10)
	}
	if x, acc := f.Float64(); acc == big.Exact {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	if f.IsInt() {
		i, _ := f.Int(nil)
		return i.String()
	}
	return f.Text('f', -1)
}

// renderSnap writes a snapshot value as renderCty writes a portfolio's.
func renderSnap(x snapshot.Value) string {
	switch x := x.(type) {
	case nil:
		return "null"
	case snapshot.String:
		return strconv.Quote(string(x))
	case snapshot.Number:
		return string(x)
	case snapshot.Bool:
		return strconv.FormatBool(bool(x))
	case snapshot.SecretRef:
		return "secret(" + strconv.Quote(x.Secret) + ")"
	case snapshot.List:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = renderSnap(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case snapshot.Map:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = fmt.Sprintf("%s = %s", k, renderSnap(x[k]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return "(invalid)"
}
