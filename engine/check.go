package engine

import (
	"cmp"
	"slices"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// Checked is what Check found.
type Checked struct {
	// Diagnostics are the findings, exactly checker.Run's on the whole
	// portfolio.
	Diagnostics []lang.Diagnostic
	// Portfolio is the whole portfolio when the check loaded it, and Result
	// checker.Run's result on it; both are nil when the check was decided
	// from a kept state, which decodes only what changed.
	Portfolio *lang.Portfolio
	Result    *checker.Result
	// Sources serve the reports' snippets either way.
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
	in.WriteState(what, stateOf(p, files, res.Diagnostics, res.Suppressed))
	return &Checked{Diagnostics: res.Diagnostics, Portfolio: p, Result: res, Sources: p, Decoded: -1}, nil
}

// stateOf is the state of a check of p, whose files are files.
func stateOf(p *lang.Portfolio, files []lang.InputFile, kept, suppressed []lang.Diagnostic) *lang.CheckState {
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
				HasReseller: c.Reseller != nil, Reseller: c.Reseller.Str(), HasParent: c.Parent != nil, Parent: c.Parent.Str()}
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
	n := 0
	for _, b := range st.Buckets {
		n += len(b.Kept)
	}
	var diags []lang.Diagnostic
	if n > 0 {
		diags = make([]lang.Diagnostic, 0, n)
		for _, b := range st.Buckets {
			diags = append(diags, b.Kept...)
		}
	}
	return &Checked{Diagnostics: diags, Sources: in.Sources(st.Masks), Decoded: decoded}
}

// decl is one declaration of the state, in the file it lies in.
type decl struct {
	file    *lang.StateFile
	d       *lang.StateDecl
	company bool
}

// resume is Check from a kept state; false means a cold check is needed.
func resume(in *lang.Inputs, files []lang.InputFile, st *lang.CheckState, what string, opts checker.Options) (*Checked, bool) {
	old := make(map[string]*lang.StateFile, len(st.Files))
	for i := range st.Files {
		old[st.Files[i].Name] = &st.Files[i]
	}
	var changed []string // named as the inputs
	gone := map[string]bool{}
	for _, f := range files {
		if o := old[f.Name]; o == nil || o.Key != f.Key || f.Key == "" {
			changed = append(changed, f.Name)
		}
	}
	present := make(map[string]bool, len(files))
	for _, f := range files {
		present[f.Name] = true
	}
	for name := range old {
		if !present[name] {
			gone[name] = true
		}
	}
	if len(changed) == 0 && len(gone) == 0 {
		return fromState(in, st, 0), true
	}
	if (len(changed)+len(gone))*maxResumed > len(files) {
		return nil, false
	}
	for _, name := range changed {
		if o := old[name]; o != nil && o.Secrets {
			return nil, false
		}
	}
	for name := range gone {
		if o := old[name]; o.Secrets || o.Catalog != "" {
			return nil, false
		}
	}
	fresh, err := in.Decode(changed)
	if err != nil || len(fresh) != len(changed) {
		return nil, false
	}
	// The files as they are now: the state's where unchanged.
	cur := make([]*lang.StateFile, 0, len(files))
	now := map[string]*lang.StateFile{}
	freshFile := map[string]*lang.File{}
	for _, f := range fresh {
		freshFile[f.Name] = f
		digest := lang.CatalogDigest(f)
		prev := ""
		if o := old[f.Name]; o != nil {
			prev = o.Catalog
		}
		if digest != prev {
			return nil, false // the catalog changed: everything may
		}
		for _, d := range f.Diagnostics {
			if d.Subject.Filename != f.Name {
				return nil, false
			}
		}
	}
	for _, f := range files {
		if ff := freshFile[f.Name]; ff != nil {
			// Secret values in it send the check cold (below).
			sf := fileState(ff, f.Key, false)
			now[f.Name] = &sf
			cur = append(cur, &sf)
			continue
		}
		cur = append(cur, old[f.Name])
	}

	nc, nr := 0, 0
	for _, f := range cur {
		nc, nr = nc+len(f.Companies), nr+len(f.Resellers)
	}
	byCompany := make(map[string][]decl, nc)
	byReseller := make(map[string][]decl, nr)
	for _, f := range cur {
		for i := range f.Resellers {
			d := &f.Resellers[i]
			byReseller[d.ID] = append(byReseller[d.ID], decl{f, d, false})
		}
		for i := range f.Companies {
			d := &f.Companies[i]
			byCompany[d.ID] = append(byCompany[d.ID], decl{f, d, true})
		}
	}
	first := func(m map[string][]decl, id string) *lang.StateDecl {
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
	refsOf := func(d *lang.StateDecl) refs {
		r := refs{id: d.ID, skel: skeletonOf(d), hasReseller: d.HasReseller, reseller: d.Reseller, hasParent: d.HasParent, parent: d.Parent,
			resellerFound: first(byReseller, d.Reseller) != nil}
		if d.HasParent {
			if pd := first(byCompany, d.Parent); pd != nil {
				r.parentFound, r.parentReseller = true, pd.Reseller
			}
		}
		return r
	}

	// The keys the changes touched, as state.update marks them.
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
	for _, name := range changed {
		if o := old[name]; o != nil {
			mark(o, &leftC, &leftR)
		}
		mark(now[name], &cameC, &cameR)
	}
	for name := range gone {
		mark(old[name], &leftC, &leftR)
	}
	if !sameIDs(leftC, cameC) {
		touched[companyTable] = true
	}
	if !sameIDs(leftR, cameR) {
		touched[resellerTable] = true
	}

	// The files to decide: the changed ones, and every file with a unit
	// that reads a touched key, following parent chains down.
	dirty := map[string]bool{}
	for _, name := range changed {
		dirty[name] = true
	}
	var chainWork []string // company IDs whose readers are to be decided
	hit := false
	reads := func(k key) bool { hit = touched[k]; return !hit }
	for _, f := range cur {
		for i := range f.Resellers {
			if d := &f.Resellers[i]; !dirty[f.Name] {
				if resellerReads(d.ID, skeletonOf(d), reads); hit {
					dirty[f.Name] = true
				}
			}
		}
		for i := range f.Companies {
			d := &f.Companies[i]
			if companyReads(refsOf(d), reads); hit {
				dirty[f.Name] = true
				chainWork = append(chainWork, d.ID)
			}
		}
	}
	for _, name := range changed {
		for _, d := range now[name].Companies {
			chainWork = append(chainWork, d.ID)
		}
	}
	// A company decided again may have a new chain: its children read it.
	if len(chainWork) > 0 {
		children := make(map[string][]decl, nc/8)
		for _, f := range cur {
			for i := range f.Companies {
				if d := &f.Companies[i]; d.HasParent {
					children[d.Parent] = append(children[d.Parent], decl{f, d, true})
				}
			}
		}
		seen := map[string]bool{}
		for len(chainWork) > 0 {
			id := chainWork[len(chainWork)-1]
			chainWork = chainWork[:len(chainWork)-1]
			if seen[id] {
				continue
			}
			seen[id] = true
			for _, c := range append(children[id], byCompany[id]...) {
				dirty[c.file.Name] = true
				chainWork = append(chainWork, c.d.ID)
			}
		}
	}

	// What the units of the dirty files read, to decode beside them.
	need := map[string]bool{}
	for name := range dirty {
		need[name] = true
	}
	for _, f := range cur {
		if f.Catalog != "" || f.Secrets {
			need[f.Name] = true
		}
	}
	addAll := func(ds []decl) {
		for _, x := range ds {
			need[x.file.Name] = true
		}
	}
	for _, f := range cur {
		if !dirty[f.Name] {
			continue
		}
		for _, d := range f.Resellers {
			addAll(byReseller[d.ID])
		}
		for i := range f.Companies {
			d := &f.Companies[i]
			addAll(byCompany[d.ID])
			addAll(byReseller[d.Reseller])
			// The parent chain up, with each ancestor's reseller.
			seen := map[string]bool{d.ID: true}
			for at := d; at.HasParent && !seen[at.Parent]; {
				seen[at.Parent] = true
				addAll(byCompany[at.Parent])
				up := first(byCompany, at.Parent)
				if up == nil {
					break
				}
				addAll(byReseller[up.Reseller])
				at = up
			}
		}
	}
	var load []string
	for name := range need {
		if freshFile[name] == nil && present[name] {
			load = append(load, name)
		}
	}
	slices.Sort(load)
	more, err := in.Decode(load)
	if err != nil || len(more) != len(load) {
		return nil, false
	}
	p := lang.Assemble(append(slices.Clone(fresh), more...))
	for _, f := range fresh {
		if len(checker.SecretValues(p, f)) > 0 {
			return nil, false
		}
	}

	// Decide the units of the dirty files, in the order Run reports them.
	var companies []*lang.Company
	var resellers []*lang.Reseller
	for _, c := range p.Companies {
		if dirty[c.DefRange.Filename] {
			companies = append(companies, c)
		}
	}
	for _, r := range p.Resellers {
		if dirty[r.DefRange.Filename] {
			resellers = append(resellers, r)
		}
	}
	curFile := make(map[string]*lang.StateFile, len(cur))
	for _, f := range cur {
		curFile[f.Name] = f
	}
	declaresCatalog := func(name string) bool { f := curFile[name]; return f != nil && f.Catalog != "" }
	catalog := false
	for name := range dirty {
		catalog = catalog || declaresCatalog(name)
	}
	// The look-alikes of the units to decide: the kept declarations that
	// share their skeletons (confusable-id).
	look := map[key][]checker.LookAlike{}
	for _, c := range companies {
		look[skelKey("company", c.ID)] = nil
	}
	for _, r := range resellers {
		look[skelKey("reseller", r.ID)] = nil
	}
	for _, f := range cur {
		for i := range f.Resellers {
			d := &f.Resellers[i]
			if l, ok := look[key{kResellerSkel, skeletonOf(d)}]; ok {
				look[key{kResellerSkel, skeletonOf(d)}] = append(l, checker.LookAlike{ID: d.ID, LabelRange: d.LabelRange, DefRange: d.DefRange})
			}
		}
		for i := range f.Companies {
			d := &f.Companies[i]
			if l, ok := look[key{kCompanySkel, skeletonOf(d)}]; ok {
				look[key{kCompanySkel, skeletonOf(d)}] = append(l, checker.LookAlike{ID: d.ID, LabelRange: d.LabelRange, DefRange: d.DefRange})
			}
		}
	}
	lookAlikes := func(kind, sk string) []checker.LookAlike {
		k := key{kCompanySkel, sk}
		if kind == "reseller" {
			k.kind = kResellerSkel
		}
		return look[k]
	}
	// Suggestions for a reference that does not resolve are chosen among
	// every ID, in portfolio order: from the kept declarations.
	ids := func(kind string) []string {
		var ds []*lang.StateDecl
		for _, f := range cur {
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
	statuses := checker.AnalyzeWith(p, companies, func() []string { return ids("reseller") })
	dec := checker.Decide(p, &checker.Scope{Companies: statuses, Resellers: resellers, Catalog: catalog, LookAlikes: lookAlikes, IDs: ids}, opts)
	rules := map[string][]lang.Diagnostic{}
	add := func(own func(string) bool, ds []lang.Diagnostic) bool {
		for _, d := range ds {
			if !own(d.Subject.Filename) {
				return false
			}
			rules[d.Subject.Filename] = append(rules[d.Subject.Filename], d)
		}
		return true
	}
	// The catalog's findings lie in the files that declare it; those of
	// files not dirty are kept, as the catalog did not change.
	for _, d := range dec.Catalog {
		name := d.Subject.Filename
		switch {
		case !declaresCatalog(name):
			return nil, false
		case dirty[name]:
			rules[name] = append(rules[name], d)
		}
	}
	for i, r := range resellers {
		if !add(func(n string) bool { return n == r.DefRange.Filename }, dec.Resellers[i]) {
			return nil, false
		}
	}
	for i, c := range companies {
		if !add(func(n string) bool { return n == c.DefRange.Filename }, dec.Companies[i]) {
			return nil, false
		}
	}

	// Finish the dirty files as Run does, and guard their fixes against
	// every file's secret values.
	var secretValues []string
	secretsDone := false
	secrets := func() []string {
		if !secretsDone {
			secretsDone = true
			for _, f := range cur {
				if f.Secrets {
					secretValues = append(secretValues, checker.SecretValues(p, p.File(f.Name))...)
				}
			}
		}
		return secretValues
	}
	var fin []lang.StateBucket
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for n := range dirty {
			if !yield(n) {
				return
			}
		}
	}) {
		var loader []lang.Diagnostic
		if f := p.File(name); f != nil {
			loader = f.Diagnostics
		}
		kept, suppressed := checker.Finish(p, name, loader, rules[name], opts)
		kept, suppressed = checker.GuardFixes(kept, secrets), checker.GuardFixes(suppressed, secrets)
		if len(kept)+len(suppressed) > 0 {
			fin = append(fin, lang.StateBucket{Name: name, Kept: kept, Suppressed: suppressed})
		}
	}
	next := &lang.CheckState{Files: make([]lang.StateFile, len(cur))}
	for i, f := range cur {
		next.Files[i] = *f
	}
	for _, b := range st.Buckets {
		if !dirty[b.Name] && !gone[b.Name] {
			fin = append(fin, b)
		}
	}
	slices.SortFunc(fin, func(a, b lang.StateBucket) int { return cmp.Compare(a.Name, b.Name) })
	next.Buckets = fin

	// Masks: the kept ones of files that did not change.
	var diags []lang.Diagnostic
	for _, b := range next.Buckets {
		diags = append(diags, b.Kept...)
	}
	kept := map[string][]hcl.Range{}
	for _, m := range st.Masks {
		if !present[m.Name] || freshFile[m.Name] == nil {
			kept[m.Name] = m.Ranges
		}
	}
	var extra []string
	for _, m := range masksOf(diags, func(string) []hcl.Range { return nil }) {
		if _, ok := kept[m.Name]; !ok && p.File(m.Name) == nil && present[m.Name] {
			extra = append(extra, m.Name)
		}
	}
	decoded := len(fresh) + len(more)
	if len(extra) > 0 {
		ef, err := in.Decode(extra)
		if err != nil {
			return nil, false
		}
		p = p.Update(nil, ef)
		decoded += len(ef)
	}
	next.Masks = masksOf(diags, func(name string) []hcl.Range {
		if ms, ok := kept[name]; ok {
			return ms
		}
		return p.Masks(name)
	})
	in.WriteState(what, next)
	return fromState(in, next, decoded), true
}
