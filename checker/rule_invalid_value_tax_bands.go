package checker

import (
	"math/big"
	"strings"

	"github.com/tixcfg/tixcfg/lang"
)

var (
	hundred = big.NewFloat(100)
	zero    = new(big.Float)
)

// checkTaxBands checks a company's tax bands: rates are percentages, and a
// condition, when written, says something.
func checkTaxBands(pass *Pass, c *lang.Company) {
	for _, tb := range c.TaxBands {
		if v := numberOf(tb.Rate); v != nil && (v.Cmp(zero) < 0 || v.Cmp(hundred) > 0) {
			pass.Reportf(tb.Rate.ValueRange, nil, "Tax rate out of range", "The rate of tax band %q is a percentage from 0 to 100.", tb.ID)
		}
		if emptyCondition(tb) {
			pass.Reportf(tb.Condition.ValueRange, nil, "Empty condition", "Remove the condition of tax band %q, or write the expression the runtime evaluates.", tb.ID)
		}
	}
}

// emptyCondition reports a tax band condition that is written but blank:
// an invalid value, and no condition a flag would have to allow.
func emptyCondition(tb *lang.TaxBand) bool {
	return tb.Condition != nil && tb.Condition.Value.IsKnown() && strings.TrimSpace(tb.Condition.Str()) == ""
}
