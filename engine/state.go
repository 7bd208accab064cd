package engine

import (
	"cmp"
	"slices"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// state is what makes an edit cost in proportion to what it can change:
// the findings of every unit the rules decide (each company, each
// reseller, the catalog's declarations) and, for each key a unit reads
// (see reads), the units that read it. An edit replaces the declarations
// of its files; the units of the declarations that left are dropped, those
// of the ones that came are decided, and so is every unit that reads a key
// the edit changed: an ID whose first declaration changed, a skeleton
// whose look-alikes changed, the table of every reseller or company ID
// when IDs came or went. A company whose parent chain comes out different
// changes its own ID's key in turn, so the change follows the chain down
// to the companies that take global transactions through it. A change to
// the catalog decides everything again.
//
// Findings are then put together file by file (a bucket per file a
// finding's subject lies in), as checker.Finish does for Run, and only the
// files whose findings or contents changed are finished again.
//
// The state is built on the first edit, not when the workspace opens, so
// a batch command pays for a cold check only.
type state struct {
	opts checker.Options
	p    *lang.Portfolio

	companies map[*lang.Company]*unit
	resellers map[*lang.Reseller]*unit
	catalog   *unit
	// readers lists, for each key, the units that read it; a unit that
	// died or no longer reads the key is dropped when the list is next
	// read.
	readers map[key][]*unit
	// look holds the declarations by skeleton (skelKey), for confusable-id.
	look map[key][]checker.LookAlike

	buckets map[string]*bucket
	names   []string // of buckets, sorted
	// statuses are the chains of p.Companies, in that order.
	statuses []*checker.CompanyStatus
	// secrets caches the secret values of each file (for p.Catalog), which
	// the fix guard needs only when a fix writes text.
	secrets map[string][]string
	// stale holds the secret values the files edited since the last result
	// had before, to tell whether the fixes of the files not edited must
	// be guarded again.
	stale map[string]staleSecrets
}

type staleSecrets struct {
	values []string
	known  bool
}

// unit is one company, one reseller, or the catalog, with what deciding it
// found.
type unit struct {
	company  *lang.Company
	reseller *lang.Reseller
	status   *checker.CompanyStatus
	chain    checker.Chain
	reads    []key
	findings []lang.Diagnostic
	dead     bool
}

// bucket is the findings whose subject lies in one file.
type bucket struct {
	// loader are the loader's findings, by the file that reported them.
	loader map[string][]lang.Diagnostic
	rules  map[*unit][]lang.Diagnostic
	dirty  bool
	// kept and suppressed are checker.Finish's result, guarded are kept
	// and suppressed with the fix guard applied.
	kept, suppressed   []lang.Diagnostic
	guardedK, guardedS []lang.Diagnostic
	textFix            bool
}

// key is something a unit reads: the first declaration of a reseller or
// company ID, the declarations whose IDs share a skeleton (confusable-id),
// or the list of every reseller or company ID, which suggestions read.
type key struct {
	kind byte
	id   string
}

const (
	kCompany       = 'c'
	kReseller      = 'r'
	kCompanySkel   = 'C'
	kResellerSkel  = 'R'
	kCompanyTable  = 't'
	kResellerTable = 'T'
)

func companyKey(id string) key  { return key{kCompany, id} }
func resellerKey(id string) key { return key{kReseller, id} }
func skelKey(kind, id string) key {
	if kind == "reseller" {
		return key{kResellerSkel, checker.Skeleton(id)}
	}
	return key{kCompanySkel, checker.Skeleton(id)}
}

var (
	companyTable  = key{kind: kCompanyTable}
	resellerTable = key{kind: kResellerTable}
)

// refs is what decides the keys a company reads: its ID (and the ID's
// skeleton), its references and what they resolve to.
type refs struct {
	id, skel string
	// reseller is the reseller attribute as the portfolio resolves it
	// (Attr.Str: "" when unset, and a reseller may be named "").
	reseller, parent string
	hasParent        bool
	resellerFound    bool
	parentFound      bool
	// parentReseller is the reseller attribute of the parent found.
	parentReseller string
}

// companyReads yields the keys a company's findings and chain depend on
// beyond its own declaration and the catalog: everything the rules and the
// chain look up in the rest of the portfolio (see checker/rule_*.go and
// checker/analysis.go), until yield returns false. The workspace reads the
// refs from the model, a check resumed from a kept state from its
// declarations (Check).
func companyReads(r refs, yield func(key) bool) {
	_ = yield(companyKey(r.id)) && yield(key{kCompanySkel, r.skel}) &&
		yield(resellerKey(r.reseller)) &&
		(r.resellerFound || yield(resellerTable)) && // suggestions, in unknown-reference and the chain
		(!r.hasParent || yield(companyKey(r.parent)) &&
			(r.parentFound || yield(companyTable)) &&
			(!r.parentFound || yield(resellerKey(r.parentReseller)))) // the parent rule compares resellers
}

// resellerReads is companyReads for a reseller.
func resellerReads(id, skel string, yield func(key) bool) {
	_ = yield(resellerKey(id)) && yield(key{kResellerSkel, skel})
}

// reads lists the keys a unit of p reads.
func reads(p *lang.Portfolio, u *unit) []key {
	var out []key
	add := func(k key) bool { out = append(out, k); return true }
	if r := u.reseller; r != nil {
		resellerReads(r.ID, checker.Skeleton(r.ID), add)
		return out
	}
	c := u.company
	if c == nil {
		return nil
	}
	r := refs{id: c.ID, skel: checker.Skeleton(c.ID), reseller: c.Reseller.Str(), resellerFound: p.ResellerOf(c) != nil,
		hasParent: c.Parent != nil, parent: c.Parent.Str()}
	if parent := p.ParentOf(c); parent != nil {
		r.parentFound, r.parentReseller = true, parent.Reseller.Str()
	}
	companyReads(r, add)
	return out
}

func (s *state) lookAlikes(kind, sk string) []checker.LookAlike {
	k := key{kCompanySkel, sk}
	if kind == "reseller" {
		k.kind = kResellerSkel
	}
	return s.look[k]
}

// build decides every unit of p.
func build(p *lang.Portfolio, opts checker.Options) *state {
	s := &state{opts: opts, p: p, companies: make(map[*lang.Company]*unit, len(p.Companies)),
		resellers: make(map[*lang.Reseller]*unit, len(p.Resellers)), readers: map[key][]*unit{},
		look: map[key][]checker.LookAlike{}, buckets: map[string]*bucket{}, secrets: map[string][]string{},
		stale: map[string]staleSecrets{}}
	s.catalog = &unit{}
	var work []*unit
	for _, r := range p.Resellers {
		u := &unit{reseller: r}
		s.resellers[r] = u
		s.addLook(u)
		work = append(work, u)
	}
	for _, c := range p.Companies {
		u := &unit{company: c}
		s.companies[c] = u
		s.addLook(u)
		work = append(work, u)
	}
	for _, f := range p.Files {
		s.addFile(f)
	}
	s.decide(work, true)
	s.statuses = make([]*checker.CompanyStatus, len(p.Companies))
	for i, c := range p.Companies {
		s.statuses[i] = s.companies[c].status
	}
	return s
}

// update moves the state to q, which is s.p with the files named in gone
// replaced by added (lang.Portfolio.Update).
func (s *state) update(q *lang.Portfolio, gone []string, added []*lang.File) *state {
	if q.Catalog != s.p.Catalog {
		return build(q, s.opts)
	}
	old := s.p
	changed := map[key]bool{}
	var leftC, cameC, leftR, cameR []string
	var work []*unit
	for _, name := range gone {
		f := old.File(name)
		if f == nil {
			continue
		}
		s.dropFile(f)
		for _, r := range f.Resellers {
			u := s.resellers[r]
			delete(s.resellers, r)
			s.kill(u)
			leftR = append(leftR, r.ID)
			changed[resellerKey(r.ID)], changed[skelKey("reseller", r.ID)] = true, true
		}
		for _, c := range f.Companies {
			u := s.companies[c]
			delete(s.companies, c)
			s.kill(u)
			leftC = append(leftC, c.ID)
			changed[companyKey(c.ID)], changed[skelKey("company", c.ID)] = true, true
		}
	}
	s.p = q
	for _, f := range added {
		s.addFile(f)
		for _, r := range f.Resellers {
			u := &unit{reseller: r}
			s.resellers[r] = u
			s.addLook(u)
			work = append(work, u)
			cameR = append(cameR, r.ID)
			changed[resellerKey(r.ID)], changed[skelKey("reseller", r.ID)] = true, true
		}
		for _, c := range f.Companies {
			u := &unit{company: c}
			s.companies[c] = u
			s.addLook(u)
			work = append(work, u)
			cameC = append(cameC, c.ID)
			changed[companyKey(c.ID)], changed[skelKey("company", c.ID)] = true, true
		}
	}
	if !sameIDs(leftC, cameC) {
		changed[companyTable] = true
	}
	if !sameIDs(leftR, cameR) {
		changed[resellerTable] = true
	}
	inWork := make(map[*unit]bool, len(work))
	for _, u := range work {
		inWork[u] = true
	}
	for k := range changed {
		for _, u := range s.readersOf(k) {
			if !inWork[u] {
				inWork[u] = true
				work = append(work, u)
			}
		}
	}
	// Follow changed chains down: a company whose chain is not what it
	// was changes what its children read.
	memo := checker.NewChainMemo(q)
	for next := work; len(next) > 0; {
		var cs []*unit
		for _, u := range next {
			if u.company != nil && len(u.reads) > 0 { // decided before
				cs = append(cs, u)
			}
		}
		next = nil
		chains := memo.Chains(companiesOf(cs))
		for i, u := range cs {
			if memo.Same(chains[i], u.chain) || q.Company(u.company.ID) != u.company {
				continue
			}
			u.chain = chains[i]
			for _, r := range s.readersOf(companyKey(u.company.ID)) {
				if !inWork[r] {
					inWork[r] = true
					work = append(work, r)
					next = append(next, r)
				}
			}
		}
	}
	s.decide(work, false)
	s.statuses = mergeStatuses(q, s.statuses, gone, s)
	for _, u := range work {
		if c := u.company; c != nil {
			i, _ := slices.BinarySearchFunc(q.Companies, c, func(a, c *lang.Company) int {
				return cmp.Or(cmp.Compare(a.ID, c.ID), lang.ComparePos(a.DefRange, c.DefRange))
			})
			s.statuses[i] = u.status
		}
	}
	return s
}

// decide decides the units again, the catalog too when all is set.
func (s *state) decide(work []*unit, all bool) {
	var cs []*unit
	var rs []*lang.Reseller
	var ru []*unit
	for _, u := range work {
		switch {
		case u.company != nil:
			cs = append(cs, u)
		case u.reseller != nil:
			rs, ru = append(rs, u.reseller), append(ru, u)
		}
	}
	companies := companiesOf(cs)
	statuses := checker.AnalyzeSome(s.p, companies)
	chains := checker.Chains(s.p, companies)
	d := checker.Decide(s.p, &checker.Scope{Companies: statuses, Resellers: rs, Catalog: all, LookAlikes: s.lookAlikes}, s.opts)
	for i, u := range cs {
		u.status, u.chain = statuses[i], chains[i]
		s.setFindings(u, d.Companies[i])
	}
	for i, u := range ru {
		s.setFindings(u, d.Resellers[i])
	}
	if all {
		s.setFindings(s.catalog, d.Catalog)
	}
}

// setFindings replaces a unit's findings and what it reads.
func (s *state) setFindings(u *unit, ds []lang.Diagnostic) {
	s.dropFindings(u)
	u.findings = ds
	for _, d := range ds {
		b := s.bucket(d.Subject.Filename)
		b.rules[u] = append(b.rules[u], d)
		b.dirty = true
	}
	reads := reads(s.p, u)
	for _, k := range reads {
		if !slices.Contains(u.reads, k) {
			s.readers[k] = append(s.readers[k], u)
		}
	}
	u.reads = reads
}

func (s *state) dropFindings(u *unit) {
	for _, d := range u.findings {
		if b := s.buckets[d.Subject.Filename]; b != nil {
			delete(b.rules, u)
			b.dirty = true
		}
	}
	u.findings = nil
}

// kill drops a unit whose declaration left the portfolio, and its place
// among the readers of what it read.
func (s *state) kill(u *unit) {
	u.dead = true
	s.dropFindings(u)
	s.dropLook(u)
	for _, k := range u.reads {
		s.readersOf(k)
	}
}

func lookAlike(u *unit) (key, checker.LookAlike) {
	if c := u.company; c != nil {
		return skelKey("company", c.ID), checker.LookAlike{ID: c.ID, LabelRange: c.LabelRange, DefRange: c.DefRange}
	}
	r := u.reseller
	return skelKey("reseller", r.ID), checker.LookAlike{ID: r.ID, LabelRange: r.LabelRange, DefRange: r.DefRange}
}

func (s *state) addLook(u *unit) {
	k, at := lookAlike(u)
	s.look[k] = append(s.look[k], at)
}

func (s *state) dropLook(u *unit) {
	k, at := lookAlike(u)
	l := slices.DeleteFunc(s.look[k], func(x checker.LookAlike) bool { return x == at })
	if len(l) == 0 {
		delete(s.look, k)
		return
	}
	s.look[k] = l
}

// readersOf returns the live units that read a key, pruning the list.
func (s *state) readersOf(k key) []*unit {
	l := s.readers[k]
	if len(l) == 0 {
		return nil
	}
	l = slices.DeleteFunc(l, func(u *unit) bool { return u.dead || !slices.Contains(u.reads, k) })
	if len(l) == 0 {
		delete(s.readers, k)
		return nil
	}
	s.readers[k] = l
	return l
}

func (s *state) bucket(name string) *bucket {
	b := s.buckets[name]
	if b == nil {
		b = &bucket{loader: map[string][]lang.Diagnostic{}, rules: map[*unit][]lang.Diagnostic{}}
		s.buckets[name] = b
		i, _ := slices.BinarySearch(s.names, name)
		s.names = slices.Insert(s.names, i, name)
	}
	return b
}

// addFile takes a file's own findings (the loader's) and its ignore
// comments.
func (s *state) addFile(f *lang.File) {
	s.bucket(f.Name).dirty = true
	for _, d := range f.Diagnostics {
		b := s.bucket(d.Subject.Filename)
		b.loader[f.Name] = append(b.loader[f.Name], d)
		b.dirty = true
	}
	s.forgetSecrets(f.Name)
}

func (s *state) dropFile(f *lang.File) {
	if b := s.buckets[f.Name]; b != nil {
		b.dirty = true
	}
	for _, d := range f.Diagnostics {
		if b := s.buckets[d.Subject.Filename]; b != nil {
			delete(b.loader, f.Name)
			b.dirty = true
		}
	}
	s.forgetSecrets(f.Name)
}

func (s *state) forgetSecrets(name string) {
	if _, ok := s.stale[name]; !ok {
		v, known := s.secrets[name]
		s.stale[name] = staleSecrets{v, known}
	}
	delete(s.secrets, name)
}

// result finishes the files whose findings changed and puts every file's
// findings together. It also returns each file whose findings may differ
// from the last result's (finished, guarded again, or gone) with its
// findings now (nil when gone), so that a view can share the rest.
func (s *state) result() (*checker.Result, map[string][]lang.Diagnostic) {
	secrets := func() []string {
		var out []string
		for _, f := range s.p.Files {
			v, ok := s.secrets[f.Name]
			if !ok {
				v = checker.SecretValues(s.p, f)
				s.secrets[f.Name] = v
			}
			out = append(out, v...)
		}
		return out
	}
	var all []string
	loaded := false
	cached := func() []string {
		if !loaded {
			all, loaded = secrets(), true
		}
		return all
	}
	// The secret values are the same as at the last result when the
	// edited files' are: then only the files finished again need guarding.
	moved := false
	for name, st := range s.stale {
		var now []string
		if f := s.p.File(name); f != nil {
			now = checker.SecretValues(s.p, f)
			s.secrets[name] = now
		}
		if !st.known || !slices.Equal(st.values, now) {
			moved = true
		}
	}
	clear(s.stale)
	res := &checker.Result{Analysis: checker.NewAnalysis(s.statuses)}
	touched := map[string][]lang.Diagnostic{}
	names := s.names[:0]
	nk, ns := 0, 0
	for _, name := range s.names {
		b := s.buckets[name]
		finished := b.dirty
		if finished {
			s.finish(name, b)
			touched[name] = nil
		}
		if b.textFix && (finished || moved) {
			// Which fix leaks depends on every file's secrets, so these are
			// guarded again when those changed.
			k, su := checker.GuardFixes(b.kept, cached), checker.GuardFixes(b.suppressed, cached)
			if finished || !slices.EqualFunc(k, b.guardedK, sameFixesOf) || !slices.EqualFunc(su, b.guardedS, sameFixesOf) {
				b.guardedK, b.guardedS = k, su
				touched[name] = nil
			}
		}
		if len(b.loader) == 0 && len(b.rules) == 0 && s.p.File(name) == nil {
			delete(s.buckets, name)
			continue
		}
		if _, ok := touched[name]; ok && len(b.guardedK) > 0 {
			touched[name] = slices.Clip(b.guardedK)
		}
		names = append(names, name)
		nk, ns = nk+len(b.guardedK), ns+len(b.guardedS)
	}
	s.names = names
	// Sized once: growing them by append leaves as much garbage again as
	// the findings themselves.
	res.Diagnostics = make([]lang.Diagnostic, 0, nk)
	res.Suppressed = make([]lang.Diagnostic, 0, ns)
	for _, name := range names {
		b := s.buckets[name]
		res.Diagnostics = append(res.Diagnostics, b.guardedK...)
		res.Suppressed = append(res.Suppressed, b.guardedS...)
	}
	if nk == 0 {
		res.Diagnostics = nil
	}
	if ns == 0 {
		res.Suppressed = nil
	}
	return res, touched
}

// finish puts one file's findings together as Run does: the loader's in
// file order, then the rules' unit by unit (the catalog, resellers, then
// companies, each in portfolio order).
func (s *state) finish(name string, b *bucket) {
	b.dirty = false
	var loader, rules []lang.Diagnostic
	froms := make([]string, 0, len(b.loader))
	for from := range b.loader {
		froms = append(froms, from)
	}
	slices.Sort(froms)
	for _, from := range froms {
		loader = append(loader, b.loader[from]...)
	}
	units := make([]*unit, 0, len(b.rules))
	for u := range b.rules {
		units = append(units, u)
	}
	slices.SortFunc(units, compareUnits)
	for _, u := range units {
		rules = append(rules, b.rules[u]...)
	}
	b.kept, b.suppressed = checker.Finish(s.p, name, loader, rules, s.opts)
	b.guardedK, b.guardedS = b.kept, b.suppressed
	hasText := func(ds []lang.Diagnostic) bool {
		return slices.ContainsFunc(ds, func(d lang.Diagnostic) bool { return len(d.Fixes) > 0 })
	}
	b.textFix = hasText(b.kept) || hasText(b.suppressed)
}

// sameFixesOf compares two guardings of one finding, which differ in
// their fixes only.
func sameFixesOf(a, b lang.Diagnostic) bool { return sameFixes(a.Fixes, b.Fixes) }

func compareUnits(a, b *unit) int {
	rank := func(u *unit) int {
		switch {
		case u.reseller != nil:
			return 1
		case u.company != nil:
			return 2
		}
		return 0
	}
	if c := cmp.Compare(rank(a), rank(b)); c != 0 {
		return c
	}
	switch {
	case a.reseller != nil:
		return cmp.Or(cmp.Compare(a.reseller.ID, b.reseller.ID), lang.ComparePos(a.reseller.DefRange, b.reseller.DefRange))
	case a.company != nil:
		return cmp.Or(cmp.Compare(a.company.ID, b.company.ID), lang.ComparePos(a.company.DefRange, b.company.DefRange))
	}
	return 0
}

func companiesOf(us []*unit) []*lang.Company {
	out := make([]*lang.Company, len(us))
	for i, u := range us {
		out[i] = u.company
	}
	return out
}

// sameIDs reports whether two lists hold the same IDs, as many times each.
func sameIDs(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// mergeStatuses returns the chains of q.Companies in order: those of the
// companies that stayed, from prev, and those of the companies that came.
func mergeStatuses(q *lang.Portfolio, prev []*checker.CompanyStatus, gone []string, s *state) []*checker.CompanyStatus {
	out := make([]*checker.CompanyStatus, len(q.Companies))
	i := 0
	for j, c := range q.Companies {
		for i < len(prev) && prev[i].Company != c && slices.Contains(gone, prev[i].Company.DefRange.Filename) {
			i++
		}
		if i < len(prev) && prev[i].Company == c {
			out[j] = prev[i]
			i++
			continue
		}
		out[j] = s.companies[c].status
	}
	return out
}
