package checker

import (
	"testing"

	"github.com/tixcfg/tixcfg/lang"
)

// TestState pins the chain's state of each kind of integration, the one
// reading explain and the snapshot share.
func TestState(t *testing.T) {
	p := lang.Assemble([]*lang.File{lang.ParseFile("p.hcl", []byte(`
reseller "acme" {
  feature_flags = ["refund_protect_group", "manual_refund_protection"]
  integration "what3words" {
    api_key = secret("acme/w3w")
  }
  integration "refund_protect_group" {
    environment "test" {
      client_id     = "acme-test"
      client_secret = secret("acme/rpg-test-secret")
      api_key       = secret("acme/rpg-test-key")
      vendor_code   = "ACM01"
    }
  }
}
company "top" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]
  integration "refund_protect_group" {
    environment = "test"
  }
}
company "kid" {
  reseller            = "acme"
  parent              = "top"
  global_transactions = true
}
company "clashing-kid" {
  reseller            = "acme"
  parent              = "top"
  global_transactions = true
  feature_flags       = ["manual_refund_protection"]
}
company "broken" {
  reseller    = "acme"
  permissions = ["manage_integrations", "manage_payments"]
  integration "refund_protect_group" {
    environment = "test"
  }
}
company "bare" {
  reseller = "acme"
}
`))})
	a := Analyze(p)
	for _, tc := range []struct {
		company, integration string
		want                 State
		holds                bool
	}{
		{"top", "refund_protect_group", Enabled, true},
		{"top", "what3words", Available, true},
		{"broken", "refund_protect_group", Enabled, false},
		{"kid", "refund_protect_group", Managed, true},
		{"clashing-kid", "refund_protect_group", Blocked, false},
		{"bare", "what3words", Blocked, false},
	} {
		s := a.Of(p.Company(tc.company)).Integration(tc.integration)
		if got := s.State(); got != tc.want || s.Holds() != tc.holds {
			t.Errorf("%s %s: %s, holds %v; want %s, holds %v", tc.company, tc.integration, got, s.Holds(), tc.want, tc.holds)
		}
	}
}
