package snapshot

// The comparison of a snapshot file with the snapshot build writes now,
// for build --check: by structure first (top-level members, then
// resellers and companies by id), so that its cost is a scan of both
// files, and then as a unified diff of only the parts that differ, with
// every value the file may hold a secret in masked.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/aymanbagabas/go-udiff"
	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/format"
	"github.com/tixcfg/tixcfg/lang"
)

// diffContext is the number of unchanged lines around a change.
const diffContext = 2

// span is a byte range [start, end) of a snapshot file.
type span struct{ start, end int }

// region pairs a part of the file with the part of the snapshot built now
// that stands for it. An exact region is whole lines that start and end
// at equal text on both sides; others are widened to lines and context.
type region struct {
	have, want span
	exact      bool
}

// snapshotIndex locates the top-level members of a snapshot file, and the
// items of its resellers and companies by id, without building the
// document: comparing two snapshots costs a scan of each.
type snapshotIndex struct {
	data    []byte
	members map[string]span
	keys    []string // in file order
	// items holds, for resellers and companies, each item's id and span
	// in file order; a member is missing when it is not a list of
	// objects with string ids.
	items map[string][]item
}

type item struct {
	id string
	span
}

// indexSnapshot reads the structure of a snapshot file; false when it is
// not a JSON object.
func indexSnapshot(data []byte) (*snapshotIndex, bool) { return indexWithout(data, nil) }

// indexWithout indexes a snapshot file, leaving the members in flat
// without an item index.
func indexWithout(data []byte, flat map[string]bool) (*snapshotIndex, bool) {
	x := &snapshotIndex{data: data, members: map[string]span{}, items: map[string][]item{}}
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, false
		}
		key := t.(string)
		start := skipJSONSpace(data, int(dec.InputOffset()), ':')
		if _, dup := x.members[key]; !dup {
			x.keys = append(x.keys, key)
		}
		if (key == "resellers" || key == "companies") && !flat[key] {
			items, ok := indexItems(dec, data, start)
			if !ok {
				// Not a list of objects with ids: the decoder is past
				// part of it, so start over with this member flat.
				flat = maps.Clone(flat)
				if flat == nil {
					flat = map[string]bool{}
				}
				flat[key] = true
				return indexWithout(data, flat)
			}
			x.items[key] = items
		} else if dec.Decode(new(json.RawMessage)) != nil {
			return nil, false
		}
		x.members[key] = span{start, int(dec.InputOffset())}
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('}') {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false
	}
	return x, true
}

// indexItems reads a list of objects with string ids from the decoder,
// which is positioned at start, before the list.
func indexItems(dec *json.Decoder, data []byte, start int) ([]item, bool) {
	if start >= len(data) || data[start] != '[' {
		return nil, false
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return nil, false
	}
	items := []item{}
	for dec.More() {
		s := skipJSONSpace(data, int(dec.InputOffset()), ',')
		var v struct {
			ID *string `json:"id"`
		}
		if dec.Decode(&v) != nil || v.ID == nil || s >= len(data) || data[s] != '{' {
			return nil, false
		}
		items = append(items, item{*v.ID, span{s, int(dec.InputOffset())}})
	}
	if t, err := dec.Token(); err != nil || t != json.Delim(']') {
		return nil, false
	}
	return items, true
}

// skipJSONSpace skips white space and one separator (':' or ',').
func skipJSONSpace(data []byte, i int, sep byte) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n' || data[i] == sep) {
		if data[i] == sep {
			sep = 0
		}
		i++
	}
	return i
}

func (x *snapshotIndex) text(s span) []byte { return x.data[s.start:s.end] }

// Comparison is what differs between a snapshot file (have) and the one
// build writes now (want).
type Comparison struct {
	have, want *snapshotIndex
	// Parts name the top-level members that differ, and for resellers and
	// companies which ids were changed, added or removed; the digest only
	// when nothing else differs, since it follows everything.
	Parts []string
	// regions pair the spans that differ, in file order on both sides.
	regions []region
	cat     *lang.Catalog
}

// Compare compares by structure: the top-level members, then
// resellers and companies by id, each pair of items by its bytes (and,
// when those differ, as JSON). Only what differs is diffed later.
func Compare(have, want []byte, cat *lang.Catalog) *Comparison {
	c := &Comparison{cat: cat}
	h, ok := indexSnapshot(have)
	if !ok {
		c.Parts = []string{"the file is not a JSON object (not a snapshot?)"}
		return c
	}
	w, ok := indexSnapshot(want)
	if !ok {
		c.Parts = []string{"the snapshot built now does not index"}
		return c
	}
	c.have, c.want = h, w
	keys := slices.Clone(h.keys)
	for _, k := range w.keys {
		if _, ok := h.members[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	digestDiffers := false
	for _, k := range keys {
		hs, hok := h.members[k]
		ws, wok := w.members[k]
		switch {
		case !hok:
			c.Parts = append(c.Parts, k+" (missing from the file)")
		case !wok:
			c.Parts = append(c.Parts, k+" (no longer written)")
		case h.items[k] != nil && w.items[k] != nil:
			// Item by item, never the whole list at once: the items that
			// are the same bytes cost a comparison of bytes.
			n := len(c.regions)
			if sum := c.itemChanges(h.items[k], w.items[k], hs, ws); len(c.regions) > n {
				c.Parts = append(c.Parts, k+" "+sum)
			}
			continue // its regions are the items'
		case sameJSON(h.text(hs), w.text(ws)):
			continue
		case k == "digest":
			digestDiffers = true
		case k == "resellers" || k == "companies":
			c.Parts = append(c.Parts, k+" (not a list of objects with ids)")
		default:
			c.Parts = append(c.Parts, k)
		}
		c.addMember(hs, hok, ws, wok)
	}
	if len(c.Parts) == 0 {
		if digestDiffers {
			c.Parts = []string{"digest"}
		} else {
			c.Parts = []string{"formatting only (the same JSON, written differently)"}
		}
	}
	slices.SortStableFunc(c.regions, func(a, b region) int { return a.have.start - b.have.start })
	return c
}

// addMember records a top-level member that differs; a side without it
// contributes an empty span before its closing brace.
func (c *Comparison) addMember(hs span, hok bool, ws span, wok bool) {
	if !hok {
		end := bytes.LastIndexByte(c.have.data, '}')
		hs = span{end, end}
	}
	if !wok {
		end := bytes.LastIndexByte(c.want.data, '}')
		ws = span{end, end}
	}
	c.regions = append(c.regions, region{have: hs, want: ws})
}

// itemChanges compares two lists of items by id, records the regions
// that differ, and summarises them. Items are sorted by id in a snapshot;
// lists that are not are compared whole.
func (c *Comparison) itemChanges(have, want []item, hs, ws span) string {
	sorted := func(items []item) bool {
		return slices.IsSortedFunc(items, func(a, b item) int { return strings.Compare(a.id, b.id) })
	}
	unique := func(items []item) bool {
		for i := 1; i < len(items); i++ {
			if items[i].id == items[i-1].id {
				return false
			}
		}
		return true
	}
	if len(have) == 0 && len(want) == 0 {
		return ""
	}
	var added, removed, changed []string
	if !sorted(have) || !sorted(want) || !unique(have) || !unique(want) {
		hm := map[string]bool{}
		for _, it := range have {
			hm[it.id] = true
		}
		wm := map[string]bool{}
		for _, it := range want {
			wm[it.id] = true
			if !hm[it.id] {
				added = append(added, it.id)
			}
		}
		for _, it := range have {
			if !wm[it.id] {
				removed = append(removed, it.id)
			}
		}
		c.regions = append(c.regions, region{have: hs, want: ws})
		if len(added)+len(removed) == 0 {
			return "(order)"
		}
		return summarise(changed, added, removed)
	}
	if len(have) == 0 || len(want) == 0 {
		for _, it := range want {
			added = append(added, it.id)
		}
		for _, it := range have {
			removed = append(removed, it.id)
		}
		c.regions = append(c.regions, region{have: hs, want: ws})
		return summarise(changed, added, removed)
	}
	// A run of items that differ becomes one region, from the equal item
	// before it to the equal item after it, in whole lines: both sides
	// then start and end at the same text, so the diff of the two is the
	// diff of the files there, commas included.
	run := func(i0, i1, j0, j1 int) {
		ha, wa := max(i0-1, 0), max(j0-1, 0)
		hb, wb := min(i1+1, len(have)), min(j1+1, len(want))
		c.regions = append(c.regions, region{have: linesOf(c.have.data, have, ha, hb), want: linesOf(c.want.data, want, wa, wb), exact: true})
	}
	i, j, i0, j0, open := 0, 0, 0, 0, false
	for i < len(have) || j < len(want) {
		if i < len(have) && j < len(want) && have[i].id == want[j].id && sameJSON(c.have.text(have[i].span), c.want.text(want[j].span)) {
			if open {
				run(i0, i, j0, j)
				open = false
			}
			i, j = i+1, j+1
			continue
		}
		if !open {
			i0, j0, open = i, j, true
		}
		switch {
		case i < len(have) && j < len(want) && have[i].id == want[j].id:
			changed = append(changed, have[i].id)
			i, j = i+1, j+1
		case j == len(want) || (i < len(have) && have[i].id < want[j].id):
			removed = append(removed, have[i].id)
			i++
		default:
			added = append(added, want[j].id)
			j++
		}
	}
	if open {
		run(i0, i, j0, j)
	}
	return summarise(changed, added, removed)
}

// linesOf is the text of items[a:b] in whole lines: from the start of the
// first one's line to the start of the line of the item after, or to the
// end of the last one's line.
func linesOf(data []byte, items []item, a, b int) span {
	start := bytes.LastIndexByte(data[:items[a].start], '\n') + 1
	if b < len(items) {
		return span{start, bytes.LastIndexByte(data[:items[b].start], '\n') + 1}
	}
	end := items[b-1].end
	if i := bytes.IndexByte(data[end:], '\n'); i >= 0 {
		return span{start, end + i + 1}
	}
	return span{start, len(data)}
}

func summarise(changed, added, removed []string) string {
	var out []string
	for _, g := range []struct {
		what string
		ids  []string
	}{{"changed", changed}, {"added", added}, {"removed", removed}} {
		if len(g.ids) > 0 {
			out = append(out, g.what+": "+strings.Join(g.ids, ", "))
		}
	}
	if len(out) == 0 {
		return "(formatting only)"
	}
	return "(" + strings.Join(out, "; ") + ")"
}

// sameJSON compares two JSON texts, byte for byte first.
func sameJSON(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	var ca, cb bytes.Buffer
	if json.Compact(&ca, a) != nil || json.Compact(&cb, b) != nil {
		return false
	}
	return bytes.Equal(ca.Bytes(), cb.Bytes())
}

// Excerpt is the start (maxLines lines) of a unified diff from the file to what build
// writes now, of the regions that differ only, with the file's secrets
// masked. A file that is not a snapshot gets none: it may hold anything.
func (c *Comparison) Excerpt(path string, maxLines int) string {
	if c.have == nil || len(c.regions) == 0 {
		return ""
	}
	u := udiff.UnifiedDiff{From: path, To: path + " (built now)"}
	hl, wl := newLineCounter(c.have.data), newLineCounter(c.want.data)
	lines := 2
	for _, r := range mergeRegions(c.regions, c.have.data, c.want.data) {
		hs, ws := r.have, r.want
		old := string(format.Mask(c.have.data[hs.start:hs.end], c.secretRanges(c.have, hs)))
		new := string(format.Mask(c.want.data[ws.start:ws.end], c.secretRanges(c.want, ws)))
		d, err := udiff.ToUnifiedDiff("", "", old, udiff.Lines(old, new), diffContext)
		if err != nil {
			continue
		}
		fromLine, toLine := hl.line(hs.start)-1, wl.line(ws.start)-1
		for _, h := range d.Hunks {
			h.FromLine += fromLine
			h.ToLine += toLine
			u.Hunks = append(u.Hunks, h)
			lines += 1 + len(h.Lines)
		}
		if lines > maxLines {
			break // the rest is cut anyway
		}
	}
	return cutLines(u.String(), maxLines)
}

// mergeRegions widens the regions that are not exact to whole lines and
// diffContext more on each side, and merges the regions that overlap.
func mergeRegions(regions []region, have, want []byte) []region {
	widen := func(data []byte, s span) span {
		start := bytes.LastIndexByte(data[:s.start], '\n') + 1
		for range diffContext {
			if start > 0 {
				start = bytes.LastIndexByte(data[:start-1], '\n') + 1
			}
		}
		end := s.end
		for range diffContext + 1 {
			if i := bytes.IndexByte(data[end:], '\n'); i >= 0 {
				end += i + 1
			} else {
				end = len(data)
			}
		}
		return span{start, end}
	}
	var out []region
	for _, r := range regions {
		if !r.exact {
			r = region{have: widen(have, r.have), want: widen(want, r.want)}
		}
		if n := len(out); n > 0 && (r.have.start < out[n-1].have.end || r.want.start < out[n-1].want.end) {
			out[n-1].have.end = max(out[n-1].have.end, r.have.end)
			out[n-1].want.end = max(out[n-1].want.end, r.want.end)
			continue
		}
		out = append(out, r)
	}
	return out
}

// lineCounter turns byte offsets, asked for in increasing order, into
// line numbers in one pass over the text.
type lineCounter struct {
	data   []byte
	off, n int
}

func newLineCounter(data []byte) *lineCounter { return &lineCounter{data: data, n: 1} }

func (l *lineCounter) line(off int) int {
	if off < l.off {
		l.off, l.n = 0, 1
	}
	l.n += bytes.Count(l.data[l.off:off], []byte{'\n'})
	l.off = off
	return l.n
}

// cutLines keeps the first n lines of a text, saying how many it left out.
func cutLines(d string, n int) string {
	lines := strings.SplitAfter(d, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) <= n {
		return strings.Join(lines, "")
	}
	return strings.Join(lines[:n], "") + fmt.Sprintf("... %d more lines of diff\n", len(lines)-n)
}

// secretRanges finds, in a span of a snapshot, the values a stale file
// may hold secrets in: everything under "credentials" or "environments"
// but secret references ({"secret": "ref"}), and the values of settings
// the catalog marks secret (every setting of a type it does not know, or
// of an integration whose type is not written before its settings). The
// file may come from an older tool, or from anywhere: it is not trusted
// to hold references only. Both sides of the diff are masked alike, so
// that only real changes show. The span need not start or end at a value:
// the top-level members it touches (of resellers and companies, the items
// it touches) are walked from their start, so a value is always judged in
// its place in the document, and the ranges are cut to the span.
func (c *Comparison) secretRanges(x *snapshotIndex, s span) []hcl.Range {
	data := x.data
	sc := &jsonScanner{data: data}
	var out []hcl.Range
	mask := func(from int) int {
		to := sc.skip(from)
		if from, to := max(from, s.start), min(to, s.end); from < to {
			out = append(out, hcl.Range{Start: hcl.Pos{Byte: from - s.start}, End: hcl.Pos{Byte: to - s.start}})
		}
		return to
	}
	// walk steps over the value at i. In a secret context every value
	// but a reference is masked; objects are walked into, as they hold
	// environments or credentials. settingsOf is set, to the type, for
	// the object of an integration's settings.
	var walk func(i int, secret bool, settingsOf *string) int
	walk = func(i int, secret bool, settingsOf *string) int {
		i = sc.space(i)
		if i >= len(data) {
			return i
		}
		switch {
		case secret && sc.isRef(i):
			return sc.skip(i)
		case data[i] == '[' && !secret:
			for i++; ; {
				i = sc.space(i)
				if i >= len(data) || data[i] == ']' {
					return i + 1
				}
				if data[i] == ',' {
					i++
					continue
				}
				i = walk(i, false, nil)
			}
		case data[i] != '{':
			if secret {
				return mask(i)
			}
			return sc.skip(i)
		}
		typ, typed := "", false
		for i++; ; {
			i = sc.space(i)
			if i >= len(data) || data[i] == '}' {
				return i + 1
			}
			if data[i] == ',' {
				i++
				continue
			}
			ks := i
			i = sc.str(i)
			key := string(data[ks+1 : max(ks+1, i-1)])
			if bytes.IndexByte(data[ks:i], '\\') >= 0 {
				json.Unmarshal(data[ks:i], &key)
			}
			if i = sc.space(i); i < len(data) && data[i] == ':' {
				i++
			}
			vs := sc.space(i)
			switch {
			case secret:
				i = walk(vs, true, nil)
			case settingsOf != nil:
				i = walk(vs, c.secretSetting(*settingsOf, key), nil)
			case key == "credentials" || key == "environments":
				i = walk(vs, true, nil)
			case key == "settings":
				st := typ
				if !typed {
					st = "" // no type seen yet: every setting is in doubt
				}
				i = walk(vs, false, &st)
			case key == "type" && vs < len(data) && data[vs] == '"':
				i = sc.skip(vs)
				typed = json.Unmarshal(data[vs:i], &typ) == nil
			default:
				i = walk(vs, false, nil)
			}
		}
	}
	overlaps := func(m span) bool { return m.start < s.end && s.start < m.end }
	for _, key := range x.keys {
		m := x.members[key]
		if !overlaps(m) {
			continue
		}
		items, indexed := x.items[key]
		if !indexed {
			walk(m.start, key == "credentials" || key == "environments", nil)
			continue
		}
		first, _ := slices.BinarySearchFunc(items, s.start, func(it item, off int) int { return it.end - off })
		for _, it := range items[first:] {
			if it.start >= s.end {
				break
			}
			if overlaps(it.span) {
				walk(it.start, false, nil)
			}
		}
	}
	return out
}

// secretSetting reports whether a setting of an integration of type typ
// may hold a secret: unknown types and settings may.
func (c *Comparison) secretSetting(typ, name string) bool {
	t := c.cat.Type(typ)
	if t == nil {
		return true
	}
	st := t.Setting(name)
	return st == nil || st.Secret
}

// jsonScanner steps over the values of JSON text that has been decoded
// once already, so is known to be well formed (a cut-off span ends at the
// end of the data).
type jsonScanner struct{ data []byte }

func (s *jsonScanner) space(i int) int {
	for i < len(s.data) && (s.data[i] == ' ' || s.data[i] == '\t' || s.data[i] == '\r' || s.data[i] == '\n') {
		i++
	}
	return i
}

// str returns the end of the string that starts at i.
func (s *jsonScanner) str(i int) int {
	for i++; i < len(s.data); i++ {
		switch s.data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(s.data)
}

// skip returns the end of the value that starts at i.
func (s *jsonScanner) skip(i int) int {
	if i >= len(s.data) {
		return i
	}
	switch s.data[i] {
	case '"':
		return s.str(i)
	case '{', '[':
		depth := 0
		for ; i < len(s.data); i++ {
			switch s.data[i] {
			case '"':
				i = s.str(i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return len(s.data)
	}
	for i < len(s.data) && !strings.ContainsRune(" \t\r\n,:}]", rune(s.data[i])) {
		i++
	}
	return i
}

// isRef reports whether the value at i is a secret reference:
// {"secret": "ref"} and nothing else.
func (s *jsonScanner) isRef(i int) bool {
	e := s.skip(i)
	var ref map[string]json.RawMessage
	if json.Unmarshal(s.data[i:e], &ref) != nil || len(ref) != 1 {
		return false
	}
	v, ok := ref["secret"]
	return ok && len(v) > 0 && v[0] == '"'
}
