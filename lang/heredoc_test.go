package lang_test

import (
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/lang"
)

// Heredocs read the same from a CRLF checkout (git's autocrlf) as from an
// LF one; a carriage return written as an escape in a quoted string stays.
func TestHeredocLineEnds(t *testing.T) {
	lf := "company \"c\" {\n  reseller = \"a\"\n  name = <<EOT\nDubai\nLive\nEOT\n  tax_band \"t\" {\n    rate = 5\n    condition = <<-EOT\n      a\n      b\n    EOT\n  }\n  integration \"google_maps\" {\n    map_theme = \"x\\r\\ny\"\n  }\n}\n"
	crlf := strings.ReplaceAll(lf, "\n", "\r\n")
	var got [2][3]string
	for i, src := range []string{lf, crlf} {
		f := lang.ParseFile("c.hcl", []byte(src))
		if len(f.Diagnostics) != 0 {
			t.Fatalf("%q: %v", src, f.Diagnostics)
		}
		c := f.Companies[0]
		got[i] = [3]string{c.Name.Value.AsString(), c.TaxBands[0].Condition.Value.AsString(), c.Integrations[0].Attrs[0].Value.AsString()}
	}
	if want := [3]string{"Dubai\nLive\n", "a\nb\n", "x\r\ny"}; got[0] != want || got[1] != want {
		t.Errorf("LF file reads %q, CRLF file %q, want %q", got[0], got[1], want)
	}
}
