package format

import (
	"bytes"
	"cmp"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/rogpeppe/go-internal/diff"

	"github.com/tixcfg/tixcfg/lang"
)

// secretMask stands for a secret value whatever its length, as in the
// snippets of diagnostics, so that not even the length shows.
const secretMask = "****"

// Mask returns a copy of src in which every range (as Portfolio.Masks
// gives them; overlapping ones are merged) is replaced by a fixed mask.
// The quotes around a value and the line breaks inside one are kept, so
// masked text keeps its line numbers: a diff of masked texts still lines
// up with the files.
func Mask(src []byte, masks []hcl.Range) []byte {
	spans := make([][2]int, 0, len(masks))
	for _, m := range masks {
		if s, e := max(m.Start.Byte, 0), min(m.End.Byte, len(src)); s < e {
			spans = append(spans, [2]int{s, e})
		}
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return cmp.Or(a[0]-b[0], a[1]-b[1]) })
	var out []byte
	prev := 0
	for i := 0; i < len(spans); i++ {
		s, e := spans[i][0], spans[i][1]
		for i+1 < len(spans) && spans[i+1][0] < e {
			i++
			e = max(e, spans[i][1])
		}
		if s < prev {
			s = prev
		}
		out = append(out, src[prev:s]...)
		if src[s] == '"' {
			out = append(out, '"')
		}
		out = append(out, secretMask...)
		for j := s; j < e; j++ {
			if src[j] == '\n' {
				if j > s && src[j-1] == '\r' {
					out = append(out, '\r')
				}
				out = append(out, '\n')
			}
		}
		if e-1 > s && src[e-1] == '"' {
			out = append(out, '"')
		}
		prev = e
	}
	return append(out, src[prev:]...)
}

// SecretRanges returns the ranges of a file's source to hide when it is
// shown whole, as a diff shows it: the values p (the portfolio the file
// was decoded in) marks as secret, and, as a safety net for what the
// loader did not decode (a block under a misspelt type is skipped, so its
// values are not known to be secret), every literal value of an attribute
// whose name sounds secret, as lang masks files that do not parse.
func SecretRanges(p *lang.Portfolio, name string, src []byte) []hcl.Range {
	return append(slices.Clone(p.Masks(name)), lang.LexicalMasks(name, src)...)
}

// Diff returns a unified diff (three lines of context, "a/" and "b/"
// prefixes as git writes them) from old to new of the file name, or ""
// when they are equal. A side that lacks a final line break gets git's
// "\ No newline at end of file" marker.
func Diff(name string, old, new []byte) (string, error) {
	if bytes.Equal(old, new) {
		return "", nil
	}
	// go-internal's anchored diff takes O(n log n) time where difflib's
	// matcher is quadratic: a formatted 200,000-line file must not hang.
	// Its first line, "diff a/name b/name", is not part of a unified diff.
	out := string(diff.Diff("a/"+name, old, "b/"+name, new))
	return out[strings.IndexByte(out, '\n')+1:], nil
}
