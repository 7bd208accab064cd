package lang

import (
	"cmp"
	"slices"

	"github.com/hashicorp/hcl/v2"
)

// Update returns the portfolio with the files named in drop left out and
// the files of add put in, a file of add replacing the file of its name:
// what an editor's change to a few files makes of the portfolio. p is not
// changed and stays valid; what did not change is shared with it, so an
// update costs in proportion to the files changed, not to the portfolio,
// unless the catalog changes (an operator declaration in a file left out
// or put in), which resolves every integration block again, in copies.
// The files of add must be fresh from the loader (their blocks are
// resolved in place) and not among p's.
func (p *Portfolio) Update(drop []string, add []*File) *Portfolio {
	gone := slices.Clone(drop)
	for _, f := range add {
		gone = append(gone, f.Name)
	}
	slices.Sort(gone)
	gone = slices.Compact(gone)
	isGone := func(name string) bool { _, ok := slices.BinarySearch(gone, name); return ok }

	var left []*File
	files := make([]*File, 0, len(p.Files)+len(add))
	for _, f := range p.Files {
		if isGone(f.Name) {
			left = append(left, f)
		} else {
			files = append(files, f)
		}
	}
	added := slices.Clone(add)
	slices.SortFunc(added, func(a, b *File) int { return cmp.Compare(a.Name, b.Name) })
	files = mergeSorted(files, added, func(a, b *File) int { return cmp.Compare(a.Name, b.Name) })

	declaresCatalog := func(f *File) bool {
		return len(f.FeatureFlags)+len(f.Permissions)+len(f.IntegrationTypes) > 0
	}
	if slices.ContainsFunc(left, declaresCatalog) || slices.ContainsFunc(added, declaresCatalog) {
		// Every block's type may change: p's files are resolved in copies
		// (even a block p had no type for, which p's readers read as nil).
		return reassemble(assemble(files, nil))
	}

	q := &Portfolio{Files: files, Catalog: p.Catalog, masks: map[string][]hcl.Range{},
		FeatureFlags: p.FeatureFlags, Permissions: p.Permissions, IntegrationTypes: p.IntegrationTypes}
	var resellers, leftResellers []*Reseller
	var companies, leftCompanies []*Company
	for _, f := range added {
		resolveDefs(f, p.Catalog)
		resellers = append(resellers, f.Resellers...)
		companies = append(companies, f.Companies...)
	}
	for _, f := range left {
		leftResellers = append(leftResellers, f.Resellers...)
		leftCompanies = append(leftCompanies, f.Companies...)
	}
	resellerKey := func(r *Reseller) (string, hcl.Range) { return r.ID, r.DefRange }
	companyKey := func(c *Company) (string, hcl.Range) { return c.ID, c.DefRange }
	q.Resellers = replaceDecls(p.Resellers, leftResellers, resellers, resellerKey)
	q.Companies = replaceDecls(p.Companies, leftCompanies, companies, companyKey)

	var resellerIDs, companyIDs []string
	for _, f := range append(left, added...) {
		for _, r := range f.Resellers {
			resellerIDs = append(resellerIDs, r.ID)
		}
		for _, c := range f.Companies {
			companyIDs = append(companyIDs, c.ID)
		}
	}
	q.resellers = p.resellers.update(resellerIDs, q.Resellers, resellerKey)
	q.companies = p.companies.update(companyIDs, q.Companies, companyKey)
	return q
}

// replaceDecls returns old, in portfolio order (see Assemble), without
// the declarations of left and with those of add: found and placed by
// binary search, the rest moved in runs, so that it costs little more
// than a copy of old.
func replaceDecls[T comparable](old, left, add []T, key func(T) (string, hcl.Range)) []T {
	compare := func(a, b T) int {
		ia, ra := key(a)
		ib, rb := key(b)
		return cmp.Or(cmp.Compare(ia, ib), ComparePos(ra, rb))
	}
	drop := make([]int, 0, len(left))
	for _, d := range left {
		if i, ok := slices.BinarySearchFunc(old, d, compare); ok && old[i] == d {
			drop = append(drop, i)
		}
	}
	slices.Sort(drop)
	kept := make([]T, 0, len(old)-len(drop)+len(add))
	from := 0
	for _, i := range drop {
		kept = append(kept, old[from:i]...)
		from = i + 1
	}
	kept = append(kept, old[from:]...)
	if len(add) == 0 {
		return kept
	}
	add = slices.Clone(add)
	sortDecls(add, key)
	out := make([]T, 0, len(kept)+len(add))
	from = 0
	for _, d := range add {
		// After every declaration that sorts before it or ties with it.
		i, _ := slices.BinarySearchFunc(kept[from:], d, func(k, d T) int {
			if compare(k, d) <= 0 {
				return -1
			}
			return 1
		})
		out = append(out, kept[from:from+i]...)
		out = append(out, d)
		from += i
	}
	return append(out, kept[from:]...)
}

// mergeSorted merges b into a, both sorted; on a tie a's element comes
// first. It may reuse a's array.
func mergeSorted[T any](a, b []T, compare func(T, T) int) []T {
	if len(b) == 0 {
		return a
	}
	out := make([]T, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if compare(b[0], a[0]) < 0 {
			out, b = append(out, b[0]), b[1:]
		} else {
			out, a = append(out, a[0]), a[1:]
		}
	}
	return append(append(out, a...), b...)
}

// index finds the first declaration of an ID. An updated portfolio's index
// is its predecessor's, which it shares, with the IDs that changed laid
// over it; once those are many, it is built again.
type index[T any] struct {
	base  map[string]*T
	delta map[string]*T // a nil value: no declaration has the ID
}

func (x *index[T]) get(id string) *T {
	if v, ok := x.delta[id]; ok {
		return v
	}
	return x.base[id]
}

// update returns the index of a portfolio whose declarations are decls
// (sorted), given the IDs whose first declaration may have changed.
func (x *index[T]) update(ids []string, decls []*T, key func(*T) (string, hcl.Range)) index[T] {
	first := func(id string) *T {
		i, ok := slices.BinarySearchFunc(decls, id, func(d *T, id string) int { k, _ := key(d); return cmp.Compare(k, id) })
		if !ok {
			return nil
		}
		return decls[i]
	}
	if len(x.delta)+len(ids) > 64+len(x.base)/16 {
		base := make(map[string]*T, len(decls))
		for _, d := range decls {
			if k, _ := key(d); base[k] == nil {
				base[k] = d
			}
		}
		return index[T]{base: base}
	}
	delta := make(map[string]*T, len(x.delta)+len(ids))
	for k, v := range x.delta {
		delta[k] = v
	}
	for _, id := range ids {
		delta[id] = first(id)
	}
	return index[T]{base: x.base, delta: delta}
}

// resolvedElsewhere reports whether some integration block of f names a
// type resolved against another catalog than cat.
func resolvedElsewhere(f *File, cat *Catalog) bool {
	for _, r := range f.Resellers {
		for _, in := range r.Integrations {
			if in.Def != nil && in.Def != cat.Type(in.Type) {
				return true
			}
		}
	}
	for _, c := range f.Companies {
		for _, in := range c.Integrations {
			if in.Def != nil && in.Def != cat.Type(in.Type) {
				return true
			}
		}
	}
	return false
}

// resolveDefs gives the integration blocks of a fresh file their catalog
// types, in place.
func resolveDefs(f *File, cat *Catalog) {
	for _, r := range f.Resellers {
		for _, in := range r.Integrations {
			if t := cat.Type(in.Type); in.Def != t {
				in.Def = t
			}
		}
	}
	for _, c := range f.Companies {
		for _, in := range c.Integrations {
			if t := cat.Type(in.Type); in.Def != t {
				in.Def = t
			}
		}
	}
}

// withDefs returns f with its integration blocks resolved against cat: f
// itself when they are, else a copy of its resellers and companies, so
// that a portfolio still reading f's blocks never sees them change.
func withDefs(f *File, cat *Catalog) *File {
	if !resolvedElsewhere(f, cat) && !unresolved(f, cat) {
		return f
	}
	g := *f
	g.Resellers = make([]*Reseller, len(f.Resellers))
	for i, r := range f.Resellers {
		rc := *r
		rc.Integrations = make([]*ResellerIntegration, len(r.Integrations))
		for j, in := range r.Integrations {
			ic := *in
			ic.Def = cat.Type(in.Type)
			rc.Integrations[j] = &ic
		}
		g.Resellers[i] = &rc
	}
	g.Companies = make([]*Company, len(f.Companies))
	for i, c := range f.Companies {
		cc := *c
		cc.Integrations = make([]*CompanyIntegration, len(c.Integrations))
		for j, in := range c.Integrations {
			ic := *in
			ic.Def = cat.Type(in.Type)
			cc.Integrations[j] = &ic
		}
		g.Companies[i] = &cc
	}
	return &g
}

// unresolved reports whether some block of f lacks the type cat has for it.
func unresolved(f *File, cat *Catalog) bool {
	for _, r := range f.Resellers {
		for _, in := range r.Integrations {
			if in.Def == nil && cat.Type(in.Type) != nil {
				return true
			}
		}
	}
	for _, c := range f.Companies {
		for _, in := range c.Integrations {
			if in.Def == nil && cat.Type(in.Type) != nil {
				return true
			}
		}
	}
	return false
}
