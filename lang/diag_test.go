package lang

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// TestLocation: the one "file:line:col" of messages, and nothing for a
// range of no file rather than ":0:0".
func TestLocation(t *testing.T) {
	for _, c := range []struct {
		r    hcl.Range
		want string
	}{
		{hcl.Range{Filename: "a/b.hcl", Start: hcl.Pos{Line: 3, Column: 14, Byte: 40}, End: hcl.Pos{Line: 4, Column: 1, Byte: 60}}, "a/b.hcl:3:14"},
		{hcl.Range{Start: hcl.Pos{Line: 3, Column: 14}}, ""},
	} {
		if got := Location(c.r); got != c.want {
			t.Errorf("Location(%v) = %q, want %q", c.r, got, c.want)
		}
	}
}
