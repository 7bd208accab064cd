package checker

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/lang"
)

// TestTopLevelSpans: a fix lays out only the top-level blocks it edits,
// so that a file of many findings is not formatted once a fix.
func TestTopLevelSpans(t *testing.T) {
	src := []byte("reseller \"a\" {\n  name = \"A\"\n}\n\n# about b\ncompany \"b\" {\n  reseller = \"a\"\n\n  integration \"x\" {}\n}\n\ncompany \"c\" {}\n")
	at := func(s string) lang.Edit {
		i := strings.Index(string(src), s)
		return lang.Edit{Range: hcl.Range{Start: hcl.Pos{Byte: i}, End: hcl.Pos{Byte: i + len(s)}}}
	}
	block := func(sp span) string { return string(src[sp.from:sp.to]) }
	sps := topLevelSpans(src, []lang.Edit{at(`integration "x" {}`)})
	if len(sps) != 1 || block(sps[0]) != "company \"b\" {\n  reseller = \"a\"\n\n  integration \"x\" {}\n}\n" {
		t.Errorf("spans of an edit in b: %+v", sps)
	}
	sps = topLevelSpans(src, []lang.Edit{at(`name = "A"`), at(`reseller = "a"`)})
	if len(sps) != 2 || !strings.HasPrefix(block(sps[0]), "reseller") || !strings.HasPrefix(block(sps[1]), "company \"b\"") {
		t.Errorf("spans of edits in a and b: %+v", sps)
	}
	sps = topLevelSpans(src, []lang.Edit{at(`company "c" {}`)})
	if len(sps) != 1 || block(sps[0]) != "company \"c\" {}\n" {
		t.Errorf("spans of an edit of the last, one-line block: %+v", sps)
	}
}
