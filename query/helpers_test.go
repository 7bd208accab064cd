package query

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// testFiles is a portfolio spread over native and JSON files, with
// operator declarations and IDs that are not ASCII.
var testFiles = map[string]string{
	"catalog.hcl": `permission "manage_venues" {
  description = "Edit venue layouts."
}

feature_flag "vip" {
  description = "VIP lounges."
}

integration_type "seatplan" {
  name         = "Seatplan"
  category     = "seating"
  feature_flag = "vip"
  permissions  = ["manage_integrations", "manage_venues"]
  company {
    setting "chart_key" {
      required = true
    }
  }
}
`,
	"resellers/acme.hcl": `reseller "acme" {
  name          = "Acme Tickets"
  feature_flags = ["dtcm", "refund_protect_group", "vip"]

  integration "refund_protect_group" {
    environment "live" {
      client_id     = "acme-live"
      client_secret = secret("acme/rpg-live-secret")
      api_key       = secret("acme/rpg-live-key")
      vendor_code   = "ACM01"
    }
  }
}
`,
	"companies/dubai.hcl": `company "dubai-live" {
  name          = "Dubai Live Events"
  reseller      = "acme"
  feature_flags = ["refund_protect_group", "vip"]
  permissions   = ["manage_integrations", "manage_payments", "manage_venues"]

  tax_band "standard" {
    rate = 5
  }

  integration "dtcm" {
    mode          = "live"
    api_key       = secret("dubai-live/dtcm-api-key")
    token_api_key = secret("dubai-live/dtcm-token-key")
    client_id     = "DL-001"
    client_secret = secret("dubai-live/dtcm-client-secret")
    seller_code   = "SELL42"
  }

  integration "refund_protect_group" {
    mode     = "standard"
    tax_band = "standard"
  }

  integration "seatplan" {
    chart_key = "main-hall"
  }
}
`,
	"companies/kids.hcl.json": `{"company": {"dubai-kids": {
  "reseller": "acme",
  "parent": "dubai-live",
  "feature_flags": ["dtcm"],
  "permissions": ["manage_integrations"],
  "tax_band": {"reduced": {"rate": 2}},
  "integration": {"dtcm": {"mode": "test"}}
}}}
`,
	"companies/café.hcl": `# Café Olé — ünïcödé before every position.
company "café-olé" {
  name     = "Café Olé 🎭"
  reseller = "acme"
  parent   = "dubai-live"
}
`,
}

// load builds an index over files written to a temporary folder, with the
// built-in catalog written under its cache folder.
func load(t *testing.T, files map[string]string) *Index {
	t.Helper()
	var srcs []lang.Source
	for name, src := range files {
		srcs = append(srcs, lang.Source{Name: name, Src: []byte(src)})
	}
	slices.SortFunc(srcs, func(a, b lang.Source) int { return strings.Compare(a.Name, b.Name) })
	fs, err := lang.LoadSources(srcs, lang.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := lang.Assemble(fs)
	ix := New(p, checker.Run(p, checker.Options{}).Analysis)
	path, err := WriteBuiltinCatalog(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ix.BuiltinPath = path
	return ix
}

// at is the byte offset of the n-th (from 0) occurrence of needle in a
// file, plus delta.
func at(t *testing.T, ix *Index, file, needle string, n, delta int) int {
	t.Helper()
	src := ix.source(file)
	off := 0
	for i := 0; ; i++ {
		j := bytes.Index(src[off:], []byte(needle))
		if j < 0 {
			t.Fatalf("%s: occurrence %d of %q not found", file, n, needle)
		}
		if i == n {
			return off + j + delta
		}
		off += j + len(needle)
	}
}

// text is what a range covers, read from the file it names: the
// portfolio's or the written catalog.
func text(t *testing.T, ix *Index, r hcl.Range) string {
	t.Helper()
	var src []byte
	if r.Filename == ix.BuiltinPath {
		var err error
		if src, err = os.ReadFile(filepath.Clean(r.Filename)); err != nil {
			t.Fatal(err)
		}
	} else {
		src = ix.Portfolio.Source(r.Filename)
	}
	if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte > r.End.Byte {
		t.Fatalf("range %v outside %s", r, r.Filename)
	}
	got := string(src[r.Start.Byte:r.End.Byte])
	if want := lang.PosAt(src, r.Start.Byte); want.Line != r.Start.Line || want.Column != r.Start.Column {
		t.Errorf("range %v starts at line %d column %d", r, want.Line, want.Column)
	}
	return got
}
