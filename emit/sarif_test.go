package emit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

// What GitHub and other consumers read of a SARIF log, declared apart from
// the writer's types.
type (
	readSARIF struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name, Version, InformationURI string
					Rules                         []struct {
						ID                                string
						ShortDescription, FullDescription readText
						Help                              readText
						HelpURI                           string
						DefaultConfiguration              struct{ Level string }
					}
				}
			}
			OriginalURIBaseIDs map[string]json.RawMessage `json:"originalUriBaseIds"`
			ColumnKind         string
			Results            []readResult
			Invocations        []struct {
				ExecutionSuccessful        bool
				ToolExecutionNotifications []struct {
					Level          string
					Message        readText
					AssociatedRule struct {
						ID    string
						Index int
					}
				}
			}
		}
	}
	readText     struct{ Text, Markdown string }
	readLocation struct {
		ID               int
		Message          readText
		PhysicalLocation struct {
			ArtifactLocation struct {
				URI       string
				URIBaseID string `json:"uriBaseId"`
			}
			Region struct{ StartLine, StartColumn, EndLine, EndColumn int }
		}
	}
	readResult struct {
		RuleID              string
		RuleIndex           *int
		Level               string
		Message             readText
		Locations           []readLocation
		RelatedLocations    []readLocation
		PartialFingerprints map[string]string
	}
)

func parseSARIF(t *testing.T, out string) readSARIF {
	t.Helper()
	var log readSARIF
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("sarif output is not JSON: %v", err)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-schema-2.1.0.json") || len(log.Runs) != 1 {
		t.Fatalf("want one SARIF 2.1.0 run, got version %q schema %q runs %d", log.Version, log.Schema, len(log.Runs))
	}
	return log
}

func TestSARIFDriverHasEveryRule(t *testing.T) {
	log := parseSARIF(t, render(t, FormatSARIF, nil, memSources{}, Meta{Version: "v1.4.0"}))
	d := log.Runs[0].Tool.Driver
	if d.Name != "tixcfg" || d.Version != "1.4.0" || d.InformationURI != InformationURI {
		t.Errorf("driver name %q version %q informationUri %q", d.Name, d.Version, d.InformationURI)
	}
	rules := checker.Rules()
	if len(d.Rules) != len(rules) {
		t.Fatalf("driver lists %d rules, the registry has %d", len(d.Rules), len(rules))
	}
	for i, r := range rules {
		got := d.Rules[i]
		if got.ID != r.ID || got.ShortDescription.Text != r.Doc || got.ShortDescription.Text == "" {
			t.Errorf("rule %d: id %q short %q, want %q %q", i, got.ID, got.ShortDescription.Text, r.ID, r.Doc)
		}
		if !strings.Contains(got.FullDescription.Text, strings.Fields(r.Details)[0]) || got.HelpURI != "https://github.com/tixcfg/tixcfg/blob/main/docs/rules.md#"+r.ID {
			t.Errorf("rule %s: fullDescription %q helpUri %q", r.ID, got.FullDescription.Text, got.HelpURI)
		}
		firstBad, firstGood := strings.SplitN(r.Bad, "\n", 2)[0], strings.SplitN(r.Good, "\n", 2)[0]
		for _, h := range []string{got.Help.Text, got.Help.Markdown} {
			if !strings.Contains(h, firstBad) || !strings.Contains(h, firstGood) {
				t.Errorf("rule %s: help lacks the failing and passing examples:\n%s", r.ID, h)
			}
		}
		if want := sarifLevel(r.Severity); got.DefaultConfiguration.Level != want {
			t.Errorf("rule %s: level %q, want %q", r.ID, got.DefaultConfiguration.Level, want)
		}
	}
	if log.Runs[0].Results == nil {
		t.Error("a clean run needs \"results\": [] so GitHub closes fixed alerts")
	}
	for _, v := range []struct{ in, want string }{{"devel", "0.0.0-devel"}, {"v2.0.1", "2.0.1"}, {"", "0.0.0"}, {"3", "3"}} {
		if got := sarifToolVersion(v.in); got != v.want {
			t.Errorf("sarifToolVersion(%q) = %q, want %q", v.in, got, v.want)
		}
	}
}

func TestSARIFResults(t *testing.T) {
	p, diags := checked(t, brokenPortfolio)
	log := parseSARIF(t, render(t, FormatSARIF, diags, p, metaOf(p)))
	run := log.Runs[0]
	if _, ok := run.OriginalURIBaseIDs["%SRCROOT%"]; !ok || run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("originalUriBaseIds %v columnKind %q", run.OriginalURIBaseIDs, run.ColumnKind)
	}
	if len(run.Results) != len(diags) {
		t.Fatalf("%d results for %d diagnostics", len(run.Results), len(diags))
	}
	rules := run.Tool.Driver.Rules
	for i, r := range run.Results {
		d := diags[i]
		if r.RuleID != d.Rule || r.RuleIndex == nil || rules[*r.RuleIndex].ID != d.Rule {
			t.Errorf("result %d: ruleId %q ruleIndex %v, want %q", i, r.RuleID, r.RuleIndex, d.Rule)
		}
		if r.Level != sarifLevel(d.Severity) || !strings.HasPrefix(r.Message.Text, d.Summary) || !strings.Contains(r.Message.Text, d.Detail) {
			t.Errorf("result %d: level %q message %q", i, r.Level, r.Message.Text)
		}
		if len(r.Locations) != 1 {
			t.Fatalf("result %d has %d locations", i, len(r.Locations))
		}
		loc := r.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URI != d.Subject.Filename || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
			t.Errorf("result %d: artifact %+v, want %s under %%SRCROOT%%", i, loc.ArtifactLocation, d.Subject.Filename)
		}
		if loc.Region.StartLine != d.Subject.Start.Line || loc.Region.EndLine != d.Subject.End.Line || loc.Region.StartColumn < 1 || loc.Region.EndColumn < 1 {
			t.Errorf("result %d: region %+v for %s", i, loc.Region, d.Subject)
		}
		if len(r.PartialFingerprints[FingerprintKey]) == 0 {
			t.Errorf("result %d has no %s fingerprint", i, FingerprintKey)
		}
	}
	byRule := func(rule, summary string) readResult {
		for _, r := range run.Results {
			if r.RuleID == rule && strings.Contains(r.Message.Text, summary) {
				return r
			}
		}
		t.Fatalf("no %s result %q", rule, summary)
		return readResult{}
	}
	// The emoji before it is one column for HCL, two UTF-16 code units.
	reg := byRule("unknown-reference", `"manage_integration"`).Locations[0].PhysicalLocation.Region
	if reg.StartLine != 3 || reg.StartColumn != 24 || reg.EndColumn != 44 {
		t.Errorf("region after an emoji: %+v, want line 3 columns 24-44", reg)
	}
	dup := byRule("duplicate", "dubai-live")
	if len(dup.RelatedLocations) != 1 {
		t.Fatalf("duplicate has %d related locations", len(dup.RelatedLocations))
	}
	rel := dup.RelatedLocations[0]
	if rel.ID != 1 || !strings.Contains(rel.Message.Text, "first defined here") || rel.PhysicalLocation.Region.StartLine != 1 ||
		rel.PhysicalLocation.ArtifactLocation.URI != "companies/dubai.hcl" {
		t.Errorf("related location: %+v", rel)
	}
}

// fingerprints maps each result, named by rule, file and rank among the
// results of that rule in that file, to its fingerprint.
func fingerprints(t *testing.T, files map[string]string) map[string]string {
	t.Helper()
	p, diags := checked(t, files)
	out := map[string]string{}
	for _, r := range parseSARIF(t, render(t, FormatSARIF, diags, p, metaOf(p))).Runs[0].Results {
		key := r.RuleID + " " + r.Locations[0].PhysicalLocation.ArtifactLocation.URI
		n := 1
		for out[fmt.Sprint(key, " #", n)] != "" {
			n++
		}
		out[fmt.Sprint(key, " #", n)] = r.PartialFingerprints[FingerprintKey]
	}
	return out
}

func TestSARIFFingerprintsStable(t *testing.T) {
	before := fingerprints(t, brokenPortfolio)
	edited := map[string]string{}
	for name, text := range brokenPortfolio {
		edited[name] = text
	}
	// Lines added above, re-indentation and another secret value: no
	// finding becomes new (and the hash is not taken of the secret).
	edited["companies/dubai.hcl"] = "# Dubai\n# companies\n\n" + strings.ReplaceAll(brokenPortfolio["companies/dubai.hcl"], "  reseller", "    reseller")
	edited["resellers.hcl"] = "\n\n" + strings.Replace(brokenPortfolio["resellers.hcl"], secretValue, "another-secret", 1)
	after := fingerprints(t, edited)
	if len(before) != len(after) {
		t.Fatalf("%d results before the edit, %d after", len(before), len(after))
	}
	seen := map[string]bool{}
	for k, fp := range before {
		if after[k] != fp {
			t.Errorf("fingerprint of %q changed: %s -> %s", k, fp, after[k])
		}
		if seen[fp] {
			t.Errorf("fingerprint %s is not unique", fp)
		}
		seen[fp] = true
	}
}

// TestSARIFFingerprintOccurrence: identical lines are told apart by the
// occurrence index.
func TestSARIFFingerprintOccurrence(t *testing.T) {
	fps := fingerprints(t, map[string]string{"a.hcl": `company "one" {
  reseller = "nope"
}
company "two" {
  reseller = "nope"
}
`})
	var got []string
	for _, fp := range fps {
		got = append(got, fp)
	}
	if len(got) != 2 {
		t.Fatalf("want two results, got %v", fps)
	}
	h0, n0, _ := strings.Cut(got[0], ":")
	h1, n1, _ := strings.Cut(got[1], ":")
	if h0 != h1 || n0 == n1 || !strings.Contains(n0+n1, "1") || !strings.Contains(n0+n1, "2") {
		t.Errorf("fingerprints of identical lines: %v", got)
	}
}

// TestSARIFOutsideTheRepository: a diagnostic with no file becomes a tool
// notification (GitHub rejects results without a location); related
// locations in the built-in catalog are left out; absolute names are file
// URIs; a zero-width range is a valid region.
func TestSARIFOutsideTheRepository(t *testing.T) {
	diags := []lang.Diagnostic{
		{Rule: "syntax", Severity: lang.Error, Summary: "File too large", Detail: "Too big.", Subject: rng("big.hcl", 1, 1, 0, 1, 1, 0),
			Related: []lang.Related{{Message: "defined here", Range: rng(lang.BuiltinCatalogName, 1, 1, 0, 1, 5, 4)}}},
		{Rule: "schema", Severity: lang.Warning, Summary: "Somewhere else", Subject: rng("/abs/dir name/x.hcl", 2, 1, 3, 2, 2, 4)},
		{Rule: "schema", Severity: lang.Info, Summary: "Nowhere", Detail: "No file at all."},
	}
	log := parseSARIF(t, render(t, FormatSARIF, diags, memSources{}, Meta{}))
	run := log.Runs[0]
	if len(run.Results) != 2 {
		t.Fatalf("want 2 results, got %d", len(run.Results))
	}
	if rel := run.Results[0].RelatedLocations; len(rel) != 0 {
		t.Errorf("built-in catalog location kept: %+v", rel)
	}
	if r := run.Results[0].Locations[0].PhysicalLocation.Region; r.StartColumn != 1 || r.EndColumn != 1 || r.EndLine != 1 {
		t.Errorf("zero-width region: %+v", r)
	}
	if a := run.Results[1].Locations[0].PhysicalLocation.ArtifactLocation; a.URI != "file:///abs/dir%20name/x.hcl" || a.URIBaseID != "" {
		t.Errorf("absolute file: %+v", a)
	}
	if len(run.Invocations) != 1 || !run.Invocations[0].ExecutionSuccessful || len(run.Invocations[0].ToolExecutionNotifications) != 1 {
		t.Fatalf("invocations: %+v", run.Invocations)
	}
	n := run.Invocations[0].ToolExecutionNotifications[0]
	if n.Level != "note" || n.Message.Text != "Nowhere. No file at all." || n.AssociatedRule.ID != "schema" {
		t.Errorf("notification: %+v", n)
	}
}

// sarifValidator finds Microsoft's SARIF multitool, installed from npm
// at the repository root (package.json). Locally a missing validator skips
// the test; in CI (CI or TIXCFG_REQUIRE_VALIDATORS set) it fails it.
func sarifValidator(t *testing.T) string {
	t.Helper()
	required := os.Getenv("TIXCFG_REQUIRE_VALIDATORS") == "1" || (os.Getenv("CI") != "" && os.Getenv("CI") != "false")
	missing := func(format string, args ...any) {
		msg := fmt.Sprintf(format, args...) + "; install it with `npm ci` at the repository root, then `chmod u+x node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool`"
		if required {
			t.Fatal("SARIF validator required in CI: " + msg)
		}
		t.Skip("SARIF validator not available: " + msg)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node is not installed")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "-p", `require("@microsoft/sarif-multitool")`)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		missing("@microsoft/sarif-multitool is not installed (%v)", err)
	}
	bin := strings.TrimSpace(string(out))
	if fi, err := os.Stat(bin); err != nil || fi.Mode()&0o100 == 0 {
		missing("%s is missing or not executable", bin)
	}
	return bin
}

// TestSARIFValidates runs Microsoft's SARIF multitool, with GitHub's
// ingestion rules, over the SARIF of the broken portfolio, of a clean
// run, of every rule's failing example and of diagnostics outside the
// repository. Errors and warnings both fail the test.
func TestSARIFValidates(t *testing.T) {
	bin := sarifValidator(t)
	dir := t.TempDir()
	var inputs []string
	write := func(name string, diags []lang.Diagnostic, src Sources, meta Meta) {
		path := filepath.Join(dir, name+".sarif")
		if err := os.WriteFile(path, []byte(render(t, FormatSARIF, diags, src, meta)), 0o644); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, path)
	}
	p, diags := checked(t, brokenPortfolio)
	write("broken", diags, p, metaOf(p))
	write("clean", nil, p, Meta{Version: "devel", Files: []string{"a.hcl"}})
	for _, r := range checker.Rules() {
		if r.ID == ruleid.StaleBaseline {
			// Reported against a baseline: the run of a portfolio fixed
			// since its baseline, with a new finding beside it.
			src, diags, meta := comparedRun(t, r.Bad)
			write("rule-"+r.ID, diags, src, meta)
			continue
		}
		p, diags := checked(t, map[string]string{"examples/bad.hcl": r.Bad})
		if len(diags) == 0 {
			t.Errorf("rule %s: its failing example reports nothing", r.ID)
		}
		write("rule-"+r.ID, diags, p, metaOf(p))
	}
	write("outside", []lang.Diagnostic{
		{Rule: "syntax", Severity: lang.Error, Summary: "File too large", Subject: rng("big file.hcl", 1, 1, 0, 1, 1, 0),
			Related: []lang.Related{{Message: "catalog", Range: rng(lang.BuiltinCatalogName, 1, 1, 0, 1, 5, 4)}}},
		{Rule: "schema", Severity: lang.Info, Summary: "Nowhere"},
	}, memSources{}, Meta{Version: "v1.0.0"})
	write("fixes", fixedDiags, fixedSources, Meta{Version: "v1.0.0", Files: []string{"a.hcl", "b.hcl"}})
	// The rules' own fixes: a finding with two alternatives, the first
	// editing two files (the flag added to the company and its reseller),
	// a removal, a secret reference.
	fp, fdiags := checked(t, map[string]string{
		"resellers.hcl": "reseller \"acme\" {\n  name = \"Acme\"\n\n  integration \"vatstack\" {\n    secret_key = \"sk_live_never_printed\"\n  }\n}\n",
		"companies.hcl": "company \"c\" {\n  reseller    = \"acme\"\n  permissions = [\"manage_integrations\"]\n\n  integration \"dtcm\" {\n    mode          = \"live\"\n    api_key       = secret(\"c/dtcm/api_key\")\n    token_api_key = secret(\"c/dtcm/token_api_key\")\n    client_id     = \"C-1\"\n    client_secret = secret(\"c/dtcm/client_secret\")\n    seller_code   = \"S-1\"\n  }\n}\n",
	})
	several := false
	for _, d := range fdiags {
		if len(d.Fixes) >= 2 && len(d.Fixes[0].Edits) >= 2 && d.Fixes[0].Edits[0].Range.Filename != d.Fixes[0].Edits[len(d.Fixes[0].Edits)-1].Range.Filename {
			several = true
		}
	}
	if !several {
		t.Fatalf("no finding with alternatives and a fix across files: %+v", fdiags)
	}
	write("rule-fixes", fdiags, fp, metaOf(fp))
	if b, _ := os.ReadFile(inputs[len(inputs)-1]); !bytes.Contains(b, []byte(`secret(\"acme/vatstack/secret_key\")`)) || bytes.Contains(b, []byte("sk_live_never_printed")) {
		t.Errorf("the SARIF of the fixes lacks the secret reference or holds the literal:\n%s", b)
	}

	// SARIF2006 fetches every URI in the log to see that it is reachable:
	// this machine has no network, and the rule is advice, not validity.
	config := filepath.Join(dir, "validator.xml")
	if err := os.WriteFile(config, []byte(`<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" />
  </Properties>
</Properties>
`), 0o644); err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(dir, "validation.sarif.json")
	args := append([]string{"validate", "--rule-kind", "Gh;Sarif", "--config", config, "--output", logPath}, inputs...)
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("validator failed: %v\n%s", err, out)
	}
	data, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatalf("validator wrote no log: %v\n%s", err, out)
	}
	var vlog struct {
		Runs []struct {
			Results []struct {
				RuleID    string
				Level     string
				Message   struct{ Arguments []string }
				Locations []struct {
					PhysicalLocation struct{ ArtifactLocation struct{ URI string } }
				}
			}
			Invocations []struct {
				ExecutionSuccessful            bool
				ToolExecutionNotifications     []struct{ Level string }
				ToolConfigurationNotifications []struct{ Level string }
			}
		}
	}
	if err := json.Unmarshal(data, &vlog); err != nil {
		t.Fatalf("validator log: %v", err)
	}
	var problems []string
	for _, run := range vlog.Runs {
		for _, r := range run.Results {
			// SARIF's default level is warning.
			if r.Level == "" || r.Level == "error" || r.Level == "warning" {
				file := ""
				if len(r.Locations) > 0 {
					file = filepath.Base(r.Locations[0].PhysicalLocation.ArtifactLocation.URI)
				}
				problems = append(problems, fmt.Sprintf("%s: %s %s: %s", file, r.Level, r.RuleID, strings.Join(r.Message.Arguments, " | ")))
			}
		}
		for _, inv := range run.Invocations {
			if !inv.ExecutionSuccessful {
				problems = append(problems, "validation did not complete")
			}
			for _, n := range append(inv.ToolExecutionNotifications, inv.ToolConfigurationNotifications...) {
				if n.Level == "error" {
					problems = append(problems, "validator error")
				}
			}
		}
	}
	if len(vlog.Runs) == 0 || len(problems) > 0 {
		t.Errorf("SARIF validation of %d files found problems:\n%s\n\nvalidator output:\n%s", len(inputs), strings.Join(problems, "\n"), out)
	}
	if !bytes.Contains(out, []byte(fmt.Sprintf("%d files scanned", len(inputs)))) {
		t.Errorf("the validator did not scan all %d files:\n%s", len(inputs), out)
	}
}

// withBaselineFile is a portfolio's sources and a baseline file's.
type withBaselineFile struct {
	*lang.Portfolio
	name string
	src  []byte
}

func (w withBaselineFile) Source(name string) []byte {
	if name == w.name {
		return w.src
	}
	return w.Portfolio.Source(name)
}

// comparedRun checks current against the baseline of flag-required's
// failing example, as check --baseline does: the new findings and the
// stale-baseline ones to report, and the Meta with the unchanged ones.
func comparedRun(t *testing.T, current string) (Sources, []lang.Diagnostic, Meta) {
	t.Helper()
	old, oldDiags := checked(t, map[string]string{"examples/bad.hcl": checker.Lookup(ruleid.FlagRequired).Bad})
	data := checker.NewBaseline(oldDiags, checker.NewPlaces(old)).Marshal()
	base, err := checker.ReadBaseline(checker.DefaultBaselineFile, data)
	if err != nil {
		t.Fatal(err)
	}
	p, diags := checked(t, map[string]string{"examples/bad.hcl": current})
	pl := checker.NewPlaces(p)
	c := checker.Compare(base, diags, pl)
	report := append(c.New, c.StaleDiagnostics(checker.Options{})...)
	lang.SortDiagnostics(report)
	meta := metaOf(p)
	meta.ComparedWith, meta.Unchanged, meta.Place = "the baseline", c.Unchanged, pl.Of
	return withBaselineFile{p, checker.DefaultBaselineFile, data}, report, meta
}
