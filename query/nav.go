package query

import (
	"cmp"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/lang"
)

// Definition returns where the ID at a position is declared: the
// operator's declaration, or the built-in catalog's (see BuiltinPath).
// On a declaration it returns that declaration. ok is false when the
// position holds no ID; an ID declared nowhere gives ok and no ranges.
func (ix *Index) Definition(file string, offset int) (decls []hcl.Range, ok bool) {
	o, ok := ix.At(file, offset)
	if !ok {
		return nil, false
	}
	for _, d := range ix.Occurrences(o.Symbol) {
		if d.Decl {
			decls = append(decls, d.Range)
		}
	}
	return decls, true
}

// References returns every place the ID at a position is written, the
// declarations among them only when withDecl is set.
func (ix *Index) References(file string, offset int, withDecl bool) []hcl.Range {
	o, ok := ix.At(file, offset)
	if !ok {
		return nil
	}
	var out []hcl.Range
	for _, r := range ix.Occurrences(o.Symbol) {
		if withDecl || !r.Decl {
			out = append(out, r.Range)
		}
	}
	return out
}

// DocSymbol is one entry of a file's outline.
type DocSymbol struct {
	Name string
	// Detail says what the entry is ("company", "integration", ...).
	Detail string
	Kind   Kind
	// Range is the whole block; SelectionRange its label.
	Range, SelectionRange hcl.Range
	Children              []DocSymbol
}

// DocumentSymbols returns a file's outline: resellers with their
// integrations, companies with their tax bands and integrations, and the
// catalog declarations, in source order.
func (ix *Index) DocumentSymbols(file string) []DocSymbol {
	file = ix.internal(file)
	src := ix.Portfolio.Source(file)
	var f *lang.File
	if file == lang.BuiltinCatalogName {
		f = lang.BuiltinCatalogFile()
	} else if f = ix.Portfolio.File(file); f == nil {
		return nil
	}
	sym := func(name, detail string, k Kind, d lang.Decl) DocSymbol {
		return DocSymbol{Name: name, Detail: detail, Kind: k, Range: ix.Shown(blockExtent(src, d, f.JSON)), SelectionRange: ix.Shown(d.LabelRange)}
	}
	var out []DocSymbol
	for _, r := range f.Resellers {
		s := sym(r.ID, "reseller", KindReseller, r.Decl)
		for _, in := range r.Integrations {
			s.Children = append(s.Children, sym(in.Type, "integration", KindIntegrationType, in.Decl))
		}
		out = append(out, s)
	}
	for _, c := range f.Companies {
		s := sym(c.ID, "company", KindCompany, c.Decl)
		for _, tb := range c.TaxBands {
			s.Children = append(s.Children, sym(tb.ID, "tax band", KindTaxBand, tb.Decl))
		}
		for _, in := range c.Integrations {
			s.Children = append(s.Children, sym(in.Type, "integration", KindIntegrationType, in.Decl))
		}
		sortSymbols(s.Children)
		out = append(out, s)
	}
	for _, d := range f.FeatureFlags {
		out = append(out, sym(d.ID, "feature flag", KindFlag, d.Decl))
	}
	for _, d := range f.Permissions {
		out = append(out, sym(d.ID, "permission", KindPermission, d.Decl))
	}
	for _, d := range f.IntegrationTypes {
		out = append(out, sym(d.ID, "integration type", KindIntegrationType, d.Decl))
	}
	sortSymbols(out)
	return out
}

func sortSymbols(s []DocSymbol) {
	slices.SortStableFunc(s, func(a, b DocSymbol) int { return cmp.Compare(a.SelectionRange.Start.Byte, b.SelectionRange.Start.Byte) })
}

// blockExtent is the range of a whole block. HCL's JSON syntax gives a
// block only its opening brace, so in JSON the extent runs from the
// label (the object key) to the brace that closes the block's object.
func blockExtent(src []byte, d lang.Decl, json bool) hcl.Range {
	if !json || d.Range.Start.Byte >= len(src) || src[d.Range.Start.Byte] != '{' {
		return d.Range
	}
	depth, inStr := 0, false
	for i := d.Range.Start.Byte; i < len(src); i++ {
		c := src[i]
		switch {
		case inStr && c == '\\':
			i++
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			if depth--; depth == 0 {
				start := d.LabelRange
				if start.Start.Byte > d.Range.Start.Byte {
					start = d.Range
				}
				return hcl.Range{Filename: d.Range.Filename, Start: start.Start, End: lang.PosAt(src, i+1)}
			}
		}
	}
	return d.Range
}

// WorkspaceSymbol is a declaration found by name across the portfolio.
type WorkspaceSymbol struct {
	Name string
	Kind Kind
	// Container is the company of a tax band or an integration block, or
	// the reseller of a company.
	Container             string
	Range, SelectionRange hcl.Range
}

// DefaultSymbolLimit bounds WorkspaceSymbols when no limit is given: an
// editor's picker shows a screenful, and a portfolio may hold 10,000
// companies.
const DefaultSymbolLimit = 100

// WorkspaceSymbols finds resellers, companies and the operator's catalog
// declarations whose ID (or name) matches q: exact matches first, then
// prefixes, substrings and finally IDs holding q's characters in order,
// each case-insensitively; ties by ID and place. At most limit are
// returned (DefaultSymbolLimit when limit <= 0).
func (ix *Index) WorkspaceSymbols(q string, limit int) []WorkspaceSymbol {
	if limit <= 0 {
		limit = DefaultSymbolLimit
	}
	q = strings.ToLower(q)
	type hit struct {
		rank          int
		id, container string
		kind          Kind
		decl          lang.Decl
	}
	var hits []hit
	p := ix.Portfolio
	consider := func(id, name string, k Kind, container string, d lang.Decl) {
		rank, ok := matchRank(q, strings.ToLower(id))
		if n := strings.ToLower(name); !ok && n != "" {
			if rank, ok = matchRank(q, n); ok {
				rank += 4 // a match of the display name counts after any of an ID
			}
		}
		if ok {
			hits = append(hits, hit{rank, id, container, k, d})
		}
	}
	for _, r := range p.Resellers {
		consider(r.ID, r.Name.Str(), KindReseller, "", r.Decl)
	}
	for _, c := range p.Companies {
		consider(c.ID, c.Name.Str(), KindCompany, c.Reseller.Str(), c.Decl)
	}
	for _, d := range p.FeatureFlags {
		consider(d.ID, "", KindFlag, "", d.Decl)
	}
	for _, d := range p.Permissions {
		consider(d.ID, "", KindPermission, "", d.Decl)
	}
	for _, d := range p.IntegrationTypes {
		consider(d.ID, d.Name.Str(), KindIntegrationType, "", d.Decl)
	}
	slices.SortStableFunc(hits, func(a, b hit) int {
		return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.id, b.id), lang.ComparePos(a.decl.LabelRange, b.decl.LabelRange))
	})
	out := make([]WorkspaceSymbol, 0, min(limit, len(hits)))
	for _, h := range hits[:min(limit, len(hits))] {
		f := p.File(h.decl.Range.Filename)
		json := f != nil && f.JSON
		out = append(out, WorkspaceSymbol{Name: h.id, Kind: h.kind, Container: h.container,
			Range: blockExtent(p.Source(h.decl.Range.Filename), h.decl, json), SelectionRange: h.decl.LabelRange})
	}
	return out
}

// matchRank says how well s matches q: 0 equal, 1 prefix, 2 substring,
// 3 subsequence. An empty q matches everything as a prefix.
func matchRank(q, s string) (int, bool) {
	switch {
	case s == q:
		return 0, true
	case strings.HasPrefix(s, q):
		return 1, true
	case strings.Contains(s, q):
		return 2, true
	}
	rest := s
	for _, r := range q {
		i := strings.IndexRune(rest, r)
		if i < 0 {
			return 0, false
		}
		rest = rest[i+len(string(r)):]
	}
	return 3, true
}
