package engine

import (
	"cmp"
	"maps"
	"slices"
	"sync"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// Checked is what Check found.
type Checked struct {
	// Diagnostics are the findings, exactly checker.Run's on the whole
	// portfolio.
	Diagnostics []lang.Diagnostic
	// Sources serve the reports' snippets: the *lang.Portfolio when the
	// check loaded it whole, else the inputs with the masks kept.
	Sources Sources
	// Decoded counts the files decoded, or -1 when all were: what a test
	// or benchmark reads to tell the paths apart.
	Decoded int
}

// Sources are what reports show of a portfolio's files.
type Sources interface {
	FileNames() []string
	Source(filename string) []byte
	Masks(filename string) []hcl.Range
}

// maxResumed is the share of files past which a check does not start
// from the kept state: a change to most of the portfolio costs about a
// cold check either way, and the cold check is the simpler path.
const maxResumed = 4

// Check checks the portfolio of in as checker.Run does on in.Load(), in a
// process that holds nothing of an earlier check: it starts from the state
// the last check kept in the cache for what (the rules, the roots) and
// decodes and decides again only the files the changes since can reach,
// then keeps the new state. The findings are always the cold run's.
//
// The state (lang.CheckState) keeps each file's findings and the IDs and
// references of its declarations, not the model. Every finding of a
// reseller or company lies in the file that declares it (the property
// tests hold the rules to it, and a resumed check that meets a finding
// elsewhere starts cold), so a file's findings change only when the file
// does or when a unit in it reads a key (see companyReads) that a changed
// file declared or declares now. Those files, and what their units read
// (resellers, the parent chain, the catalog), are decoded and decided; the
// rest keep their findings. A check starts cold when there is no state,
// when the catalog changed, when a changed file holds literal secret
// values (which fixes are guarded against, in every file), or when more
// than a quarter of the files changed.
func Check(in *lang.Inputs, what string, opts checker.Options) (*Checked, error) {
	files := in.Files()
	if st, ok := in.ReadState(what); ok && st.Unchanged {
		return fromState(in, st, 0), nil
	} else if ok {
		if c, ok := resume(in, files, st, what, opts); ok {
			return c, nil
		}
	}
	p, err := in.Load()
	if err != nil {
		return nil, err
	}
	res := checker.Run(p, opts)
	if st := stateOf(p, files, res.Diagnostics, res.Suppressed); st != nil {
		in.WriteState(what, st)
	}
	return &Checked{Diagnostics: res.Diagnostics, Sources: p, Decoded: -1}, nil
}

// stateOf is the state of a check of p, whose files are files, or nil
// when a finding lies outside every file (a subject with no file name):
// no later check could tell when it goes.
func stateOf(p *lang.Portfolio, files []lang.InputFile, kept, suppressed []lang.Diagnostic) *lang.CheckState {
	for _, ds := range [][]lang.Diagnostic{kept, suppressed} {
		for _, d := range ds {
			if p.File(d.Subject.Filename) == nil {
				return nil
			}
		}
	}
	st := &lang.CheckState{Files: make([]lang.StateFile, 0, len(files))}
	for _, in := range files {
		f := p.File(in.Name)
		if f == nil {
			continue
		}
		st.Files = append(st.Files, fileState(f, in.Key, len(checker.SecretValues(p, f)) > 0))
	}
	st.Buckets = buckets(kept, suppressed)
	st.Masks = masksOf(kept, func(name string) []hcl.Range { return p.Masks(name) })
	return st
}

// fileState is a file's part of the state.
func fileState(f *lang.File, key string, secrets bool) lang.StateFile {
	sf := lang.StateFile{Name: f.Name, Key: key, Catalog: lang.CatalogDigest(f), Secrets: secrets}
	if secrets && sf.Catalog != "" {
		// The digest hashes the declarations' text, and a setting's default
		// may be a secret: not even its hash is kept. A change to a file
		// with secret values checks cold, so the digest is never compared.
		sf.Catalog = "secret values"
	}
	if len(f.Resellers) > 0 {
		sf.Resellers = make([]lang.StateDecl, len(f.Resellers))
		for i, r := range f.Resellers {
			sf.Resellers[i] = lang.StateDecl{ID: r.ID, Skeleton: keptSkeleton(r.ID), LabelRange: r.LabelRange, DefRange: r.DefRange}
		}
	}
	if len(f.Companies) > 0 {
		sf.Companies = make([]lang.StateDecl, len(f.Companies))
		for i, c := range f.Companies {
			sf.Companies[i] = lang.StateDecl{ID: c.ID, Skeleton: keptSkeleton(c.ID), LabelRange: c.LabelRange, DefRange: c.DefRange,
				Reseller: c.Reseller.Str(), HasParent: c.Parent != nil, Parent: c.Parent.Str()}
		}
	}
	return sf
}

// keptSkeleton is the skeleton of an ID as a state keeps it: "" when it
// is the ID itself.
func keptSkeleton(id string) string {
	if sk := checker.Skeleton(id); sk != id {
		return sk
	}
	return ""
}

// skeletonOf is the skeleton of a kept declaration's ID.
func skeletonOf(d *lang.StateDecl) string {
	if d.Skeleton != "" {
		return d.Skeleton
	}
	return d.ID
}

// buckets splits sorted findings by the file of their subject.
func buckets(kept, suppressed []lang.Diagnostic) []lang.StateBucket {
	var out []lang.StateBucket
	at := func(name string) *lang.StateBucket {
		i, ok := slices.BinarySearchFunc(out, name, func(b lang.StateBucket, n string) int { return cmp.Compare(b.Name, n) })
		if !ok {
			out = slices.Insert(out, i, lang.StateBucket{Name: name})
		}
		return &out[i]
	}
	for _, d := range kept {
		b := at(d.Subject.Filename)
		b.Kept = append(b.Kept, d)
	}
	for _, d := range suppressed {
		b := at(d.Subject.Filename)
		b.Suppressed = append(b.Suppressed, d)
	}
	return out
}

// masksOf gives the masks of every file the findings show a line of.
func masksOf(diags []lang.Diagnostic, masks func(string) []hcl.Range) []lang.StateMasks {
	var names []string
	for _, d := range diags {
		names = append(names, d.Subject.Filename)
		for _, r := range d.Related {
			names = append(names, r.Range.Filename)
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	out := make([]lang.StateMasks, len(names))
	for i, n := range names {
		out[i] = lang.StateMasks{Name: n, Ranges: masks(n)}
	}
	return out
}

// fromState reports the findings of a state on inputs it was kept for.
func fromState(in *lang.Inputs, st *lang.CheckState, decoded int) *Checked {
	return &Checked{Diagnostics: findings(st.Buckets), Sources: in.Sources(st.Masks), Decoded: decoded}
}

// findings are the buckets' kept findings, in order; nil when none.
func findings(buckets []lang.StateBucket) []lang.Diagnostic {
	n := 0
	for _, b := range buckets {
		n += len(b.Kept)
	}
	if n == 0 {
		return nil
	}
	diags := make([]lang.Diagnostic, 0, n)
	for _, b := range buckets {
		diags = append(diags, b.Kept...)
	}
	return diags
}

// decl is one declaration of the state, in the file it lies in.
type decl struct {
	file *lang.StateFile
	d    *lang.StateDecl
}

// resumption is a check worked out from a kept state: what changed since,
// which files to decide again, and which to decode for that.
type resumption struct {
	in   *lang.Inputs
	st   *lang.CheckState
	opts checker.Options
	// old are the state's files, present the inputs' names now.
	old     map[string]*lang.StateFile
	present map[string]bool
	// changed are the inputs new or changed since the state, with their
	// keys, gone the state's files that are no longer inputs.
	changed, keys []string
	gone          map[string]bool
	// fresh are the changed files decoded, now their part of the state,
	// cur every input's (the state's where unchanged), by name in file.
	fresh []*lang.File
	now   map[string]*lang.StateFile
	cur   []*lang.StateFile
	file  map[string]*lang.StateFile
	// The declarations now, by ID.
	companies, resellers map[string][]decl
	// dirty are the files to decide again.
	dirty map[string]bool
}

// resume is Check from a kept state; false means a cold check is needed.
func resume(in *lang.Inputs, files []lang.InputFile, st *lang.CheckState, what string, opts checker.Options) (*Checked, bool) {
	r := &resumption{in: in, st: st, opts: opts}
	if !r.diff(files) || !r.load(files) {
		return nil, false
	}
	r.toDecide()
	more, err := in.Decode(r.toDecode())
	if err != nil {
		return nil, false
	}
	p := lang.Assemble(append(slices.Clone(r.fresh), more...))
	for _, f := range r.fresh {
		if len(checker.SecretValues(p, f)) > 0 {
			return nil, false
		}
	}
	rules, ok := r.decide(p)
	if !ok {
		return nil, false
	}
	next := &lang.CheckState{Files: make([]lang.StateFile, len(r.cur)), Buckets: r.finish(p, rules)}
	for i, f := range r.cur {
		next.Files[i] = *f
	}
	diags := findings(next.Buckets)
	extra, err := r.masks(p, next, diags)
	if err != nil {
		return nil, false
	}
	in.WriteState(what, next)
	return &Checked{Diagnostics: diags, Sources: in.Sources(next.Masks), Decoded: len(r.fresh) + len(more) + extra}, true
}

// diff finds the files that changed or left since the state; false when
// that is more than a resumed check is for, or when one that changed or
// left held literal secret values or, leaving, catalog declarations.
func (r *resumption) diff(files []lang.InputFile) bool {
	r.old = make(map[string]*lang.StateFile, len(r.st.Files))
	for i := range r.st.Files {
		r.old[r.st.Files[i].Name] = &r.st.Files[i]
	}
	r.present = make(map[string]bool, len(files))
	for _, f := range files {
		r.present[f.Name] = true
		if o := r.old[f.Name]; o == nil || o.Key != f.Key || f.Key == "" {
			r.changed, r.keys = append(r.changed, f.Name), append(r.keys, f.Key)
		}
	}
	r.gone = map[string]bool{}
	for name := range r.old {
		if !r.present[name] {
			r.gone[name] = true
		}
	}
	if (len(r.changed)+len(r.gone))*maxResumed > len(files) {
		return false
	}
	for _, name := range r.changed {
		if o := r.old[name]; o != nil && o.Secrets {
			return false
		}
	}
	for name := range r.gone {
		if o := r.old[name]; o.Secrets || o.Catalog != "" {
			return false
		}
	}
	return true
}

// load decodes the changed files and indexes the declarations as they
// are now; false when a changed file's catalog declarations changed (the
// catalog decides every block's type) or a file reports in another.
func (r *resumption) load(files []lang.InputFile) bool {
	fresh, err := r.in.Decode(r.changed)
	if err != nil || len(fresh) != len(r.changed) {
		return false
	}
	r.fresh = fresh
	r.now = make(map[string]*lang.StateFile, len(fresh))
	for i, f := range fresh {
		prev := ""
		if o := r.old[f.Name]; o != nil {
			prev = o.Catalog
		}
		if lang.CatalogDigest(f) != prev {
			return false
		}
		if slices.ContainsFunc(f.Diagnostics, func(d lang.Diagnostic) bool { return d.Subject.Filename != f.Name }) {
			return false
		}
		// A changed file with secret values sends the check cold (resume).
		sf := fileState(f, r.keys[i], false)
		r.now[f.Name] = &sf
	}
	r.cur = make([]*lang.StateFile, len(files))
	r.file = make(map[string]*lang.StateFile, len(files))
	nc, nr := 0, 0
	for i, f := range files {
		sf := r.now[f.Name]
		if sf == nil {
			sf = r.old[f.Name]
		}
		r.cur[i], r.file[f.Name] = sf, sf
		nc, nr = nc+len(sf.Companies), nr+len(sf.Resellers)
	}
	r.companies, r.resellers = make(map[string][]decl, nc), make(map[string][]decl, nr)
	for _, f := range r.cur {
		for i := range f.Resellers {
			d := &f.Resellers[i]
			r.resellers[d.ID] = append(r.resellers[d.ID], decl{f, d})
		}
		for i := range f.Companies {
			d := &f.Companies[i]
			r.companies[d.ID] = append(r.companies[d.ID], decl{f, d})
		}
	}
	return true
}

// first is the first declaration of an ID, as the portfolio resolves a
// reference to it, or nil.
func first(m map[string][]decl, id string) *lang.StateDecl {
	ds := m[id]
	if len(ds) == 0 {
		return nil
	}
	best := ds[0].d
	for _, x := range ds[1:] {
		if lang.ComparePos(x.d.DefRange, best.DefRange) < 0 {
			best = x.d
		}
	}
	return best
}

// refsOf is what a kept company declaration reads, resolved now.
func (r *resumption) refsOf(d *lang.StateDecl) refs {
	rf := refs{id: d.ID, skel: skeletonOf(d), reseller: d.Reseller, hasParent: d.HasParent, parent: d.Parent,
		resellerFound: first(r.resellers, d.Reseller) != nil}
	if d.HasParent {
		if pd := first(r.companies, d.Parent); pd != nil {
			rf.parentFound, rf.parentReseller = true, pd.Reseller
		}
	}
	return rf
}

// touched returns the keys the changes touched, as state.update marks
// them: every key of a declaration that left or came, and the ID lists
// when IDs came or went.
func (r *resumption) touched() map[key]bool {
	touched := map[key]bool{}
	var leftC, cameC, leftR, cameR []string
	mark := func(f *lang.StateFile, cs, rs *[]string) {
		for i := range f.Resellers {
			d := &f.Resellers[i]
			*rs = append(*rs, d.ID)
			touched[resellerKey(d.ID)], touched[key{kResellerSkel, skeletonOf(d)}] = true, true
		}
		for i := range f.Companies {
			d := &f.Companies[i]
			*cs = append(*cs, d.ID)
			touched[companyKey(d.ID)], touched[key{kCompanySkel, skeletonOf(d)}] = true, true
		}
	}
	for _, name := range r.changed {
		if o := r.old[name]; o != nil {
			mark(o, &leftC, &leftR)
		}
		mark(r.now[name], &cameC, &cameR)
	}
	for name := range r.gone {
		mark(r.old[name], &leftC, &leftR)
	}
	if !sameIDs(leftC, cameC) {
		touched[companyTable] = true
	}
	if !sameIDs(leftR, cameR) {
		touched[resellerTable] = true
	}
	return touched
}

// toDecide marks the files to decide again: the changed ones, every file
// with a unit that reads a touched key, and the files of every company
// below a company decided again (its chain may differ: its children read
// it, down to the leaves).
func (r *resumption) toDecide() {
	touched := r.touched()
	r.dirty = map[string]bool{}
	var chain []string // company IDs whose readers are to be decided
	for _, name := range r.changed {
		r.dirty[name] = true
		for _, d := range r.now[name].Companies {
			chain = append(chain, d.ID)
		}
	}
	hit := false
	reads := func(k key) bool { hit = touched[k]; return !hit }
	for _, f := range r.cur {
		for i := range f.Resellers {
			if d := &f.Resellers[i]; !r.dirty[f.Name] {
				if resellerReads(d.ID, skeletonOf(d), reads); hit {
					r.dirty[f.Name] = true
				}
			}
		}
		for i := range f.Companies {
			d := &f.Companies[i]
			if companyReads(r.refsOf(d), reads); hit {
				r.dirty[f.Name] = true
				chain = append(chain, d.ID)
			}
		}
	}
	children := map[string][]decl{}
	for _, f := range r.cur {
		for i := range f.Companies {
			if d := &f.Companies[i]; d.HasParent {
				children[d.Parent] = append(children[d.Parent], decl{f, d})
			}
		}
	}
	seen := map[string]bool{}
	for len(chain) > 0 {
		id := chain[len(chain)-1]
		chain = chain[:len(chain)-1]
		if seen[id] {
			continue
		}
		seen[id] = true
		for _, c := range slices.Concat(children[id], r.companies[id]) {
			r.dirty[c.file.Name] = true
			chain = append(chain, c.d.ID)
		}
	}
}

// toDecode lists the unchanged files to decode beside the changed ones:
// those to decide; every file declaring catalog entries, so that the
// partial portfolio has the whole catalog; every file with literal
// secret values, which the fix guard reads; and what the units to decide
// read: every declaration of their IDs and resellers, and their parent
// chains up, with each ancestor's reseller.
func (r *resumption) toDecode() []string {
	need := map[string]bool{}
	addAll := func(ds []decl) {
		for _, x := range ds {
			need[x.file.Name] = true
		}
	}
	walked := map[string]bool{} // companies whose chains up are added
	for _, f := range r.cur {
		if f.Catalog != "" || f.Secrets {
			need[f.Name] = true
		}
		if !r.dirty[f.Name] {
			continue
		}
		need[f.Name] = true
		for _, d := range f.Resellers {
			addAll(r.resellers[d.ID])
		}
		for i := range f.Companies {
			d := &f.Companies[i]
			addAll(r.companies[d.ID])
			addAll(r.resellers[d.Reseller])
			for at := d; at.HasParent && !walked[at.Parent]; {
				walked[at.Parent] = true
				addAll(r.companies[at.Parent])
				if at = first(r.companies, at.Parent); at == nil {
					break
				}
				addAll(r.resellers[at.Reseller])
			}
		}
	}
	var out []string
	for name := range need {
		if r.now[name] == nil {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// decide decides the units of the files to decide on p, which holds them
// and what they read, and returns their findings by file, in the order
// Run reports them: the catalog's, then resellers', then companies', each
// in portfolio order. False when a finding lies outside its unit's file.
func (r *resumption) decide(p *lang.Portfolio) (map[string][]lang.Diagnostic, bool) {
	var companies []*lang.Company
	var resellers []*lang.Reseller
	for _, c := range p.Companies {
		if r.dirty[c.DefRange.Filename] {
			companies = append(companies, c)
		}
	}
	for _, rs := range p.Resellers {
		if r.dirty[rs.DefRange.Filename] {
			resellers = append(resellers, rs)
		}
	}
	declaresCatalog := func(name string) bool { f := r.file[name]; return f != nil && f.Catalog != "" }
	catalog := false
	for name := range r.dirty {
		catalog = catalog || declaresCatalog(name)
	}
	// What p, a part of the portfolio, would get wrong comes from the
	// state: the declarations sharing a unit's skeleton (confusable-id),
	// and every ID, in portfolio order, for suggestions.
	look := map[key][]checker.LookAlike{}
	for _, c := range companies {
		look[skelKey("company", c.ID)] = nil
	}
	for _, rs := range resellers {
		look[skelKey("reseller", rs.ID)] = nil
	}
	add := func(k key, d *lang.StateDecl) {
		if l, ok := look[k]; ok {
			look[k] = append(l, checker.LookAlike{ID: d.ID, LabelRange: d.LabelRange, DefRange: d.DefRange})
		}
	}
	for _, f := range r.cur {
		for i := range f.Resellers {
			add(key{kResellerSkel, skeletonOf(&f.Resellers[i])}, &f.Resellers[i])
		}
		for i := range f.Companies {
			add(key{kCompanySkel, skeletonOf(&f.Companies[i])}, &f.Companies[i])
		}
	}
	lookAlikes := func(kind, sk string) []checker.LookAlike {
		if kind == "reseller" {
			return look[key{kResellerSkel, sk}]
		}
		return look[key{kCompanySkel, sk}]
	}
	resellerIDs, companyIDs := sync.OnceValue(func() []string { return r.ids("reseller") }), sync.OnceValue(func() []string { return r.ids("company") })
	ids := func(kind string) []string {
		if kind == "reseller" {
			return resellerIDs()
		}
		return companyIDs()
	}
	scope := &checker.Scope{Resellers: resellers, Catalog: catalog, LookAlikes: lookAlikes, IDs: ids}
	scope.Companies = checker.AnalyzeWith(p, companies, resellerIDs)
	dec := checker.Decide(p, scope, r.opts)

	rules := map[string][]lang.Diagnostic{}
	// The catalog's findings lie in the files that declare it; those of
	// files not decided are kept, as the catalog did not change.
	for _, d := range dec.Catalog {
		switch name := d.Subject.Filename; {
		case !declaresCatalog(name):
			return nil, false
		case r.dirty[name]:
			rules[name] = append(rules[name], d)
		}
	}
	own := func(file string, ds []lang.Diagnostic) bool {
		for _, d := range ds {
			if d.Subject.Filename != file {
				return false
			}
		}
		rules[file] = append(rules[file], ds...)
		return true
	}
	for i, rs := range resellers {
		if !own(rs.DefRange.Filename, dec.Resellers[i]) {
			return nil, false
		}
	}
	for i, c := range companies {
		if !own(c.DefRange.Filename, dec.Companies[i]) {
			return nil, false
		}
	}
	return rules, true
}

// ids is every reseller ("reseller") or company ID now, in portfolio
// order (by ID, then declaration).
func (r *resumption) ids(kind string) []string {
	var ds []*lang.StateDecl
	for _, f := range r.cur {
		list := f.Companies
		if kind == "reseller" {
			list = f.Resellers
		}
		for i := range list {
			ds = append(ds, &list[i])
		}
	}
	slices.SortStableFunc(ds, func(a, b *lang.StateDecl) int {
		return cmp.Or(cmp.Compare(a.ID, b.ID), lang.ComparePos(a.DefRange, b.DefRange))
	})
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.ID
	}
	return out
}

// finish finishes the files decided as Run does, with their fixes guarded
// against every file's secret values, and returns every file's findings:
// the state's for the rest.
func (r *resumption) finish(p *lang.Portfolio, rules map[string][]lang.Diagnostic) []lang.StateBucket {
	secrets := sync.OnceValue(func() []string {
		var out []string
		for _, f := range r.cur {
			if f.Secrets {
				out = append(out, checker.SecretValues(p, p.File(f.Name))...)
			}
		}
		return out
	})
	var out []lang.StateBucket
	for _, name := range slices.Sorted(maps.Keys(r.dirty)) {
		var loader []lang.Diagnostic
		if f := p.File(name); f != nil {
			loader = f.Diagnostics
		}
		kept, suppressed := checker.Finish(p, name, loader, rules[name], r.opts)
		kept, suppressed = checker.GuardFixes(kept, secrets), checker.GuardFixes(suppressed, secrets)
		if len(kept)+len(suppressed) > 0 {
			out = append(out, lang.StateBucket{Name: name, Kept: kept, Suppressed: suppressed})
		}
	}
	for _, b := range r.st.Buckets {
		if !r.dirty[b.Name] && !r.gone[b.Name] {
			out = append(out, b)
		}
	}
	slices.SortFunc(out, func(a, b lang.StateBucket) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

// masks sets the masks of the files next's findings (diags) show: the state's for
// a file that did not change, worked out from p, or from the file decoded
// now, for the rest. It returns how many files that decoded.
func (r *resumption) masks(p *lang.Portfolio, next *lang.CheckState, diags []lang.Diagnostic) (int, error) {
	kept := map[string][]hcl.Range{}
	for _, m := range r.st.Masks {
		if r.now[m.Name] == nil {
			kept[m.Name] = m.Ranges
		}
	}
	var extra []string
	for _, m := range masksOf(diags, func(string) []hcl.Range { return nil }) {
		if _, ok := kept[m.Name]; !ok && p.File(m.Name) == nil && r.present[m.Name] {
			extra = append(extra, m.Name)
		}
	}
	if len(extra) > 0 {
		files, err := r.in.Decode(extra)
		if err != nil {
			return 0, err
		}
		p = p.Update(nil, files)
	}
	next.Masks = masksOf(diags, func(name string) []hcl.Range {
		if ms, ok := kept[name]; ok {
			return ms
		}
		return p.Masks(name)
	})
	return len(extra), nil
}
