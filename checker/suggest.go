package checker

import (
	"fmt"
	"slices"
	"strings"

	"github.com/agext/levenshtein"

	"github.com/tixcfg/tixcfg/lang"
)

// suggest returns the candidate closest to name, or "" when none is close
// enough to be what the author meant.
func suggest(name string, candidates []string) string {
	best, bestDist := "", 0
	for _, c := range candidates {
		if strings.EqualFold(c, name) {
			return c
		}
		d := levenshtein.Distance(name, c, nil)
		limit := max(2, len(name)/3)
		if d <= limit && (best == "" || d < bestDist || (d == bestDist && c < best)) {
			best, bestDist = c, d
		}
	}
	return best
}

// didYouMean formats a suggestion as a sentence, or "".
func didYouMean(name string, candidates []string) string {
	if s := suggest(name, candidates); s != "" {
		return fmt.Sprintf(" Did you mean %q?", s)
	}
	return ""
}

// quoteList renders names as `"a", "b" and "c"`.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	switch len(q) {
	case 0:
		return "none"
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}

// DidYouMean is didYouMean for callers outside the checker, such as the
// CLI naming a company that does not exist.
func DidYouMean(name string, candidates []string) string { return didYouMean(name, candidates) }

// distinct drops the repeats of a list's items, keeping the first: a
// repeat is a duplicate finding, not a second finding of every other kind.
func distinct(items []lang.Item) []lang.Item {
	if len(items) < 2 {
		return items
	}
	out := make([]lang.Item, 0, len(items))
	if len(items) <= 16 {
		for i, it := range items {
			if !slices.ContainsFunc(items[:i], func(p lang.Item) bool { return p.Value == it.Value }) {
				out = append(out, it)
			}
		}
		return out
	}
	seen := make(map[string]bool, len(items))
	for _, it := range items {
		if !seen[it.Value] {
			seen[it.Value] = true
			out = append(out, it)
		}
	}
	return out
}
