package query

import (
	"slices"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/checker"
)

// complete runs Complete on a buffer whose cursor is marked with §.
func complete(t *testing.T, ix *Index, file, buf string) []CompletionItem {
	t.Helper()
	off := strings.Index(buf, "§")
	if off < 0 {
		t.Fatal("no cursor in buffer")
	}
	src := []byte(buf[:off] + buf[off+len("§"):])
	return ix.Complete(file, src, off)
}

func labels(items []CompletionItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Label
	}
	return out
}

func TestCompleteKeys(t *testing.T) {
	ix := load(t, testFiles)
	for _, tc := range []struct {
		name, buf string
		want      []string
	}{
		{"top level", "§", []string{"reseller", "company", "feature_flag", "integration_type", "permission"}},
		{"top level, typed", "com§", []string{"company"}},
		{"company", "company \"n\" {\n  §\n}\n", []string{"name", "reseller", "parent", "global_transactions", "feature_flags", "permissions", "tax_band", "integration"}},
		{"company, some written", "company \"n\" {\n  reseller = \"acme\"\n  # a comment\n  name = \"x\"\n  fe§\n}\n", []string{"feature_flags"}},
		{"integration attributes", "company \"n\" {\n  integration \"refund_protect_group\" {\n    mode = \"standard\"\n    §\n  }\n}\n",
			[]string{"deadline_hours", "environment", "minimum_order_value", "opt_in_required", "tax_band"}},
		{"attributes after the cursor count as written", "company \"n\" {\n  integration \"refund_protect_group\" {\n    §\n    mode = \"standard\"\n    tax_band {\n      x = 1\n    }\n    # note\n    deadline_hours = 4\n  }\n  environment = \"x\"\n}\n",
			[]string{"environment", "minimum_order_value", "opt_in_required", "tax_band"}},
		{"integration of the operator's type", "company \"n\" {\n  integration \"seatplan\" {\n    §", []string{"chart_key"}},
		{"unfinished buffer", "company \"new\" {\n  reseller = \"acme\n  integration \"dtcm\" {\n    mo§", []string{"mode"}},
		{"reseller credentials per environment", "reseller \"r\" {\n  integration \"refund_protect_group\" {\n    §\n", []string{"environment"}},
		{"reseller credentials", "reseller \"r\" {\n  integration \"refund_protect_group\" {\n    environment \"live\" {\n      §\n", []string{"api_key", "client_id", "client_secret", "vendor_code"}},
		{"tax band", "company \"n\" {\n  tax_band \"s\" {\n    §", []string{"rate", "condition"}},
		{"catalog setting", "integration_type \"x\" {\n  company {\n    setting \"s\" {\n      sel§", []string{"selects_environment"}},
		{"non-ASCII before the cursor", "# Café Olé 🎭\ncompany \"café\" {\n  name = \"Olé 🎭\"\n  per§", []string{"permissions"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := labels(complete(t, ix, "new.hcl", tc.buf))
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	items := complete(t, ix, "new.hcl", "company \"n\" {\n  integration \"dtcm\" {\n    §")
	i := slices.IndexFunc(items, func(it CompletionItem) bool { return it.Label == "api_key" })
	if i < 0 || !strings.Contains(items[i].Detail, "secret") || !strings.Contains(items[i].Documentation, "secret: yes") || items[i].InsertText != "api_key = " {
		t.Errorf("api_key item %+v", items)
	}
	items = complete(t, ix, "new.hcl", "# Café 🎭\ncompany \"n\" {\n  perm§")
	if r := items[0].Replace; r.Start.Line != 3 || r.Start.Column != 3 || r.End.Column != 7 || r.End.Byte-r.Start.Byte != 4 {
		t.Errorf("replace range %v", r)
	}
}

func TestCompleteValues(t *testing.T) {
	ix := load(t, testFiles)
	for _, tc := range []struct {
		name, buf string
		want      []string
	}{
		{"reseller", "company \"n\" {\n  reseller = \"§\"\n}\n", []string{"acme"}},
		{"parent, not itself", "company \"dubai-live\" {\n  parent = \"§", []string{"café-olé", "dubai-kids"}},
		{"parent, typed", "company \"n\" {\n  parent = \"dubai-l§", []string{"dubai-live"}},
		{"flags of the company's reseller", "company \"n\" {\n  reseller = \"acme\"\n  feature_flags = [\"dtcm\", \"§", []string{"dtcm", "refund_protect_group", "vip"}},
		{"flags of the loaded company's reseller", "company \"dubai-live\" {\n  feature_flags = [\n    \"§", []string{"dtcm", "refund_protect_group", "vip"}},
		{"reseller flags: the catalog", "reseller \"r\" {\n  feature_flags = [\"§", []string{"conditional_tax_bands", "dtcm", "manual_refund_protection", "refund_protect_group", "szamlazz", "vip"}},
		{"permissions", "company \"n\" {\n  permissions = [\"manage_i§", []string{"manage_integrations"}},
		{"allowed values", "company \"n\" {\n  integration \"dtcm\" {\n    mode = \"§", []string{"live", "test"}},
		{"environment", "company \"n\" {\n  integration \"refund_protect_group\" {\n    environment = \"§", []string{"live", "test"}},
		{"the company's tax bands", "company \"dubai-live\" {\n  tax_band \"new\" {\n    rate = 1\n  }\n  integration \"refund_protect_group\" {\n    tax_band = \"§", []string{"new", "standard"}},
		{"bools", "company \"n\" {\n  integration \"refund_protect_group\" {\n    opt_in_required = §", []string{"true", "false"}},
		{"after a finished value", "company \"n\" {\n  reseller = \"acme\" §", nil},
		{"in a comment", "company \"n\" {\n  # reseller = \"§", nil},
		{"a free string", "company \"n\" {\n  name = \"§", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := labels(complete(t, ix, "new.hcl", tc.buf))
			if !slices.Equal(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	// Outside a string a value is inserted quoted.
	items := complete(t, ix, "new.hcl", "company \"n\" {\n  reseller = §")
	if len(items) != 1 || items[0].InsertText != `"acme"` {
		t.Errorf("bare value: %+v", items)
	}
	items = complete(t, ix, "new.hcl", "company \"n\" {\n  reseller = \"ac§\"")
	if len(items) != 1 || items[0].InsertText != "acme" || items[0].Replace.End.Byte-items[0].Replace.Start.Byte != 2 {
		t.Errorf("in a string: %+v", items)
	}
}

func TestCompleteIntegrationTypes(t *testing.T) {
	files := map[string]string{}
	for k, v := range testFiles {
		files[k] = v
	}
	files["resellers/acme.hcl"] = strings.Replace(testFiles["resellers/acme.hcl"], "  integration", "  integration \"google_maps\" {\n    api_key = secret(\"acme/maps\")\n  }\n  integration", 1)
	ix := load(t, files)
	// dubai-kids has the dtcm flag and manage_integrations only; its
	// reseller provides google_maps.
	items := complete(t, ix, "new.hcl", "company \"dubai-kids\" {\n  integration \"§")
	got := labels(items)
	if slices.Contains(got, "dtcm") {
		t.Error("dtcm is enabled already")
	}
	if len(items) == 0 || !strings.HasPrefix(items[0].Detail, "available") {
		t.Fatalf("no available type first: %+v", items)
	}
	var avail []string
	for _, it := range items {
		if strings.HasPrefix(it.Detail, "available") {
			avail = append(avail, it.Label)
		} else if !strings.HasPrefix(it.Detail, "blocked: ") {
			t.Errorf("%s: detail %q", it.Label, it.Detail)
		}
	}
	// Every available one comes before every blocked one, and is what the
	// analysis says a company could enable.
	cs := ix.Analysis.Of(ix.Portfolio.Company("dubai-kids"))
	var want []string
	for _, s := range cs.All() {
		if s.State() == checker.Available {
			want = append(want, s.Type.ID)
		}
	}
	if !slices.Equal(avail, want) || !slices.Equal(got[:len(avail)], avail) {
		t.Errorf("available %q (first %q), want %q", avail, got, want)
	}
	i := slices.Index(got, "refund_protect_group")
	if i < 0 || !strings.Contains(items[i].Detail, "feature flag") || !strings.Contains(items[i].Documentation, "✗") {
		t.Errorf("refund_protect_group: %+v", items[i])
	}
	if got := labels(complete(t, ix, "new.hcl", "reseller \"acme\" {\n  integration \"goo§")); !slices.Equal(got, []string{"google_login"}) {
		t.Errorf("reseller types (google_maps is provided already): %q", got)
	}
	if got := labels(complete(t, ix, "new.hcl", "reseller \"acme\" {\n  integration \"refund_protect_group\" {\n    environment \"§")); !slices.Equal(got, []string{"live", "test"}) {
		t.Errorf("environments: %q", got)
	}
}

func TestCompleteJSON(t *testing.T) {
	ix := load(t, testFiles)
	for _, tc := range []struct {
		name, buf string
		want      []string
	}{
		{"top level", `{"§`, []string{"reseller", "company", "feature_flag", "integration_type", "permission"}},
		{"company keys, some written", `{"company": {"dubai-kids": {"reseller": "acme", "name": "x", "pe§`, []string{"permissions"}},
		{"company keys", `{"company": {"n": {"§`, []string{"name", "reseller", "parent", "global_transactions", "feature_flags", "permissions", "tax_band", "integration"}},
		{"integration attributes", `{"company": {"n": {"integration": {"dtcm": {"mode": "live", "§`, []string{"api_key", "client_id", "client_secret", "seller_code", "token_api_key"}},
		{"blocks as arrays", `{"company": [{"n": {"integration": [{"dtcm": {"mo§`, []string{"mode"}},
		{"reseller value", `{"company": {"n": {"reseller": "§`, []string{"acme"}},
		{"flags of the loaded company's reseller", `{"company": {"dubai-kids": {"feature_flags": ["dtcm", "§`, []string{"dtcm", "refund_protect_group", "vip"}},
		{"allowed values", `{"company": {"n": {"integration": {"dtcm": {"mode": "t§`, []string{"test"}},
		{"the company's tax bands", `{"company": {"dubai-kids": {"integration": {"refund_protect_group": {"tax_band": "§`, []string{"reduced"}},
		{"environments", `{"reseller": {"acme": {"integration": {"refund_protect_group": {"environment": {"§`, []string{"live", "test"}},
		{"integration label", `{"reseller": {"acme": {"integration": {"google_m§`, []string{"google_maps"}},
		{"outside a string", `{"company": {"n": {"reseller": §`, nil},
		{"inside a map value", `{"company": {"n": {"integration": {"refund_protect_group": {"minimum_order_value": {"§`, nil},
		{"non-ASCII", `{"company": {"café-olé": {"name": "Olé 🎭", "paren§`, []string{"parent"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			items := complete(t, ix, "new.hcl.json", tc.buf)
			got := labels(items)
			if !slices.Equal(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			for _, it := range items {
				if it.InsertText != it.Label || it.Snippet != "" {
					t.Errorf("%s inserts %q / %q; in JSON the text between the quotes", it.Label, it.InsertText, it.Snippet)
				}
			}
		})
	}
	items := complete(t, ix, "new.hcl.json", `{"company": {"café-olé": {"name": "Olé 🎭", "paren§`)
	if r := items[0].Replace; r.Start.Column != 45 || r.End.Column != 50 || r.End.Byte-r.Start.Byte != 5 {
		t.Errorf("replace range %v", r)
	}
}

func TestCompleteBounds(t *testing.T) {
	ix := load(t, testFiles)
	if got := ix.Complete("companies/dubai.hcl", nil, -1); got != nil {
		t.Errorf("offset -1: %v", got)
	}
	if got := ix.Complete("companies/dubai.hcl", nil, 1<<20); got != nil {
		t.Errorf("offset past the end: %v", got)
	}
}

func TestCompleteNeverShowsSecrets(t *testing.T) {
	if raceEnabled {
		t.Skip("every offset: run without -race (make test does)")
	}
	files, _ := canaryFiles()
	ix := load(t, files)
	n := 0
	for name, src := range files {
		for off := 0; off <= len(src); off++ {
			for _, it := range ix.Complete(name, nil, off) {
				n++
				if s := it.Label + it.Detail + it.Documentation + it.InsertText + it.Snippet; strings.Contains(s, "CANARY") {
					t.Fatalf("completion at %s:%d shows a secret: %+v", name, off, it)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no completions at all: the test tests nothing")
	}
}
