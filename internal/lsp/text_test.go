package lsp

import (
	"testing"

	"github.com/tixcfg/tixcfg/internal/lsp/protocol"
)

func TestLines(t *testing.T) {
	// "\r\n", a lone "\r" and "\n" each end a line; 🎫 is two UTF-16
	// units and four bytes; é is one unit and two bytes; \xff is not
	// UTF-8 and counts one.
	src := []byte("ab\r\né🎫x\rc\xffd\n")
	for _, c := range []struct {
		off       int
		utf16, u8 protocol.Position
	}{
		{0, protocol.Position{Line: 0, Character: 0}, protocol.Position{Line: 0, Character: 0}},
		{2, protocol.Position{Line: 0, Character: 2}, protocol.Position{Line: 0, Character: 2}},
		{3, protocol.Position{Line: 0, Character: 2}, protocol.Position{Line: 0, Character: 2}}, // inside "\r\n"
		{4, protocol.Position{Line: 1, Character: 0}, protocol.Position{Line: 1, Character: 0}},
		{6, protocol.Position{Line: 1, Character: 1}, protocol.Position{Line: 1, Character: 2}},
		{10, protocol.Position{Line: 1, Character: 3}, protocol.Position{Line: 1, Character: 6}},
		{12, protocol.Position{Line: 2, Character: 0}, protocol.Position{Line: 2, Character: 0}},
		{14, protocol.Position{Line: 2, Character: 2}, protocol.Position{Line: 2, Character: 2}},
		{16, protocol.Position{Line: 3, Character: 0}, protocol.Position{Line: 3, Character: 0}},
	} {
		for _, enc := range []struct {
			utf8 bool
			want protocol.Position
		}{{false, c.utf16}, {true, c.u8}} {
			l := newLines(src, enc.utf8)
			if got := l.position(c.off); got != enc.want {
				t.Errorf("utf8=%v: position(%d) = %+v, want %+v", enc.utf8, c.off, got, enc.want)
			}
			if c.off != 3 {
				if got := l.offset(enc.want); got != c.off {
					t.Errorf("utf8=%v: offset(%+v) = %d, want %d", enc.utf8, enc.want, got, c.off)
				}
			}
		}
	}
	l := newLines(src, false)
	// Inside the surrogate pair: the character's start. Past the line's
	// end: the end, before the line break. Past the last line: the end.
	for _, c := range []struct {
		pos  protocol.Position
		want int
	}{
		{protocol.Position{Line: 1, Character: 2}, 6},
		{protocol.Position{Line: 0, Character: 99}, 2},
		{protocol.Position{Line: 99, Character: 0}, len(src)},
	} {
		if got := l.offset(c.pos); got != c.want {
			t.Errorf("offset(%+v) = %d, want %d", c.pos, got, c.want)
		}
	}
}
