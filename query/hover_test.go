package query

import (
	"fmt"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/tixcfg/tixcfg/lang"
)

func hoverAt(t *testing.T, ix *Index, file, needle string, n, delta int) string {
	t.Helper()
	h, ok := ix.Hover(file, at(t, ix, file, needle, n, delta))
	if !ok {
		t.Fatalf("no hover on %q in %s", needle, file)
	}
	return h.Markdown
}

func wantAll(t *testing.T, what, got string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(got, s) {
			t.Errorf("%s lacks %q:\n%s", what, s, got)
		}
	}
}

func TestHoverIntegrationExplainsTheChain(t *testing.T) {
	ix := load(t, testFiles)
	// dubai-live enables dtcm without the flag on the company.
	md := hoverAt(t, ix, "companies/dubai.hcl", `integration "dtcm"`, 0, 2)
	wantAll(t, "dtcm hover", md, "**Dubai Tourism and Commerce Marketing** on company `dubai-live`",
		"**dtcm**: enabled, but a step is missing",
		"- – **credentials on reseller**: dtcm needs no reseller credentials",
		"- ✓ **flag on reseller**", "- ✗ **flag on company**", "→ change `companies/dubai.hcl:4:",
		"- ✓ **permissions**", "**integration type** `dtcm`")
	// Each step says what explain says, in its order.
	cs := ix.Analysis.Of(ix.Portfolio.Company("dubai-live"))
	last := -1
	for _, st := range cs.Integration("dtcm").Steps() {
		msg := strings.NewReplacer("_", `\_`).Replace(st.Message())
		i := strings.Index(md, msg)
		if i < 0 || i < last {
			t.Errorf("step %s (%q) missing or out of order:\n%s", st.Kind, msg, md)
		}
		last = i
	}
	// The label of the block explains it too; in JSON as well.
	wantAll(t, "label hover", hoverAt(t, ix, "companies/dubai.hcl", `"refund_protect_group"`, 1, 3),
		"**refund\\_protect\\_group**: enabled, every step holds")
	wantAll(t, "JSON hover", hoverAt(t, ix, "companies/kids.hcl.json", `"dtcm": {"mode"`, 0, 2),
		"on company `dubai-kids`", "- ✓ **flag on company**")
}

func TestHoverAttributeDocumentation(t *testing.T) {
	ix := load(t, testFiles)
	wantAll(t, "dtcm mode", hoverAt(t, ix, "companies/dubai.hcl", "mode ", 0, 1),
		"**mode**: setting of `dtcm` (company)", "type: `string`, required", "allowed: `live`, `test`", "secret: no", "Which DTCM system")
	wantAll(t, "api_key", hoverAt(t, ix, "companies/dubai.hcl", "api_key ", 0, 0),
		"credential of `dtcm`", "secret: yes")
	wantAll(t, "rpg mode", hoverAt(t, ix, "companies/dubai.hcl", "mode ", 1, 0),
		"default: `\"standard\"`", "allowed: `standard`, `anonymous`", "optional")
	wantAll(t, "rpg tax_band", hoverAt(t, ix, "companies/dubai.hcl", "tax_band =", 0, 0),
		"refers to one of the company's tax bands")
	wantAll(t, "reseller credential", hoverAt(t, ix, "resellers/acme.hcl", "vendor_code", 0, 2),
		"credential of `refund_protect_group` (reseller)", "required", "secret: no")
	wantAll(t, "operator setting", hoverAt(t, ix, "companies/dubai.hcl", "chart_key", 0, 0),
		"setting of `seatplan`", "required")
	wantAll(t, "company attribute", hoverAt(t, ix, "companies/dubai.hcl", "reseller ", 0, 0), "**reseller** (string, required)")
	wantAll(t, "tax band attribute", hoverAt(t, ix, "companies/dubai.hcl", "rate", 0, 0), "**rate** (number, required)")
	wantAll(t, "JSON attribute", hoverAt(t, ix, "companies/kids.hcl.json", `"mode"`, 0, 2), "**mode**: setting of `dtcm`")
	unknown := load(t, map[string]string{"a.hcl": "company \"x\" {\n  reseller = \"r\"\n  integration \"dtcm\" {\n    mdoe = \"live\"\n  }\n}\n"})
	wantAll(t, "misspelt attribute", hoverAt(t, unknown, "a.hcl", "mdoe", 0, 0), "not an attribute of `dtcm`", "`mode`")
}

func TestHoverReference(t *testing.T) {
	ix := load(t, testFiles)
	wantAll(t, "reseller", hoverAt(t, ix, "companies/kids.hcl.json", `"acme"`, 0, 1),
		"**reseller** `acme`: Acme Tickets", "companies: 3", "Declared at `resellers/acme.hcl:1:")
	wantAll(t, "parent", hoverAt(t, ix, "companies/café.hcl", `"dubai-live"`, 0, 1),
		"**company** `dubai-live`: Dubai Live Events", "integrations: `dtcm`, `refund_protect_group`, `seatplan`",
		"chain: `dtcm` broken, `refund_protect_group` enabled, `seatplan` enabled", "could enable now: none")
	wantAll(t, "flag", hoverAt(t, ix, "companies/dubai.hcl", `"refund_protect_group"`, 0, 1),
		"**feature flag** `refund_protect_group`", "conflicts with: `manual_refund_protection`", "Built in (`"+ix.BuiltinPath+":")
	wantAll(t, "permission", hoverAt(t, ix, "companies/dubai.hcl", `"manage_venues"`, 0, 1),
		"**permission** `manage_venues`: Edit venue layouts.", "Declared at `catalog.hcl:1:")
	wantAll(t, "tax band", hoverAt(t, ix, "companies/dubai.hcl", `"standard"`, 2, 1),
		"**tax band** `standard` of company `dubai-live`", "rate: `5`")
	wantAll(t, "integration type", hoverAt(t, ix, "resellers/acme.hcl", `"refund_protect_group"`, 1, 1),
		"**integration type** `refund_protect_group`: Refund Protect Group", "per environment `live`, `test`")
	broken := load(t, map[string]string{"a.hcl": "company \"x\" {\n  reseller = \"ghost\"\n}\n"})
	wantAll(t, "unknown", hoverAt(t, broken, "a.hcl", "ghost", 0, 0), "not declared anywhere")
	if _, ok := ix.Hover("companies/dubai.hcl", at(t, ix, "companies/dubai.hcl", "Dubai Live", 0, 2)); ok {
		t.Error("a display name has no hover")
	}
}

// canaryFiles hold a distinct canary literal in every credential of every
// built-in type, on both sides, plus misspelt, broken and JSON files, as
// cmd/tixcfg's canary test writes them.
func canaryFiles() (map[string]string, []string) {
	var canaries []string
	n := 0
	canary := func() string {
		n++
		c := fmt.Sprintf("CANARY-%03d", n)
		canaries = append(canaries, c)
		return c
	}
	cat := lang.Assemble(nil).Catalog
	var r, c strings.Builder
	r.WriteString("reseller \"r\" {\n  feature_flags = [\"dtcm\", \"refund_protect_group\", \"szamlazz\"]\n")
	c.WriteString("company \"c\" {\n  reseller = \"r\"\n  permissions = [\"manage_integrations\"]\n  tax_band \"t\" {\n    rate = 5\n  }\n")
	for _, t := range cat.Types {
		fmt.Fprintf(&r, "  integration %q {\n", t.ID)
		for _, f := range t.ResellerCredentials {
			fmt.Fprintf(&r, "    %s = %q\n", f.Name, canary())
		}
		r.WriteString("  }\n")
		fmt.Fprintf(&c, "  integration %q {\n", t.ID)
		for _, f := range t.CompanyCredentials {
			fmt.Fprintf(&c, "    %s = %q\n", f.Name, canary())
		}
		for _, s := range t.Settings {
			if s.Type.Equals(cty.String) && s.References == "" && len(s.Allowed) == 0 {
				fmt.Fprintf(&c, "    %s = %q\n", s.Name, canary())
			}
		}
		c.WriteString("  }\n")
	}
	fmt.Fprintf(&r, "  integration \"what3words\" {\n    api_kye = %q\n  }\n}\n", canary())
	c.WriteString("}\n")
	return map[string]string{
		"r.hcl":         r.String(),
		"c.hcl":         c.String(),
		"misspelt.hcl":  fmt.Sprintf("compnay \"x\" {\n  integration \"vatstack\" {\n    secret_key = %q\n  }\n}\n", canary()),
		"broken.hcl":    fmt.Sprintf("reseller \"broken\" {\n  integration \"vatstack\" {\n    secret_key = %q\n", canary()),
		"json.hcl.json": fmt.Sprintf(`{"reseller": {"jay": {"integration": {"vatstack": {"secret_key": %q}}}}}`, canary()),
		"wrongtype.hcl": fmt.Sprintf("reseller \"typed\" {\n  integration \"vatstack\" {\n    secret_key = [%q]\n  }\n}\n", canary()),
		"default.hcl":   fmt.Sprintf("integration_type \"leaky\" {\n  category = \"x\"\n  company {\n    setting \"token\" {\n      secret = true\n      default = %q\n    }\n  }\n}\n", canary()),
	}, canaries
}

// TestHoverNeverShowsSecrets hovers every byte of every file of a
// portfolio whose credentials are canaries.
func TestHoverNeverShowsSecrets(t *testing.T) {
	files, canaries := canaryFiles()
	ix := load(t, files)
	shown := 0
	for name, src := range files {
		for off := 0; off <= len(src); off++ {
			h, ok := ix.Hover(name, off)
			if !ok {
				continue
			}
			shown++
			if strings.Contains(h.Markdown, "CANARY") {
				t.Fatalf("hover at %s:%d shows a secret:\n%s", name, off, h.Markdown)
			}
		}
	}
	if shown == 0 || len(canaries) < 10 {
		t.Fatalf("%d hovers over %d canaries: the test tests nothing", shown, len(canaries))
	}
}
