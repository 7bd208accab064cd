package lang

import (
	"math/big"
	"strconv"
	"strings"
)

// Decimal writes a finite number as the shortest decimal that reads back to
// the same value, without exponent: "5", "7.5", "0.1". Numbers come from
// literals, so this is the value as written, less redundant zeros.
//
// big.Float's own shortest formatting works at the 512 bits HCL parses
// with and is slow; nearly every literal is also the shortest form of a
// float64, which strconv finds fast, so that is tried first and verified
// by parsing it back the way HCL does.
func Decimal(n *big.Float) string {
	if n.Sign() == 0 {
		return "0"
	}
	if n.IsInt() {
		if i, acc := n.Int64(); acc == big.Exact {
			return strconv.FormatInt(i, 10)
		}
	}
	f, _ := n.Float64()
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if back, _, err := big.ParseFloat(s, 10, n.Prec(), big.ToNearestEven); err == nil && back.Cmp(n) == 0 {
		return s
	}
	return n.Text('f', -1)
}

// DecimalPlaces counts the decimal places of Decimal(n).
func DecimalPlaces(n *big.Float) int {
	s := Decimal(n)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}
