package lang

import (
	"strings"
	"testing"
)

// TestCurrencyTable pins the table to ISO 4217 as published, not to CLDR:
// current codes that older tables lack, withdrawn ones they still carry,
// and ISO's minor units where CLDR's digits differ.
func TestCurrencyTable(t *testing.T) {
	for _, code := range []string{"VES", "VED", "MRU", "SLE", "ZWG", "XCG", "XAD", "STN", "CLF", "UYW"} {
		if _, ok := CurrencyMinorUnits(code); !ok {
			t.Errorf("%s (current) is not accepted", code)
		}
	}
	for _, code := range []string{"HRK", "CUC", "MRO", "VEF", "SLL", "ZWL", "ANG", "BGN", "STD", "XAU", "XDR", "XTS", "XXX", "usd", "US"} {
		if _, ok := CurrencyMinorUnits(code); ok {
			t.Errorf("%s (withdrawn, or no money) is accepted", code)
		}
	}
	for code, want := range map[string]int{"IQD": 3, "JPY": 0, "BHD": 3, "KWD": 3, "CLF": 4, "UYW": 4, "USD": 2, "AED": 2, "HUF": 2, "ISK": 0, "TND": 3, "XOF": 0, "KRW": 0} {
		if got, ok := CurrencyMinorUnits(code); !ok || got != want {
			t.Errorf("minor units of %s = %d, %v; ISO 4217 gives %d", code, got, ok, want)
		}
	}
	if !strings.Contains(iso4217, "published "+CurrencyListPublished) {
		t.Errorf("iso4217.txt does not say it is the list published %s", CurrencyListPublished)
	}
	codes := CurrencyCodes()
	if len(codes) != 165 {
		t.Errorf("%d codes with minor units, want the 165 of the list of %s", len(codes), CurrencyListPublished)
	}
}

func TestParseISO4217Rejects(t *testing.T) {
	for _, src := range []string{"USD", "usd 2", "USDX 2", "USD two", "USD -1", "USD 9"} {
		if _, err := parseISO4217(src); err == nil {
			t.Errorf("parseISO4217(%q) accepted a malformed line", src)
		}
	}
}
