package emit

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

// TestOverlappingMasks: a mask that starts inside another still hides
// everything it covers.
func TestOverlappingMasks(t *testing.T) {
	line := []byte(`  key = "SECRET-TAIL"`)
	r := func(s, e int) hcl.Range { return hcl.Range{Start: hcl.Pos{Byte: s}, End: hcl.Pos{Byte: e}} }
	got, _ := maskLine(line, 0, []hcl.Range{r(8, 15), r(12, 21)})
	if s := string(got); strings.Contains(s, "SECRET") || strings.Contains(s, "TAIL") || !strings.HasPrefix(s, `  key = "****`) {
		t.Fatalf("masked line %q", s)
	}
}
