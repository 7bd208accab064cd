package lang_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

func TestBuiltinCatalogDecodesClean(t *testing.T) {
	f := lang.BuiltinCatalogFile()
	for _, d := range f.Diagnostics {
		t.Errorf("%s:%d,%d: %s: %s: %s", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column, d.Rule, d.Summary, d.Detail)
	}
	if f.ParseFailed {
		t.Error("the built-in catalog does not parse")
	}
	if f.CatalogVersion == "" {
		t.Error("the built-in catalog has no catalog_version")
	}
	// With no configuration at all, nothing of the catalog may be reported.
	p := lang.Assemble(nil)
	if ds := checker.Run(p, checker.Options{}).Diagnostics; len(ds) > 0 {
		t.Errorf("an empty portfolio reports %d findings, first: %s: %s", len(ds), ds[0].Rule, ds[0].Summary)
	}
}

// TestBuiltinCatalogMatchesDesign pins the built-in catalog to the table of
// DESIGN.md, which comes from the platform's documentation.
func TestBuiltinCatalogMatchesDesign(t *testing.T) {
	type row struct {
		category, flag string
		payment        bool
		environments   []string
		reseller       []string // reseller credentials; secret ones marked with *
		company        []string // company credentials (*secret) and settings
		permissions    []string
	}
	base := []string{"manage_integrations"}
	pay := []string{"manage_integrations", "manage_payments"}
	want := map[string]row{
		"dtcm": {category: "event_compliance", flag: "dtcm", permissions: base,
			company: []string{"*api_key", "*client_secret", "*token_api_key", "client_id", "mode", "seller_code"}},
		"refund_protect_group": {category: "refund_protection", flag: "refund_protect_group", payment: true, permissions: pay,
			environments: []string{"live", "test"},
			reseller:     []string{"*api_key", "*client_secret", "client_id", "vendor_code"},
			company:      []string{"deadline_hours", "environment", "minimum_order_value", "mode", "opt_in_required", "tax_band"}},
		"google_maps":    {category: "platform_service", permissions: base, reseller: []string{"*api_key"}, company: []string{"dynamic_maps", "map_theme"}},
		"what3words":     {category: "platform_service", permissions: base, reseller: []string{"*api_key"}},
		"misr_sms":       {category: "platform_service", permissions: base, reseller: []string{"*api_key", "sender_name"}, company: []string{"notify_on"}},
		"vatstack":       {category: "platform_service", permissions: base, reseller: []string{"*secret_key"}},
		"facebook_login": {category: "social_login", permissions: base, reseller: []string{"*client_secret", "client_id"}},
		"google_login":   {category: "social_login", permissions: base, reseller: []string{"*client_secret", "client_id"}},
		"twitter_login":  {category: "social_login", permissions: base, reseller: []string{"*client_secret", "client_id"}},
		"apple_login":    {category: "social_login", permissions: base, reseller: []string{"*private_key", "client_id", "private_key_id", "team_id"}},
		"szamlazz":       {category: "invoicing", flag: "szamlazz", payment: true, permissions: pay, company: []string{"*agent_key"}},
	}
	cat := lang.Assemble(nil).Catalog
	var got []string
	for _, ty := range cat.Types {
		got = append(got, ty.ID)
	}
	if wantIDs := slices.Sorted(func(yield func(string) bool) {
		for id := range want {
			if !yield(id) {
				return
			}
		}
	}); !slices.Equal(got, wantIDs) {
		t.Fatalf("integration types %v, want %v", got, wantIDs)
	}
	fields := func(fs []*lang.Field, settings []*lang.Setting) []string {
		var out []string
		for _, f := range fs {
			if f.Secret {
				out = append(out, "*"+f.Name)
			} else {
				out = append(out, f.Name)
			}
		}
		for _, s := range settings {
			out = append(out, s.Name)
		}
		slices.Sort(out)
		return out
	}
	for _, ty := range cat.Types {
		w := want[ty.ID]
		g := row{category: ty.Category, flag: ty.FeatureFlag, payment: ty.Payment, environments: ty.Environments,
			reseller: fields(ty.ResellerCredentials, nil), company: fields(ty.CompanyCredentials, ty.Settings), permissions: ty.Permissions}
		if fmt.Sprint(g) != fmt.Sprint(w) {
			t.Errorf("%s:\n got %+v\nwant %+v", ty.ID, g, w)
		}
	}
	conflicts := map[string][]string{}
	for _, f := range cat.Flags {
		conflicts[f.ID] = f.ConflictsWith
	}
	wantConflicts := map[string][]string{
		"conditional_tax_bands":    {"szamlazz"},
		"dtcm":                     nil,
		"manual_refund_protection": {"refund_protect_group"},
		"refund_protect_group":     {"manual_refund_protection"},
		"szamlazz":                 {"conditional_tax_bands"},
	}
	if fmt.Sprint(conflicts) != fmt.Sprint(wantConflicts) {
		t.Errorf("flag conflicts %v, want %v", conflicts, wantConflicts)
	}
	if f := cat.Flag("conditional_tax_bands"); f == nil || !slices.Equal(f.Enables, []string{lang.FeatureTaxBandCondition}) {
		t.Errorf("conditional_tax_bands must enable %s", lang.FeatureTaxBandCondition)
	}
	rpg := cat.Type("refund_protect_group")
	for name, def := range map[string]cty.Value{"mode": cty.StringVal("standard"), "environment": cty.StringVal("live")} {
		if s := rpg.Setting(name); s == nil || s.Default == cty.NilVal || !s.Default.RawEquals(def) {
			t.Errorf("refund_protect_group %s: default must be %#v", name, def)
		}
	}
	if d := rpg.Setting("deadline_hours"); d == nil || d.Minimum == nil || d.Maximum == nil || !d.Integer ||
		d.Minimum.Text('f', -1) != "0" || d.Maximum.Text('f', -1) != "8760" {
		t.Errorf("refund_protect_group deadline_hours must be a whole number from 0 to 8760")
	}
	if s := cat.Type("dtcm").Setting("mode"); s == nil || !s.Required || !slices.Equal(s.Allowed, []string{"live", "test"}) {
		t.Errorf("dtcm mode must be required, live or test")
	}
}

// fixtureFolders lists the multi-file rule fixtures.
func fixtureFolders(t *testing.T) []string {
	t.Helper()
	dirs, err := filepath.Glob("../testdata/rules/*/*")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range dirs {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		t.Fatal("no multi-file fixtures in ../testdata/rules")
	}
	return out
}

// render prints what a portfolio amounts to: its declarations with their
// positions, and every diagnostic with its ranges.
func render(p *lang.Portfolio) string {
	var b strings.Builder
	for _, f := range p.Files {
		fmt.Fprintf(&b, "file %s\n", f.Name)
	}
	for _, r := range p.Resellers {
		fmt.Fprintf(&b, "reseller %s %s\n", r.ID, r.DefRange)
	}
	for _, c := range p.Companies {
		fmt.Fprintf(&b, "company %s %s reseller=%q", c.ID, c.DefRange, c.Reseller.Str())
		if parent := p.ParentOf(c); parent != nil {
			fmt.Fprintf(&b, " parent=%s", parent.DefRange)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "catalog %s\n", p.Catalog.Digest())
	for _, d := range checker.Run(p, checker.Options{}).Diagnostics {
		fmt.Fprintf(&b, "%s %s %s: %s | %s\n", d.Subject, d.Rule, d.Severity, d.Summary, d.Detail)
		for _, r := range d.Related {
			fmt.Fprintf(&b, "\trelated %s %s\n", r.Range, r.Message)
		}
	}
	return b.String()
}

// TestFileOrderIndependence assembles the files of every multi-file
// fixture in many orders and expects the same portfolio and findings.
func TestFileOrderIndependence(t *testing.T) {
	for _, dir := range fixtureFolders(t) {
		t.Run(filepath.ToSlash(dir), func(t *testing.T) {
			abs, err := filepath.Abs(dir)
			if err != nil {
				t.Fatal(err)
			}
			names, err := lang.Discover([]string{abs})
			if err != nil {
				t.Fatal(err)
			}
			files, err := lang.LoadFiles(names, lang.Options{WorkDir: abs, Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			want := render(lang.Assemble(files))
			rng := rand.New(rand.NewPCG(1, uint64(len(files))))
			for i := range 8 {
				shuffled := slices.Clone(files)
				rng.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
				if got := render(lang.Assemble(shuffled)); got != want {
					t.Fatalf("order %d (%v) changes the result:\n--- sorted\n%s\n--- shuffled\n%s", i, fileNames(shuffled), want, got)
				}
			}
			// Parallel loading gives the same files in the same order.
			par, err := lang.LoadFiles(names, lang.Options{WorkDir: abs, Workers: 4})
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(fileNames(par)) != fmt.Sprint(fileNames(files)) {
				t.Errorf("parallel load order %v, want %v", fileNames(par), fileNames(files))
			}
		})
	}
}

func fileNames(fs []*lang.File) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}

// TestPartialModel decodes a file with several errors: every one is
// reported, and what is sound is still in the model.
func TestPartialModel(t *testing.T) {
	src := `reseller "acme" {
  nmae          = "Acme Tickets"
  feature_flags = ["dtcm"]

  integration "google_maps" {
    api_key = var.key
  }
  webhook "orders" {}
}

company "dubai-live" {
  feature_flags = ["dtcm"]
  permissions   = "manage_integrations"

  tax_band "standard" {
    rate = "five"
  }
  tax_band "reduced" {
    rate = 5
  }
  integration "dtcm" {
    mode = "live"
  }
}

company "cairo" {
  reseller = "acme"
  parent   = upper("dubai-live")
}
`
	f := lang.ParseFile("main.hcl", []byte(src))
	if f.ParseFailed {
		t.Fatal("the file parses; only its contents are wrong")
	}
	var got []string
	for _, d := range f.Diagnostics {
		got = append(got, fmt.Sprintf("%d %s %s", d.Subject.Start.Line, d.Rule, d.Summary))
	}
	slices.Sort(got)
	want := []string{
		"11 schema Missing required attribute",
		"13 schema Incorrect attribute value type",
		"16 schema Incorrect attribute value type",
		`28 schema Unknown function "upper"`,
		"2 schema Unsupported attribute",
		"6 schema Variables are not allowed",
		"8 schema Unsupported block type",
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n got %q\nwant %q", got, want)
	}

	if len(f.Resellers) != 1 || f.Resellers[0].ID != "acme" {
		t.Fatalf("resellers: %d", len(f.Resellers))
	}
	r := f.Resellers[0]
	if !slices.Equal(r.FeatureFlags.Values(), []string{"dtcm"}) {
		t.Errorf("reseller flags %v", r.FeatureFlags.Values())
	}
	if len(r.Integrations) != 1 || r.Integrations[0].Type != "google_maps" || len(r.Integrations[0].Attrs) != 1 {
		t.Errorf("the reseller's google_maps block with its (unknown) api_key is kept")
	} else if a := r.Integrations[0].Attrs[0]; a.Name != "api_key" || a.Value.IsKnown() {
		t.Errorf("api_key = var.key must be kept as an unknown value, got %#v", a.Value)
	}
	if len(f.Companies) != 2 {
		t.Fatalf("companies: %d", len(f.Companies))
	}
	dl := f.Companies[0]
	if dl.ID != "dubai-live" || dl.Reseller != nil || !slices.Equal(dl.FeatureFlags.Values(), []string{"dtcm"}) {
		t.Errorf("dubai-live: reseller %v, flags %v", dl.Reseller, dl.FeatureFlags.Values())
	}
	if dl.Permissions == nil || dl.Permissions.Attr == nil || dl.Permissions.Attr.Value.IsKnown() || len(dl.Permissions.Items) != 0 {
		t.Errorf("permissions of the wrong type must be kept, unknown and empty")
	}
	if len(dl.TaxBands) != 2 || dl.TaxBands[0].Rate.Value.IsKnown() || !dl.TaxBands[1].Rate.Value.RawEquals(cty.NumberIntVal(5)) {
		t.Errorf("tax bands: want standard (unknown rate) and reduced (5)")
	}
	if in := dl.Integration("dtcm"); in == nil || in.Attrs.Get("mode").Str() != "live" {
		t.Errorf("dtcm block with mode = live is kept")
	}
	if c := f.Companies[1]; c.ID != "cairo" || c.Reseller.Str() != "acme" || c.Parent == nil || c.Parent.Value.IsKnown() {
		t.Errorf("cairo: reseller %q, parent %v", c.Reseller.Str(), c.Parent)
	}
}

// TestPartialModelOfBrokenFile keeps what was decoded before a syntax
// error, reports only the syntax error, and still reads its ignores.
func TestPartialModelOfBrokenFile(t *testing.T) {
	f := lang.ParseFile("broken.hcl", []byte(`reseller "acme" {
  feature_flags = ["dtcm"]
}

company "dubai-live" {
  reseller = "acme"
  # tixcfg:ignore schema -- kept
  name = 
`))
	if !f.ParseFailed {
		t.Fatal("ParseFailed not set")
	}
	if len(f.Diagnostics) == 0 {
		t.Fatal("no diagnostics")
	}
	for _, d := range f.Diagnostics {
		if d.Rule != "syntax" {
			t.Errorf("only syntax errors in a broken file, got %s: %s", d.Rule, d.Summary)
		}
	}
	if len(f.Resellers) != 1 || !f.Resellers[0].FeatureFlags.Has("dtcm") {
		t.Errorf("the reseller before the error is kept")
	}
	if len(f.Ignores) != 1 {
		t.Errorf("ignores: %d", len(f.Ignores))
	}
}

func TestTooLargeAndNotUTF8(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.hcl")
	bin := filepath.Join(dir, "bin.hcl")
	if err := os.WriteFile(big, []byte(strings.Repeat("# padding\n", 20)), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, []byte("reseller \"a\" {}\n\xff\xfe"), 0o600); err != nil {
		t.Fatal(err)
	}
	files, err := lang.LoadFiles([]string{big, bin}, lang.Options{MaxFileSize: 100, WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"File too large", "Invalid UTF-8"} {
		f := files[i]
		if !f.ParseFailed || len(f.Diagnostics) != 1 || f.Diagnostics[0].Rule != "syntax" || f.Diagnostics[0].Summary != want {
			t.Errorf("%s: want one syntax error %q, got %+v", f.Name, want, f.Diagnostics)
		}
	}
	if s := files[1].Diagnostics[0].Subject; s.Start.Line != 2 || s.Start.Column != 1 || s.Start.Byte != 16 {
		t.Errorf("invalid UTF-8 points at %d:%d (byte %d), want the first bad byte at 2:1 (byte 16)", s.Start.Line, s.Start.Column, s.Start.Byte)
	}
}

func TestIgnoreComments(t *testing.T) {
	src := "reseller \"acme\" {\r\n" + // 1
		"  # tixcfg:ignore schema, credential-literal -- reason one -- and more\r\n" + // 2
		"  name = \"x\" // tixcfg:ignore schema\r\n" + // 3
		"  /* tixcfg:ignore schema -- block comments are no directive */\r\n" + // 4
		"  x = \"# tixcfg:ignore schema -- in a string\"\r\n" + // 5
		"  y = <<EOT\r\n# tixcfg:ignore schema -- in a heredoc\r\nEOT\r\n" + // 6-8
		"  #tixcfg:ignored schema -- another word\r\n" + // 9
		"  #tixcfg:ignore\r\n" + // 10
		"}\r\n"
	f := lang.ParseFile("main.hcl", []byte(src))
	type ig struct {
		rules         string
		reason        string
		line, applies int
		endCol        int
	}
	var got []ig
	for _, i := range f.Ignores {
		got = append(got, ig{strings.Join(i.Rules, ","), i.Reason, i.Range.Start.Line, i.Line, i.Range.End.Column})
		if i.Range.End.Line != i.Range.Start.Line {
			t.Errorf("ignore on line %d ends on line %d: its range excludes the line break", i.Range.Start.Line, i.Range.End.Line)
		}
	}
	want := []ig{
		{"schema,credential-literal", "reason one -- and more", 2, 3, 71},
		{"schema", "", 3, 3, 37},
		{"", "", 10, 11, 17},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ignores\n got %+v\nwant %+v", got, want)
	}
}
