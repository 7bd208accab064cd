package checker

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

// Places gives findings their logical place in a portfolio: the path of
// the innermost declaration that holds the finding's subject, such as
// company/dubai-live/integration/refund_protect_group/environment, built
// from block types, labels and attribute names and never from a file or a
// line. Baselines and --new-from-rev identify findings by it, so moving a
// company to another file or adding lines above it keeps its findings the
// same ones. Where the subject lies in no declaration (a syntax error, a
// block type tixcfg does not know), the place is file/NAME.
//
// A Places is safe for concurrent use.
type Places struct {
	p    *lang.Portfolio
	once sync.Once
	// files holds, per display name, the top-level declarations sorted
	// by start offset, and where each line starts.
	files map[string]*placeFile
}

type placeFile struct {
	f     *lang.File
	decls []topDecl
	// lineStarts and ignores are made on first use.
	lineStarts []int
	ignores    map[int]*lang.Ignore // by the comment's start offset
	objEnds    map[int]int          // JSON objects: start offset -> end
	mu         sync.Mutex
}

// topDecl is one top-level block and the function that descends into it.
type topDecl struct {
	decl lang.Decl
	path func(pf *placeFile, b int) []string
}

// NewPlaces indexes p's declarations for Of.
func NewPlaces(p *lang.Portfolio) *Places { return &Places{p: p} }

func (pl *Places) index() {
	pl.files = map[string]*placeFile{}
	file := func(name string) *placeFile {
		pf := pl.files[name]
		if pf == nil {
			pf = &placeFile{f: pl.p.File(name)}
			pl.files[name] = pf
		}
		return pf
	}
	add := func(d lang.Decl, path func(pf *placeFile, b int) []string) {
		pf := file(d.Range.Filename)
		pf.decls = append(pf.decls, topDecl{d, path})
	}
	for _, r := range pl.p.Resellers {
		add(r.Decl, func(pf *placeFile, b int) []string { return pf.reseller(r, b) })
	}
	for _, c := range pl.p.Companies {
		add(c.Decl, func(pf *placeFile, b int) []string { return pf.company(c, b) })
	}
	for _, f := range pl.p.FeatureFlags {
		add(f.Decl, func(_ *placeFile, b int) []string {
			return within([]string{"feature_flag", f.ID}, b, attrs(f.Description), lists(f.ConflictsWith, f.Enables))
		})
	}
	for _, f := range pl.p.Permissions {
		add(f.Decl, func(_ *placeFile, b int) []string {
			return within([]string{"permission", f.ID}, b, attrs(f.Description, f.RequiredFor), nil)
		})
	}
	for _, t := range pl.p.IntegrationTypes {
		add(t.Decl, func(pf *placeFile, b int) []string { return pf.integrationType(t, b) })
	}
	for _, pf := range pl.files {
		slices.SortFunc(pf.decls, func(a, b topDecl) int { return cmp.Compare(a.decl.Range.Start.Byte, b.decl.Range.Start.Byte) })
	}
}

// Of is d's logical place. The place of an unused-ignore or ignore-reason
// finding is that of the code its comment applies to, so that it moves
// with that code as other findings do.
func (pl *Places) Of(d lang.Diagnostic) string {
	pl.once.Do(pl.index)
	name := d.Subject.Filename
	pf := pl.files[name]
	if pf == nil || name == "" {
		return filePlace(name)
	}
	b := d.Subject.Start.Byte
	if d.Rule == ruleid.UnusedIgnore || d.Rule == ruleid.IgnoreReason {
		b = pf.appliesTo(b)
	}
	// The last declaration starting at or before b is the only one that
	// can hold it: top-level blocks do not nest.
	i, _ := slices.BinarySearchFunc(pf.decls, b, func(t topDecl, b int) int {
		return cmp.Compare(t.decl.Range.Start.Byte, b+1)
	})
	if i > 0 && pf.inBlock(pf.decls[i-1].decl, b) {
		return joinPlace(pf.decls[i-1].path(pf, b))
	}
	if i < len(pf.decls) && pf.jsonKeyOf(b, pf.decls[i].decl.Range.Start.Byte) {
		return joinPlace(pf.decls[i].path(pf, b))
	}
	return filePlace(name)
}

// appliesTo is the offset of the first code on the line the ignore
// comment starting at b applies to; b itself when there is none.
func (pf *placeFile) appliesTo(b int) int {
	if pf.f == nil {
		return b
	}
	pf.mu.Lock()
	defer pf.mu.Unlock()
	if pf.ignores == nil {
		pf.ignores = make(map[int]*lang.Ignore, len(pf.f.Ignores))
		for _, ig := range pf.f.Ignores {
			pf.ignores[ig.Range.Start.Byte] = ig
		}
		src := pf.f.Src
		pf.lineStarts = []int{0}
		for i, c := range src {
			if c == '\n' {
				pf.lineStarts = append(pf.lineStarts, i+1)
			}
		}
	}
	ig := pf.ignores[b]
	if ig == nil || ig.Line < 1 || ig.Line > len(pf.lineStarts) {
		return b
	}
	start := pf.lineStarts[ig.Line-1]
	rest := pf.f.Src[start:]
	if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
		rest = rest[:nl]
	}
	skip := len(rest) - len(bytes.TrimLeft(rest, " \t\r\ufeff"))
	if skip == len(rest) {
		return b
	}
	return start + skip
}

func in(r hcl.Range, b int) bool {
	return r.Start.Byte <= b && (b < r.End.Byte || b == r.Start.Byte)
}

// inBlock is in for a block: in HCL's JSON syntax a block's range is only
// its object's opening brace, so there the object is measured in the
// source up to its closing brace.
func (pf *placeFile) inBlock(d lang.Decl, b int) bool {
	r := d.Range
	if pf.f != nil && pf.f.JSON && r.Start.Byte >= 0 && r.Start.Byte < len(pf.f.Src) && pf.f.Src[r.Start.Byte] == '{' {
		r.End.Byte = pf.jsonEnd(r.Start.Byte)
	}
	return in(r, b)
}

// jsonKeyOf reports whether, in a JSON file, b is the start of the
// object key just before the object at start: a block's label, which in
// HCL's JSON syntax lies before the block's range.
func (pf *placeFile) jsonKeyOf(b, start int) bool {
	if pf.f == nil || !pf.f.JSON || b < 0 || start > len(pf.f.Src) || b >= start || pf.f.Src[b] != '"' {
		return false
	}
	src := pf.f.Src[:start]
	i := b + 1
	for ; i < len(src) && src[i] != '"'; i++ {
		if src[i] == '\\' {
			i++
		}
	}
	if i >= len(src) {
		return false
	}
	// Only white space and one colon may follow, up to the object; the
	// scan stops at anything else, so it costs no more than that space.
	colons := 0
	for i++; i < len(src); i++ {
		switch src[i] {
		case ' ', '\t', '\r', '\n':
		case ':':
			colons++
		default:
			return false
		}
	}
	return colons == 1
}

// jsonEnd is the offset just past the JSON object starting at start (or
// the end of the source when it is cut short); remembered, since every
// finding inside a block asks again.
func (pf *placeFile) jsonEnd(start int) int {
	pf.mu.Lock()
	defer pf.mu.Unlock()
	if end, ok := pf.objEnds[start]; ok {
		return end
	}
	src, depth, str, esc := pf.f.Src, 0, false, false
	end := len(src)
scan:
	for i := start; i < len(src); i++ {
		c := src[i]
		switch {
		case str && esc:
			esc = false
		case str && c == '\\':
			esc = true
		case str:
			str = c != '"'
		case c == '"':
			str = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			if depth--; depth == 0 {
				end = i + 1
				break scan
			}
		}
	}
	if pf.objEnds == nil {
		pf.objEnds = map[int]int{}
	}
	pf.objEnds[start] = end
	return end
}

func filePlace(name string) string { return "file/" + escapeSegment(name) }

// joinPlace joins path segments with "/", escaping "/" and "%" inside a
// segment (an ID may hold either) as %2F and %25.
func joinPlace(segs []string) string {
	out := make([]string, len(segs))
	for i, s := range segs {
		out[i] = escapeSegment(s)
	}
	return strings.Join(out, "/")
}

// escapeSegment percent-encodes what would make a place ambiguous or
// unreadable in a reviewed file: "%", "/", and every character that is not
// visible (controls, zero-width and other format characters, which an ID
// the schema rule rejects may hold), byte by byte as UTF-8.
func escapeSegment(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '%' || r == '/' || r == utf8.RuneError || !unicode.IsGraphic(r) || unicode.Is(unicode.Cf, r) {
			var buf [utf8.UTFMax]byte
			for _, c := range buf[:utf8.EncodeRune(buf[:], r)] {
				fmt.Fprintf(&b, "%%%02X", c)
			}
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// attrs and lists gather a block's optional attributes for within.
func attrs(as ...*lang.Attr) []*lang.Attr { return as }
func lists(ls ...*lang.List) []*lang.List { return ls }

// within is base, or base and the attribute (and for a list, the item)
// holding b.
func within(base []string, b int, as []*lang.Attr, ls []*lang.List) []string {
	for _, a := range as {
		if a != nil && in(a.Range, b) {
			return append(base, a.Name)
		}
	}
	for _, l := range ls {
		if l == nil || l.Attr == nil || !in(l.Attr.Range, b) {
			continue
		}
		if it, ok := at(l.Items, func(it lang.Item) hcl.Range { return it.Range }, b); ok {
			return append(base, l.Attr.Name, it.Value)
		}
		return append(base, l.Attr.Name)
	}
	return base
}

// attrPath is base plus the attribute of as holding b; with keys set, also
// the key of the object element holding b. Keys are taken only where the
// caller knows the value is no secret: a place is written to baselines.
func attrPath(base []string, b int, as lang.Attrs, keys func(name string) bool) []string {
	a, ok := at(as, func(a *lang.Attr) hcl.Range { return a.Range }, b)
	if !ok {
		return base
	}
	out := append(base, a.Name)
	if keys != nil && keys(a.Name) {
		// An element spans its key and its value.
		e, ok := at(a.Elems, func(e lang.Elem) hcl.Range {
			if e.Key != "" {
				return hcl.Range{Start: e.KeyRange.Start, End: e.Range.End}
			}
			return e.Range
		}, b)
		if ok && e.Key != "" {
			return append(out, e.Key)
		}
	}
	return out
}

// at finds the element of xs, which are in source order and do not
// overlap, whose range holds b: the last one starting at or before it,
// found by binary search, so a list of 100,000 items with a finding on
// each costs n log n.
func at[T any](xs []T, rng func(T) hcl.Range, b int) (T, bool) {
	i, _ := slices.BinarySearchFunc(xs, b, func(x T, b int) int { return cmp.Compare(rng(x).Start.Byte, b+1) })
	if i > 0 && in(rng(xs[i-1]), b) {
		return xs[i-1], true
	}
	var zero T
	return zero, false
}

// atBlock is at for blocks, whose range in a JSON file is measured.
func atBlock[T any](pf *placeFile, xs []T, decl func(T) lang.Decl, b int) (T, bool) {
	i, _ := slices.BinarySearchFunc(xs, b, func(x T, b int) int { return cmp.Compare(decl(x).Range.Start.Byte, b+1) })
	if i > 0 && pf.inBlock(decl(xs[i-1]), b) {
		return xs[i-1], true
	}
	var zero T
	return zero, false
}

func (pf *placeFile) reseller(r *lang.Reseller, b int) []string {
	base := []string{"reseller", r.ID}
	if ri, ok := atBlock(pf, r.Integrations, func(x *lang.ResellerIntegration) lang.Decl { return x.Decl }, b); ok {
		base = append(base, "integration", ri.Type)
		if env, ok := atBlock(pf, ri.Environments, func(x *lang.Environment) lang.Decl { return x.Decl }, b); ok {
			return attrPath(append(base, "environment", env.Name), b, env.Attrs, nil)
		}
		return attrPath(base, b, ri.Attrs, nil)
	}
	return within(base, b, attrs(r.Name), lists(r.FeatureFlags))
}

func (pf *placeFile) company(c *lang.Company, b int) []string {
	base := []string{"company", c.ID}
	if tb, ok := atBlock(pf, c.TaxBands, func(x *lang.TaxBand) lang.Decl { return x.Decl }, b); ok {
		return within(append(base, "tax_band", tb.ID), b, attrs(tb.Rate, tb.Condition), nil)
	}
	if ci, ok := atBlock(pf, c.Integrations, func(x *lang.CompanyIntegration) lang.Decl { return x.Decl }, b); ok {
		// Keys of a non-secret setting (the currencies of an amount) tell
		// findings apart; a secret's are never looked at.
		keys := func(name string) bool {
			if ci.Def == nil {
				return false
			}
			s := ci.Def.Setting(name)
			return s != nil && !s.Secret
		}
		return attrPath(append(base, "integration", ci.Type), b, ci.Attrs, keys)
	}
	return within(base, b, attrs(c.Name, c.Reseller, c.Parent, c.GlobalTransactions), lists(c.FeatureFlags, c.Permissions))
}

func (pf *placeFile) integrationType(t *lang.IntegrationTypeDecl, b int) []string {
	base := []string{"integration_type", t.ID}
	fields := func(base []string, kind string, fs []*lang.FieldDecl) ([]string, bool) {
		if f, ok := atBlock(pf, fs, func(x *lang.FieldDecl) lang.Decl { return x.Decl }, b); ok {
			return attrPath(append(base, kind, f.Name), b, f.Attrs, nil), true
		}
		return nil, false
	}
	if r := t.Reseller; r != nil && pf.inBlock(r.Decl, b) {
		base = append(base, "reseller")
		if p, ok := fields(base, "credential", r.Credentials); ok {
			return p
		}
		return within(base, b, nil, lists(r.Environments))
	}
	if c := t.Company; c != nil && pf.inBlock(c.Decl, b) {
		base = append(base, "company")
		if p, ok := fields(base, "credential", c.Credentials); ok {
			return p
		}
		if p, ok := fields(base, "setting", c.Settings); ok {
			return p
		}
		return base
	}
	return within(base, b, attrs(t.Name, t.Description, t.Category, t.FeatureFlag, t.Payment), lists(t.Permissions))
}

// Fingerprint identifies a finding for baselines and --new-from-rev: a
// hash of its rule, its logical place and its summary with runs of white
// space made one space. The summary tells apart two findings of one rule
// at one place (two unknown attributes of one block, two rules an unused
// ignore names); it never holds a secret (diagnostics never print one)
// and no file name or line.
func Fingerprint(rule, place, summary string) string {
	h := sha256.New()
	h.Write([]byte(rule + "\x00" + place + "\x00" + NormalizeSummary(summary)))
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// NormalizeSummary is the part of a summary that identifies a finding.
func NormalizeSummary(s string) string { return strings.Join(strings.Fields(s), " ") }
