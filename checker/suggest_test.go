package checker

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/agext/levenshtein"
)

// bruteSuggest is the unbounded definition that suggester must agree with
// for names within its bounds.
func bruteSuggest(name string, candidates []string) string {
	best, bestDist := "", 0
	for _, c := range candidates {
		if strings.EqualFold(c, name) {
			return c
		}
		d := levenshtein.Distance(name, c, nil)
		if d <= max(2, len(name)/3) && (best == "" || d < bestDist || (d == bestDist && c < best)) {
			best, bestDist = c, d
		}
	}
	return best
}

func TestSuggestAgreesWithLevenshtein(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		b := make([]byte, 1+r.IntN(12))
		for i := range b {
			b[i] = "abcde-"[r.IntN(6)]
		}
		return string(b)
	}
	for range 200 {
		var cands []string
		for range 1 + r.IntN(40) {
			cands = append(cands, word())
		}
		s := newSuggester(cands)
		for range 40 {
			name := word()
			if got, want := s.suggest(name), bruteSuggest(name, cands); got != want {
				t.Fatalf("suggest(%q, %q) = %q, want %q", name, cands, got, want)
			}
		}
	}
	// Past maxCompared candidates, a name one edit away from one still
	// gets the best answer; others get one within the limit, or none.
	var cands []string
	for range 3 * maxCompared {
		cands = append(cands, word()+word())
	}
	s := newSuggester(cands)
	for i := range 2000 {
		name := cands[i%len(cands)]
		name = name[:i%len(name)] + name[i%len(name)+1:] // one deletion
		if i%3 == 0 {
			name = word() + word()
		}
		got, want := s.suggest(name), bruteSuggest(name, cands)
		if want != "" && (strings.EqualFold(want, name) || levenshtein.Distance(name, want, nil) <= 1) {
			if got != want {
				t.Fatalf("suggest(%q) = %q, want %q", name, got, want)
			}
		} else if got != "" && levenshtein.Distance(name, got, nil) > max(2, len(name)/3) {
			t.Fatalf("suggest(%q) = %q, too far", name, got)
		}
	}
	for _, tc := range [][2]string{{"kitten", "sitting"}, {"", "abc"}, {"abc", ""}, {"flaw", "lawn"}, {"résumé", "resume"}} {
		for limit := range 8 {
			want := min(levenshtein.Distance(tc[0], tc[1], nil), limit+1)
			if got := boundedDistance([]rune(tc[0]), []rune(tc[1]), limit, make([]int, 20), make([]int, 20)); got != want {
				t.Errorf("boundedDistance(%q, %q, %d) = %d, want %d", tc[0], tc[1], limit, got, want)
			}
		}
	}
}

// Long labels are not compared (nobody mistypes a 40,000-character name)
// and are printed cut; many typos against many candidates stay fast.
func TestSuggestBounded(t *testing.T) {
	long := strings.Repeat("a", 40000)
	start := time.Now()
	if got := suggest(long+"b", []string{long + "c"}); got != "" {
		t.Errorf("a %d-rune label was compared", len(long))
	}
	if got := label(long); got != `"`+strings.Repeat("a", maxLabelRunes)+`"…` {
		t.Errorf("label = %s", got)
	}
	if got := label("dubai-live"); got != `"dubai-live"` {
		t.Errorf("label = %s", got)
	}
	var cands []string
	for i := range 4000 {
		cands = append(cands, fmt.Sprintf("reseller-%04d", i))
	}
	s := newSuggester(cands)
	for i := range 4000 {
		if got, want := s.suggest(fmt.Sprintf("reseler-%04d", i)), cands[i]; got != want {
			t.Fatalf("suggest = %q, want %q", got, want)
		}
		s.suggest(fmt.Sprintf("zz%04dzz", i)) // near nothing
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("8,000 look-ups among 4,000 candidates took %v", d)
	}
}
