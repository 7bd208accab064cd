package review

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// Options narrow a comparison.
type Options struct {
	// Companies and Resellers, when either is set, list only these
	// companies, the companies under these resellers (on either side) and
	// these resellers, with the findings inside their blocks; the
	// headline counts what is listed.
	Companies, Resellers []string
}

func (o Options) filtered() bool { return len(o.Companies) > 0 || len(o.Resellers) > 0 }

// Compare compares base with head. Both sides are portfolios, or both
// snapshots.
func Compare(base, head Side, opts Options) (*Diff, error) {
	bv, err := sideView(Base, base)
	if err != nil {
		return nil, err
	}
	hv, err := sideView(Head, head)
	if err != nil {
		return nil, err
	}
	if bv.positions != hv.positions {
		return nil, errors.New("compare a portfolio with a portfolio, or a snapshot with a snapshot")
	}
	// A filter that names nothing must not read as "no changes".
	for _, f := range []struct {
		kind string
		ids  []string
		b, h []string
	}{
		{"company", opts.Companies, slices.Collect(maps.Keys(bv.companies)), slices.Collect(maps.Keys(hv.companies))},
		{"reseller", opts.Resellers, slices.Collect(maps.Keys(bv.resellers)), slices.Collect(maps.Keys(hv.resellers))},
	} {
		for _, id := range f.ids {
			if !slices.Contains(f.b, id) && !slices.Contains(f.h, id) {
				known := slices.Sorted(slices.Values(slices.Concat(f.b, f.h)))
				return nil, fmt.Errorf("no %s %q on either side.%s", f.kind, id, checker.DidYouMean(id, slices.Compact(known)))
			}
		}
	}
	c := &comparer{b: bv, h: hv, opts: opts}
	d := &Diff{Positions: bv.positions}
	for _, id := range unionKeys(bv.resellers, hv.resellers) {
		if opts.filtered() && !slices.Contains(opts.Resellers, id) {
			continue
		}
		if r := c.reseller(id); r != nil {
			d.Resellers = append(d.Resellers, r)
		}
	}
	for _, id := range unionKeys(bv.companies, hv.companies) {
		if !c.selectedCompany(id) {
			continue
		}
		if co := c.company(id); co != nil {
			d.Companies = append(d.Companies, co)
		}
	}
	if d.Positions {
		d.NewFindings, d.FixedFindings = c.findings()
	}
	d.Summary = c.summary(d)
	return d, nil
}

func sideView(name SideName, s Side) (*view, error) {
	switch {
	case s.Portfolio != nil && s.Result != nil:
		return portfolioView(name, s.Portfolio, s.Result), nil
	case s.Snapshot != nil:
		return snapshotView(name, s.Snapshot, s.Catalog), nil
	}
	return nil, fmt.Errorf("the %s side has neither a checked portfolio nor a snapshot", name)
}

type comparer struct {
	b, h *view
	opts Options
}

func (c *comparer) selectedCompany(id string) bool {
	if !c.opts.filtered() {
		return true
	}
	if slices.Contains(c.opts.Companies, id) {
		return true
	}
	for _, v := range []*view{c.b, c.h} {
		if cv := v.companies[id]; cv != nil && slices.Contains(c.opts.Resellers, cv.resellerID) {
			return true
		}
	}
	return false
}

func unionKeys[V any](a, b map[string]V) []string {
	out := slices.Collect(maps.Keys(a))
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// at is where an attribute is written on a side, else the declaration.
func at(m map[string]Loc, name string, decl Loc) Loc {
	if l, ok := m[name]; ok {
		return l
	}
	return decl
}

// change compares two values; nil when equal.
func change(name string, b, h val, bw, hw Loc) *Change {
	if b.key == h.key && b.Set == h.Set {
		return nil
	}
	where := hw
	if !h.Set {
		where = bw
	}
	return &Change{Name: name, Before: b.Value, After: h.Value, Where: where}
}

// listDiff returns the items only in h (added) and only in b (removed).
func listDiff(b, h map[string]Loc) (added, removed []Named) {
	for _, k := range slices.Sorted(maps.Keys(h)) {
		if _, ok := b[k]; !ok {
			added = append(added, Named{k, h[k]})
		}
	}
	for _, k := range slices.Sorted(maps.Keys(b)) {
		if _, ok := h[k]; !ok {
			removed = append(removed, Named{k, b[k]})
		}
	}
	return added, removed
}

func (c *comparer) reseller(id string) *Reseller {
	b, h := c.b.resellers[id], c.h.resellers[id]
	r := &Reseller{ID: id, Kind: Changed}
	switch {
	case b == nil:
		r.Kind, r.Where = Added, h.where
		b = &resellerView{}
	case h == nil:
		r.Kind, r.Where = Removed, b.where
		h = &resellerView{}
	default:
		r.Where = h.where
	}
	if r.Kind == Changed {
		r.Name = change("name", b.name, h.name, at(b.at, "name", b.where), at(h.at, "name", h.where))
	}
	r.FlagsAdded, r.FlagsRemoved = listDiff(b.flags, h.flags)
	sets := map[setKey]bool{}
	for k := range b.sets {
		sets[k] = true
	}
	for k := range h.sets {
		sets[k] = true
	}
	for _, k := range slices.SortedFunc(maps.Keys(sets), func(x, y setKey) int { return cmp.Or(cmp.Compare(x.typ, y.typ), cmp.Compare(x.env, y.env)) }) {
		bw, inB := b.sets[k]
		hw, inH := h.sets[k]
		switch {
		case inB && !inH:
			r.Sets = append(r.Sets, CredentialSet{Integration: k.typ, Environment: k.env, Kind: Removed, Where: bw})
		case inH && !inB:
			r.Sets = append(r.Sets, CredentialSet{Integration: k.typ, Environment: k.env, Kind: Added, Where: hw})
		}
	}
	if r.Kind == Changed {
		keys := map[credKey]bool{}
		for k := range b.creds {
			keys[k] = true
		}
		for k := range h.creds {
			keys[k] = true
		}
		for _, k := range slices.SortedFunc(maps.Keys(keys), compareCredKey) {
			if _, ok := b.sets[setKey{k.typ, k.env}]; !ok {
				continue // the whole set is new: listed in Sets
			}
			if _, ok := h.sets[setKey{k.typ, k.env}]; !ok {
				continue
			}
			bc, hc := b.creds[k], h.creds[k]
			if ch := credChange(k.typ, k.env, k.name, bc, hc); ch != nil {
				r.Credentials = append(r.Credentials, *ch)
			}
		}
	}
	if r.Kind == Changed && r.Name == nil && len(r.FlagsAdded)+len(r.FlagsRemoved)+len(r.Sets)+len(r.Credentials) == 0 {
		return nil
	}
	return r
}

func compareCredKey(x, y credKey) int {
	return cmp.Or(cmp.Compare(x.typ, y.typ), cmp.Compare(x.env, y.env), cmp.Compare(x.name, y.name))
}

func credChange(typ, env, name string, b, h credView) *Credential {
	if b.key == h.key && b.Set == h.Set {
		return nil
	}
	ch := &Credential{Integration: typ, Environment: env, Name: name, Kind: Changed, Secret: b.secret || h.secret,
		Before: b.Value, After: h.Value, Where: h.where}
	switch {
	case !b.Set:
		ch.Kind = Added
	case !h.Set:
		ch.Kind, ch.Where = Removed, b.where
	}
	return ch
}

func (c *comparer) company(id string) *Company {
	b, h := c.b.companies[id], c.h.companies[id]
	switch {
	case b == nil:
		return &Company{ID: id, Kind: Added, Where: h.where, Runs: runs(h)}
	case h == nil:
		return &Company{ID: id, Kind: Removed, Where: b.where, Runs: runs(b)}
	}
	co := &Company{ID: id, Kind: Changed, Where: h.where}
	co.Name = change("name", b.name, h.name, at(b.at, "name", b.where), at(h.at, "name", h.where))
	co.Reseller = change("reseller", b.reseller, h.reseller, at(b.at, "reseller", b.where), at(h.at, "reseller", h.where))
	co.Parent = change("parent", b.parent, h.parent, at(b.at, "parent", b.where), at(h.at, "parent", h.where))
	co.GlobalTransactions = change("global_transactions", b.gt, h.gt, at(b.at, "global_transactions", b.where), at(h.at, "global_transactions", h.where))
	co.FlagsAdded, co.FlagsRemoved = listDiff(b.flags, h.flags)
	co.PermissionsAdded, co.PermissionsRemoved = listDiff(b.perms, h.perms)
	for _, band := range unionKeys(b.bands, h.bands) {
		bb, hb := b.bands[band], h.bands[band]
		if ch := change(band, bb.val, hb.val, bb.where, hb.where); ch != nil {
			co.TaxBands = append(co.TaxBands, *ch)
		}
	}
	for _, t := range unionKeys(b.ints, h.ints) {
		if in := c.integration(b, h, t); in != nil {
			co.Integrations = append(co.Integrations, in)
		}
	}
	if co.Name == nil && co.Reseller == nil && co.Parent == nil && co.GlobalTransactions == nil &&
		len(co.FlagsAdded)+len(co.FlagsRemoved)+len(co.PermissionsAdded)+len(co.PermissionsRemoved)+len(co.TaxBands)+len(co.Integrations) == 0 {
		return nil
	}
	return co
}

func runs(cv *companyView) []string {
	var out []string
	for _, t := range slices.Sorted(maps.Keys(cv.ints)) {
		if cv.ints[t].state.Runs() {
			out = append(out, t)
		}
	}
	return out
}

func stateIn(cv *companyView, t string) (State, *intView) {
	if iv := cv.ints[t]; iv != nil {
		return iv.state, iv
	}
	return Blocked, &intView{state: Blocked}
}

func (c *comparer) integration(b, h *companyView, t string) *Integration {
	sb, ib := stateIn(b, t)
	sh, ih := stateIn(h, t)
	in := &Integration{Type: t, Before: sb, After: sh, ManagedByBefore: ib.managedBy, ManagedByAfter: ih.managedBy, Effect: Modify}
	switch {
	case sh.level() > sb.level():
		in.Effect = Gain
	case sh.level() < sb.level():
		in.Effect = Loss
	}
	if ib.settings != nil && ih.settings != nil {
		for _, name := range unionKeys(ib.settings, ih.settings) {
			bs, hs := ib.settings[name], ih.settings[name]
			if ch := change(name, bs.val, hs.val, bs.where, hs.where); ch != nil {
				in.Settings = append(in.Settings, *ch)
			}
		}
		for _, name := range unionKeys(ib.creds, ih.creds) {
			if ch := credChange(t, "", name, ib.creds[name], ih.creds[name]); ch != nil {
				in.Credentials = append(in.Credentials, *ch)
			}
		}
	}
	if sb == sh && in.ManagedByBefore == in.ManagedByAfter && len(in.Settings)+len(in.Credentials) == 0 {
		return nil
	}
	if sb != sh || in.ManagedByBefore != in.ManagedByAfter {
		in.Reason, in.Where = c.reason(b, h, t, in)
		if in.Effect == Loss {
			in.HeldAt = c.heldAt(b, h, t)
		}
	}
	return in
}

// heldAt is where, on the base side, the link that is now missing held.
func (c *comparer) heldAt(b, h *companyView, t string) Loc {
	if b.cs == nil || h.cs == nil {
		return Loc{}
	}
	bs, hs := b.cs.Integration(t), h.cs.Integration(t)
	if bs == nil || hs == nil {
		return Loc{}
	}
	st, ok := firstMissing(hs)
	if !ok {
		return Loc{}
	}
	if was := bs.Step(st.Kind); was.Status == checker.Held {
		if st.Kind == checker.StepParent && b.parent.key != h.parent.key {
			return at(b.at, "parent", b.where)
		}
		return c.b.loc(was.Where)
	}
	return Loc{}
}

// reason explains a change of state from the chain of both sides: the
// link that broke (a loss) or now holds (a gain), in the chain's words,
// at the place that caused it on the side where it is.
func (c *comparer) reason(b, h *companyView, t string, in *Integration) (string, Loc) {
	if b.cs == nil || h.cs == nil {
		return "", Loc{}
	}
	bs, hs := b.cs.Integration(t), h.cs.Integration(t)
	switch {
	case hs == nil:
		return fmt.Sprintf("the integration type %q is no longer in the catalog", t), Loc{}
	case bs == nil:
		return fmt.Sprintf("the integration type %q is new in the catalog", t), c.h.typeLoc(t)
	}
	switch in.Effect {
	case Loss:
		if bs.Block != nil && hs.Block == nil && hs.ManagedBy == nil {
			return fmt.Sprintf("company %q no longer configures it (its integration block is removed)", h.id), c.b.loc(bs.Block.DefRange)
		}
		if in.After == Broken && hs.ManagedBy != nil && hs.Holds() {
			return c.h.managerReason(hs)
		}
		if st, ok := firstMissing(hs); ok {
			return st.Message(), c.stepWhere(b, h, st)
		}
	case Gain:
		if hs.Block != nil && bs.Block == nil && hs.ManagedBy == nil {
			return fmt.Sprintf("company %q configures it", h.id), c.h.loc(hs.Block.DefRange)
		}
		bsteps, hsteps := bs.Steps(), hs.Steps()
		for i := range hsteps {
			if bsteps[i].Status == checker.Missing && hsteps[i].Status != checker.Missing {
				where := c.h.loc(hsteps[i].Where)
				if where.File == "" {
					where = c.b.loc(bsteps[i].Where)
				}
				if hsteps[i].Kind == checker.StepParent {
					where = c.stepWhere(b, h, hsteps[i])
				}
				return hsteps[i].Message(), where
			}
		}
		if in.Before == Broken && hs.ManagedBy != nil {
			if m := managerStatus(c.h.a, hs); m != nil && m.Block != nil {
				return fmt.Sprintf("it comes through global transactions from %q, whose %s runs now", hs.ManagedBy.ID, t), c.h.loc(m.Block.DefRange)
			}
		}
	}
	st := hs.Step(checker.StepParent)
	if st.Status == checker.NotApplicable {
		return "", Loc{}
	}
	return st.Message(), c.stepWhere(b, h, st)
}

// stepWhere is the place of a head-side step; for the parent link of a
// company whose parent changed, the parent attribute: that edit moved
// its payment integrations, not the global_transactions the link names.
func (c *comparer) stepWhere(b, h *companyView, st checker.Step) Loc {
	if st.Kind == checker.StepParent && b.parent.key != h.parent.key {
		return at(h.at, "parent", h.where)
	}
	return c.h.loc(st.Where)
}

func firstMissing(s *checker.IntegrationStatus) (checker.Step, bool) {
	for _, st := range s.Steps() {
		if st.Status == checker.Missing {
			return st, true
		}
	}
	return checker.Step{}, false
}

func (v *view) typeLoc(t string) Loc {
	if typ := v.p.Catalog.Type(t); typ != nil && typ.Decl != nil {
		return v.loc(typ.Decl.DefRange)
	}
	return Loc{}
}

// managerReason says why a managed integration stopped although the
// company's own links hold: the company whose payment integrations apply
// does not run it.
func (v *view) managerReason(s *checker.IntegrationStatus) (string, Loc) {
	m := managerStatus(v.a, s)
	if m == nil {
		st := s.Step(checker.StepParent)
		return st.Message(), v.loc(st.Where)
	}
	msg := fmt.Sprintf("it comes through global transactions from %q, whose %s does not run", s.ManagedBy.ID, s.Type.ID)
	if st, ok := firstMissing(m); ok {
		return msg + ": " + st.Message(), v.loc(st.Where)
	}
	return msg, v.loc(m.Block.DefRange)
}

// findings pairs the findings of both sides by rule, severity and
// summary (never by line, which any edit above moves): what is left on
// the head side is new, on the base side fixed.
func (c *comparer) findings() (added, fixed []Finding) {
	key := func(f Finding) string { return f.Rule + "\x00" + f.Severity + "\x00" + f.Summary }
	count := map[string]int{}
	for _, f := range c.b.findings {
		count[key(f)]++
	}
	for _, f := range c.h.findings {
		if k := key(f); count[k] > 0 {
			count[k]--
		} else {
			added = append(added, f)
		}
	}
	count = map[string]int{}
	for _, f := range c.h.findings {
		count[key(f)]++
	}
	for _, f := range c.b.findings {
		if k := key(f); count[k] > 0 {
			count[k]--
		} else {
			fixed = append(fixed, f)
		}
	}
	if c.opts.filtered() {
		added = slices.DeleteFunc(added, func(f Finding) bool { return !c.selectedAt(c.h, f.Where) })
		fixed = slices.DeleteFunc(fixed, func(f Finding) bool { return !c.selectedAt(c.b, f.Where) })
	}
	return added, fixed
}

// selectedAt reports whether a place lies in the block of a selected
// company or reseller.
func (c *comparer) selectedAt(v *view, at Loc) bool {
	inside := func(d lang.Decl) bool {
		r := d.Range
		return r.Filename == at.File && lessEq(r.Start.Line, r.Start.Column, at.Line, at.Column) && lessEq(at.Line, at.Column, r.End.Line, r.End.Column)
	}
	for _, co := range v.p.Companies {
		if inside(co.Decl) && c.selectedCompany(co.ID) {
			return true
		}
	}
	for _, r := range v.p.Resellers {
		if inside(r.Decl) && slices.Contains(c.opts.Resellers, r.ID) {
			return true
		}
	}
	return false
}

func lessEq(l1, c1, l2, c2 int) bool { return l1 < l2 || l1 == l2 && c1 <= c2 }

func (c *comparer) summary(d *Diff) Summary {
	var s Summary
	for _, r := range d.Resellers {
		switch r.Kind {
		case Added:
			s.ResellersAdded++
		case Removed:
			s.ResellersRemoved++
		default:
			s.ResellersChanged++
		}
	}
	losses, gains := map[string]*Tally{}, map[string]*Tally{}
	tally := func(m map[string]*Tally, t string, running bool) {
		x := m[t]
		if x == nil {
			x = &Tally{Integration: t}
			m[t] = x
		}
		if running {
			x.Running++
		} else {
			x.Available++
		}
	}
	for _, co := range d.Companies {
		switch co.Kind {
		case Added:
			s.CompaniesAdded++
		case Removed:
			s.CompaniesRemoved++
		default:
			s.CompaniesChanged++
		}
		lost, gained := false, false
		for _, in := range co.Integrations {
			switch in.Effect {
			case Loss:
				lost = true
				tally(losses, in.Type, in.Before.Runs())
			case Gain:
				gained = true
				tally(gains, in.Type, in.After.Runs())
			}
		}
		if lost {
			s.CompaniesLosing++
		}
		if gained {
			s.CompaniesGaining++
		}
	}
	for _, t := range slices.Sorted(maps.Keys(losses)) {
		s.Losses = append(s.Losses, *losses[t])
	}
	for _, t := range slices.Sorted(maps.Keys(gains)) {
		s.Gains = append(s.Gains, *gains[t])
	}
	s.Radius = c.radius(d)
	s.NewFindings, s.FixedFindings = len(d.NewFindings), len(d.FixedFindings)
	return s
}

// radius is the blast radius of each listed reseller and of each feature
// flag added or removed anywhere: the listed companies each reaches.
func (c *comparer) radius(d *Diff) []Radius {
	var out []Radius
	for _, r := range d.Resellers {
		x := Radius{Kind: "reseller", ID: r.ID}
		for _, co := range d.Companies {
			if c.companyReseller(co.ID, Base) != r.ID && c.companyReseller(co.ID, Head) != r.ID {
				continue
			}
			x.Companies++
			x.Losing += b2i(hasEffect(co, Loss, nil))
			x.Gaining += b2i(hasEffect(co, Gain, nil))
		}
		out = append(out, x)
	}
	flags := map[string]bool{}
	for _, r := range d.Resellers {
		for _, f := range slices.Concat(r.FlagsAdded, r.FlagsRemoved) {
			flags[f.Name] = true
		}
	}
	for _, co := range d.Companies {
		for _, f := range slices.Concat(co.FlagsAdded, co.FlagsRemoved) {
			flags[f.Name] = true
		}
	}
	for _, f := range slices.Sorted(maps.Keys(flags)) {
		x := Radius{Kind: "flag", ID: f}
		gated := func(t string) bool { return c.b.typeFlag[t] == f || c.h.typeFlag[t] == f }
		for _, co := range d.Companies {
			lost, gained := hasEffect(co, Loss, gated), hasEffect(co, Gain, gated)
			if lost || gained {
				x.Companies++
			}
			x.Losing += b2i(lost)
			x.Gaining += b2i(gained)
		}
		out = append(out, x)
	}
	return out
}

func (c *comparer) companyReseller(id string, side SideName) string {
	v := c.b
	if side == Head {
		v = c.h
	}
	if cv := v.companies[id]; cv != nil {
		return cv.resellerID
	}
	return ""
}

func hasEffect(co *Company, e Effect, only func(string) bool) bool {
	return slices.ContainsFunc(co.Integrations, func(in *Integration) bool {
		return in.Effect == e && (only == nil || only(in.Type))
	})
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
