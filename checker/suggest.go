package checker

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tixcfg/tixcfg/lang"
)

// Suggestions are bounded so that a hostile portfolio cannot make them
// slow: only names and candidates of at most maxSuggestRunes runes are
// compared, the edit distance is computed within a band of the largest
// distance that still counts, and candidates are indexed by length and by
// their one-deletion variants, so a near miss is found without comparing
// against every candidate.
const (
	maxSuggestRunes = 64
	maxLabelRunes   = 40 // longer labels are printed cut, with an ellipsis
)

// suggester finds the closest of a fixed set of candidates; build it once
// for many look-ups.
type suggester struct {
	folded  map[string]string   // lower-cased candidate -> the first such candidate
	byLen   map[int][]candidate // candidates by rune count, sorted
	deleted map[string][]int    // one-deletion variants (and the candidate itself) -> candidates
	all     []candidate
	rows    [2][]int // the distance table's rows, reused: a suggester is not for concurrent use
}

type candidate struct {
	s     string
	runes []rune
}

// maxCompared bounds the candidates one look-up compares the name with,
// nearest lengths first. Lists longer than that are indexed by their
// one-deletion variants as well, so that a name one edit away from a
// candidate always finds it; beyond that, the suggestion is the best among
// those compared.
const maxCompared = 256

func newSuggester(candidates []string) *suggester {
	s := &suggester{folded: make(map[string]string, len(candidates)), byLen: map[int][]candidate{}}
	n := 0
	for _, c := range candidates {
		if _, ok := s.folded[strings.ToLower(c)]; !ok {
			s.folded[strings.ToLower(c)] = c
		}
		if r := utf8.RuneCountInString(c); r <= maxSuggestRunes {
			s.byLen[r] = append(s.byLen[r], candidate{c, []rune(c)})
			n++
		}
	}
	for _, l := range s.byLen {
		slices.SortFunc(l, func(a, b candidate) int { return strings.Compare(a.s, b.s) })
	}
	if n > maxCompared {
		s.index()
	}
	return s
}

func (s *suggester) index() {
	s.deleted = map[string][]int{}
	for n := range maxSuggestRunes + 1 {
		for _, c := range s.byLen[n] {
			for _, v := range deletions(c.s) {
				s.deleted[v] = append(s.deleted[v], len(s.all))
			}
			s.all = append(s.all, c)
		}
	}
}

// deletions returns s and every string made by deleting one rune of it.
func deletions(s string) []string {
	out := []string{s}
	for i, r := range s {
		out = append(out, s[:i]+s[i+utf8.RuneLen(r):])
	}
	return out
}

// suggest returns the candidate closest to name, or "" when none is close
// enough to be what the author meant: a case-insensitive match first, then
// the smallest edit distance up to a third of the name's length (at least
// 2), the alphabetically first on a tie.
func (s *suggester) suggest(name string) string {
	if c, ok := s.folded[strings.ToLower(name)]; ok {
		return c
	}
	n := utf8.RuneCountInString(name)
	if n > maxSuggestRunes {
		return ""
	}
	rn := []rune(name)
	best, bestDist := "", max(2, len(name)/3)+1
	consider := func(c candidate) {
		if d := s.distance(rn, c.runes, bestDist); d < bestDist || (d == bestDist && best != "" && c.s < best) {
			best, bestDist = c.s, d
		}
	}
	if s.deleted != nil {
		// Every candidate one edit away shares a one-deletion variant
		// with the name; when there is one, nothing is closer.
		for _, v := range deletions(name) {
			for _, i := range s.deleted[v] {
				consider(s.all[i])
			}
		}
		if best != "" && bestDist <= 1 {
			return best
		}
	}
	// The length differs by at most the distance: look at the nearest
	// lengths first and stop where the difference alone is too far.
	compared := 0
	for delta := 0; delta <= bestDist && delta <= maxSuggestRunes; delta++ {
		for _, l := range []int{n - delta, n + delta} {
			for _, c := range s.byLen[l] {
				if compared++; compared > maxCompared {
					return best
				}
				consider(c)
			}
			if delta == 0 {
				break
			}
		}
	}
	return best
}

func (s *suggester) distance(a, b []rune, limit int) int {
	if len(s.rows[0]) < len(b)+1 {
		s.rows = [2][]int{make([]int, maxSuggestRunes+1), make([]int, maxSuggestRunes+1)}
	}
	return boundedDistance(a, b, limit, s.rows[0], s.rows[1])
}

// boundedDistance is the Levenshtein distance of a and b when it is at most
// limit, and limit+1 otherwise; it fills only the band of the table within
// limit of the diagonal and stops as soon as a row exceeds it. prev and cur
// hold at least len(b)+1 entries.
func boundedDistance(a, b []rune, limit int, prev, cur []int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	inf := limit + 1
	for j := range len(b) + 1 {
		prev[j] = min(j, inf)
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-limit), min(len(b), i+limit)
		cur[0] = min(i, inf)
		if lo > 1 {
			cur[lo-1] = inf
		}
		rowMin := cur[0]
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j-1]+cost, prev[j]+1, cur[j-1]+1, inf)
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if hi < len(b) {
			cur[hi+1] = inf
		}
		if rowMin >= inf {
			return inf
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], inf)
}

// unique is the suggestion for name when no other candidate is as close
// (nor, for a match in another case, matches too): what a fix may rename
// to without a person choosing. "" when there is none, or when telling
// would compare more than maxCompared candidates.
func (s *suggester) unique(name string) string {
	best := s.suggest(name)
	if best == "" {
		return ""
	}
	rn := []rune(name)
	d := 0
	if !strings.EqualFold(best, name) {
		d = s.distance(rn, []rune(best), maxSuggestRunes)
	}
	compared := 0
	for l := len(rn) - d; l <= len(rn)+d; l++ {
		for _, c := range s.byLen[l] {
			if c.s == best {
				continue
			}
			if compared++; compared > maxCompared {
				return ""
			}
			if (d == 0 && strings.EqualFold(c.s, name)) || (d > 0 && s.distance(rn, c.runes, d) <= d) {
				return ""
			}
		}
	}
	return best
}

// uniqueSuggestion is suggester.unique for a one-off look-up.
func uniqueSuggestion(name string, candidates []string) string {
	return newSuggester(candidates).unique(name)
}

// suggest is suggester.suggest for a one-off look-up.
func suggest(name string, candidates []string) string {
	return newSuggester(candidates).suggest(name)
}

// didYouMean formats a suggestion as a sentence, or "".
func didYouMean(name string, candidates []string) string {
	return newSuggester(candidates).didYouMean(name)
}

func (s *suggester) didYouMean(name string) string {
	if c := s.suggest(name); c != "" {
		return fmt.Sprintf(" Did you mean %s?", label(c))
	}
	return ""
}

// label quotes a name for a message, cut to maxLabelRunes runes: a name
// read from a file can be any length.
func label(name string) string {
	if utf8.RuneCountInString(name) <= maxLabelRunes {
		return fmt.Sprintf("%q", name)
	}
	i := 0
	for n := 0; n < maxLabelRunes; n++ {
		_, size := utf8.DecodeRuneInString(name[i:])
		i += size
	}
	return fmt.Sprintf("%q…", name[:i])
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
