package lang

import (
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// CurrencyListPublished is the publication date of the ISO 4217 list the
// currency codes and minor units come from (lang/iso4217.txt).
const CurrencyListPublished = "2026-01-01"

// iso4217 is ISO 4217 list one as data rather than CLDR (golang.org/x/text,
// github.com/bojanz/currency): CLDR's "digits" are what apps display, not
// ISO's minor units (CLDR gives IQD 0, ISO 3), and x/text's table predates
// 2018 (no VES, MRU or SLE; HRK and CUC still current). A dependency would
// add nothing but lag to a list of 178 lines.
//
//go:embed iso4217.txt
var iso4217 string

// currencies are the ISO 4217 codes of list one that have minor units, with
// them. Codes without ("N.A.": gold, SDR, XTS, XXX, ...) are no money a
// company charges in, so they are left out.
var currencies = sync.OnceValue(func() map[string]int {
	m, err := parseISO4217(iso4217)
	if err != nil {
		panic(err) // the embedded list is part of the build; a test parses it
	}
	return m
})

func parseISO4217(src string) (map[string]int, error) {
	m := map[string]int{}
	for i, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		code, units, ok := strings.Cut(line, " ")
		if !ok || len(code) != 3 || strings.ToUpper(code) != code {
			return nil, fmt.Errorf("iso4217.txt:%d: want CODE MINOR_UNITS, got %q", i+1, line)
		}
		if units == "N.A." {
			continue
		}
		n, err := strconv.Atoi(units)
		if err != nil || n < 0 || n > 4 {
			return nil, fmt.Errorf("iso4217.txt:%d: minor units of %s: %q", i+1, code, units)
		}
		m[code] = n
	}
	return m, nil
}

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
