package checker_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// span is an expected range: where it starts and ends, and the exact
// source text it covers (which pins the byte offsets too).
type span struct {
	file            string
	line, col       int
	endLine, endCol int
	text            string
}

func (s span) String() string {
	return fmt.Sprintf("%s:%d,%d-%d,%d %q", s.file, s.line, s.col, s.endLine, s.endCol, s.text)
}

// checkSpan compares a range with what it should be.
func checkSpan(t *testing.T, what string, files map[string][]byte, got hcl.Range, want span) {
	t.Helper()
	if got.Filename != want.file || got.Start.Line != want.line || got.Start.Column != want.col ||
		got.End.Line != want.endLine || got.End.Column != want.endCol {
		t.Errorf("%s is %s:%d,%d-%d,%d, want %s", what, got.Filename, got.Start.Line, got.Start.Column, got.End.Line, got.End.Column, want)
		return
	}
	src := files[got.Filename]
	if got.Start.Byte < 0 || got.Start.Byte > got.End.Byte || got.End.Byte > len(src) {
		t.Errorf("%s: bytes %d..%d outside the file", what, got.Start.Byte, got.End.Byte)
		return
	}
	if text := string(src[got.Start.Byte:got.End.Byte]); text != want.text {
		t.Errorf("%s covers %q, want %q", what, text, want.text)
	}
}

// crlf turns a file's line breaks into CRLF.
func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

const rangesReseller = `reseller "acme" {
  feature_flags = ["refund_protect_group", "manual_refund_protection"]

  integration "refund_protect_group" {
    environment "live" {
      client_id     = "acme-live"
      client_secret = secret("acme/rpg-live-secret")
      api_key       = secret("acme/rpg-live-key")
      vendor_code   = "ACM01"
    }
    environment "test" {
      client_id = "acme-test"
    }
  }
}
`

func TestRanges(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		rule  string
		// match picks the diagnostic by summary when the rule reports
		// more than one.
		match   string
		subject span
		related []span
	}{
		{
			name: "flag-not-on-reseller subject is the quoted element",
			files: map[string]string{"main.hcl": `reseller "acme" {
  feature_flags = ["refund_protect_group"]
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group", "dtcm"]
}
`},
			rule:    "flag-not-on-reseller",
			subject: span{"main.hcl", 7, 44, 7, 50, `"dtcm"`},
			related: []span{{"main.hcl", 2, 3, 2, 43, `feature_flags = ["refund_protect_group"]`}},
		},
		{
			name: "flag-not-on-reseller in a CRLF file",
			files: map[string]string{"main.hcl": crlf(`reseller "acme" {
  feature_flags = ["refund_protect_group"]
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group", "dtcm"]
}
`)},
			rule:    "flag-not-on-reseller",
			subject: span{"main.hcl", 7, 44, 7, 50, `"dtcm"`},
			related: []span{{"main.hcl", 2, 3, 2, 43, `feature_flags = ["refund_protect_group"]`}},
		},
		{
			name: "a byte-order mark takes no column",
			files: map[string]string{"main.hcl": "\uFEFFcompany \"x\" { reseller = \"acmee\" }\n" + `reseller "acme" {}
`},
			rule:    "unknown-reference",
			subject: span{"main.hcl", 1, 26, 1, 33, `"acmee"`},
		},
		{
			name: "reseller-credentials without a reseller block points at the reseller",
			files: map[string]string{"main.hcl": `reseller "acme" {
  name = "Acme Tickets"
}

company "dubai-live" {
  reseller    = "acme"
  permissions = ["manage_integrations"]

  integration "google_maps" {}
}
`},
			rule:    "reseller-credentials",
			subject: span{"main.hcl", 9, 3, 9, 28, `integration "google_maps"`},
			related: []span{{"main.hcl", 1, 1, 1, 16, `reseller "acme"`}},
		},
		{
			name: "reseller-credentials without the environment points at the reseller's integration",
			files: map[string]string{"main.hcl": `reseller "acme" {
  feature_flags = ["refund_protect_group"]

  integration "refund_protect_group" {
    environment "live" {
      client_id     = "acme-live"
      client_secret = secret("acme/rpg-live-secret")
      api_key       = secret("acme/rpg-live-key")
      vendor_code   = "ACM01"
    }
  }
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "refund_protect_group" {
    environment = "test"
  }
}
`},
			rule:    "reseller-credentials",
			subject: span{"main.hcl", 19, 3, 19, 37, `integration "refund_protect_group"`},
			related: []span{{"main.hcl", 4, 3, 4, 37, `integration "refund_protect_group"`}},
		},
		{
			name: "reseller-credentials with an incomplete set points at the environment",
			files: map[string]string{"reseller.hcl": rangesReseller, "company.hcl": `company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "refund_protect_group" {
    environment = "test"
  }
}
`},
			rule:    "reseller-credentials",
			subject: span{"company.hcl", 6, 3, 6, 37, `integration "refund_protect_group"`},
			related: []span{{"reseller.hcl", 11, 5, 11, 23, `environment "test"`}},
		},
		{
			name:    "incomplete-credentials sits on the environment, related to the integration",
			files:   map[string]string{"reseller.hcl": rangesReseller},
			rule:    "incomplete-credentials",
			subject: span{"reseller.hcl", 11, 5, 11, 23, `environment "test"`},
			related: []span{{"reseller.hcl", 4, 3, 4, 37, `integration "refund_protect_group"`}},
		},
		{
			name: "conflict points at both elements",
			files: map[string]string{"main.hcl": `reseller "acme" {
  feature_flags = ["refund_protect_group", "manual_refund_protection"]
}

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group", "manual_refund_protection"]
}
`},
			rule:    "conflict",
			subject: span{"main.hcl", 7, 44, 7, 70, `"manual_refund_protection"`},
			related: []span{{"main.hcl", 7, 20, 7, 42, `"refund_protect_group"`}},
		},
		{
			name: "an inherited conflict points at the child's flag and the parent's integration",
			files: map[string]string{"reseller.hcl": rangesReseller, "companies.hcl": `company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "refund_protect_group" {}
}

company "dubai-live-kids" {
  reseller            = "acme"
  parent              = "dubai-live"
  global_transactions = true
  feature_flags       = ["manual_refund_protection"]
}
`},
			rule:    "conflict",
			subject: span{"companies.hcl", 13, 26, 13, 52, `"manual_refund_protection"`},
			related: []span{{"companies.hcl", 6, 3, 6, 37, `integration "refund_protect_group"`}},
		},
		{
			name: "duplicate is the later label, related to the first declaration",
			files: map[string]string{"a.hcl": `reseller "acme" {}
`, "b.hcl": `# second
reseller "acme" {}
`},
			rule:    "duplicate",
			subject: span{"b.hcl", 2, 10, 2, 16, `"acme"`},
			related: []span{{"a.hcl", 1, 1, 1, 16, `reseller "acme"`}},
		},
		{
			name: "managed-by-parent relates global transactions and the parent's settings",
			files: map[string]string{"main.hcl": `reseller "acme" {
  feature_flags = ["szamlazz"]
}

company "budapest" {
  reseller      = "acme"
  feature_flags = ["szamlazz"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "szamlazz" {
    agent_key = secret("budapest/szamlazz")
  }
}

company "budapest-kids" {
  reseller            = "acme"
  parent              = "budapest"
  global_transactions = true

  integration "szamlazz" {}
}
`},
			rule:    "managed-by-parent",
			subject: span{"main.hcl", 20, 3, 20, 25, `integration "szamlazz"`},
			related: []span{
				{"main.hcl", 18, 3, 18, 29, `global_transactions = true`},
				{"main.hcl", 10, 3, 10, 25, `integration "szamlazz"`},
			},
		},
		{
			name: "flag-required for a tax band condition is the attribute name",
			files: map[string]string{"main.hcl": `reseller "acme" {}

company "budapest" {
  reseller = "acme"

  tax_band "reduced" {
    rate      = 5
    condition = "event.category == \"culture\""
  }
}
`},
			rule:    "flag-required",
			subject: span{"main.hcl", 8, 5, 8, 14, `condition`},
			related: []span{
				{"main.hcl", 3, 1, 3, 19, `company "budapest"`},
				{"main.hcl", 1, 1, 1, 16, `reseller "acme"`},
			},
		},
		{
			name: "schema names the unknown attribute",
			files: map[string]string{"main.hcl": `reseller "acme" {
  integration "google_maps" {
    api_kye = secret("acme/google-maps")
  }
}
`},
			rule:    "schema",
			subject: span{"main.hcl", 3, 5, 3, 12, `api_kye`},
		},
		{
			name: "invalid-value points at the currency key",
			files: map[string]string{"main.hcl": `company "dubai-live" {
  reseller = "acme"

  integration "refund_protect_group" {
    minimum_order_value = { AED = 50, usd = 15 }
  }
}
`},
			rule:    "invalid-value",
			subject: span{"main.hcl", 5, 39, 5, 42, `usd`},
		},
		{
			name: "invalid-value points at the list element",
			files: map[string]string{"main.hcl": `company "cairo" {
  reseller = "acme"

  integration "misr_sms" {
    notify_on = ["approval", "refund"]
  }
}
`},
			rule:    "invalid-value",
			subject: span{"main.hcl", 5, 30, 5, 38, `"refund"`},
		},
		{
			name: "credential-literal covers a heredoc over several lines",
			files: map[string]string{"main.hcl": `reseller "acme" {
  integration "vatstack" {
    secret_key = <<EOT
sk_live_51HxQ2eKd93
EOT
  }
}
`},
			rule:    "credential-literal",
			subject: span{"main.hcl", 3, 18, 5, 4, "<<EOT\nsk_live_51HxQ2eKd93\nEOT"},
		},
		{
			name: "parent cycle is the parent's value",
			files: map[string]string{"main.hcl": `reseller "acme" {}

company "a" {
  reseller = "acme"
  parent   = "a"
}
`},
			rule:    "parent",
			subject: span{"main.hcl", 5, 14, 5, 17, `"a"`},
		},
		{
			name: "unused-ignore is the comment without its line break, in a CRLF file",
			files: map[string]string{"main.hcl": crlf(`reseller "acme" {
  name = "Acme" # tixcfg:ignore schema -- not needed
}
`)},
			rule:    "unused-ignore",
			subject: span{"main.hcl", 2, 17, 2, 53, `# tixcfg:ignore schema -- not needed`},
		},
		{
			name: "unknown-reference in JSON syntax is the string",
			files: map[string]string{"main.hcl.json": `{
  "company": {
    "dubai-live": {
      "reseller": "acmee"
    }
  }
}
`},
			rule:    "unknown-reference",
			subject: span{"main.hcl.json", 4, 19, 4, 26, `"acmee"`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var files []*lang.File
			srcs := map[string][]byte{}
			for name, src := range tc.files {
				files = append(files, lang.ParseFile(name, []byte(src)))
				srcs[name] = []byte(src)
			}
			res := checker.Run(lang.Assemble(files), checker.Options{})
			var found []lang.Diagnostic
			for _, d := range res.Diagnostics {
				if d.Rule == tc.rule && (tc.match == "" || regexp.MustCompile(tc.match).MatchString(d.Summary)) {
					found = append(found, d)
				}
			}
			if len(found) != 1 {
				t.Fatalf("want one %s finding, got %d among %s", tc.rule, len(found), summaries(res.Diagnostics))
			}
			d := found[0]
			checkSpan(t, "subject", srcs, d.Subject, tc.subject)
			if len(d.Related) != len(tc.related) {
				t.Fatalf("%d related ranges, want %d: %v", len(d.Related), len(tc.related), d.Related)
			}
			for i, want := range tc.related {
				checkSpan(t, fmt.Sprintf("related[%d] (%s)", i, d.Related[i].Message), srcs, d.Related[i].Range, want)
			}
		})
	}
}

func summaries(ds []lang.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "\n\t%s:%d,%d: %s: %s", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column, d.Rule, d.Summary)
	}
	return b.String()
}
