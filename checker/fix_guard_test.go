package checker

import (
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/lang"
)

// TestGuardFixesDropsSecrets pins lang.Fix's invariant: a fix that would
// write a value the portfolio holds as a literal secret is dropped, one
// that writes anything else is kept.
func TestGuardFixesDropsSecrets(t *testing.T) {
	src := []byte(`reseller "acme" {
  feature_flags = ["dtcm"]
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["dtcm"]
  permissions   = ["manage_integrations"]

  integration "dtcm" {
    mode    = "live"
    api_key = "dtcm-key-8f7e6d"
  }
}
`)
	p := lang.Assemble([]*lang.File{lang.ParseFile("c.hcl", src)})
	at := hcl.Range{Filename: "c.hcl", Start: hcl.Pos{Line: 1, Column: 1, Byte: 0}, End: hcl.Pos{Line: 1, Column: 1, Byte: 0}}
	leak := lang.Fix{Message: "copy", Safety: lang.Review, Edits: []lang.Edit{{Range: at, NewText: "# dtcm-key-8f7e6d\n"}}}
	ref := lang.Fix{Message: "reference", Safety: lang.Review, Edits: []lang.Edit{{Range: at, NewText: `secret("dubai-live/dtcm/api_key")`}}}
	remove := lang.Fix{Message: "remove", Safety: lang.Safe, Edits: []lang.Edit{{Range: at}}}
	diags := []lang.Diagnostic{{Rule: "x", Subject: at, Fixes: []lang.Fix{leak, ref, remove}}}
	guardFixes(p, diags)
	var got []string
	for _, f := range diags[0].Fixes {
		got = append(got, f.Message)
	}
	if len(got) != 2 || got[0] != "reference" || got[1] != "remove" {
		t.Fatalf("fixes kept = %q, want [reference remove]", got)
	}
}
