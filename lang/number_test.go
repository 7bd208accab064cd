package lang

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"
)

func TestDecimal(t *testing.T) {
	for _, lit := range []string{"0", "5", "-5", "7.5", "0.1", "15.55", "1e3", "123456789012345678901234567890",
		"0.1234567890123456789012345", "-0.000001", "8760", "3.14159265358979323846264338327950288"} {
		v, err := cty.ParseNumberVal(lit)
		if err != nil {
			t.Fatal(err)
		}
		n := v.AsBigFloat()
		got := Decimal(n)
		if want := n.Text('f', -1); got != want {
			t.Errorf("Decimal(%s) = %s, want %s", lit, got, want)
		}
		back, _, _ := big.ParseFloat(got, 10, 512, big.ToNearestEven)
		if back.Cmp(n) != 0 {
			t.Errorf("Decimal(%s) = %s does not read back", lit, got)
		}
	}
	if got := DecimalPlaces(cty.MustParseNumberVal("15.550").AsBigFloat()); got != 2 {
		t.Errorf("DecimalPlaces(15.550) = %d, want 2", got)
	}
}

func TestNumberLimit(t *testing.T) {
	for lit, want := range map[string]string{
		"0": "", "5": "", "-7.5": "", "0e999999": "", "0.000": "",
		"1e400": "", "9.99e400": "", "1e-400": "", "0.01e-398": "", "1000e397": "", "1000e398": "Number out of range",
		"1e401": "Number out of range", "1e-401": "Number out of range", "10e400": "Number out of range",
		"1e99999999": "Number out of range", "1e-999999999999999999999": "Number out of range",
		"1" + strings.Repeat("0", 400): "", "1" + strings.Repeat("0", 401): "Number out of range",
		"0." + strings.Repeat("0", 399) + "1": "", "0." + strings.Repeat("0", 400) + "1": "Number out of range",
		strings.Repeat("9", 40): "", strings.Repeat("9", 41): "Number too precise",
		"1." + strings.Repeat("0", 38) + "1": "", "1." + strings.Repeat("0", 39) + "1": "Number too precise",
		"1." + strings.Repeat("0", 1000): "",
	} {
		if got, detail := numberLimit(lit); got != want {
			t.Errorf("numberLimit(%.50s) = %q, want %q", lit, got, want)
		} else if got != "" {
			// The bounds (40, 400, 400) and the digit count are the only
			// other digits.
			if digits := strings.Count(detail, "") - 1 - len(strings.Map(func(r rune) rune {
				if '0' <= r && r <= '9' {
					return -1
				}
				return r
			}, detail)); digits > 20+10 {
				t.Errorf("numberLimit(%.50s): the message echoes %d digits: %s", lit, digits, detail)
			}
		}
	}
}

// A number literal out of bounds is refused as written, at the literal,
// quickly: converting 1e-999999 exactly would take hours.
func TestNumberLiteralsBounded(t *testing.T) {
	for _, src := range []string{
		"company \"c\" {\n  reseller = \"a\"\n  tax_band \"t\" {\n    rate = 1e-999999\n  }\n}\n",
		"company \"c\" {\n  reseller = \"a\"\n  name = -1e99999999\n}\n",
		"company \"c\" {\n  reseller = \"a\"\n  feature_flags = [1e999999]\n}\n",
	} {
		start := time.Now()
		f := ParseFile("n.hcl", []byte(src))
		if len(f.Diagnostics) != 1 || f.Diagnostics[0].Rule != "invalid-value" || f.Diagnostics[0].Summary != "Number out of range" {
			t.Fatalf("%q: got %+v", src, f.Diagnostics)
		}
		if s := f.Diagnostics[0].Subject; s.Start.Line < 3 || s.End.Column-s.Start.Column > 11 {
			t.Errorf("%q: subject %+v is not the literal", src, s)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%q took %v", src, d)
		}
	}
	json := `{"company": {"c": {"reseller": "a", "name": "${1e-999999}", "tax_band": {"t": {"rate": 1e999999}}}}}`
	f := ParseFile("n.hcl.json", []byte(json))
	var got []string
	for _, d := range f.Diagnostics {
		got = append(got, fmt.Sprintf("%s %s %d", d.Rule, d.Summary, d.Subject.Start.Column))
	}
	if want := []string{"invalid-value Number out of range 48", "invalid-value Number out of range 88"}; !slices.Equal(got, want) {
		t.Errorf("JSON: got %q, want %q", got, want)
	}
}
