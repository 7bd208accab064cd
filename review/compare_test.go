package review

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// side loads files held in memory as one side.
func side(t *testing.T, files map[string]string) Side {
	t.Helper()
	var srcs []lang.Source
	for name, text := range files {
		srcs = append(srcs, lang.Source{Name: name, Src: []byte(text)})
	}
	loaded, err := lang.LoadSources(srcs, lang.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := lang.Assemble(loaded)
	return Side{Portfolio: p, Result: checker.Run(p, checker.Options{})}
}

const baseReseller = `reseller "acme" {
  feature_flags = ["dtcm"]
  integration "vatstack" {
    secret_key = "LITERAL-ONE"
  }
  integration "google_maps" {
    api_key = secret("acme/maps")
  }
}
`

const baseCompanies = `company "a" {
  reseller      = "acme"
  feature_flags = ["dtcm"]
  permissions   = ["manage_integrations"]
  integration "vatstack" {}
  integration "dtcm" {
    mode          = "live"
    api_key       = "LITERAL-TWO"
    token_api_key = secret("a/token")
    client_id     = "A"
    client_secret = secret("a/secret")
    seller_code   = "S"
  }
}
company "b" {
  reseller    = "acme"
  permissions = ["manage_integrations"]
}
`

// TestCompareHoldsNoSecret compares sides whose literal secrets changed:
// the model says they changed and holds neither value, and the literal's
// comparison key is no prefix or copy of it.
func TestCompareHoldsNoSecret(t *testing.T) {
	head := map[string]string{
		"r.hcl": strings.ReplaceAll(baseReseller, "LITERAL-ONE", "LITERAL-THREE"),
		"c.hcl": strings.ReplaceAll(baseCompanies, "LITERAL-TWO", "LITERAL-FOUR"),
	}
	d, err := Compare(side(t, map[string]string{"r.hcl": baseReseller, "c.hcl": baseCompanies}), side(t, head), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if dump := fmt.Sprintf("%+v %+v", d, deref(d)); strings.Contains(dump, "LITERAL") {
		t.Fatalf("the model holds a literal secret: %s", dump)
	}
	if len(d.Resellers) != 1 || len(d.Resellers[0].Credentials) != 1 || !d.Resellers[0].Credentials[0].After.Hidden {
		t.Errorf("the reseller's literal change is not listed as hidden: %+v", deref(d))
	}
	if len(d.Companies) != 1 || d.Companies[0].ID != "a" || len(d.Companies[0].Integrations) != 1 ||
		len(d.Companies[0].Integrations[0].Credentials) != 1 || !d.Companies[0].Integrations[0].Credentials[0].Before.Hidden {
		t.Errorf("the company's literal change is not listed as hidden: %+v", deref(d))
	}
}

// deref spells out the pointers of a diff for %+v.
func deref(d *Diff) []any {
	var out []any
	for _, r := range d.Resellers {
		out = append(out, *r)
	}
	for _, c := range d.Companies {
		out = append(out, *c)
		for _, in := range c.Integrations {
			out = append(out, *in)
		}
	}
	return out
}

// TestCompareOrderFree: the files' order and names, and blank lines that
// move every line, change nothing; the same change compares the same
// whatever the file layout.
func TestCompareOrderFree(t *testing.T) {
	base := side(t, map[string]string{"r.hcl": baseReseller, "c.hcl": baseCompanies})
	moved := side(t, map[string]string{"z/all.hcl": "\n\n" + baseCompanies + baseReseller})
	d, err := Compare(base, moved, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !d.Empty() {
		t.Errorf("moving declarations between files is a change: %+v", deref(d))
	}
	headA := side(t, map[string]string{"r.hcl": strings.Replace(baseReseller, `["dtcm"]`, `[]`, 1), "c.hcl": baseCompanies})
	headB := side(t, map[string]string{"c.hcl": baseCompanies, "r.hcl": strings.Replace(baseReseller, `["dtcm"]`, `[]`, 1)})
	a, _ := Compare(base, headA, Options{})
	b, _ := Compare(base, headB, Options{})
	if diff := cmp.Diff(deref(a), deref(b)); diff != "" || a.Summary.CompaniesLosing != 1 {
		t.Errorf("the same change compares differently (losing %d):\n%s", a.Summary.CompaniesLosing, diff)
	}
	// The flag is gone: a loses dtcm, and the reason is the reseller's
	// missing flag at its feature_flags.
	in := a.Companies[0].Integrations[0]
	if in.Type != "dtcm" || in.Effect != Loss || !strings.Contains(in.Reason, `does not have the feature flag "dtcm"`) || in.Where.File != "r.hcl" || in.Where.Line != 2 {
		t.Errorf("loss of dtcm: %+v", *in)
	}
}

// TestCompareFilters lists only the companies asked for, with the
// findings inside their blocks.
func TestCompareFilters(t *testing.T) {
	base := side(t, map[string]string{"r.hcl": baseReseller, "c.hcl": baseCompanies})
	head := side(t, map[string]string{"r.hcl": baseReseller, "c.hcl": strings.ReplaceAll(baseCompanies, `permissions = ["manage_integrations"]`, `permissions = ["manage_integrationz"]`)})
	all, _ := Compare(base, head, Options{})
	only, _ := Compare(base, head, Options{Companies: []string{"a"}})
	if len(all.Companies) != 1 || all.Companies[0].ID != "b" || len(all.NewFindings) == 0 {
		t.Fatalf("want b changed with a new finding: %+v %+v", deref(all), all.NewFindings)
	}
	if len(only.Companies) != 0 || len(only.NewFindings) != 0 || len(only.Resellers) != 0 {
		t.Errorf("--company a lists more than a: %+v %+v", deref(only), only.NewFindings)
	}
}
