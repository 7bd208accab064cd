package checker

import (
	"bytes"
	"slices"
	"strings"

	"github.com/aymanbagabas/go-udiff"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/tixcfg/tixcfg/format"
	"github.com/tixcfg/tixcfg/lang"
)

// The edit builders every rule's fixes are made of. Each works on the
// native-syntax text of one file and refuses (ok false) where it cannot be
// sure of the layout, so that a rule offers no fix rather than a wrong
// one. newFix then lays each edited file out canonically.

// maxCanonicalFix bounds the top-level blocks whose fixes newFix lays
// out as tixcfg fmt would: each fix formats the blocks it edits, and a
// hostile block with thousands of findings must not be formatted
// thousands of times. A larger block's fixes keep their raw edits; tixcfg
// fix formats what it writes.
const maxCanonicalFix = 64 << 10

// editFile is the native-syntax file a range lies in, or nil.
func editFile(p *lang.Portfolio, r hcl.Range) *lang.File {
	f := p.File(r.Filename)
	if f == nil || f.JSON || f.ParseFailed || r.Start.Byte < 0 || r.End.Byte > len(f.Src) || r.Start.Byte > r.End.Byte {
		return nil
	}
	return f
}

// edits collects the edits of one fix; the first refusal spoils it.
type edits struct {
	p   *lang.Portfolio
	out []lang.Edit
	bad bool
}

func (e *edits) add(es []lang.Edit, ok bool) {
	if !ok {
		e.bad = true
	}
	e.out = append(e.out, es...)
}

// fix is the fix of the edits collected, or nil when one was refused.
func (e *edits) fix(msg string, safety lang.Safety) []lang.Fix {
	if e.bad || len(e.out) == 0 {
		return nil
	}
	return newFix(e.p, msg, safety, e.out)
}

// newFix makes a fix of raw edits, each edited top-level block's edits
// replaced by those that turn it into the canonical layout of the result,
// so an editor applying them (a code action, a pull-request suggestion)
// leaves the file as tixcfg fmt would. Layout never reaches across
// top-level blocks, so only the blocks edited are formatted, not the
// file: a file with thousands of findings costs no more a fix. A block not
// in canonical layout before keeps the raw edits. nil when the edits
// overlap or break the block.
func newFix(p *lang.Portfolio, msg string, safety lang.Safety, raw []lang.Edit) []lang.Fix {
	if len(raw) == 0 {
		return nil
	}
	byFile := map[string][]lang.Edit{}
	for _, e := range raw {
		byFile[e.Range.Filename] = append(byFile[e.Range.Filename], e)
	}
	var out []lang.Edit
	for _, name := range sortedKeys(byFile) {
		es := byFile[name]
		lang.SortEdits(es)
		for i := 1; i < len(es); i++ {
			if es[i].Overlaps(es[i-1]) {
				return nil
			}
		}
		f := p.File(name)
		if f == nil {
			return nil
		}
		for _, sp := range topLevelSpans(f.Src, es) {
			laid, ok := layoutSpan(name, f.Src, sp)
			if !ok {
				return nil
			}
			out = append(out, laid...)
		}
	}
	return []lang.Fix{{Message: msg, Safety: safety, Edits: out}}
}

// span is a run of whole top-level blocks, src[from:to], and the edits
// that fall in it.
type span struct {
	from, to int
	edits    []lang.Edit
}

// topLevelSpans groups sorted edits by the top-level blocks they fall in:
// in canonical layout a block starts with a name at the start of a line
// and ends with a line starting with "}". Where that reading is wrong (a
// heredoc's lines), the span does not parse or format alone and its edits
// stay raw (layoutSpan).
func topLevelSpans(src []byte, es []lang.Edit) []span {
	var out []span
	for _, e := range es {
		from, to := e.Range.Start.Byte, e.Range.End.Byte
		from = bytes.LastIndexByte(src[:from], '\n') + 1
		for from > 0 && !blockHeader(src[from:]) {
			from = bytes.LastIndexByte(src[:from-1], '\n') + 1
		}
		for {
			end := lineEnd(src, to)
			if end < 0 {
				to = len(src)
				break
			}
			line := src[bytes.LastIndexByte(src[:end-1], '\n')+1 : end]
			if len(line) > 0 && line[0] == '}' && end > e.Range.End.Byte {
				to = end
				break
			}
			to = end
		}
		if n := len(out); n > 0 && from < out[n-1].to {
			out[n-1].to = max(out[n-1].to, to)
			out[n-1].edits = append(out[n-1].edits, e)
			continue
		}
		out = append(out, span{from: from, to: to, edits: []lang.Edit{e}})
	}
	return out
}

// blockHeader reports whether a line starts a top-level item: a name at
// its very start.
func blockHeader(line []byte) bool {
	return len(line) > 0 && (line[0] == '_' || ('a' <= line[0] && line[0] <= 'z') || ('A' <= line[0] && line[0] <= 'Z'))
}

// layoutSpan is the edits of one span laid out canonically; ok is false
// when they do not fit it or leave it unparsable. A span that is not in
// canonical layout, or not whole blocks, keeps the raw edits.
func layoutSpan(name string, src []byte, sp span) ([]lang.Edit, bool) {
	before := src[sp.from:sp.to]
	rel := make([]lang.Edit, len(sp.edits))
	for i, e := range sp.edits {
		rel[i] = lang.Edit{Range: hcl.Range{Filename: name, Start: hcl.Pos{Byte: e.Range.Start.Byte - sp.from}, End: hcl.Pos{Byte: e.Range.End.Byte - sp.from}}, NewText: e.NewText}
	}
	after, ok := lang.ApplyEdits(before, rel)
	if !ok {
		return nil, false
	}
	if len(before) > maxCanonicalFix {
		return sp.edits, true
	}
	formatted, ok := format.Layout(name, after)
	if !ok {
		if _, whole := format.Layout(name, before); whole {
			return nil, false // the fix would break the file
		}
		return sp.edits, true // not whole blocks after all (a heredoc's lines)
	}
	if bytes.Equal(formatted, after) {
		return sp.edits, true
	}
	if canon, _ := format.Layout(name, before); !bytes.Equal(canon, before) {
		return sp.edits, true
	}
	base := lang.PosAt(src, sp.from)
	laid := lineEdits(name, before, formatted)
	for i := range laid {
		laid[i].Range.Start = shiftPos(laid[i].Range.Start, base)
		laid[i].Range.End = shiftPos(laid[i].Range.End, base)
	}
	return laid, true
}

// shiftPos moves a position within a span to the file, the span starting
// at base, the start of a line.
func shiftPos(p, base hcl.Pos) hcl.Pos {
	return hcl.Pos{Line: base.Line + p.Line - 1, Column: p.Column, Byte: base.Byte + p.Byte}
}

// layoutFixes lays out the fixes the loader made (which cannot format) as
// newFix does. The loader's slices are shared with its cache: each fixed
// diagnostic gets new ones.
func layoutFixes(p *lang.Portfolio, diags []lang.Diagnostic) {
	for i := range diags {
		if len(diags[i].Fixes) == 0 {
			continue
		}
		var out []lang.Fix
		for _, f := range diags[i].Fixes {
			out = append(out, newFix(p, f.Message, f.Safety, slices.Clone(f.Edits))...)
		}
		diags[i].Fixes = out
	}
}

// lineEdits are small edits that turn src into dst: lines that only
// differ in their blanks (an "=" realigned) are edited where they differ,
// and lines added or removed are inserted or deleted whole. Checked by
// applying them; when that does not give dst, one edit of the changed span.
func lineEdits(name string, src, dst []byte) []lang.Edit {
	a, b := splitLines(src), splitLines(dst)
	aStart := lineStarts(a)
	var out []lang.Edit
	edit := func(from, to int, text string) {
		out = append(out, lang.Edit{Range: hcl.Range{Filename: name, Start: lang.PosAt(src, from), End: lang.PosAt(src, to)}, NewText: text})
	}
	i, j := 0, 0
	pair := func(ai, bj int) {
		x, y := a[ai], b[bj]
		if x == y {
			return
		}
		pre := commonPrefix(x, y)
		for pre > 0 && !runeStart(x, pre) {
			pre--
		}
		suf := 0
		for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
			suf++
		}
		for suf > 0 && !runeStart(x, len(x)-suf) {
			suf--
		}
		edit(aStart[ai]+pre, aStart[ai]+len(x)-suf, y[pre:len(y)-suf])
	}
	na, naStart := normalized(a)
	nb, _ := normalized(b)
	lineAt := make(map[int]int, len(a)+1)
	for k, off := range naStart {
		lineAt[off] = k
	}
	for _, h := range udiff.Lines(na, nb) {
		// The normalized texts have one line per original line.
		ha, okA := lineAt[h.Start]
		hb, okB := lineAt[h.End]
		if !okA || !okB {
			out = nil
			break
		}
		for ; i < ha; i, j = i+1, j+1 {
			pair(i, j)
		}
		n := strings.Count(h.New, "\n")
		if j+n > len(b) {
			out = nil
			break
		}
		edit(aStart[ha], aStart[hb], strings.Join(b[j:j+n], ""))
		i, j = hb, j+n
	}
	for ; i < len(a) && j < len(b); i, j = i+1, j+1 {
		pair(i, j)
	}
	if got, ok := lang.ApplyEdits(src, out); ok && bytes.Equal(got, dst) {
		return out
	}
	pre := commonPrefix(string(src), string(dst))
	for pre > 0 && !runeStart(string(src), pre) {
		pre--
	}
	suf := 0
	for suf < len(src)-pre && suf < len(dst)-pre && src[len(src)-1-suf] == dst[len(dst)-1-suf] {
		suf++
	}
	for suf > 0 && !runeStart(string(src), len(src)-suf) {
		suf--
	}
	return []lang.Edit{{Range: hcl.Range{Filename: name, Start: lang.PosAt(src, pre), End: lang.PosAt(src, len(src)-suf)},
		NewText: string(dst[pre : len(dst)-suf])}}
}

func runeStart(s string, i int) bool { return i >= len(s) || s[i]&0xC0 != 0x80 }

// splitLines cuts text after each line break, keeping it.
func splitLines(src []byte) []string {
	var out []string
	for s := string(src); s != ""; {
		i := strings.IndexByte(s, '\n') + 1
		if i == 0 {
			i = len(s)
		}
		out, s = append(out, s[:i]), s[i:]
	}
	return out
}

func lineStarts(lines []string) []int {
	out := make([]int, len(lines)+1)
	for i, l := range lines {
		out[i+1] = out[i] + len(l)
	}
	return out
}

// normalized is the lines with their blanks collapsed, each ending in a
// line break, so that a line the layout only realigns pairs with its
// original; starts are the offsets of its lines.
func normalized(lines []string) (string, []int) {
	var b strings.Builder
	starts := make([]int, 0, len(lines)+1)
	for _, l := range lines {
		starts = append(starts, b.Len())
		b.WriteString(strings.Join(strings.Fields(l), " "))
		b.WriteByte('\n')
	}
	return b.String(), append(starts, b.Len())
}

// hclString is s as an HCL quoted string.
func hclString(s string) string {
	return string(hclwrite.TokensForValue(cty.StringVal(s)).Bytes())
}

// replaceRange is the edit that writes text over r.
func replaceRange(p *lang.Portfolio, r hcl.Range, text string) ([]lang.Edit, bool) {
	if editFile(p, r) == nil {
		return nil, false
	}
	return []lang.Edit{{Range: r, NewText: text}}, true
}

// replaceQuoted writes the quoted string s over r, which must hold a
// quoted string literal (not a heredoc or a template).
func replaceQuoted(p *lang.Portfolio, r hcl.Range, s string) ([]lang.Edit, bool) {
	f := editFile(p, r)
	if f == nil {
		return nil, false
	}
	lit := f.Src[r.Start.Byte:r.End.Byte]
	if len(lit) < 2 || lit[0] != '"' || lit[len(lit)-1] != '"' || bytes.Contains(lit, []byte("${")) || bytes.Contains(lit, []byte("%{")) {
		return nil, false
	}
	return []lang.Edit{{Range: r, NewText: hclString(s)}}, true
}

// lineIndent is the blanks that start the line holding offset.
func lineIndent(src []byte, offset int) string {
	start := bytes.LastIndexByte(src[:offset], '\n') + 1
	end := start
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[start:end])
}

// lineEnd is the offset after the line break that ends the line holding
// offset, or -1 at the end of the file.
func lineEnd(src []byte, offset int) int {
	i := bytes.IndexByte(src[offset:], '\n')
	if i < 0 {
		return -1
	}
	return offset + i + 1
}

// braces finds a block's braces: the offsets of "{" and "}". A one-line
// block's range may end before its "}", after the last attribute.
func braces(src []byte, d lang.Decl) (open, closing int, ok bool) {
	if d.Range.End.Byte > len(src) || d.DefRange.End.Byte > d.Range.End.Byte || d.Range.End.Byte < 1 {
		return 0, 0, false
	}
	open = bytes.IndexByte(src[d.DefRange.End.Byte:d.Range.End.Byte], '{')
	closing = d.Range.End.Byte - 1
	if src[closing] != '}' {
		closing = d.Range.End.Byte
		for closing < len(src) && (src[closing] == ' ' || src[closing] == '\t') {
			closing++
		}
	}
	if open < 0 || closing >= len(src) || src[closing] != '}' {
		return 0, 0, false
	}
	return d.DefRange.End.Byte + open, closing, true
}

// insertLines inserts whole lines into a block's body: after the line
// that ends the attribute after, or, with after nil, first in the body.
// lines are the body's lines without their indentation, which is the
// block's plus two blanks. An empty one-line block ({}) is opened up.
func insertLines(p *lang.Portfolio, d lang.Decl, after *lang.Attr, lines []string) ([]lang.Edit, bool) {
	bd, ok := openBody(p, d, lines)
	if !ok {
		return nil, false
	}
	f, src, open, closing, outer, text := bd.f, bd.f.Src, bd.open, bd.closing, bd.outer, bd.text
	if after != nil {
		if after.Range.Filename != f.Name {
			return nil, false
		}
		at := lineEnd(src, after.Range.End.Byte)
		if at < 0 || at > closing {
			return nil, false
		}
		return []lang.Edit{insertAt(f, at, text)}, true
	}
	if at := lineEnd(src, open); at >= 0 && at <= closing {
		return []lang.Edit{insertAt(f, at, text)}, true
	}
	if len(bytes.TrimSpace(src[open+1:closing])) > 0 {
		return nil, false // a one-line block with a body: no layout to follow
	}
	return []lang.Edit{lang.Edit{Range: rangeOf(f, open, closing+1), NewText: "{\n" + text + outer + "}"}}, true
}

// appendBlock adds a nested block at the end of a block's body, after a
// blank line; lines are the new block's, without the body's indentation.
func appendBlock(p *lang.Portfolio, d lang.Decl, lines []string) ([]lang.Edit, bool) {
	bd, ok := openBody(p, d, lines)
	if !ok {
		return nil, false
	}
	f, src, open, closing := bd.f, bd.f.Src, bd.open, bd.closing
	lineStart := bytes.LastIndexByte(src[:closing], '\n') + 1
	if lineStart > open && len(bytes.TrimSpace(src[lineStart:closing])) == 0 {
		return []lang.Edit{insertAt(f, lineStart, "\n"+bd.text)}, true
	}
	if len(bytes.TrimSpace(src[open+1:closing])) > 0 {
		return nil, false
	}
	return []lang.Edit{{Range: rangeOf(f, open, closing+1), NewText: "{\n" + bd.text + bd.outer + "}"}}, true
}

// body is a block about to gain lines: its file, the offsets of its
// braces, the block's own indentation and the new lines indented inside it.
type body struct {
	f             *lang.File
	open, closing int
	outer, text   string
}

// openBody finds the block's braces in an editable file and indents the
// new lines for its body.
func openBody(p *lang.Portfolio, d lang.Decl, lines []string) (body, bool) {
	f := editFile(p, d.Range)
	if f == nil {
		return body{}, false
	}
	open, closing, ok := braces(f.Src, d)
	if !ok {
		return body{}, false
	}
	outer := lineIndent(f.Src, d.Range.Start.Byte)
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(outer + "  " + l + "\n")
	}
	return body{f: f, open: open, closing: closing, outer: outer, text: b.String()}, true
}

// setAttr inserts `name = value` as a new line of a block, after the last
// written of the attributes that come before it in the canonical order.
func setAttr(p *lang.Portfolio, d lang.Decl, before []*lang.Attr, name, value string) ([]lang.Edit, bool) {
	var after *lang.Attr
	for _, a := range before {
		if a != nil && (after == nil || a.Range.End.Byte > after.Range.End.Byte) {
			after = a
		}
	}
	return insertLines(p, d, after, []string{name + " = " + value})
}

// addToList adds values to a list of strings following its layout: one
// line, or an item a line; an absent list is written as a new attribute
// of the block (see setAttr).
func addToList(p *lang.Portfolio, l *lang.List, d lang.Decl, before []*lang.Attr, name string, values []string) ([]lang.Edit, bool) {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = hclString(v)
	}
	if l == nil || l.Attr == nil {
		return setAttr(p, d, before, name, "["+strings.Join(quoted, ", ")+"]")
	}
	if l.Unknown {
		return nil, false
	}
	r := l.Attr.ValueRange
	f := editFile(p, r)
	if f == nil {
		return nil, false
	}
	src := f.Src
	if r.End.Byte-r.Start.Byte < 2 || src[r.Start.Byte] != '[' || src[r.End.Byte-1] != ']' {
		return nil, false
	}
	if len(l.Items) == 0 {
		if len(bytes.TrimSpace(src[r.Start.Byte+1:r.End.Byte-1])) > 0 {
			return nil, false // a comment in the empty list
		}
		return []lang.Edit{{Range: r, NewText: "[" + strings.Join(quoted, ", ") + "]"}}, true
	}
	last := l.Items[len(l.Items)-1].Range
	tail := src[last.End.Byte : r.End.Byte-1]
	rest := bytes.TrimSpace(tail)
	if len(rest) > 0 && string(rest) != "," {
		return nil, false // a comment after the last item: where it belongs is a guess
	}
	if !bytes.Contains(tail, []byte("\n")) {
		return []lang.Edit{insertAt(f, last.End.Byte, ", "+strings.Join(quoted, ", "))}, true
	}
	indent := lineIndent(src, last.Start.Byte)
	if len(rest) > 0 { // a trailing comma: keep one after each item
		at := last.End.Byte + bytes.IndexByte(tail, ',') + 1
		return []lang.Edit{insertAt(f, at, "\n"+indent+strings.Join(quoted, ",\n"+indent)+",")}, true
	}
	return []lang.Edit{insertAt(f, last.End.Byte, ",\n"+indent+strings.Join(quoted, ",\n"+indent))}, true
}

// removeListItem removes item i of a list with the comma before it, or,
// for the first, with the comma and blanks after it; an item on a line of
// its own goes with its line (lang.ElementDeletion). No comment between
// items goes with it.
func removeListItem(p *lang.Portfolio, l *lang.List, i int) ([]lang.Edit, bool) {
	if l == nil || l.Attr == nil || i < 0 || i >= len(l.Items) {
		return nil, false
	}
	it := l.Items[i].Range
	f := editFile(p, it)
	if f == nil {
		return nil, false
	}
	if i > 0 {
		prev := l.Items[i-1].Range
		if prev.Filename != it.Filename {
			return nil, false
		}
		e, ok := lang.ElementDeletion(f.Name, f.Src, prev.End.Byte, it.Start.Byte, it.End.Byte)
		return []lang.Edit{e}, ok
	}
	r := l.Attr.ValueRange
	if r.Filename != f.Name || r.Start.Byte >= it.Start.Byte || r.End.Byte <= it.End.Byte {
		return nil, false
	}
	if len(l.Items) == 1 {
		inner := bytes.TrimSpace(f.Src[it.End.Byte : r.End.Byte-1])
		if len(bytes.TrimSpace(f.Src[r.Start.Byte+1:it.Start.Byte])) > 0 || (len(inner) > 0 && string(inner) != ",") {
			return nil, false
		}
		return []lang.Edit{{Range: r, NewText: "[]"}}, true
	}
	next := l.Items[1].Range
	if next.Filename != it.Filename || string(bytes.TrimSpace(f.Src[it.End.Byte:next.Start.Byte])) != "," {
		return nil, false
	}
	return []lang.Edit{lang.Deletion(f.Name, f.Src, it.Start.Byte, next.Start.Byte)}, true
}

// removeBlock removes a block with its whole lines: what stands before it
// on its first line must be blanks, and only a comment may follow it on
// its last.
func removeBlock(p *lang.Portfolio, d lang.Decl) ([]lang.Edit, bool) {
	f := editFile(p, d.Range)
	if f == nil {
		return nil, false
	}
	src := f.Src
	_, closing, ok := braces(src, d)
	if !ok {
		return nil, false
	}
	from := bytes.LastIndexByte(src[:d.Range.Start.Byte], '\n') + 1
	if len(bytes.TrimSpace(src[from:d.Range.Start.Byte])) > 0 {
		return nil, false
	}
	to := lineEnd(src, closing)
	if to < 0 {
		to = len(src)
	}
	if rest := bytes.TrimSpace(src[closing+1 : to]); len(rest) > 0 && rest[0] != '#' && !bytes.HasPrefix(rest, []byte("//")) {
		return nil, false
	}
	return []lang.Edit{lang.Deletion(f.Name, src, from, to)}, true
}

func insertAt(f *lang.File, at int, text string) lang.Edit {
	return lang.Edit{Range: rangeOf(f, at, at), NewText: text}
}

func rangeOf(f *lang.File, from, to int) hcl.Range {
	return hcl.Range{Filename: f.Name, Start: lang.PosAt(f.Src, from), End: lang.PosAt(f.Src, to)}
}
