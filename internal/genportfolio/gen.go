// Package genportfolio writes realistic, deterministic portfolios of any
// size for benchmarks and scale tests, optionally with known violations.
package genportfolio

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Version changes whenever the generator writes something different, so
// cached portfolios are regenerated.
const Version = "2"

// Options size a portfolio.
type Options struct {
	Companies   int // total companies
	PerReseller int // companies per reseller
	PerFile     int // companies per file; 0 means 50
	// Errors is how many known violations to sprinkle, cycling through
	// ErrorKinds; each makes exactly one finding of its rule.
	Errors int
}

// ErrorKind is a violation the generator can plant, and the rule that
// reports it.
type ErrorKind struct {
	Rule string
	// apply edits the rendered company block of the given kind of company.
	apply func(c *company)
}

type company struct {
	id, reseller, parent string
	kind                 int
	flags, perms         []string
	body                 []string // extra lines: tax bands and integrations
	globalTx             bool
}

// ErrorKinds are the planted violations, in the order they are used.
var ErrorKinds = []ErrorKind{
	{"unknown-reference", func(c *company) { c.perms = append(c.perms, "manage_everything") }},
	{"permission-required", func(c *company) { c.perms = []string{"manage_integrations"} }},
	{"schema", func(c *company) {
		c.body = append(c.body, "  integration \"google_maps\" {\n    map_them = \"dark\"\n  }")
	}},
	{"conflict", func(c *company) { c.flags = append(c.flags, "manual_refund_protection") }},
	{"duplicate", func(c *company) { c.body = append(c.body, "  tax_band \"standard\" {\n    rate = 5\n  }") }},
	{"invalid-value", func(c *company) {
		c.body = append(c.body, "  integration \"misr_sms\" {\n    notify_on = [\"approval\", \"refund\"]\n  }")
	}},
	{"credential-literal", func(c *company) {
		c.flags = append(c.flags, "szamlazz")
		c.body = append(c.body, "  integration \"szamlazz\" {\n    agent_key = \"literal-agent-key\"\n  }")
	}},
	{"flag-required", func(c *company) {
		c.body = append(c.body, "  integration \"szamlazz\" {\n    agent_key = secret(\""+c.id+"/szamlazz\")\n  }")
	}},
}

// errorTarget is the kind of company every planted violation goes into:
// a refund-protection company with both permissions and a tax band, so
// each violation makes exactly one finding.
const errorTarget = 1

// Write generates the portfolio into dir, which must not exist or be empty.
// It returns the number of files written.
func Write(dir string, o Options) (int, error) {
	if o.PerFile <= 0 {
		o.PerFile = 50
	}
	if o.PerReseller <= 0 {
		o.PerReseller = o.Companies
	}
	if o.Companies > 0 && o.Errors > 0 && o.Errors > o.Companies/8 {
		return 0, fmt.Errorf("at most one violation per 8 companies (%d companies allow %d)", o.Companies, o.Companies/8)
	}
	files := 0
	write := func(rel, text string) error {
		path := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		files++
		return os.WriteFile(path, []byte(text), 0o644)
	}
	if err := write("catalog.hcl", catalogExtension); err != nil {
		return files, err
	}
	resellers := (o.Companies + o.PerReseller - 1) / o.PerReseller
	// Violations go into evenly spaced companies of the error-target kind.
	planted := map[int]ErrorKind{}
	if o.Errors > 0 {
		step := o.Companies / o.Errors
		for k := 0; k < o.Errors; k++ {
			i := k*step + errorTarget
			i -= i % 8
			i += errorTarget
			planted[i] = ErrorKinds[k%len(ErrorKinds)]
		}
	}
	next := 0
	for r := 0; r < resellers; r++ {
		rid := fmt.Sprintf("r%05d", r)
		if err := write(filepath.Join("resellers", rid+".hcl"), reseller(rid)); err != nil {
			return files, err
		}
		n := min(o.PerReseller, o.Companies-next)
		for start := 0; start < n; start += o.PerFile {
			var b strings.Builder
			for i := start; i < min(start+o.PerFile, n); i++ {
				c := newCompany(rid, next+i, i)
				if k, ok := planted[next+i]; ok {
					k.apply(c)
				}
				b.WriteString(c.render())
			}
			rel := filepath.Join("companies", rid, fmt.Sprintf("part-%04d.hcl", start/o.PerFile))
			if err := write(rel, b.String()); err != nil {
				return files, err
			}
		}
		next += n
	}
	return files, nil
}

func reseller(id string) string {
	return fmt.Sprintf(`reseller %[1]q {
  name          = "Reseller %[1]s"
  feature_flags = ["dtcm", "refund_protect_group", "manual_refund_protection", "szamlazz", "conditional_tax_bands", "seat_maps"]

  integration "google_maps" {
    api_key = secret("%[1]s/google-maps")
  }
  integration "what3words" {
    api_key = secret("%[1]s/what3words")
  }
  integration "misr_sms" {
    api_key     = secret("%[1]s/misr-sms")
    sender_name = "TIX%[1]s"
  }
  integration "vatstack" {
    secret_key = secret("%[1]s/vatstack")
  }
  integration "facebook_login" {
    client_id     = "fb-%[1]s"
    client_secret = secret("%[1]s/facebook")
  }
  integration "google_login" {
    client_id     = "gl-%[1]s.apps.example.com"
    client_secret = secret("%[1]s/google-login")
  }
  integration "twitter_login" {
    client_id     = "tw-%[1]s"
    client_secret = secret("%[1]s/twitter")
  }
  integration "apple_login" {
    client_id      = "com.example.%[1]s"
    private_key    = secret("%[1]s/apple-p8")
    private_key_id = "KEY-%[1]s"
    team_id        = "TEAM-%[1]s"
  }
  integration "refund_protect_group" {
    environment "live" {
      client_id     = "%[1]s-live"
      client_secret = secret("%[1]s/rpg-live-secret")
      api_key       = secret("%[1]s/rpg-live-key")
      vendor_code   = "V%[1]s"
    }
    environment "test" {
      client_id     = "%[1]s-test"
      client_secret = secret("%[1]s/rpg-test-secret")
      api_key       = secret("%[1]s/rpg-test-key")
      vendor_code   = "T%[1]s"
    }
  }
  integration "seatmap_pro" {
    api_key = secret("%[1]s/seatmap")
  }
}
`, id)
}

// newCompany makes the i-th company of a reseller. Kinds cycle so every
// integration type, both sides of every conflict and parents with
// global-transactions children appear in any reseller of 8 or more.
func newCompany(rid string, global, i int) *company {
	id := fmt.Sprintf("c%07d", global)
	c := &company{id: id, reseller: rid, kind: i % 8, perms: []string{"manage_integrations"}}
	sec := func(name string) string { return fmt.Sprintf("secret(%q)", id+"/"+name) }
	switch c.kind {
	case 0:
		c.flags = []string{"dtcm"}
		c.body = []string{
			"  integration \"dtcm\" {\n    mode          = \"live\"\n    api_key       = " + sec("dtcm-api") + "\n    token_api_key = " + sec("dtcm-token") +
				"\n    client_id     = \"" + id + "\"\n    client_secret = " + sec("dtcm-secret") + "\n    seller_code   = \"S" + id + "\"\n  }",
			"  integration \"google_maps\" {\n    dynamic_maps = true\n    map_theme    = \"dark\"\n  }",
			"  integration \"apple_login\" {}",
		}
	case 1:
		c.flags = []string{"refund_protect_group"}
		c.perms = []string{"manage_integrations", "manage_payments"}
		c.body = []string{
			"  tax_band \"standard\" {\n    rate = 5\n  }",
			"  integration \"refund_protect_group\" {\n    mode                = \"standard\"\n    environment         = \"live\"\n    opt_in_required     = true\n" +
				"    minimum_order_value = { AED = 50, USD = 15.5, EUR = 12.25 }\n    tax_band            = \"standard\"\n    deadline_hours      = 48\n  }",
		}
	case 2:
		if i > 0 {
			c.parent = fmt.Sprintf("c%07d", global-1)
			c.globalTx = true
		}
		c.flags = []string{"dtcm"}
		c.body = []string{
			"  integration \"dtcm\" {\n    mode          = \"test\"\n    api_key       = " + sec("dtcm-api") + "\n    token_api_key = " + sec("dtcm-token") +
				"\n    client_id     = \"" + id + "\"\n    client_secret = " + sec("dtcm-secret") + "\n    seller_code   = \"S" + id + "\"\n  }",
		}
	case 3:
		c.flags = []string{"manual_refund_protection"}
		c.body = []string{
			"  integration \"misr_sms\" {\n    notify_on = [\"approval\"]\n  }",
			"  integration \"vatstack\" {}",
			"  integration \"what3words\" {}",
		}
	case 4:
		c.flags = []string{"szamlazz"}
		c.perms = []string{"manage_integrations", "manage_payments"}
		c.body = []string{"  integration \"szamlazz\" {\n    agent_key = " + sec("szamlazz") + "\n  }"}
	case 5:
		c.flags = []string{"conditional_tax_bands"}
		c.body = []string{
			"  tax_band \"reduced\" {\n    rate      = 9\n    condition = \"event.category == 'culture'\"\n  }",
			"  integration \"facebook_login\" {}",
			"  integration \"google_login\" {}",
			"  integration \"twitter_login\" {}",
		}
	case 6:
		c.flags = []string{"refund_protect_group", "seat_maps"}
		c.perms = []string{"manage_integrations", "manage_payments", "manage_seating"}
		c.body = []string{
			"  integration \"refund_protect_group\" {\n    mode                = \"anonymous\"\n    environment         = \"test\"\n" +
				"    minimum_order_value = { JPY = 500, HUF = 1500 }\n    deadline_hours      = 24\n  }",
			"  integration \"seatmap_pro\" {\n    theme    = \"light\"\n    max_zoom = 12\n  }",
		}
	default:
		c.body = []string{"  integration \"google_maps\" {\n    dynamic_maps = false\n  }"}
	}
	return c
}

func (c *company) render() string {
	var b strings.Builder
	fmt.Fprintf(&b, "company %q {\n  name          = \"Company %s\"\n  reseller      = %q\n", c.id, c.id, c.reseller)
	if c.parent != "" {
		fmt.Fprintf(&b, "  parent              = %q\n  global_transactions = %v\n", c.parent, c.globalTx)
	}
	fmt.Fprintf(&b, "  feature_flags = %s\n  permissions   = %s\n", list(c.flags), list(c.perms))
	for _, l := range c.body {
		b.WriteString("\n")
		b.WriteString(l)
		b.WriteString("\n")
	}
	b.WriteString("}\n\n")
	return b.String()
}

func list(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// catalogExtension is what an operator adds to the built-in catalog.
const catalogExtension = `permission "manage_seating" {
  description = "Configure seat maps."
}

feature_flag "seat_maps" {
  description = "Interactive seat maps."
}

integration_type "seatmap_pro" {
  name         = "SeatMap Pro"
  description  = "Interactive seat maps on event pages."
  category     = "platform_service"
  feature_flag = "seat_maps"
  permissions  = ["manage_integrations", "manage_seating"]

  reseller {
    credential "api_key" {
      secret = true
    }
  }

  company {
    setting "theme" {
      allowed = ["light", "dark"]
      default = "light"
    }
    setting "max_zoom" {
      type    = number
      minimum = 1
      maximum = 20
      integer = true
    }
  }
}
`
