// Package query answers what an editor asks about a position of a loaded
// portfolio: what a name refers to and where else it is used, which
// symbols a file declares, how to rename an ID across every file, what
// to show on hover and what to offer for completion. It is free of any
// protocol: answers carry hcl.Ranges (byte offsets authoritative) and
// lang.Edits, which the language server converts to its positions and
// URIs. It decides nothing about the portfolio itself: references are
// read from the model, the chain from the checker's analysis.
package query

import (
	"cmp"
	"slices"
	"sync"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// Kind is what an ID names.
type Kind string

// The kinds of IDs a portfolio declares and refers to.
const (
	KindReseller        Kind = "reseller"
	KindCompany         Kind = "company"
	KindFlag            Kind = "feature_flag"
	KindPermission      Kind = "permission"
	KindTaxBand         Kind = "tax_band"
	KindIntegrationType Kind = "integration_type"
)

// Symbol identifies what an occurrence names. Tax bands are scoped to
// their company: Scope is its ID, "" for every other kind.
type Symbol struct {
	Kind  Kind
	ID    string
	Scope string
}

// Occurrence is one place an ID is written: its declaration's label or a
// reference to it.
type Occurrence struct {
	Symbol
	// Range is the ID as written, quotes included when it is quoted.
	Range hcl.Range
	// Decl is set on the declaration's label.
	Decl bool
	// Builtin is set on occurrences inside the embedded catalog.
	Builtin bool
}

// Index holds every occurrence of an ID in a portfolio and in the
// built-in catalog, built once per version of the portfolio.
type Index struct {
	Portfolio *lang.Portfolio
	Analysis  *checker.Analysis
	// BuiltinPath, when set, is the file that ranges into the built-in
	// catalog name instead of lang.BuiltinCatalogName (see
	// WriteBuiltinCatalog), so that an editor can open them.
	BuiltinPath string

	occ []Occurrence // sorted by file, then position
}

// New indexes a portfolio. a may be nil; hover then explains no chain.
func New(p *lang.Portfolio, a *checker.Analysis) *Index {
	ix := &Index{Portfolio: p, Analysis: a}
	// File by file, each sorted by position alone: a portfolio of 10,000
	// companies holds some 200,000 occurrences, and one sort of them all
	// by file name would cost more than everything else here.
	builtin := builtinOccurrences()
	n := len(builtin)
	per := make([][]Occurrence, len(p.Files))
	for i, f := range p.Files {
		per[i] = fileOccurrences(f, false)
		n += len(per[i])
	}
	ix.occ = make([]Occurrence, 0, n)
	placed := false
	for i, f := range p.Files {
		if !placed && f.Name > lang.BuiltinCatalogName {
			ix.occ, placed = append(ix.occ, builtin...), true
		}
		ix.occ = append(ix.occ, per[i]...)
	}
	if !placed {
		ix.occ = append(ix.occ, builtin...)
	}
	return ix
}

// builtinOccurrences are the embedded catalog's, the same in every index.
var builtinOccurrences = sync.OnceValue(func() []Occurrence { return fileOccurrences(lang.BuiltinCatalogFile(), true) })

// fileOccurrences lists the IDs a file declares and refers to, by
// position. It reads the model only: Assemble has resolved each
// integration block's type (Def) on the same nodes the file holds.
func fileOccurrences(f *lang.File, builtin bool) []Occurrence {
	var occ []Occurrence
	add := func(o Occurrence) {
		if o.ID != "" && o.Range.Filename != "" {
			o.Builtin = builtin
			occ = append(occ, o)
		}
	}
	str := func(k Kind, scope string, at *lang.Attr) {
		if s := at.Str(); s != "" {
			add(Occurrence{Symbol: Symbol{k, s, scope}, Range: at.ValueRange})
		}
	}
	list := func(k Kind, l *lang.List) {
		if l == nil {
			return
		}
		for _, it := range l.Items {
			add(Occurrence{Symbol: Symbol{k, it.Value, ""}, Range: it.Range})
		}
	}
	for _, d := range f.FeatureFlags {
		add(Occurrence{Symbol: Symbol{KindFlag, d.ID, ""}, Range: d.LabelRange, Decl: true})
		list(KindFlag, d.ConflictsWith)
	}
	for _, d := range f.Permissions {
		add(Occurrence{Symbol: Symbol{KindPermission, d.ID, ""}, Range: d.LabelRange, Decl: true})
	}
	for _, t := range f.IntegrationTypes {
		add(Occurrence{Symbol: Symbol{KindIntegrationType, t.ID, ""}, Range: t.LabelRange, Decl: true})
		str(KindFlag, "", t.FeatureFlag)
		list(KindPermission, t.Permissions)
	}
	for _, r := range f.Resellers {
		add(Occurrence{Symbol: Symbol{KindReseller, r.ID, ""}, Range: r.LabelRange, Decl: true})
		list(KindFlag, r.FeatureFlags)
		for _, in := range r.Integrations {
			add(Occurrence{Symbol: Symbol{KindIntegrationType, in.Type, ""}, Range: in.LabelRange})
		}
	}
	for _, c := range f.Companies {
		add(Occurrence{Symbol: Symbol{KindCompany, c.ID, ""}, Range: c.LabelRange, Decl: true})
		str(KindReseller, "", c.Reseller)
		str(KindCompany, "", c.Parent)
		list(KindFlag, c.FeatureFlags)
		list(KindPermission, c.Permissions)
		for _, tb := range c.TaxBands {
			add(Occurrence{Symbol: Symbol{KindTaxBand, tb.ID, c.ID}, Range: tb.LabelRange, Decl: true})
		}
		for _, in := range c.Integrations {
			add(Occurrence{Symbol: Symbol{KindIntegrationType, in.Type, ""}, Range: in.LabelRange})
			if in.Def == nil {
				continue
			}
			for _, a := range in.Attrs {
				if s := in.Def.Setting(a.Name); s != nil && s.References == lang.ReferenceTaxBand {
					str(KindTaxBand, c.ID, a)
				}
			}
		}
	}
	slices.SortStableFunc(occ, func(a, b Occurrence) int {
		return cmp.Or(cmp.Compare(a.Range.Start.Byte, b.Range.Start.Byte), cmp.Compare(a.Range.End.Byte, b.Range.End.Byte))
	})
	return occ
}

// contains reports whether offset lies in r, its end included: an editor's
// cursor right after a word is on that word.
func contains(r hcl.Range, file string, offset int) bool {
	return r.Filename == file && r.Start.Byte <= offset && offset <= r.End.Byte
}

// At returns the occurrence of an ID at a byte offset of a file. file is
// a display name of the portfolio, or BuiltinPath (or
// lang.BuiltinCatalogName) for the built-in catalog.
func (ix *Index) At(file string, offset int) (Occurrence, bool) {
	file = ix.internal(file)
	i, _ := slices.BinarySearchFunc(ix.occ, file, func(o Occurrence, f string) int { return cmp.Compare(o.Range.Filename, f) })
	for ; i < len(ix.occ) && ix.occ[i].Range.Filename == file; i++ {
		if contains(ix.occ[i].Range, file, offset) {
			return ix.shown(ix.occ[i]), true
		}
	}
	return Occurrence{}, false
}

// Occurrences returns every occurrence of a symbol, declarations first,
// then by file and position.
func (ix *Index) Occurrences(s Symbol) []Occurrence {
	var out []Occurrence
	for _, o := range ix.occ {
		if o.Symbol == s {
			out = append(out, ix.shown(o))
		}
	}
	// The declaration that takes effect comes first: the built-in one of a
	// catalog ID, else the first in portfolio order.
	rank := func(o Occurrence) int {
		switch {
		case o.Decl && o.Builtin:
			return 0
		case o.Decl:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(out, func(a, b Occurrence) int { return cmp.Compare(rank(a), rank(b)) })
	return out
}

// internal maps a file name as the editor knows it to the name ranges
// carry inside the index.
func (ix *Index) internal(file string) string {
	if ix.BuiltinPath != "" && file == ix.BuiltinPath {
		return lang.BuiltinCatalogName
	}
	return file
}

// shown returns an occurrence with its range in the file an editor can
// open.
func (ix *Index) shown(o Occurrence) Occurrence {
	o.Range = ix.Shown(o.Range)
	return o
}

// Shown returns r, pointing into BuiltinPath when it points into the
// built-in catalog: the written file is the embedded text byte for byte,
// so only the name changes.
func (ix *Index) Shown(r hcl.Range) hcl.Range {
	if r.Filename == lang.BuiltinCatalogName && ix.BuiltinPath != "" {
		r.Filename = ix.BuiltinPath
	}
	return r
}

// source returns the text of a file as the index knows it.
func (ix *Index) source(file string) []byte { return ix.Portfolio.Source(ix.internal(file)) }
