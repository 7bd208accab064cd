package lang

import (
	"math/big"
	"testing"

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
