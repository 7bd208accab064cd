package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/lang"
)

// chainPortfolio holds one company per way the chain can break for a
// reason of the company's own or of a reference that does not resolve.
const chainPortfolio = `reseller "acme" {
  feature_flags = ["refund_protect_group", "manual_refund_protection", "dtcm"]

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

company "lost" {
  reseller    = "acmee"
  permissions = ["manage_integrations"]
  integration "what3words" {}
}

company "orphan" {
  reseller            = "acme"
  parent              = "ghost"
  global_transactions = true
}

company "loop-a" {
  reseller            = "acme"
  parent              = "loop-b"
  global_transactions = true
}

company "loop-b" {
  reseller            = "acme"
  parent              = "loop-a"
  global_transactions = true
}

company "into-loop" {
  reseller            = "acme"
  parent              = "loop-a"
  global_transactions = true
}

company "sandboxed" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]
  integration "refund_protect_group" {
    environment = "sandbox"
  }
}

company "live-only" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]
  integration "refund_protect_group" {}
}

company "dubai" {
  reseller      = "acme"
  feature_flags = ["dtcm"]
  permissions   = ["manage_integrations"]
  integration "dtcm" {
    mode          = "live"
    api_key       = secret("dubai/dtcm-api-key")
    token_api_key = secret("dubai/dtcm-token-key")
    client_id     = "DL-001"
    client_secret = secret("dubai/dtcm-client-secret")
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
  feature_flags       = ["manual_refund_protection"]
}

integration_type "loyalty_points" {
  category     = "marketing"
  feature_flag = "loyalty"
}

company "loyal" {
  reseller    = "acme"
  permissions = ["manage_integrations"]
  integration "loyalty_points" {}
}
`

// TestExplainAgreesWithCheck: for each way the chain breaks, explain exits
// 1 for the integration asked about, names the cause in check's terms and
// points at the very place check reports it.
func TestExplainAgreesWithCheck(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "p.hcl", []byte(chainPortfolio))
	_, checked, _ := runIn(t, dir, "check", "--format", "compact", ".")
	cases := []struct {
		args []string
		// step is the line explain prints for the missing step; at is
		// where it points, which must carry check's finding of rule.
		step, at, rule string
	}{
		{[]string{"lost", "what3words"}, `✗ credentials on reseller  the company's reseller "acmee" is not defined \(did you mean "acme"\?\)`, "p.hcl:18:17", "unknown-reference"},
		{[]string{"orphan", "refund_protect_group"}, `✗ parent management +company "orphan" has global transactions, but its parent "ghost" is not defined`, "p.hcl:25:25", "unknown-reference"},
		{[]string{"loop-a", "refund_protect_group"}, `✗ parent management +company "loop-a" has global transactions, but following parents from it comes back to it`, "p.hcl:31:25", "parent"},
		{[]string{"loop-b", "refund_protect_group"}, `✗ parent management +company "loop-b" has global transactions, but following parents from it comes back to it`, "p.hcl:37:25", "parent"},
		{[]string{"into-loop", "refund_protect_group"}, `✗ parent management +company "into-loop" has global transactions, but its parents lead into a parent cycle at "loop-a"`, "p.hcl:31:25", "parent"},
		{[]string{"sandboxed", "refund_protect_group"}, `✗ credentials on reseller  company "sandboxed" selects the environment "sandbox", but refund_protect_group has only "live" and "test"`, "p.hcl:52:19", "invalid-value"},
		{[]string{"dubai", "dtcm"}, `✗ credentials on reseller  company "dubai" enables dtcm without seller_code`, "p.hcl:67:3", "incomplete-credentials"},
		{[]string{"kid", "refund_protect_group"}, `(?s)^refund_protect_group: blocked\n.*✗ conflicts +"refund_protect_group" conflicts with "manual_refund_protection"`, "p.hcl:89:26", "conflict"},
		{[]string{"loyal", "loyalty_points"}, `✗ flag on company +the feature flag "loyalty" of integration type "loyalty_points" is not declared`, "p.hcl:94:18", "unknown-reference"},
		// The reseller's side: the message says which environment would do.
		{[]string{"live-only", "refund_protect_group"}, `✗ credentials on reseller  reseller "acme" provides no "live" credential set for refund_protect_group; environment = "test" would hold`, "p.hcl:7:3", ""},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, "/"), func(t *testing.T) {
			code, stdout, stderr := runIn(t, dir, append([]string{"explain"}, c.args...)...)
			if code != 1 {
				t.Fatalf("exit %d, want 1\n%s%s", code, stdout, stderr)
			}
			body := stdout[strings.Index(stdout, "\n\n")+2:]
			if !regexp.MustCompile(c.step).MatchString(body) {
				t.Fatalf("no step matches %s:\n%s", c.step, body)
			}
			if !strings.Contains(body, "→ change "+c.at+"\n") {
				t.Errorf("the missing step does not point at %s:\n%s", c.at, body)
			}
			if c.rule != "" && !regexp.MustCompile(`(?m)^`+regexp.QuoteMeta(c.at)+`: error: .*\[`+c.rule+`\]$`).MatchString(checked) {
				t.Errorf("check reports no %s at %s:\n%s", c.rule, c.at, checked)
			}
			_, js, _ := runIn(t, dir, append([]string{"explain", "--format", "json"}, c.args...)...)
			if strings.Contains(body, ": blocked\n") != strings.Contains(js, `"status": "blocked"`) {
				t.Errorf("text and JSON disagree on the status:\n%s\n%s", body, js)
			}
		})
	}
	// A company that is the whole question: the header and every
	// integration, no crash, exit 0 (nothing was named).
	if code, stdout, stderr := runIn(t, dir, "explain", "lost"); code != 0 || !strings.Contains(stdout, "what3words: enabled, but a step is missing") {
		t.Errorf("explain lost: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestExplainDuplicateCompany: a company ID declared twice explains the
// first in file order, names both places and exits 1.
func TestExplainDuplicateCompany(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.hcl", []byte(okReseller+"company \"c\" {\n  reseller = \"acme\"\n  name = \"First\"\n}\n"))
	write(t, dir, "b.hcl", []byte("company \"c\" {\n  reseller = \"acme\"\n  name = \"Second\"\n}\n"))
	code, stdout, stderr := runIn(t, dir, "explain", "c")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, stderr)
	}
	if !strings.HasPrefix(stdout, `Company "c" (First) at a.hcl:4:1`) {
		t.Errorf("not the first declaration:\n%s", stdout)
	}
	if want := `tixcfg: company "c" is declared 2 times, at a.hcl:4:1 and b.hcl:1:1; this explains the first (tixcfg check reports the duplicate)` + "\n"; stderr != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
	}
}

// TestExplainNamedTwice: an integration named twice is explained once.
func TestExplainNamedTwice(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "p.hcl", []byte(chainPortfolio))
	_, stdout, _ := runIn(t, dir, "explain", "top", "what3words", "what3words")
	if n := strings.Count(stdout, "\nwhat3words: "); n != 1 {
		t.Errorf("what3words explained %d times:\n%s", n, stdout)
	}
	_, js, _ := runIn(t, dir, "explain", "--format", "json", "top", "what3words", "what3words")
	if n := strings.Count(js, `"type": "what3words"`); n != 1 {
		t.Errorf("what3words in the JSON %d times", n)
	}
}

// TestExplainNoteCountsLikeCheck: the note on stderr counts the syntax and
// schema errors check reports, the rules' schema findings too, not only
// the loader's.
func TestExplainNoteCountsLikeCheck(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "p.hcl", []byte(okReseller+`company "c" {
  reseller = "acme"
  integration "what3words" {
    colour = "red"
    size   = 3
  }
}
`))
	_, checked, _ := runIn(t, dir, "check", "--format", "compact", ".")
	want := len(regexp.MustCompile(`(?m)\[(syntax|schema)\]$`).FindAllString(checked, -1))
	if want != 2 {
		t.Fatalf("the fixture gives %d syntax or schema findings, want 2:\n%s", want, checked)
	}
	_, _, stderr := runIn(t, dir, "explain", "c")
	if !strings.Contains(stderr, "the portfolio has 2 syntax or schema error(s)") {
		t.Errorf("the note does not count what check counts (2):\n%s", stderr)
	}
}

// TestExplainEveryCompany walks the examples and rule fixtures and explains
// every company, for each integration of the catalog, in text and JSON, and
// prints the catalog: findings may exit 1, nothing exits 2.
func TestExplainEveryCompany(t *testing.T) {
	if raceEnabled {
		t.Skip("many runs: make test runs it without -race")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	var cases []string
	for _, root := range []string{"examples", "testdata/rules"} {
		cases = append(cases, portfolioCases(t, filepath.Join(repo, root))...)
	}
	if len(cases) < 50 {
		t.Fatalf("only %d portfolios found", len(cases))
	}
	for _, src := range cases {
		rel, _ := filepath.Rel(repo, src)
		t.Run(rel, func(t *testing.T) {
			dir := src
			if !isDir(src) { // a fixture file is a portfolio by itself
				dir = t.TempDir()
				data, err := os.ReadFile(src)
				if err != nil {
					t.Fatal(err)
				}
				write(t, dir, filepath.Base(src), data)
			}
			p, err := lang.Load([]string{dir}, lang.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, format := range []string{"text", "json"} {
				if code, _, stderr := runIn(t, dir, "catalog", "--format", format); code == 2 {
					t.Errorf("catalog --format %s: exit 2: %s", format, stderr)
				}
			}
			seen := map[string]bool{}
			for _, c := range p.Companies {
				if seen[c.ID] {
					continue
				}
				seen[c.ID] = true
				for _, format := range []string{"text", "json"} {
					if code, _, stderr := runIn(t, dir, "explain", "--format", format, c.ID); code == 2 {
						t.Errorf("explain --format %s %q: exit 2: %s", format, c.ID, stderr)
					}
					for _, ty := range p.Catalog.Types {
						if code, _, stderr := runIn(t, dir, "explain", "--format", format, c.ID, ty.ID); code == 2 {
							t.Errorf("explain --format %s %q %s: exit 2: %s", format, c.ID, ty.ID, stderr)
						}
					}
				}
			}
		})
	}
}

// portfolioCases lists the portfolios under root: each rule fixture file
// or folder (testdata/rules/RULE/CASE), and each example folder that holds
// config files directly or in subfolders (examples/portfolio,
// examples/broken/NAME).
func portfolioCases(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		path := filepath.Join(root, e.Name())
		switch {
		case !e.IsDir():
		case filepath.Base(root) == "rules":
			cases, err := os.ReadDir(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cases {
				if c.IsDir() || lang.IsConfigFile(c.Name()) {
					out = append(out, filepath.Join(path, c.Name()))
				}
			}
		case e.Name() == "broken":
			out = append(out, portfolioCases(t, path)...)
		default:
			out = append(out, path)
		}
	}
	return out
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// TestExplainSecretEnvironment: a wrong value of a secret setting that
// selects the environment is pointed at, never printed.
func TestExplainSecretEnvironment(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "p.hcl", []byte(`integration_type "vault_sync" {
  category = "platform_service"
  reseller {
    environments = ["live", "test"]
    credential "api_key" {
      secret = true
    }
  }
  company {
    setting "environment" {
      selects_environment = true
      secret              = true
      default             = "live"
    }
  }
}

reseller "acme" {
  integration "vault_sync" {
    environment "live" {
      api_key = secret("acme/vault")
    }
  }
}

company "c" {
  reseller    = "acme"
  permissions = ["manage_integrations"]
  integration "vault_sync" {
    environment = "hunter2-canary"
  }
}
`))
	for _, format := range []string{"text", "json"} {
		code, stdout, stderr := runIn(t, dir, "explain", "--format", format, "c", "vault_sync")
		if code != 1 || strings.Contains(stdout+stderr, "hunter2") {
			t.Fatalf("exit %d (want 1), or the secret is printed:\n%s%s", code, stdout, stderr)
		}
		if !strings.Contains(stdout, `company \"c\" selects an environment, but vault_sync has only \"live\" and \"test\"`) &&
			!strings.Contains(stdout, `company "c" selects an environment, but vault_sync has only "live" and "test" → change p.hcl:30:19`) {
			t.Errorf("the step does not name the fault at the value:\n%s", stdout)
		}
	}
}
