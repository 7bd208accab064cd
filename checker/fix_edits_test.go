package checker_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// applyFix runs the checker over files and applies alternative alt of the
// first finding of rule, returning every file after it; ok is false when
// that finding has no such alternative.
func applyFix(t *testing.T, files map[string]string, rule string, alt int) (map[string]string, lang.Fix, bool) {
	t.Helper()
	var fs []*lang.File
	for _, name := range slices.Sorted(maps.Keys(files)) {
		fs = append(fs, lang.ParseFile(name, []byte(files[name])))
	}
	p := lang.Assemble(fs)
	for _, d := range checker.Run(p, checker.Options{}).Diagnostics {
		if d.Rule != rule {
			continue
		}
		if alt >= len(d.Fixes) {
			return nil, lang.Fix{}, false
		}
		fix := d.Fixes[alt]
		out := maps.Clone(files)
		byFile := map[string][]lang.Edit{}
		for _, e := range fix.Edits {
			byFile[e.Range.Filename] = append(byFile[e.Range.Filename], e)
		}
		for name, es := range byFile {
			lang.SortEdits(es)
			src, ok := lang.ApplyEdits([]byte(files[name]), es)
			if !ok {
				t.Fatalf("fix %q: edits of %s do not apply", fix.Message, name)
			}
			out[name] = string(src)
		}
		return out, fix, true
	}
	t.Fatalf("no %s finding", rule)
	return nil, lang.Fix{}, false
}

const acmeWithFlags = `reseller "acme" {
  feature_flags = ["dtcm", "szamlazz"]
}
`

func TestFixAlternatives(t *testing.T) {
	for _, tc := range []struct {
		name   string
		files  map[string]string
		rule   string
		alt    int
		safety lang.Safety
		want   map[string]string
	}{{
		name: "flag-not-on-reseller removes the first of several flags from the company",
		files: map[string]string{"a.hcl": `reseller "acme" {
  feature_flags = ["szamlazz"]
}

company "c" {
  reseller      = "acme"
  feature_flags = ["dtcm", "szamlazz"]
}
`},
		rule: "flag-not-on-reseller", alt: 1, safety: lang.Review,
		want: map[string]string{"a.hcl": `reseller "acme" {
  feature_flags = ["szamlazz"]
}

company "c" {
  reseller      = "acme"
  feature_flags = ["szamlazz"]
}
`},
	}, {
		name: "flag-not-on-reseller empties a list of one",
		files: map[string]string{"a.hcl": `reseller "acme" {
  feature_flags = []
}

company "c" {
  reseller      = "acme"
  feature_flags = ["dtcm"]
}
`},
		rule: "flag-not-on-reseller", alt: 1, safety: lang.Review,
		want: map[string]string{"a.hcl": `reseller "acme" {
  feature_flags = []
}

company "c" {
  reseller      = "acme"
  feature_flags = []
}
`},
	}, {
		name: "flag-required removes the integration block",
		files: map[string]string{"a.hcl": acmeWithFlags + `
company "c" {
  reseller    = "acme"
  permissions = ["manage_integrations", "manage_payments"]

  integration "szamlazz" {
    agent_key = secret("c/szamlazz")
  }
}
`},
		rule: "flag-required", alt: 1, safety: lang.Review,
		want: map[string]string{"a.hcl": acmeWithFlags + `
company "c" {
  reseller    = "acme"
  permissions = ["manage_integrations", "manage_payments"]
}
`},
	}, {
		name: "flag-required adds the flag to the company and to the reseller in another file",
		files: map[string]string{
			"r.hcl": "reseller \"acme\" {\n  name = \"Acme\"\n}\n",
			"c.hcl": "company \"c\" {\n  reseller = \"acme\"\n  permissions = [\n    \"manage_integrations\",\n    \"manage_payments\",\n  ]\n\n  integration \"szamlazz\" {\n    agent_key = secret(\"c/szamlazz\")\n  }\n}\n",
		},
		rule: "flag-required", alt: 0, safety: lang.Review,
		want: map[string]string{
			"r.hcl": "reseller \"acme\" {\n  name          = \"Acme\"\n  feature_flags = [\"szamlazz\"]\n}\n",
			"c.hcl": "company \"c\" {\n  reseller      = \"acme\"\n  feature_flags = [\"szamlazz\"]\n  permissions = [\n    \"manage_integrations\",\n    \"manage_payments\",\n  ]\n\n  integration \"szamlazz\" {\n    agent_key = secret(\"c/szamlazz\")\n  }\n}\n",
		},
	}, {
		name: "permission-required follows a list of an item a line, trailing comma kept",
		files: map[string]string{"a.hcl": acmeWithFlags + `
company "c" {
  reseller      = "acme"
  feature_flags = ["szamlazz"]
  permissions = [
    "manage_integrations",
  ]

  integration "szamlazz" {
    agent_key = secret("c/szamlazz")
  }
}
`},
		rule: "permission-required", alt: 0, safety: lang.Review,
		want: map[string]string{"a.hcl": acmeWithFlags + `
company "c" {
  reseller      = "acme"
  feature_flags = ["szamlazz"]
  permissions = [
    "manage_integrations",
    "manage_payments",
  ]

  integration "szamlazz" {
    agent_key = secret("c/szamlazz")
  }
}
`},
	}, {
		name: "permission-required follows a list of an item a line without a trailing comma",
		files: map[string]string{"a.hcl": acmeWithFlags + `
company "c" {
  reseller      = "acme"
  feature_flags = ["szamlazz"]
  permissions = [
    "manage_integrations"
  ]

  integration "szamlazz" {}
}
`},
		rule: "permission-required", alt: 0, safety: lang.Review,
		want: map[string]string{"a.hcl": acmeWithFlags + `
company "c" {
  reseller      = "acme"
  feature_flags = ["szamlazz"]
  permissions = [
    "manage_integrations",
    "manage_payments"
  ]

  integration "szamlazz" {}
}
`},
	}, {
		name: "managed-by-parent turns global transactions off",
		files: map[string]string{"a.hcl": acmeWithFlags + `
company "p" {
  reseller      = "acme"
  feature_flags = ["szamlazz"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "szamlazz" {
    agent_key = secret("p/szamlazz")
  }
}

company "c" {
  reseller            = "acme"
  parent              = "p"
  global_transactions = true
  feature_flags       = ["szamlazz"]
  permissions         = ["manage_integrations", "manage_payments"]

  integration "szamlazz" {
    agent_key = secret("c/szamlazz")
  }
}
`},
		rule: "managed-by-parent", alt: 1, safety: lang.Review,
		want: map[string]string{"a.hcl": acmeWithFlags + `
company "p" {
  reseller      = "acme"
  feature_flags = ["szamlazz"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "szamlazz" {
    agent_key = secret("p/szamlazz")
  }
}

company "c" {
  reseller            = "acme"
  parent              = "p"
  global_transactions = false
  feature_flags       = ["szamlazz"]
  permissions         = ["manage_integrations", "manage_payments"]

  integration "szamlazz" {
    agent_key = secret("c/szamlazz")
  }
}
`},
	}, {
		name: "reseller-credentials opens an empty one-line reseller",
		files: map[string]string{"a.hcl": `reseller "acme" {}

company "c" {
  reseller    = "acme"
  permissions = ["manage_integrations"]

  integration "vatstack" {}
}
`},
		rule: "reseller-credentials", alt: 0, safety: lang.Review,
		want: map[string]string{"a.hcl": `reseller "acme" {
  integration "vatstack" {
    secret_key = secret("acme/vatstack/secret_key")
  }
}

company "c" {
  reseller    = "acme"
  permissions = ["manage_integrations"]

  integration "vatstack" {}
}
`},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got, fix, ok := applyFix(t, tc.files, tc.rule, tc.alt)
			if !ok {
				t.Fatalf("the finding has no fix %d", tc.alt)
			}
			if fix.Safety != tc.safety {
				t.Errorf("fix %q is %s, want %s", fix.Message, fix.Safety, tc.safety)
			}
			for name, want := range tc.want {
				if got[name] != want {
					t.Errorf("fix %q: %s is\n%s\nwant\n%s", fix.Message, name, got[name], want)
				}
			}
		})
	}
}

// TestFixRefused: where the layout or the outcome would be a guess, a
// finding carries no fix rather than a wrong one.
func TestFixRefused(t *testing.T) {
	for _, tc := range []struct {
		name  string
		src   string
		rule  string
		fixes int
	}{{
		name: "a comment after a list's last item",
		src: acmeWithFlags + `
company "c" {
  reseller      = "acme"
  feature_flags = ["szamlazz"]
  permissions = [
    "manage_integrations", # admins
  ]

  integration "szamlazz" {}
}
`,
		rule: "permission-required",
	}, {
		name: "a missing credential set with a field that is no secret",
		src: `reseller "acme" {
  feature_flags = ["refund_protect_group"]
}

company "c" {
  reseller      = "acme"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  integration "refund_protect_group" {}
}
`,
		rule: "reseller-credentials",
	}, {
		name: "two resellers as close as each other",
		src: `reseller "acme1" {}

reseller "acme2" {}

company "c" {
  reseller = "acme3"
}
`,
		rule: "unknown-reference",
	}, {
		name: "a removal in a one-line block with other content",
		src: acmeWithFlags + `
company "c" {
  reseller    = "acme"
  permissions = ["manage_integrations", "manage_payments"]
  integration "szamlazz" { agent_key = secret("c/szamlazz") }
}
`,
		rule: "flag-required", fixes: 2, // the one-line block goes whole
	}} {
		t.Run(tc.name, func(t *testing.T) {
			p := lang.Assemble([]*lang.File{lang.ParseFile("a.hcl", []byte(tc.src))})
			found := false
			for _, d := range checker.Run(p, checker.Options{}).Diagnostics {
				if d.Rule == tc.rule {
					found = true
					if len(d.Fixes) != tc.fixes {
						var msgs []string
						for _, f := range d.Fixes {
							msgs = append(msgs, f.Message)
						}
						t.Errorf("%s carries %d fixes (%s), want %d", d.Summary, len(d.Fixes), strings.Join(msgs, "; "), tc.fixes)
					}
				}
			}
			if !found {
				t.Fatalf("no %s finding", tc.rule)
			}
		})
	}
}

// TestFixOverlapWaits: two companies lacking a flag their reseller lacks
// too both add it to the reseller's list; the second fix overlaps the
// first, waits a round, applies, and leaves no note that it was skipped.
func TestFixOverlapWaits(t *testing.T) {
	company := func(id string) string {
		return "company \"" + id + "\" {\n  reseller    = \"acme\"\n  permissions = [\"manage_integrations\", \"manage_payments\"]\n\n  integration \"szamlazz\" {\n    agent_key = secret(\"" + id + "/szamlazz\")\n  }\n}\n"
	}
	files := []*lang.File{
		lang.ParseFile("r.hcl", []byte("reseller \"acme\" {\n  feature_flags = [\"dtcm\"]\n}\n")),
		lang.ParseFile("a.hcl", []byte(company("a"))),
		lang.ParseFile("b.hcl", []byte(company("b"))),
	}
	res := checker.FixFiles(files, checker.FixOptions{Unsafe: true})
	if len(res.Notes) > 0 {
		t.Errorf("notes: %q", res.Notes)
	}
	for _, d := range res.Diagnostics {
		t.Errorf("after the fixes: %s %s", d.Rule, d.Summary)
	}
	if res.Applied != 2 || !slices.Equal(res.Changed, []string{"a.hcl", "b.hcl", "r.hcl"}) {
		t.Errorf("applied %d fixes, changed %q", res.Applied, res.Changed)
	}
}

// TestFixTogetherBreaking: a misspelt permissions apart from the other
// attributes, and an integration that needs a permission. Renaming the
// attribute and inserting permissions are each sound and do not overlap,
// but together repeat an attribute: the round is done again one fix a
// file, and the rename alone resolves both.
func TestFixTogetherBreaking(t *testing.T) {
	src := `reseller "acme" {}

company "c" {
  reseller = "acme"

  permission = ["manage_integrations"]

  integration "what3words" {}
}
`
	res := checker.FixFiles([]*lang.File{lang.ParseFile("a.hcl", []byte(src))}, checker.FixOptions{Unsafe: true, Rule: ""})
	if len(res.Notes) > 0 {
		t.Errorf("notes: %q", res.Notes)
	}
	for _, d := range res.Diagnostics {
		if d.Rule == "schema" || d.Rule == "permission-required" {
			t.Errorf("after the fixes: %s %s", d.Rule, d.Summary)
		}
	}
	if got := string(res.Files[0].Src); !strings.Contains(got, "\n  permissions = [\"manage_integrations\"]\n") || strings.Count(got, "permissions") != 1 {
		t.Errorf("got\n%s", got)
	}
}
