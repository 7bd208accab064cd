package lang

import (
	"slices"
	"sync"

	"golang.org/x/text/currency"
)

// currencies are the ISO 4217 codes in current use somewhere, from CLDR
// through golang.org/x/text, with their minor units.
var currencies = sync.OnceValue(func() map[string]int {
	m := map[string]int{}
	for it := currency.Query(); it.Next(); {
		u := it.Unit()
		scale, _ := currency.Standard.Rounding(u)
		m[u.String()] = scale
	}
	return m
})

// CurrencyMinorUnits returns how many decimal places amounts in an ISO
// 4217 currency have, and whether the code is a currency in current use.
// Codes are case-sensitive: ISO 4217 codes are upper case.
func CurrencyMinorUnits(code string) (int, bool) {
	n, ok := currencies()[code]
	return n, ok
}

// CurrencyCodes lists the known currency codes, sorted.
func CurrencyCodes() []string {
	m := currencies()
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
