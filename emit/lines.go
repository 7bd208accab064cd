package emit

import (
	"sort"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/lang"
)

// lineIndex finds the lines of one file without scanning it again for
// every diagnostic: a hostile file of one 10 MB line with 100,000
// findings on it would otherwise take quadratic time to render.
type lineIndex struct {
	src    []byte
	starts []int  // byte offset where each line starts
	ascii  []int8 // per line: 0 not yet known, 1 ASCII only, -1 not
}

func newLineIndex(src []byte) *lineIndex {
	x := &lineIndex{src: src, starts: []int{0}}
	for i, c := range src {
		if c == '\n' {
			x.starts = append(x.starts, i+1)
		}
	}
	x.ascii = make([]int8, len(x.starts))
	return x
}

// line returns the bounds of 1-based line n, without its line break.
func (x *lineIndex) line(n int) (start, end int, ok bool) {
	if x == nil || n < 1 || n > len(x.starts) {
		return 0, 0, false
	}
	start, end = x.starts[n-1], len(x.src)
	if n < len(x.starts) {
		end = x.starts[n] - 1
	}
	if end > start && x.src[end-1] == '\r' {
		end--
	}
	return start, end, true
}

// lineOf returns the 1-based line holding byte offset off.
func (x *lineIndex) lineOf(off int) int {
	return sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off })
}

// utf16Column converts a position into the 1-based column SARIF means by
// default: UTF-16 code units from the start of the line. HCL counts
// grapheme clusters, which differs as soon as a line holds non-ASCII text.
func (x *lineIndex) utf16Column(pos hcl.Pos) int {
	if x == nil || pos.Byte < 0 || pos.Byte > len(x.src) {
		return max(pos.Column, 1)
	}
	n := x.lineOf(pos.Byte)
	start := x.starts[n-1]
	if x.ascii[n-1] == 0 {
		_, end, _ := x.line(n)
		x.ascii[n-1] = -1
		if isASCII(x.src[start:end]) {
			x.ascii[n-1] = 1
		}
	}
	if x.ascii[n-1] == 1 {
		return pos.Byte - start + 1
	}
	col := 0
	// Invalid bytes decode as U+FFFD, one code unit each.
	for _, r := range string(x.src[start:pos.Byte]) {
		col += utf16.RuneLen(r)
	}
	return col + 1
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// maskedLine returns the source line holding byte offset off with every
// secret value on it masked (so not at its offsets in src), and the offset
// the line starts at. ok is false when the offset is not in the file.
func (x *lineIndex) maskedLine(masks []hcl.Range, off int) (line []byte, start int, ok bool) {
	if x == nil || off < 0 || off > len(x.src) {
		return nil, 0, false
	}
	start, end, _ := x.line(x.lineOf(off))
	line, _ = lang.Masks(masks).ApplyLine(x.src[start:end], start) // it copies what it masks
	return line, start, true
}

// indexedSources remembers the line index of every file a report
// touches.
type indexedSources struct {
	Sources
	lines map[string]*lineIndex
}

// indexed wraps Sources so that each file is indexed once per report.
func indexed(src Sources) *indexedSources {
	if x, ok := src.(*indexedSources); ok {
		return x
	}
	return &indexedSources{Sources: src, lines: map[string]*lineIndex{}}
}

// index returns a file's line index, or nil when its text is unknown.
func (s *indexedSources) index(filename string) *lineIndex {
	x, ok := s.lines[filename]
	if !ok {
		if text := s.Source(filename); text != nil {
			x = newLineIndex(text)
		}
		s.lines[filename] = x
	}
	return x
}
