package checker_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

// TestPlacesOfEveryFixture gives every finding of every rule fixture a
// place: a logical one (never file/...) unless the finding is a syntax
// error or lies outside any declaration, and never one that names a line.
func TestPlacesOfEveryFixture(t *testing.T) {
	var n int
	for _, rule := range checker.RuleIDs() {
		for _, c := range fixtureCases(t, rule) {
			p, err := lang.Load([]string{c.path}, lang.Options{WorkDir: c.base})
			if err != nil {
				t.Fatal(err)
			}
			res := checker.Run(p, checker.Options{})
			pl := checker.NewPlaces(p)
			for _, d := range res.Diagnostics {
				n++
				place := pl.Of(d)
				if testing.Verbose() {
					t.Logf("%s: %s %s %q", c, d.Rule, place, d.Summary)
				}
				switch {
				case place == "" || strings.HasSuffix(place, "/"):
					t.Errorf("%s: %s at %s: empty place %q", c, d.Rule, lang.Location(d.Subject), place)
				case strings.HasPrefix(place, "file/") && d.Rule != ruleid.Syntax && !outsideDecls(p, d):
					t.Errorf("%s: %s at %s %q: place %q, want a logical one", c, d.Rule, lang.Location(d.Subject), d.Summary, place)
				}
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d findings in the fixtures", n)
	}
}

// outsideDecls reports whether d's subject lies in no top-level block of
// the portfolio (an unknown block type, a stray attribute at top level).
// Every finding of the JSON fixtures is inside a block.
func outsideDecls(p *lang.Portfolio, d lang.Diagnostic) bool {
	if f := p.File(d.Subject.Filename); f != nil && f.JSON {
		return false
	}
	b := d.Subject.Start.Byte
	for _, r := range declRanges(p) {
		if r.Filename == d.Subject.Filename && r.Start.Byte <= b && b < r.End.Byte {
			return false
		}
	}
	return true
}

func declRanges(p *lang.Portfolio) []hcl.Range {
	var out []hcl.Range
	for _, r := range p.Resellers {
		out = append(out, r.Range)
	}
	for _, c := range p.Companies {
		out = append(out, c.Range)
	}
	for _, f := range p.FeatureFlags {
		out = append(out, f.Range)
	}
	for _, f := range p.Permissions {
		out = append(out, f.Range)
	}
	for _, f := range p.IntegrationTypes {
		out = append(out, f.Range)
	}
	return out
}

const placesReseller = `reseller "acme" {
  feature_flags = ["dtcm", "refund_protect_group"]
  integration "refund_protect_group" {
    environment "live" {
      client_id     = "acme-live"
      client_secret = secret("acme/rpg-live-secret")
      api_key       = "sk_live_literal_value"
      vendor_code   = "ACM01"
    }
  }
}
`

const placesCompany = `company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["dtcm", "szamlazz"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "refund_protect_group" {
    environment         = "staging"
    minimum_order_value = { AED = -5, USD = 1 }
  }
  integration "vatstack" {} # tixcfg:ignore conflict -- nothing to suppress
}
`

// TestPlacesMoveWithTheCode checks the places of findings of one
// portfolio laid out in one file, then split over two with lines added
// above: every finding keeps its place.
func TestPlacesMoveWithTheCode(t *testing.T) {
	places := func(files map[string]string) map[string]int {
		dir := t.TempDir()
		for name, src := range files {
			path := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		p, err := lang.Load([]string{dir}, lang.Options{WorkDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		res := checker.Run(p, checker.Options{})
		pl := checker.NewPlaces(p)
		out := map[string]int{}
		for _, d := range res.Diagnostics {
			out[d.Rule+" "+pl.Of(d)+" "+d.Summary]++
		}
		return out
	}
	one := places(map[string]string{"all.hcl": placesReseller + "\n" + placesCompany})
	two := places(map[string]string{
		"resellers/acme.hcl":        "# Acme\n\n\n" + placesReseller,
		"companies/dubai/live.hcl":  "\n\n# moved here\n\n" + placesCompany,
		"companies/dubai/other.hcl": "",
	})
	if len(one) == 0 {
		t.Fatal("no findings")
	}
	for k, n := range one {
		if two[k] != n {
			t.Errorf("%s: %d times in one file, %d times split", k, n, two[k])
		}
	}
	for k := range two {
		if _, ok := one[k]; !ok {
			t.Errorf("%s: only when split", k)
		}
	}
	for _, want := range []string{
		"credential-literal reseller/acme/integration/refund_protect_group/environment/live/api_key ",
		"invalid-value company/dubai-live/integration/refund_protect_group/environment ",
		"invalid-value company/dubai-live/integration/refund_protect_group/minimum_order_value/AED ",
		"flag-not-on-reseller company/dubai-live/feature_flags/szamlazz ",
		"unused-ignore company/dubai-live/integration/vatstack ",
	} {
		found := false
		for k := range one {
			found = found || strings.HasPrefix(k, want)
		}
		if !found {
			t.Errorf("no finding %q…; have %v", want, one)
		}
	}
	for k := range one {
		if strings.Contains(k, "sk_live") {
			t.Errorf("a place or summary holds the secret: %s", k)
		}
	}
}

func TestPlaceEscapesSlashes(t *testing.T) {
	p := lang.Assemble([]*lang.File{lang.ParseFile("a.hcl", []byte("company \"a/b%c\" {\n  reseller = \"nope\"\n}\n"))})
	res := checker.Run(p, checker.Options{})
	if len(res.Diagnostics) == 0 {
		t.Fatal("no findings")
	}
	if got := checker.NewPlaces(p).Of(res.Diagnostics[0]); got != "company/a%2Fb%25c/reseller" {
		t.Errorf("place %q", got)
	}
	p = lang.Assemble([]*lang.File{lang.ParseFile("a.hcl", []byte("company \"a\u200db\tc\" {\n  reseller = \"nope\"\n}\n"))})
	res = checker.Run(p, checker.Options{})
	if got := checker.NewPlaces(p).Of(res.Diagnostics[len(res.Diagnostics)-1]); got != "company/a%E2%80%8Db%09c/reseller" {
		t.Errorf("place %q", got)
	}
	syntax := lang.Assemble([]*lang.File{lang.ParseFile("dir/b.hcl", []byte("= 1\n"))})
	res = checker.Run(syntax, checker.Options{})
	if len(res.Diagnostics) == 0 || res.Diagnostics[0].Rule != ruleid.Syntax {
		t.Fatalf("want a syntax error, got %v", res.Diagnostics)
	}
	if got := checker.NewPlaces(syntax).Of(res.Diagnostics[0]); got != "file/dir%2Fb.hcl" {
		t.Errorf("syntax error place %q", got)
	}
}

func TestFingerprint(t *testing.T) {
	a := checker.Fingerprint("schema", "company/x", "Unsupported  attribute\n\"y\"")
	if a != checker.Fingerprint("schema", "company/x", "Unsupported attribute \"y\"") {
		t.Error("white space changes the fingerprint")
	}
	for _, b := range []string{
		checker.Fingerprint("schema", "company/x", "Unsupported attribute \"z\""),
		checker.Fingerprint("schema", "company/y", "Unsupported attribute \"y\""),
		checker.Fingerprint("duplicate", "company/x", "Unsupported attribute \"y\""),
		checker.Fingerprint("schema", "company/x\x00Unsupported", "attribute \"y\""),
	} {
		if a == b {
			t.Error("distinct findings share a fingerprint")
		}
	}
}
