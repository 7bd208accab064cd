package lang

import (
	"fmt"
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

// Number literals are bounded before anything converts them: big.Float's
// decimal formatting is quadratic in the exponent (1e-40000 takes seconds)
// and a literal such as 1e999999 would put a million digits into the
// snapshot. No setting needs more than these.
const (
	MaxNumberDigits   = 40  // significant digits
	MaxNumberExponent = 400 // decimal exponent, either way
)

// numberLimit returns a diagnostic summary and detail when a number
// literal (as written: sign, digits, fraction, exponent) exceeds the
// bounds, or "" when it is within them or is not a plain decimal literal.
// It reads the text only, so its cost is linear whatever the value.
func numberLimit(lit string) (summary, detail string) {
	s := strings.TrimLeft(lit, "+-")
	mant, exp := s, ""
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant, exp = s[:i], s[i+1:]
	}
	point := strings.IndexByte(mant, '.')
	if point < 0 {
		point = len(mant)
	}
	digits := mant[:point]
	if point < len(mant) {
		digits += mant[point+1:]
	}
	lead := len(digits) - len(strings.TrimLeft(digits, "0"))
	if lead == len(digits) {
		return "", "" // zero, whatever its exponent
	}
	sig := len(strings.TrimRight(digits[lead:], "0"))
	// The exponent of the first significant digit, d.ddd × 10^e.
	e, expNeg := int64(0), strings.HasPrefix(exp, "-")
	expDigits := strings.TrimLeft(strings.TrimLeft(exp, "+-"), "0")
	if len(expDigits) > 12 {
		e = 1 << 50 // beyond any bound; only its sign matters
	} else if expDigits != "" {
		e, _ = strconv.ParseInt(expDigits, 10, 64)
	}
	if expNeg {
		e = -e
	}
	e += int64(point - lead - 1)
	bounds := fmt.Sprintf("a number may have at most %d significant digits and a decimal exponent between -%d and %d", MaxNumberDigits, MaxNumberExponent, MaxNumberExponent)
	switch {
	case sig > MaxNumberDigits:
		return "Number too precise", fmt.Sprintf("The number %s has %d significant digits, but %s; it was not read.", shortNumber(lit), sig, bounds)
	case e < -MaxNumberExponent || e > MaxNumberExponent:
		return "Number out of range", fmt.Sprintf("The number %s is too large or too small: %s; it was not read.", shortNumber(lit), bounds)
	}
	return "", ""
}

// shortNumber shows a literal up to its 20th digit, so that a message never
// echoes a huge literal.
func shortNumber(lit string) string {
	n := 0
	for i := 0; i < len(lit); i++ {
		if '0' <= lit[i] && lit[i] <= '9' {
			if n++; n > 20 {
				return lit[:i] + "…"
			}
		}
	}
	return lit
}
