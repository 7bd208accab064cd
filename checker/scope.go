package checker

import (
	"iter"
	"slices"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"golang.org/x/sync/errgroup"

	"github.com/tixcfg/tixcfg/lang"
)

// Scope is a part of a portfolio to decide again: some companies, some
// resellers, and perhaps the catalog's own declarations. Every rule splits
// its work into these units, each decided from its own declaration and
// what it reads of the rest of the portfolio (see Reads), so that the
// findings of a unit are the same whether it is decided alone (Decide) or
// among all (Run). An incremental engine keeps each unit's findings and
// decides again only the units an edit can change.
type Scope struct {
	// Companies are the companies to decide, with their chains (AnalyzeSome).
	Companies []*CompanyStatus
	Resellers []*lang.Reseller
	// Catalog decides the operators' feature_flag, permission and
	// integration_type declarations.
	Catalog bool
	// LookAlikes returns every reseller ("reseller") or company
	// ("company") declaration of the portfolio whose ID has the skeleton
	// given (see Skeleton), for confusable-id; nil to compute it from the
	// portfolio (a scan of every ID).
	LookAlikes func(kind, skeleton string) []LookAlike
	// IDs returns every reseller ("reseller") or company ("company") ID
	// of the portfolio in its order, which an unknown reference's
	// suggestion is chosen from; nil to read them from the portfolio. With
	// LookAlikes it lets a scope be decided on a portfolio that holds only
	// its units and what they read.
	IDs func(kind string) []string
}

// portfolioIDs returns a function giving the IDs of p's resellers
// ("reseller") or companies, worked out once when first asked for. It
// holds the list of declarations, not p: a chain keeps it (see
// CompanyStatus), and must not keep a whole earlier portfolio alive.
func portfolioIDs(p *lang.Portfolio, kind string) func() []string {
	if kind == "reseller" {
		return idsOf(p.Resellers, func(r *lang.Reseller) string { return r.ID })
	}
	return idsOf(p.Companies, func(c *lang.Company) string { return c.ID })
}

func idsOf[T any](decls []T, id func(T) string) func() []string {
	return sync.OnceValue(func() []string {
		out := make([]string, len(decls))
		for i, d := range decls {
			out[i] = id(d)
		}
		return out
	})
}

// ids returns the function giving the portfolio's IDs of a kind, from the
// scope when it has them.
func (p *Pass) ids(kind string) func() []string {
	if p.scope != nil && p.scope.IDs != nil {
		ids := p.scope.IDs
		return sync.OnceValue(func() []string { return ids(kind) })
	}
	return portfolioIDs(p.Portfolio, kind)
}

// LookAlike is a reseller or company declaration, as confusable-id
// compares it.
type LookAlike struct {
	ID         string
	LabelRange hcl.Range
	DefRange   hcl.Range
}

// Decision is what Decide found, unit by unit: each unit's findings in
// rule order, before suppressions (see Finish).
type Decision struct {
	Companies [][]lang.Diagnostic // as Scope.Companies
	Resellers [][]lang.Diagnostic // as Scope.Resellers
	Catalog   []lang.Diagnostic
}

// smallScope is the number of units below which Decide and AnalyzeSome
// work on the calling goroutine.
const smallScope = 256

// Decide runs every enabled rule over the units of a scope of p.
func Decide(p *lang.Portfolio, s *Scope, opts Options) *Decision {
	a := &Analysis{Companies: s.Companies, byDecl: make(map[*lang.Company]*CompanyStatus, len(s.Companies))}
	for _, cs := range s.Companies {
		a.byDecl[cs.Company] = cs
	}
	var rules []*Rule
	for _, r := range registry {
		if r.Check != nil && opts.Enabled(r.ID) {
			rules = append(rules, r)
		}
	}
	passes := make([]*Pass, len(rules))
	var g errgroup.Group
	// An edit's few units are decided at once on this goroutine; spreading
	// them over goroutines would cost more than it saves.
	small := len(s.Companies)+len(s.Resellers) < smallScope && !s.Catalog
	for i, r := range rules {
		passes[i] = &Pass{Rule: r, Portfolio: p, Catalog: p.Catalog, Analysis: a, scope: s}
		if small {
			r.Check(passes[i])
			continue
		}
		g.Go(func() error { r.Check(passes[i]); return nil })
	}
	g.Wait()
	d := &Decision{Companies: make([][]lang.Diagnostic, len(s.Companies)), Resellers: make([][]lang.Diagnostic, len(s.Resellers))}
	nc := int32(len(s.Companies))
	for _, ps := range passes {
		for i, f := range ps.out {
			switch u := ps.units[i]; {
			case u < nc:
				d.Companies[u] = append(d.Companies[u], f)
			case u < nc+int32(len(s.Resellers)):
				d.Resellers[u-nc] = append(d.Resellers[u-nc], f)
			default:
				d.Catalog = append(d.Catalog, f)
			}
		}
	}
	return d
}

// companies yields the companies the pass decides, each the unit of what
// is reported until the next.
func (p *Pass) companies() iter.Seq[*lang.Company] {
	return func(yield func(*lang.Company) bool) {
		if p.scope == nil {
			for _, c := range p.Portfolio.Companies {
				if !yield(c) {
					return
				}
			}
			return
		}
		for i, cs := range p.scope.Companies {
			p.unit = int32(i)
			if !yield(cs.Company) {
				return
			}
		}
	}
}

// companyList returns the companies the pass decides.
func (p *Pass) companyList() []*lang.Company {
	if p.scope == nil {
		return p.Portfolio.Companies
	}
	out := make([]*lang.Company, len(p.scope.Companies))
	for i, cs := range p.scope.Companies {
		out[i] = cs.Company
	}
	return out
}

// statuses is companies with their chains.
func (p *Pass) statuses() iter.Seq[*CompanyStatus] {
	return func(yield func(*CompanyStatus) bool) {
		for i, cs := range p.Analysis.Companies {
			p.unit = int32(i)
			if !yield(cs) {
				return
			}
		}
	}
}

// resellers yields the resellers the pass decides, as companies does.
func (p *Pass) resellers() iter.Seq[*lang.Reseller] {
	return func(yield func(*lang.Reseller) bool) {
		rs := p.Portfolio.Resellers
		if p.scope != nil {
			rs = p.scope.Resellers
		}
		for i, r := range rs {
			p.unit = int32(len(p.Analysis.Companies) + i)
			if !yield(r) {
				return
			}
		}
	}
}

// catalog reports whether the pass decides the catalog's declarations,
// and makes them the unit of what is reported next.
func (p *Pass) catalog() bool {
	if p.scope == nil {
		return true
	}
	p.unit = int32(len(p.scope.Companies) + len(p.scope.Resellers))
	return p.scope.Catalog
}

// catalogTypes returns the integration_type declarations when the pass
// decides the catalog, else none.
func (p *Pass) catalogTypes() []*lang.IntegrationTypeDecl {
	if !p.catalog() {
		return nil
	}
	return p.Portfolio.IntegrationTypes
}

// Finish gives the findings whose subject lies in the file with that
// name as Run gives them: the loader's findings there, then the rules'
// (none in a file that does not parse: only its syntax errors are
// trusted), with the file's ignore comments applied and sorted. The fixes
// are not guarded yet (see GuardFixes): which fix would leak a secret
// depends on every file.
func Finish(p *lang.Portfolio, name string, loader, rules []lang.Diagnostic, opts Options) (kept, suppressed []lang.Diagnostic) {
	var diags []lang.Diagnostic
	for _, d := range Resolve(loader) {
		if opts.Enabled(d.Rule) {
			diags = append(diags, d)
		}
	}
	layoutFixes(p, diags) // the loader's fixes, as Run lays them out
	f := p.File(name)
	if f == nil || !f.ParseFailed {
		diags = append(diags, rules...)
	}
	var files []*lang.File
	if f != nil {
		files = []*lang.File{f}
	}
	kept, suppressed = applyIgnores(p, files, diags, opts)
	lang.SortDiagnostics(kept)
	lang.SortDiagnostics(suppressed)
	return kept, suppressed
}

// SecretValues returns the literal secret values of one file of p, which
// no fix may write (see GuardFixes).
func SecretValues(p *lang.Portfolio, f *lang.File) []string { return fileMaskedValues(p, f) }

// GuardFixes returns diags with every fix dropped that would write one of
// the secret values into a file, as Run drops them; diags is not changed.
func GuardFixes(diags []lang.Diagnostic, secrets func() []string) []lang.Diagnostic {
	if !slices.ContainsFunc(diags, func(d lang.Diagnostic) bool { return slices.ContainsFunc(d.Fixes, writesText) }) {
		return diags
	}
	out := slices.Clone(diags)
	guardWith(out, secrets)
	return out
}

// Chain is what the decisions about a company read of its parent chain
// beyond its parent's declaration: the company whose payment integrations
// apply to it, or where the chain breaks, and the parent cycle it is on.
// When a company's chain changes, its children must be decided again.
type Chain struct {
	owner paymentOwner
	cycle []*lang.Company
}

// Chains returns the chain of each of the companies, as Run decides it.
func Chains(p *lang.Portfolio, companies []*lang.Company) []Chain {
	return NewChainMemo(p).Chains(companies)
}

// ChainMemo decides chains in one portfolio and remembers every company it
// walked past, so that asking for companies one batch after another, as an
// edit follows a chain down, walks each company once in all.
type ChainMemo struct {
	p                      *lang.Portfolio
	owners                 map[*lang.Company]paymentOwner
	cycles                 map[*lang.Company][]*lang.Company
	ownersDone, cyclesDone map[*lang.Company]bool
	// same caches Same's comparisons of cycles, by their first elements:
	// every company of a cycle shares its slice, so a cycle is compared
	// once, not once per company on it.
	same map[[2]**lang.Company]bool
}

// NewChainMemo returns an empty memo for p.
func NewChainMemo(p *lang.Portfolio) *ChainMemo {
	return &ChainMemo{p: p, owners: map[*lang.Company]paymentOwner{}, cycles: map[*lang.Company][]*lang.Company{},
		ownersDone: map[*lang.Company]bool{}, cyclesDone: map[*lang.Company]bool{}, same: map[[2]**lang.Company]bool{}}
}

// Same is Equal, comparing each pair of cycles once.
func (m *ChainMemo) Same(a, b Chain) bool {
	if a.owner != b.owner || len(a.cycle) != len(b.cycle) {
		return false
	}
	if len(a.cycle) == 0 {
		return true
	}
	k := [2]**lang.Company{&a.cycle[0], &b.cycle[0]}
	v, ok := m.same[k]
	if !ok {
		v = slices.Equal(a.cycle, b.cycle)
		m.same[k] = v
	}
	return v
}

// Chains returns the chain of each of the companies.
func (m *ChainMemo) Chains(companies []*lang.Company) []Chain {
	paymentOwnersInto(m.p, companies, m.owners, m.ownersDone)
	parentCyclesInto(m.p, companies, m.cycles, m.cyclesDone)
	out := make([]Chain, len(companies))
	for i, c := range companies {
		out[i] = Chain{owner: m.owners[c], cycle: m.cycles[c]}
	}
	return out
}

// Equal reports whether two chains are the same.
func (c Chain) Equal(d Chain) bool { return c.owner == d.owner && slices.Equal(c.cycle, d.cycle) }
