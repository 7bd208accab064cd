package snapshot

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/zclconf/go-cty/cty"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

const (
	examplesDir  = "../examples"
	portfolioDir = "../examples/portfolio"
)

// checkDir loads a folder the way `tixcfg build DIR` does and runs every rule.
func checkDir(t *testing.T, dir string) (*lang.Portfolio, *checker.Result) {
	t.Helper()
	p, err := lang.Load([]string{dir}, lang.Options{WorkDir: dir})
	if err != nil {
		t.Fatalf("loading %s: %v", dir, err)
	}
	if len(p.Files) == 0 {
		t.Fatalf("%s holds no configuration files", dir)
	}
	return p, checker.Run(p, checker.Options{})
}

func errorsOf(res *checker.Result) []string {
	var out []string
	for _, d := range res.Diagnostics {
		if d.Severity == lang.Error {
			out = append(out, fmt.Sprintf("%s:%d:%d: [%s] %s", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column, d.Rule, d.Summary))
		}
	}
	return out
}

// buildDir checks a folder, insists it has no errors, and builds it.
func buildDir(t *testing.T, dir string) []byte {
	t.Helper()
	p, res := checkDir(t, dir)
	if errs := errorsOf(res); len(errs) > 0 {
		t.Fatalf("%s has errors:\n%s", dir, strings.Join(errs, "\n"))
	}
	data, _, err := Compile(p, res, Options{ToolVersion: "test"})
	if err != nil {
		t.Fatalf("building %s: %v", dir, err)
	}
	return data
}

// buildSource builds a portfolio given as file name -> contents.
func buildSource(t *testing.T, files map[string]string) ([]byte, error) {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		writeFile(t, filepath.Join(dir, name), src)
	}
	p, res := checkDir(t, dir)
	if errs := errorsOf(res); len(errs) > 0 {
		t.Fatalf("fixture has errors:\n%s", strings.Join(errs, "\n"))
	}
	data, _, err := Compile(p, res, Options{ToolVersion: "test"})
	return data, err
}

func writeFile(t *testing.T, path, src string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

// fixture exercises what examples/portfolio may not: a three-decimal
// currency, a money map of an operator type, HTML-sensitive characters,
// a company without any list, both syntaxes, a global-transactions child
// of a child, a conditional tax band and a secret setting.
var fixture = map[string]string{
	"catalog.hcl": `
integration_type "tipjar" {
  category = "payments_extra"
  payment  = true
  company {
    setting "suggested" {
      type    = map(number)
      keys    = "iso4217"
      minimum = 0
      default = { BHD = 0.5 }
    }
    setting "webhook_token" {
      secret = true
    }
    setting "ratio" {
      type    = number
      default = 0.1
    }
    setting "labels" {
      type    = map(string)
      default = {}
    }
  }
}
`,
	"resellers.hcl": `
reseller "gulf" {
  name          = "Gulf <Tickets> & Co"
  feature_flags = ["refund_protect_group", "conditional_tax_bands", "dtcm"]
  integration "refund_protect_group" {
    environment "test" {
      client_id     = "g-test"
      client_secret = secret("gulf/rpg/test/secret")
      api_key       = secret("gulf/rpg/test/key")
      vendor_code   = "G1T"
    }
    environment "live" {
      client_id     = "g-live"
      client_secret = secret("gulf/rpg/live/secret")
      api_key       = secret("gulf/rpg/live/key")
      vendor_code   = "G1"
    }
  }
  integration "misr_sms" {
    api_key     = secret("gulf/misr")
    sender_name = "GULF"
  }
}
reseller "empty" {}
`,
	"companies/root.hcl": `
company "manama" {
  name          = "Manama <Live>"
  reseller      = "gulf"
  feature_flags = ["refund_protect_group", "conditional_tax_bands"]
  permissions   = ["manage_payments", "manage_integrations"]
  tax_band "vat" {
    rate      = 10
    condition = "order.country == 'BH' && total > 0"
  }
  tax_band "reduced" {
    rate = 2.5
  }
  integration "refund_protect_group" {
    environment         = "test"
    minimum_order_value = { BHD = 1.25, JPY = 500, USD = 15.5, EUR = 0 }
    tax_band            = "reduced"
  }
  integration "tipjar" {
    webhook_token = secret("manama/tipjar-hook")
    labels        = { USD = "dollars" }
  }
  integration "misr_sms" {
    notify_on = ["rejection", "approval"]
  }
}
`,
	"companies/kids.hcl.json": `{
  "company": {
    "manama-kids": {
      "reseller": "gulf",
      "parent": "manama",
      "global_transactions": true,
      "permissions": ["manage_integrations"]
    }
  }
}`,
	"companies/grandkids.hcl": `
company "manama-grandkids" {
  reseller            = "gulf"
  parent              = "manama-kids"
  global_transactions = true
}
company "bare" {
  reseller = "empty"
}
`,
}

func TestSnapshotFixture(t *testing.T) {
	data, err := buildSource(t, fixture)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Resellers []map[string]any `json:"resellers"`
		Companies []struct {
			ID           string            `json:"id"`
			FeatureFlags []string          `json:"feature_flags"`
			Permissions  []string          `json:"permissions"`
			TaxBands     []json.RawMessage `json:"tax_bands"`
			Integrations []struct {
				Type        string          `json:"type"`
				ManagedBy   *string         `json:"managed_by"`
				Environment string          `json:"environment"`
				Settings    json.RawMessage `json:"settings"`
			} `json:"integrations"`
			Available []string `json:"available_integrations"`
		} `json:"companies"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	s := string(data)
	var compact bytes.Buffer
	if err := json.Compact(&compact, data); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		// Money in each currency's minor units; other numbers exact.
		`"minimum_order_value":{"BHD":"1.250","EUR":"0.00","JPY":"500","USD":"15.50"}`,
		`"suggested":{"BHD":"0.500"}`,
		`"ratio":0.1`,
		// A string map is not money, even with currency keys.
		`"labels":{"USD":"dollars"}`,
		// Settings' lists keep the author's order; defaults filled in.
		`"notify_on":["rejection","approval"]`,
		`"opt_in_required":false`,
		`"webhook_token":{"secret":"manama/tipjar-hook"}`,
		// No HTML escaping.
		`"name":"Gulf <Tickets> & Co"`,
		`"condition":"order.country == 'BH' && total > 0"`,
		`"rate":"2.5"`,
		// Empty lists are [], absent values null.
		`{"id":"bare","name":null,"reseller":"empty","parent":null,"global_transactions":false,"feature_flags":[],"permissions":[],"tax_bands":[],"integrations":[],"available_integrations":[]}`,
		`{"id":"empty","name":null,"feature_flags":[],"integrations":[]}`,
	} {
		if !strings.Contains(compact.String(), want) {
			t.Errorf("snapshot lacks\n%s\n---- snapshot:\n%s", want, s)
		}
	}
	if !strings.HasSuffix(s, "}\n") || strings.HasSuffix(s, "\n\n") {
		t.Errorf("snapshot must end with exactly one newline")
	}
	if strings.Contains(s, `\u003c`) || strings.Contains(s, `\u0026`) {
		t.Errorf("snapshot escapes HTML characters")
	}
	byID := map[string]int{}
	for i, c := range doc.Companies {
		byID[c.ID] = i
	}
	manama := doc.Companies[byID["manama"]]
	if !slices.Equal(manama.FeatureFlags, []string{"conditional_tax_bands", "refund_protect_group"}) {
		t.Errorf("feature flags must be sorted: %q", manama.FeatureFlags)
	}
	if !slices.Equal(manama.Permissions, []string{"manage_integrations", "manage_payments"}) {
		t.Errorf("permissions must be sorted: %q", manama.Permissions)
	}
	// Both levels of global-transactions children show manama's payment
	// integrations as managed by manama, with manama's settings.
	var manamaRPG json.RawMessage
	for _, in := range manama.Integrations {
		if in.Type == "refund_protect_group" {
			manamaRPG = in.Settings
			if in.ManagedBy != nil || in.Environment != "test" {
				t.Errorf("manama's own refund_protect_group: managed_by %v, environment %q", in.ManagedBy, in.Environment)
			}
		}
	}
	for _, id := range []string{"manama-kids", "manama-grandkids"} {
		c := doc.Companies[byID[id]]
		var managed []string
		for _, in := range c.Integrations {
			if in.ManagedBy == nil || *in.ManagedBy != "manama" {
				t.Errorf("%s: %s must be managed by manama, got %v", id, in.Type, in.ManagedBy)
				continue
			}
			managed = append(managed, in.Type)
			if in.Type == "refund_protect_group" && (!bytes.Equal(in.Settings, manamaRPG) || in.Environment != "test") {
				t.Errorf("%s: managed settings %s (environment %q), want manama's %s", id, in.Settings, in.Environment, manamaRPG)
			}
		}
		if !slices.Equal(managed, []string{"refund_protect_group", "tipjar"}) {
			t.Errorf("%s: managed integrations %q, want refund_protect_group and tipjar", id, managed)
		}
		if slices.Contains(c.Available, "refund_protect_group") || slices.Contains(c.Available, "tipjar") {
			t.Errorf("%s: a managed integration is not available to enable: %q", id, c.Available)
		}
	}
	// misr_sms's chain holds for the kids (credentials, permission) but they
	// have not enabled it; manama has.
	if kids := doc.Companies[byID["manama-kids"]]; !slices.Equal(kids.Available, []string{"misr_sms"}) {
		t.Errorf("manama-kids: available %q, want [misr_sms]", kids.Available)
	}
	if slices.Contains(manama.Available, "misr_sms") {
		t.Errorf("manama: an enabled integration is not available: %q", manama.Available)
	}
}

// TestSnapshotReferences: every setting that names a tax band carries the
// band it names, from the company whose settings they are. A
// global-transactions child and grandchild show their manager's
// settings as they are, and references that resolve them in the
// manager's bands, not in the child's own band of the same id. The
// reference is generic over the catalog: an operator type's setting of
// another name resolves the same way.
func TestSnapshotReferences(t *testing.T) {
	files := maps.Clone(fixture)
	files["catalog-refs.hcl"] = `
integration_type "levy" {
  category = "payments_extra"
  payment  = true
  company {
    setting "fee_band" {
      references = "tax_band"
    }
  }
}
integration_type "seatfee" {
  category = "platform_service"
  company {
    setting "band" {
      references = "tax_band"
    }
  }
}
`
	root := strings.Replace(files["companies/root.hcl"], `  integration "misr_sms" {`, `  integration "levy" {
    fee_band = "vat"
  }
  integration "misr_sms" {`, 1)
	if root == files["companies/root.hcl"] {
		t.Fatal("fixture: manama has no misr_sms block to add levy before")
	}
	files["companies/root.hcl"] = root
	// The child has a band of its own with the id of manama's: only the
	// owner tells them apart.
	files["companies/kids.hcl.json"] = `{
  "company": {
    "manama-kids": {
      "reseller": "gulf",
      "parent": "manama",
      "global_transactions": true,
      "permissions": ["manage_integrations"],
      "tax_band": { "reduced": { "rate": 0 } },
      "integration": { "seatfee": { "band": "reduced" } }
    }
  }
}`
	data, err := buildSource(t, files)
	if err != nil {
		t.Fatal(err)
	}
	if err := validate(compileSchema(t), data); err != nil {
		t.Errorf("snapshot does not match the schema: %v", err)
	}
	var doc struct {
		Companies []struct {
			ID           string `json:"id"`
			Integrations []struct {
				Type       string          `json:"type"`
				Settings   json.RawMessage `json:"settings"`
				References json.RawMessage `json:"references"`
			} `json:"integrations"`
		} `json:"companies"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	compact := func(raw json.RawMessage) string {
		var b bytes.Buffer
		if err := json.Compact(&b, raw); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	const (
		reduced = `{"tax_band":{"kind":"tax_band","owner":"manama","id":"reduced","rate":"2.5","condition":null}}`
		vat     = `{"fee_band":{"kind":"tax_band","owner":"manama","id":"vat","rate":"10","condition":"order.country == 'BH' && total > 0"}}`
		own     = `{"band":{"kind":"tax_band","owner":"manama-kids","id":"reduced","rate":"0","condition":null}}`
	)
	want := map[string]map[string]string{
		"manama":           {"levy": vat, "misr_sms": `{}`, "refund_protect_group": reduced, "tipjar": `{}`},
		"manama-kids":      {"levy": vat, "refund_protect_group": reduced, "seatfee": own, "tipjar": `{}`},
		"manama-grandkids": {"levy": vat, "refund_protect_group": reduced, "tipjar": `{}`},
	}
	settings := map[string]string{}
	for _, c := range doc.Companies {
		w, ok := want[c.ID]
		if !ok {
			continue
		}
		got := map[string]string{}
		for _, in := range c.Integrations {
			got[in.Type] = compact(in.References)
			if c.ID == "manama" {
				settings[in.Type] = compact(in.Settings)
			} else if in.Type != "seatfee" && compact(in.Settings) != settings[in.Type] {
				t.Errorf("%s: %s settings %s, want manama's %s as they are", c.ID, in.Type, in.Settings, settings[in.Type])
			}
		}
		if !maps.Equal(got, w) {
			t.Errorf("%s: references\n%v\nwant\n%v", c.ID, got, w)
		}
		delete(want, c.ID)
	}
	if len(want) > 0 {
		t.Errorf("companies missing from the snapshot: %v", slices.Sorted(maps.Keys(want)))
	}
}

// TestSnapshotIgnoresOrder permutes examples/portfolio: the files are
// split and merged under new names and folders, and top-level blocks,
// nested blocks and attributes (and the members of JSON-syntax files) are
// shuffled. Every order must give the same bytes.
func TestSnapshotIgnoresOrder(t *testing.T) {
	want := buildDir(t, portfolioDir)
	srcs := readTree(t, portfolioDir)
	for seed := uint64(1); seed <= 6; seed++ {
		rng := rand.New(rand.NewPCG(seed, 2026))
		dir := t.TempDir()
		files := permute(t, rng, srcs)
		if seed == 1 {
			// One extreme: everything in one file.
			files = mergeAll(files)
		}
		for name, src := range files {
			writeFile(t, filepath.Join(dir, name), src)
		}
		got := buildDir(t, dir)
		if !bytes.Equal(got, want) {
			t.Errorf("seed %d (%d files): snapshot differs from the original order's:\n%s", seed, len(files), firstDiff(want, got))
		}
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !lang.IsConfigFile(path) {
			return err
		}
		b, err := os.ReadFile(path)
		out[path] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 2 {
		t.Fatalf("%s: %d files, too few to permute", dir, len(out))
	}
	return out
}

type hclBlock struct {
	typ    string
	labels []string
	body   *hclwrite.Body
}

// permute redistributes the native-syntax blocks of srcs over a random
// number of files with random names, shuffling everything inside, and
// moves the JSON-syntax files with their members shuffled.
func permute(t *testing.T, rng *rand.Rand, srcs map[string][]byte) map[string]string {
	t.Helper()
	var pool []hclBlock
	out := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(srcs)) {
		src := srcs[name]
		if strings.HasSuffix(name, ".json") {
			out[fmt.Sprintf("j%d/%d.hcl.json", rng.IntN(3), len(out))] = shuffleJSON(t, rng, src)
			continue
		}
		f, diags := hclwrite.ParseConfig(src, name, hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", name, diags)
		}
		if len(f.Body().Attributes()) > 0 {
			t.Fatalf("%s: top-level attributes are not expected in a portfolio", name)
		}
		for _, b := range f.Body().Blocks() {
			pool = append(pool, hclBlock{b.Type(), b.Labels(), b.Body()})
		}
	}
	rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	n := 1 + rng.IntN(len(pool))
	files := make([]*hclwrite.File, n)
	for i := range files {
		files[i] = hclwrite.NewEmptyFile()
	}
	for _, b := range pool {
		f := files[rng.IntN(n)]
		copyBody(rng, b.body, f.Body().AppendNewBlock(b.typ, b.labels).Body())
	}
	for i, f := range files {
		if len(f.Body().Blocks()) > 0 {
			out[fmt.Sprintf("d%d/e%d/%03d.hcl", rng.IntN(3), rng.IntN(2), i)] = string(hclwrite.Format(f.Bytes()))
		}
	}
	return out
}

func mergeAll(files map[string]string) map[string]string {
	var sb strings.Builder
	out := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if strings.HasSuffix(name, ".json") {
			out[name] = files[name]
			continue
		}
		sb.WriteString(files[name])
		sb.WriteByte('\n')
	}
	out["all.hcl"] = sb.String()
	return out
}

// copyBody copies attributes and nested blocks in a random order.
func copyBody(rng *rand.Rand, src, dst *hclwrite.Body) {
	type item struct {
		attr  string
		block *hclwrite.Block
	}
	var items []item
	for _, name := range slices.Sorted(maps.Keys(src.Attributes())) {
		items = append(items, item{attr: name})
	}
	for _, b := range src.Blocks() {
		items = append(items, item{block: b})
	}
	rng.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
	for _, it := range items {
		if it.block == nil {
			dst.SetAttributeRaw(it.attr, src.GetAttribute(it.attr).Expr().BuildTokens(nil))
			continue
		}
		copyBody(rng, it.block.Body(), dst.AppendNewBlock(it.block.Type(), it.block.Labels()).Body())
	}
}

// shuffleJSON rewrites a JSON document with the members of every object
// in a random order; arrays keep theirs.
func shuffleJSON(t *testing.T, rng *rand.Rand, src []byte) string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var buf bytes.Buffer
	var walk func() error
	walk = func() error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'):
			type member struct {
				key string
				val []byte
			}
			var ms []member
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				saved := buf
				buf = bytes.Buffer{}
				if err := walk(); err != nil {
					return err
				}
				ms = append(ms, member{k.(string), bytes.Clone(buf.Bytes())})
				buf = saved
			}
			if _, err := dec.Token(); err != nil {
				return err
			}
			rng.Shuffle(len(ms), func(i, j int) { ms[i], ms[j] = ms[j], ms[i] })
			buf.WriteByte('{')
			for i, m := range ms {
				if i > 0 {
					buf.WriteByte(',')
				}
				k, _ := json.Marshal(m.key)
				buf.Write(k)
				buf.WriteByte(':')
				buf.Write(m.val)
			}
			buf.WriteByte('}')
		case json.Delim('['):
			buf.WriteByte('[')
			for i := 0; dec.More(); i++ {
				if i > 0 {
					buf.WriteByte(',')
				}
				if err := walk(); err != nil {
					return err
				}
			}
			if _, err := dec.Token(); err != nil {
				return err
			}
			buf.WriteByte(']')
		default:
			b, err := json.Marshal(tok)
			if err != nil {
				return err
			}
			buf.Write(b)
		}
		return nil
	}
	if err := walk(); err != nil {
		t.Fatalf("shuffling JSON: %v", err)
	}
	return buf.String()
}

// firstDiff shows where two documents part.
func firstDiff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(al), len(bl))
}

func TestSnapshotIsStable(t *testing.T) {
	a := buildDir(t, portfolioDir)
	b := buildDir(t, portfolioDir)
	if !bytes.Equal(a, b) {
		t.Fatalf("two builds of the same portfolio differ:\n%s", firstDiff(a, b))
	}
}

// TestSnapshotDigest recomputes the digest from the written document the
// way a consumer would: drop the digest member, compact, hash.
func TestSnapshotDigest(t *testing.T) {
	data := buildDir(t, portfolioDir)
	re := regexp.MustCompile(`(?m)^  "digest": "(sha256:[0-9a-f]{64})",\n`)
	m := re.FindSubmatch(data)
	if m == nil {
		t.Fatalf("no top-level digest line in\n%s", data)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, re.ReplaceAll(data, nil)); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(compact.Bytes())
	if got := "sha256:" + hex.EncodeToString(sum[:]); got != string(m[1]) {
		t.Errorf("digest %s, but the content hashes to %s", m[1], got)
	}
	// The digest follows the content.
	other, err := buildSource(t, map[string]string{"a.hcl": `reseller "a" {}`})
	if err != nil {
		t.Fatal(err)
	}
	if om := re.FindSubmatch(other); om == nil || bytes.Equal(om[1], m[1]) {
		t.Errorf("different portfolios must have different digests")
	}
}

// builtinSchema is the schema of the built-in catalog.
func builtinSchema(t *testing.T) []byte {
	t.Helper()
	data, err := Schema(lang.Assemble(nil).Catalog)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	return compileSchemaOf(t, lang.Assemble(nil).Catalog)
}

// compileSchemaOf compiles the schema generated for a catalog.
func compileSchemaOf(t *testing.T, cat *lang.Catalog) *jsonschema.Schema {
	t.Helper()
	data, err := Schema(cat)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaIDFor(cat), doc); err != nil {
		t.Fatal(err)
	}
	// Compiling checks the schema against the draft 2020-12 meta-schema.
	sch, err := c.Compile(SchemaIDFor(cat))
	if err != nil {
		t.Fatalf("schema does not compile: %v", err)
	}
	return sch
}

func validate(sch *jsonschema.Schema, data []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

func TestSnapshotSchemaHeader(t *testing.T) {
	var head struct {
		Schema string `json:"$schema"`
		ID     string `json:"$id"`
	}
	if err := json.Unmarshal(builtinSchema(t), &head); err != nil {
		t.Fatal(err)
	}
	if head.Schema != "https://json-schema.org/draft/2020-12/schema" || head.ID != SchemaIDFor(lang.Assemble(nil).Catalog) {
		t.Errorf("schema header: $schema %q, $id %q", head.Schema, head.ID)
	}
	// A bump of schema_version bumps the $id with it (README: the policy).
	var consts struct {
		Properties struct {
			Version struct{ Const int } `json:"schema_version"`
		}
	}
	if err := json.Unmarshal(builtinSchema(t), &consts); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("urn:tixcfg:schema:snapshot:%d", SchemaVersion); SchemaID != want ||
		consts.Properties.Version.Const != SchemaVersion {
		t.Errorf("schema_version %d: $id %q (want %q), the schema's schema_version const %d",
			SchemaVersion, SchemaID, want, consts.Properties.Version.Const)
	}
	var snap struct {
		Schema  string `json:"$schema"`
		Version int    `json:"schema_version"`
	}
	if err := json.Unmarshal(buildDir(t, portfolioDir), &snap); err != nil {
		t.Fatal(err)
	}
	if snap.Schema != SchemaID || snap.Version != SchemaVersion {
		t.Errorf("snapshot names $schema %q, schema_version %d", snap.Schema, snap.Version)
	}
}

// TestSnapshotsMatchSchema validates the snapshot of every example folder
// that builds, and of the fixture, with a real validator: against the
// built-in catalog's schema and against the one of its own catalog.
func TestSnapshotsMatchSchema(t *testing.T) {
	sch := compileSchema(t)
	dirs := []string{portfolioDir}
	broken, _ := filepath.Glob(filepath.Join(examplesDir, "broken", "*"))
	dirs = append(dirs, broken...)
	validated := 0
	for _, dir := range dirs {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			continue
		}
		p, res := checkDir(t, dir)
		if len(errorsOf(res)) > 0 {
			continue
		}
		data, _, err := Compile(p, res, Options{ToolVersion: "test"})
		if err != nil {
			// Only a literal secret (its warning perhaps suppressed) may stop
			// a portfolio without errors.
			if !strings.Contains(err.Error(), "is written as a literal") {
				t.Errorf("%s: %v", dir, err)
			}
			continue
		}
		if err := validate(sch, data); err != nil {
			t.Errorf("%s: snapshot does not match the built-in catalog's schema: %v", dir, err)
		}
		if err := validate(compileSchemaOf(t, p.Catalog), data); err != nil {
			t.Errorf("%s: snapshot does not match its catalog's schema: %v", dir, err)
		}
		if _, err := Load(data, p.Catalog); err != nil {
			t.Errorf("%s: snapshot does not load: %v", dir, err)
		}
		validated++
	}
	if validated == 0 {
		t.Fatal("no example folder was validated")
	}
	data, err := buildSource(t, fixture)
	if err != nil {
		t.Fatal(err)
	}
	if err := validate(sch, data); err != nil {
		t.Errorf("fixture: snapshot does not match the schema: %v", err)
	}
}

// TestSchemaRejects shows the schema is strict: each edit of a valid
// snapshot must be rejected.
func TestSchemaRejects(t *testing.T) {
	sch := compileSchema(t)
	data := buildDir(t, portfolioDir)
	if err := validate(sch, data); err != nil {
		t.Fatalf("the original must validate: %v", err)
	}
	for _, tc := range []struct{ name, old, new string }{
		{"money as a number", `"USD": "15.50"`, `"USD": 15.5`},
		{"money with an exponent", `"USD": "15.50"`, `"USD": "1.55e1"`},
		{"lower-case currency", `"USD": "15.50"`, `"usd": "15.50"`},
		{"negative minimum order value", `"USD": "15.50"`, `"USD": "-15.50"`},
		{"digest without algorithm", `"digest": "sha256:`, `"digest": "`},
		{"upper-case digest", `"digest": "sha256:`, `"digest": "sha256:ABCDEF`},
		{"unknown top-level field", `"schema_version": 1,`, `"schema_version": 1, "built_at": "now",`},
		{"other schema version", `"schema_version": 1,`, `"schema_version": 2,`},
		{"secret inlined", `"private_key": {
              "secret": "gulf-tix/apple/sign-in-p8"
            }`, `"private_key": "-----BEGIN PRIVATE KEY-----"`},
		{"unknown setting of a built-in type", `"dynamic_maps": true,`, `"dynamic_maps": true, "zoom": 3,`},
		{"invalid mode", `"mode": "standard"`, `"mode": "premium"`},
		{"rate as a number", `"rate": "5"`, `"rate": 5`},
		{"rate with trailing zero", `"rate": "5"`, `"rate": "5.0"`},
		{"null list", `"tax_bands": []`, `"tax_bands": null`},
		{"missing managed_by", `"managed_by": null,`, ``},
		{"missing references", `,
          "references": {}`, ``},
		{"a reference on a type that names nothing", `"references": {}`, `"references": {"x": {"kind": "tax_band", "owner": "a", "id": "b", "rate": "1", "condition": null}}`},
		{"a reference without its owner", `"owner": "dubai-opera-nights",`, ``},
		{"a reference's rate as a number", `"rate": "5",
              "condition"`, `"rate": 5,
              "condition"`},
	} {
		bad := strings.Replace(string(data), tc.old, tc.new, 1)
		if bad == string(data) {
			t.Errorf("%s: %q not found in the snapshot", tc.name, tc.old)
			continue
		}
		if err := validate(sch, []byte(bad)); err == nil {
			t.Errorf("%s: the schema accepts it", tc.name)
		}
	}
}

// TestSchemaFollowsCatalog: the schema generated for a portfolio's
// catalog validates its snapshot and is exact for its own integration
// types as for the built-in ones; the built-in catalog's schema checks a
// type it does not know for shape only.
func TestSchemaFollowsCatalog(t *testing.T) {
	dir := t.TempDir()
	for name, src := range fixture {
		writeFile(t, filepath.Join(dir, name), src)
	}
	p, res := checkDir(t, dir)
	data, _, err := Compile(p, res, Options{ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	own, builtin := compileSchemaOf(t, p.Catalog), compileSchema(t)
	if SchemaIDFor(p.Catalog) == SchemaIDFor(lang.Assemble(nil).Catalog) {
		t.Error("the schemas of two catalogs have the same $id")
	}
	if err := validate(own, data); err != nil {
		t.Fatalf("the fixture does not match its catalog's schema: %v", err)
	}
	for _, tc := range []struct {
		name, old, new string
		operator       bool
	}{
		{"a built-in boolean setting as a string", `"opt_in_required": false`, `"opt_in_required": "false"`, false},
		{"a built-in list setting as a string", `"notify_on": [`, `"notify_on": "approval", "x": [`, false},
		{"an operator number setting as a string", `"ratio": 0.1`, `"ratio": "0.1"`, true},
		{"an operator string map holding a number", `"USD": "dollars"`, `"USD": 1`, true},
		{"an operator money amount as a number", `"BHD": "0.500"`, `"BHD": 0.5`, true},
		{"an operator setting the catalog does not declare", `"ratio": 0.1`, `"ratio": 0.1, "tip": 1`, true},
		{"an operator secret setting inlined", `"webhook_token": {
              "secret": "manama/tipjar-hook"
            }`, `"webhook_token": "hook"`, true},
	} {
		bad := strings.Replace(string(data), tc.old, tc.new, 1)
		if bad == string(data) {
			t.Errorf("%s: %q not found in the snapshot", tc.name, tc.old)
			continue
		}
		if err := validate(own, []byte(bad)); err == nil {
			t.Errorf("%s: the portfolio's schema accepts it", tc.name)
		}
		if err := validate(builtin, []byte(bad)); tc.operator && err != nil {
			t.Errorf("%s: the built-in catalog's schema checks operator types for shape only, yet rejects it: %v", tc.name, err)
		}
	}
}

// TestSchemaAllowsNullElements: the rules let an element of a list or a
// map be null and the builder writes it so; the schema must accept what
// build writes.
func TestSchemaAllowsNullElements(t *testing.T) {
	data, err := buildSource(t, map[string]string{"p.hcl": `
reseller "r" {
  feature_flags = ["refund_protect_group"]
  integration "refund_protect_group" {
    environment "live" {
      client_id     = "x"
      client_secret = secret("a")
      api_key       = secret("b")
      vendor_code   = "v"
    }
  }
  integration "misr_sms" {
    api_key     = secret("r/misr")
    sender_name = "R"
  }
}
company "c" {
  reseller      = "r"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]
  integration "refund_protect_group" {
    environment         = "live"
    minimum_order_value = { USD = null, EUR = 1 }
  }
  integration "misr_sms" {
    notify_on = ["approval", null]
  }
}
`})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"USD": null`, `"approval",
              null`} {
		if !strings.Contains(string(data), want) {
			t.Fatalf("no %s in\n%s", want, data)
		}
	}
	if err := validate(compileSchema(t), data); err != nil {
		t.Errorf("the snapshot does not match the schema: %v", err)
	}
}

// TestSnapshotSecrets: secret references appear only as {"secret": ref},
// every secret field of the catalog holds one, and literal secrets stop
// the build without being printed, even when their warning is suppressed.
func TestSnapshotSecrets(t *testing.T) {
	p, res := checkDir(t, portfolioDir)
	data, _, err := Compile(p, res, Options{ToolVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	collect := func(as lang.Attrs) {
		for _, a := range as {
			if a.IsSecret {
				refs = append(refs, a.Secret)
			}
		}
	}
	for _, r := range p.Resellers {
		for _, in := range r.Integrations {
			collect(in.Attrs)
			for _, e := range in.Environments {
				collect(e.Attrs)
			}
		}
	}
	for _, c := range p.Companies {
		for _, in := range c.Integrations {
			collect(in.Attrs)
		}
	}
	if len(refs) == 0 {
		t.Fatal("the portfolio has no secret reference to look for")
	}
	s := string(data)
	for _, ref := range refs {
		quoted, _ := json.Marshal(ref)
		all := strings.Count(s, string(quoted))
		asRef := strings.Count(s, `"secret": `+string(quoted))
		if all == 0 || all != asRef {
			t.Errorf("secret %s: %d occurrences, %d of them as {\"secret\": ...}", quoted, all, asRef)
		}
	}
	checkSecretFields(t, p.Catalog, data)

	canaries := map[string]string{
		"reseller.hcl": `
reseller "r" {
  feature_flags = ["dtcm"]
  integration "vatstack" {
    secret_key = "CANARY-reseller-literal"
  }
  integration "refund_protect_group" {
    environment "live" {
      client_id     = "r-live"
      client_secret = "CANARY-environment-literal"
      api_key       = secret("r/rpg")
      vendor_code   = "R1"
    }
  }
}
`,
		"company.hcl": `
company "c" {
  reseller      = "r"
  feature_flags = ["dtcm"]
  permissions   = ["manage_integrations"]
  integration "dtcm" {
    mode          = "live"
    # tixcfg:ignore credential-literal -- the canary must still not leak
    api_key       = "CANARY-suppressed-literal"
    token_api_key = secret("c/token")
    client_id     = "C-1"
    client_secret = secret("c/secret")
    seller_code   = "S1"
  }
}
`,
	}
	data, err = buildSource(t, canaries)
	if err == nil {
		t.Fatalf("a portfolio with literal secrets must not build; it gave\n%s", data)
	}
	if data != nil {
		t.Errorf("a failed build must return no document")
	}
	if refused := (*RefusedError)(nil); !errors.As(err, &refused) || len(refused.Places) != 3 {
		t.Errorf("literal secrets are not a refusal with three places: %#v", err)
	}
	if strings.Contains(err.Error(), "CANARY") {
		t.Errorf("the error prints a secret: %v", err)
	}
	for _, want := range []string{"reseller.hcl:5:18", "reseller.hcl:10:23", "company.hcl:9:21"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not point at %s: %v", want, err)
		}
	}
}

// checkSecretFields walks a snapshot: every credential the catalog marks
// secret must be a {"secret": ref} object.
func checkSecretFields(t *testing.T, cat *lang.Catalog, data []byte) {
	t.Helper()
	var doc struct {
		Resellers []struct {
			Integrations []struct {
				Type         string                                `json:"type"`
				Credentials  map[string]json.RawMessage            `json:"credentials"`
				Environments map[string]map[string]json.RawMessage `json:"environments"`
			} `json:"integrations"`
		} `json:"resellers"`
		Companies []struct {
			Integrations []struct {
				Type        string                     `json:"type"`
				Credentials map[string]json.RawMessage `json:"credentials"`
			} `json:"integrations"`
		} `json:"companies"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	isRef := func(raw json.RawMessage) bool {
		var ref struct{ Secret string }
		return json.Unmarshal(raw, &ref) == nil && ref.Secret != ""
	}
	checked := 0
	for _, r := range doc.Resellers {
		for _, in := range r.Integrations {
			sets := []map[string]json.RawMessage{in.Credentials}
			for _, e := range in.Environments {
				sets = append(sets, e)
			}
			for _, set := range sets {
				for name, v := range set {
					if f := cat.Type(in.Type).ResellerCredential(name); f.Secret {
						checked++
						if !isRef(v) {
							t.Errorf("reseller credential %s.%s is not a secret reference: %s", in.Type, name, v)
						}
					}
				}
			}
		}
	}
	for _, c := range doc.Companies {
		for _, in := range c.Integrations {
			for name, v := range in.Credentials {
				if f := cat.Type(in.Type).CompanyCredential(name); f.Secret {
					checked++
					if !isRef(v) {
						t.Errorf("company credential %s.%s is not a secret reference: %s", in.Type, name, v)
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Error("no secret credential in the snapshot")
	}
}

func TestMoney(t *testing.T) {
	num := func(s string) *big.Float {
		v, err := cty.ParseNumberVal(s)
		if err != nil {
			t.Fatal(err)
		}
		return v.AsBigFloat()
	}
	for _, tc := range []struct{ code, in, want string }{
		{"USD", "15.5", "15.50"},
		{"USD", "0.1", "0.10"},
		{"USD", "0", "0.00"},
		{"USD", "-0", "0.00"},
		{"USD", "123456789012345678.99", "123456789012345678.99"},
		{"AED", "50", "50.00"},
		{"JPY", "500", "500"},
		{"BHD", "1.5", "1.500"},
		{"BHD", "0.001", "0.001"},
	} {
		got, err := money(tc.code, num(tc.in))
		if err != nil || got != tc.want {
			t.Errorf("money(%s, %s) = %q, %v; want %q", tc.code, tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ code, in string }{
		{"USD", "0.105"}, {"JPY", "0.5"}, {"usd", "1"}, {"XYZ", "1"},
	} {
		if got, err := money(tc.code, num(tc.in)); err == nil {
			t.Errorf("money(%s, %s) = %q; want an error", tc.code, tc.in, got)
		}
	}
	for in, want := range map[string]string{"0.1": "0.1", "7.50": "7.5", "1e30": "1000000000000000000000000000000", "-0": "0", "100": "100"} {
		if got, ok := exactDecimal(num(in)); !ok || got != want {
			t.Errorf("exactDecimal(%s) = %q; want %q", in, got, want)
		}
	}
}

// TestSnapshotRefusesSuppressedErrors: an ignore comment lets check pass
// an error of a rule the builder relies on, but the snapshot cannot carry
// what the rule rejects: a refusal naming the finding, not an internal
// error, and not for a suppressed finding of another rule.
func TestSnapshotRefusesSuppressedErrors(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "p.hcl"), `
reseller "acme" {
  integration "what3words" {
    api_key = secret("acme/w3w")
  }
}
company "cairo" {
  reseller    = "acme"
  permissions = ["manage_integrations"]
  integration "what3words" {
    # tixcfg:ignore schema -- field added in the next catalog release
    language = "en"
  }
}
`)
	p, res := checkDir(t, dir)
	if errs := errorsOf(res); len(errs) > 0 || len(res.Suppressed) != 1 {
		t.Fatalf("want one suppressed finding and no error, got %d suppressed and\n%s", len(res.Suppressed), strings.Join(errs, "\n"))
	}
	data, _, err := Compile(p, res, Options{ToolVersion: "test"})
	var refused *RefusedError
	if !errors.As(err, &refused) || len(refused.Places) != 1 ||
		!strings.HasPrefix(refused.Places[0], "p.hcl:12:5: ") || !strings.Contains(refused.Places[0], "[schema]: the finding is suppressed") {
		t.Fatalf("want a refusal at the suppressed finding, got %v\n%s", err, data)
	}
	// A suppressed error of a rule the builder does not rely on, or a
	// suppressed warning, refuses nothing: the builder goes on (and here
	// meets what it cannot represent, an internal error).
	res.Suppressed[0].Rule = "conflict"
	res.Suppressed = append(res.Suppressed, lang.Diagnostic{Rule: "schema", Severity: lang.Warning, Summary: "a warning"})
	if _, _, err := Compile(p, res, Options{ToolVersion: "test"}); errors.As(err, &refused) || err == nil {
		t.Errorf("without a suppressed error of a rule of Requires: %v", err)
	}
}

// TestSnapshotRefusesWhatItCannotRepresent: with rules of Requires
// turned off (which `tixcfg build` does not allow), a portfolio the
// checker would reject reaches the builder; it must fail with an internal
// error rather than guess, or take it for a literal-secret refusal.
func TestSnapshotRefusesWhatItCannotRepresent(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "p.hcl"), `
reseller "r" {
  feature_flags = ["refund_protect_group"]
  integration "nonesuch" {}
  integration "refund_protect_group" {
    environment "live" {
      client_id     = "x"
      client_secret = secret("a")
      api_key       = secret("b")
      vendor_code   = "v"
    }
  }
}
company "c" {
  reseller      = "r"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]
  integration "refund_protect_group" {
    minimum_order_value = { USD = 0.125 }
  }
}
company "d" {
  reseller      = "r"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]
  integration "refund_protect_group" {
    tax_band = "nope"
  }
}
company "e" {
  reseller      = "r"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]
  tax_band "norate" {}
  integration "refund_protect_group" {
    tax_band = "norate"
  }
}
`)
	p, err := lang.Load([]string{dir}, lang.Options{WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	res := checker.Run(p, checker.Options{Disable: []string{"unknown-reference", "invalid-value", "schema"}})
	data, _, err := Compile(p, res, Options{ToolVersion: "test"})
	if err == nil {
		t.Fatalf("built\n%s", data)
	}
	var refused *RefusedError
	if !strings.HasPrefix(err.Error(), "internal error: ") || errors.As(err, &refused) {
		t.Errorf("not an internal error: %v", err)
	}
	for _, want := range []string{`p.hcl:4:3: reseller "r": integration type "nonesuch" is not in the catalog`, "minimum_order_value.USD: 0.125 has more decimal places than USD amounts (2)",
		`p.hcl:27:16: integration "refund_protect_group" of company "d": "tax_band" names the tax band "nope", which company "d" does not have`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	// A band both listed and referenced is reported once.
	if n := strings.Count(err.Error(), `tax band "norate" of company "e" has no rate`); n != 1 {
		t.Errorf("the band without a rate is reported %d times:\n%v", n, err)
	}
}
