package emit

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/lang"
)

// What a test reporter reads of JUnit XML, declared apart from the writer's
// types so that the test parses the document, not the writer's intent.
type readJUnit struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    string   `xml:"tests,attr"`
	Failures string   `xml:"failures,attr"`
	Errors   string   `xml:"errors,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    string `xml:"tests,attr"`
		Failures string `xml:"failures,attr"`
		Cases    []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			File      string `xml:"file,attr"`
			Line      string `xml:"line,attr"`
			Failure   *struct {
				Type    string `xml:"type,attr"`
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func parseJUnit(t *testing.T, out string) readJUnit {
	t.Helper()
	if !strings.HasPrefix(out, `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("no XML declaration: %.60q", out)
	}
	var doc readJUnit
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("junit output is not XML: %v\n%s", err, out)
	}
	return doc
}

func TestJUnit(t *testing.T) {
	p, diags := checked(t, brokenPortfolio)
	doc := parseJUnit(t, render(t, FormatJUnit, diags, p, metaOf(p)))
	if doc.Tests != "7" || doc.Failures != "6" || doc.Errors != "0" {
		t.Errorf("testsuites tests=%s failures=%s errors=%s, want 7, 6, 0", doc.Tests, doc.Failures, doc.Errors)
	}
	var names []string
	for _, s := range doc.Suites {
		names = append(names, s.Name+"="+s.Tests+"/"+s.Failures)
	}
	if got, want := strings.Join(names, " "), "broken.hcl=1/1 clean.hcl=1/0 companies/cairo.hcl=2/2 companies/dubai.hcl=2/2 resellers.hcl=1/1"; got != want {
		t.Errorf("suites (name=tests/failures): %s, want %s", got, want)
	}
	clean := doc.Suites[1].Cases[0]
	if clean.Failure != nil || clean.Classname != "clean.hcl" {
		t.Errorf("a clean file should have one passing case, got %+v", clean)
	}
	dubai := doc.Suites[3].Cases[1]
	f := dubai.Failure
	if f == nil {
		t.Fatal("the duplicate should fail")
	}
	if f.Type != "duplicate" || f.Message != `Duplicate company "dubai-live"` || dubai.File != "companies/dubai.hcl" || dubai.Line != "6" {
		t.Errorf("duplicate case: %+v, failure %+v", dubai, *f)
	}
	for _, want := range []string{"error: Duplicate company", "already defined", "at companies/dubai.hcl:6:9", "related: companies/dubai.hcl:1:1: company \"dubai-live\" first defined here"} {
		if !strings.Contains(f.Text, want) {
			t.Errorf("failure text lacks %q:\n%s", want, f.Text)
		}
	}
	seen := map[string]bool{}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if seen[s.Name+"\x00"+c.Name] {
				t.Errorf("two cases named %q in %s: reporters merge them", c.Name, s.Name)
			}
			seen[s.Name+"\x00"+c.Name] = true
		}
	}
}

// TestJUnitClean: a clean run is a valid document with one passing case
// per checked file, so reporters show that something ran.
func TestJUnitClean(t *testing.T) {
	doc := parseJUnit(t, render(t, FormatJUnit, nil, memSources{}, Meta{Files: []string{"a.hcl", "b.hcl.json"}}))
	if doc.Tests != "2" || doc.Failures != "0" || len(doc.Suites) != 2 {
		t.Fatalf("clean run: %+v", doc)
	}
	for _, s := range doc.Suites {
		if len(s.Cases) != 1 || s.Cases[0].Failure != nil {
			t.Errorf("suite %s: %+v", s.Name, s.Cases)
		}
	}
	// Nothing checked at all still makes a document.
	doc = parseJUnit(t, render(t, FormatJUnit, nil, memSources{}, Meta{}))
	if doc.Tests != "0" || len(doc.Suites) != 0 {
		t.Errorf("empty run: %+v", doc)
	}
}

// TestJUnitEscaping: markup characters and control characters in messages
// survive as text; the document stays well-formed.
func TestJUnitEscaping(t *testing.T) {
	summary := `<b>"quoted" & 'single'</b>]]>`
	detail := "line one\nline <two> & \x01 three"
	diags := []lang.Diagnostic{{Rule: "schema", Severity: lang.Error, Summary: summary, Detail: detail, Subject: rng("x&y.hcl", 1, 1, 0, 1, 2, 1)}}
	doc := parseJUnit(t, render(t, FormatJUnit, diags, memSources{}, Meta{Files: []string{"x&y.hcl"}}))
	c := doc.Suites[0].Cases[0]
	if doc.Suites[0].Name != "x&y.hcl" || c.Failure == nil || c.Failure.Message != summary {
		t.Fatalf("escaped values do not round-trip: %+v", doc)
	}
	if !strings.Contains(c.Failure.Text, "line <two> & \uFFFD three") {
		t.Errorf("failure text: %q", c.Failure.Text)
	}
}

// TestJUnitNoFile: a diagnostic without a file has a suite of its own.
func TestJUnitNoFile(t *testing.T) {
	diags := []lang.Diagnostic{{Rule: "schema", Severity: lang.Error, Summary: "S"}}
	doc := parseJUnit(t, render(t, FormatJUnit, diags, memSources{}, Meta{Files: []string{"a.hcl"}}))
	if len(doc.Suites) != 2 || doc.Suites[0].Name != junitPortfolioSuite || doc.Suites[0].Cases[0].Failure == nil {
		t.Errorf("%+v", doc)
	}
}
