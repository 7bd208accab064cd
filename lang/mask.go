package lang

import (
	"cmp"
	"slices"

	"github.com/hashicorp/hcl/v2"
)

// SecretMask stands for a secret value whatever its length, so that not
// even the length shows. Snippets, diffs and every other place that shows
// source text print it in place of a secret.
const SecretMask = "****"

// Masks are the ranges of one file's source that hold secret values, as
// Portfolio.Masks and LexicalMasks give them. Overlapping ranges count as
// one, so no tail of a secret shows.
type Masks []hcl.Range

// Apply returns a copy of src, a whole file, with every masked value
// replaced by SecretMask. The quotes around a value and the line breaks
// inside one are kept, so masked text keeps its line numbers: a diff of
// masked texts still lines up with the files.
func (ms Masks) Apply(src []byte) []byte {
	out, _ := ms.apply(src, 0)
	return out
}

// ApplyLine masks text, the part of a file that starts at byte offset
// start (a line of it, for a snippet), as Apply masks a whole file: a
// value cut by either end of text is masked up to that end, without the
// quote it has beyond. It returns text itself when nothing on it is
// secret, and a function that maps byte offsets of text to the masked
// text (an offset inside a secret maps to the end of its mask).
func (ms Masks) ApplyLine(text []byte, start int) ([]byte, func(int) int) {
	return ms.apply(text, start)
}

func (ms Masks) apply(text []byte, start int) ([]byte, func(int) int) {
	type cut struct{ from, to, newFrom, newTo int }
	var cuts []cut
	var out []byte
	prev := 0
	for _, sp := range ms.spans(start, len(text)) {
		// s and e are the span's ends cut to text; a quote counts only
		// at an end text holds.
		s, e := max(sp[0], 0), min(sp[1], len(text))
		if e <= s {
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(text))
		}
		out = append(out, text[prev:s]...)
		c := cut{from: s, to: e, newFrom: len(out)}
		if s == sp[0] && text[s] == '"' {
			out = append(out, '"')
		}
		out = append(out, SecretMask...)
		for j := s; j < e; j++ {
			if text[j] == '\n' {
				if j > s && text[j-1] == '\r' {
					out = append(out, '\r')
				}
				out = append(out, '\n')
			}
		}
		if e == sp[1] && e-1 > s && text[e-1] == '"' {
			out = append(out, '"')
		}
		c.newTo = len(out)
		cuts = append(cuts, c)
		prev = e
	}
	if cuts == nil {
		return text, func(o int) int { return o }
	}
	out = append(out, text[prev:]...)
	return out, func(o int) int {
		delta := 0
		for _, c := range cuts {
			switch {
			case o >= c.to:
				delta = c.newTo - c.to
			case o > c.from:
				return c.newTo
			default:
				return o + delta
			}
		}
		return o + delta
	}
}

// spans returns the masked byte ranges that meet text, n bytes from offset
// start, relative to start, sorted and overlapping ones merged. A range
// outside text cannot change how text is masked, and leaving it out keeps
// masking one line of a file with many secrets cheap.
func (ms Masks) spans(start, n int) [][2]int {
	var spans [][2]int
	for _, m := range ms {
		if s, e := m.Start.Byte-start, m.End.Byte-start; s < e && e > 0 && s < n {
			spans = append(spans, [2]int{s, e})
		}
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return cmp.Or(a[0]-b[0], a[1]-b[1]) })
	merged := spans[:0]
	for _, sp := range spans {
		if n := len(merged); n > 0 && sp[0] < merged[n-1][1] {
			merged[n-1][1] = max(merged[n-1][1], sp[1])
			continue
		}
		merged = append(merged, sp)
	}
	return merged
}
