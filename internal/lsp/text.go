package lsp

import (
	"errors"
	"sort"
	"unicode/utf8"

	"github.com/tixcfg/tixcfg/internal/lsp/protocol"
)

// lines indexes a text by line, as the protocol counts lines: "\n",
// "\r\n" and a lone "\r" each end one.
type lines struct {
	src    []byte
	starts []int
	utf8   bool // characters count bytes rather than UTF-16 code units
}

func newLines(src []byte, utf8Enc bool) *lines {
	l := &lines{src: src, starts: []int{0}, utf8: utf8Enc}
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			l.starts = append(l.starts, i+1)
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

// end is the offset where line i's text ends, before its line break.
func (l *lines) end(i int) int {
	if i+1 >= len(l.starts) {
		return len(l.src)
	}
	e := l.starts[i+1] - 1
	if l.src[e] == '\n' && e > l.starts[i] && l.src[e-1] == '\r' {
		e--
	}
	return e
}

// position converts a byte offset; an offset inside a character or a
// line break is taken back to its start.
func (l *lines) position(off int) protocol.Position {
	off = max(0, min(off, len(l.src)))
	i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
	off = min(off, l.end(i))
	var n uint32
	for b := l.src[l.starts[i]:off]; len(b) > 0; {
		r, size := utf8.DecodeRune(b)
		if size > len(b) || (r == utf8.RuneError && size <= 1) {
			size = 1
		}
		n += l.units(r, size)
		b = b[size:]
	}
	return protocol.Position{Line: uint32(i), Character: n}
}

func (l *lines) units(r rune, size int) uint32 {
	if l.utf8 {
		return uint32(size)
	}
	if r >= 0x10000 && r <= utf8.MaxRune && size == 4 {
		return 2 // a surrogate pair
	}
	return 1
}

// offset converts a position to a byte offset. A character past the end
// of the line means its end, as the protocol says; a line past the last
// means the end of the text; a character inside a UTF-16 surrogate pair
// or a UTF-8 sequence is taken back to the character's start.
func (l *lines) offset(p protocol.Position) int {
	if int(p.Line) >= len(l.starts) {
		return len(l.src)
	}
	at, end := l.starts[p.Line], l.end(int(p.Line))
	var n uint32
	for at < end {
		r, size := utf8.DecodeRune(l.src[at:end])
		u := l.units(r, size)
		if n+u > p.Character {
			break
		}
		n += u
		at += size
	}
	return at
}

func (l *lines) rangeOf(start, end int) protocol.Range {
	return protocol.Range{Start: l.position(start), End: l.position(end)}
}

var errBadRange = errors.New("the change's range ends before it starts")

// applyChanges applies a didChange's events in order: a ranged event
// replaces its range of the text as the previous events left it, one
// without a range replaces the whole text.
func applyChanges(src []byte, changes []protocol.TextDocumentContentChangeEvent, utf8Enc bool) ([]byte, error) {
	for _, c := range changes {
		if c.Range == nil {
			src = []byte(c.Text)
			continue
		}
		l := newLines(src, utf8Enc)
		s, e := l.offset(c.Range.Start), l.offset(c.Range.End)
		if e < s {
			return nil, errBadRange
		}
		out := make([]byte, 0, len(src)-(e-s)+len(c.Text))
		out = append(append(append(out, src[:s]...), c.Text...), src[e:]...)
		src = out
	}
	return src, nil
}
