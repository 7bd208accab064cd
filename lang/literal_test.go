package lang

import (
	"testing"

	"github.com/zclconf/go-cty/cty"
)

// TestAttrLiteral: only a present, written, known, non-null value of the
// asked type counts, so that callers may read it without a panic.
func TestAttrLiteral(t *testing.T) {
	for _, c := range []struct {
		name string
		a    *Attr
		want bool
	}{
		{"absent", nil, false},
		{"zero value", &Attr{}, false},
		{"secret", &Attr{IsSecret: true, Value: cty.NullVal(cty.String)}, false},
		{"secret with a value", &Attr{IsSecret: true, Value: cty.StringVal("x")}, false},
		{"unknown", &Attr{Value: cty.UnknownVal(cty.String)}, false},
		{"null", &Attr{Value: cty.NullVal(cty.String)}, false},
		{"other type", &Attr{Value: cty.NumberIntVal(1)}, false},
		{"string", &Attr{Value: cty.StringVal("")}, true},
	} {
		if got := c.a.Literal(cty.String); got != c.want {
			t.Errorf("%s: Literal(string) = %v, want %v", c.name, got, c.want)
		}
	}
	if !(&Attr{Value: cty.True}).Literal(cty.Bool) || (&Attr{Value: cty.True}).Literal(cty.String) {
		t.Error("a bool is a bool literal and no string literal")
	}
}
