package checker

import (
	"fmt"
	"testing"

	"github.com/tixcfg/tixcfg/lang"
)

func TestSpellCycle(t *testing.T) {
	var cycle []*lang.Company
	for i := range 10 {
		cycle = append(cycle, &lang.Company{ID: fmt.Sprintf("c%d", i)})
	}
	if got, want := spellCycle(cycle[0], cycle[:2]), `"c0" → "c1" → "c0"`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	got := spellCycle(cycle[3], cycle)
	want := `"c3" → "c4" → "c5" → "c6" → "c7" → "c8" → "c9" → "c0" → … (10 companies in all) … → "c2" → "c3"`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
