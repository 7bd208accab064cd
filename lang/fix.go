package lang

import (
	"bytes"
	"cmp"
	"slices"

	"github.com/hashicorp/hcl/v2"
)

// Safety says whether a fix may be applied without a person's review, as
// ruff separates safe and unsafe fixes.
type Safety int

// Safeties, from least to most in need of review.
const (
	// Safe fixes only do what the finding asks and change nothing that
	// runs: remove an unused ignore or a repeated list item, correct a case.
	Safe Safety = iota + 1
	// Review fixes change what runs or what a company is attached to: add
	// a flag, rename a reference, remove a block.
	Review
)

// String is the safety's name in every output format.
func (s Safety) String() string {
	switch s {
	case Safe:
		return "safe"
	case Review:
		return "review"
	}
	return "unknown"
}

// Fix is one alternative way to resolve a diagnostic: its edits are
// applied together or not at all, and may span files.
//
// Invariant: no edit's NewText carries a secret value. Where a fix needs
// a credential it writes a secret("...") reference; the checker drops
// any fix that would copy a masked value of the portfolio (checker.Run).
type Fix struct {
	Message string
	Safety  Safety
	Edits   []Edit
}

// Edit replaces the source in Range (by byte offsets; an empty range
// inserts) with NewText.
type Edit struct {
	Range   hcl.Range
	NewText string
}

// SortEdits orders edits by file and start offset, the order in which
// they are checked for overlap and applied.
func SortEdits(es []Edit) {
	slices.SortStableFunc(es, func(a, b Edit) int {
		return cmp.Or(cmp.Compare(a.Range.Filename, b.Range.Filename),
			cmp.Compare(a.Range.Start.Byte, b.Range.Start.Byte),
			cmp.Compare(a.Range.End.Byte, b.Range.End.Byte))
	})
}

// Overlaps reports whether two edits of the same file touch the same
// bytes; two insertions at one offset overlap too, as their order would
// be a guess.
func (e Edit) Overlaps(o Edit) bool {
	if e.Range.Filename != o.Range.Filename {
		return false
	}
	if e.Range.Start.Byte == o.Range.Start.Byte {
		return true
	}
	return e.Range.Start.Byte < o.Range.End.Byte && o.Range.Start.Byte < e.Range.End.Byte
}

// ApplyEdits returns src with edits of one file applied. The edits must
// be sorted (SortEdits) and must not overlap; ok is false when they do or
// a range lies outside src.
func ApplyEdits(src []byte, edits []Edit) (out []byte, ok bool) {
	out = make([]byte, 0, len(src))
	at := 0
	for _, e := range edits {
		s, t := e.Range.Start.Byte, e.Range.End.Byte
		if s < at || t < s || t > len(src) {
			return nil, false
		}
		out = append(append(out, src[at:s]...), e.NewText...)
		at = t
	}
	return append(out, src[at:]...), true
}

// PosAt is the position of a byte offset of src, counting columns in
// characters as the parser does.
func PosAt(src []byte, offset int) hcl.Pos {
	pos := hcl.InitialPos
	for _, r := range string(src[:offset]) {
		if r == '\n' {
			pos.Line++
			pos.Column = 1
		} else {
			pos.Column++
		}
	}
	pos.Byte = offset
	return pos
}

// Deletion is the edit that removes src[from:to] of the file name.
func Deletion(name string, src []byte, from, to int) Edit {
	return Edit{Range: hcl.Range{Filename: name, Start: PosAt(src, from), End: PosAt(src, to)}}
}

// ElementDeletion is the edit that removes one element, src[start:end],
// of a list or object whose element before it ends at prevEnd, with the
// comma between. Only blanks and that comma may lie between the two, so
// no comment goes with it. An element on a line of its own goes with its
// whole line, its own trailing comment included, so that comment does not
// end up on the line before. ok is false where that cannot be told.
func ElementDeletion(name string, src []byte, prevEnd, start, end int) (Edit, bool) {
	if prevEnd < 0 || prevEnd > start || start > end || end > len(src) {
		return Edit{}, false
	}
	between := src[prevEnd:start]
	if t := bytes.TrimSpace(between); len(t) > 0 && string(t) != "," {
		return Edit{}, false
	}
	if !bytes.ContainsRune(between, '\n') {
		return Deletion(name, src, prevEnd, end), true
	}
	from := bytes.LastIndexByte(src[:start], '\n') + 1
	to := len(src)
	if i := bytes.IndexByte(src[end:], '\n'); i >= 0 {
		to = end + i + 1
	}
	rest := bytes.TrimSpace(src[end:to])
	rest = bytes.TrimSpace(bytes.TrimPrefix(rest, []byte(",")))
	if len(rest) > 0 && rest[0] != '#' && !bytes.HasPrefix(rest, []byte("//")) {
		return Edit{}, false // another element follows on the line
	}
	return Deletion(name, src, from, to), true
}
