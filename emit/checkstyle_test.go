package emit

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/lang"
)

// What a Checkstyle consumer reads, declared apart from the writer's types.
type readCheckstyle struct {
	XMLName xml.Name `xml:"checkstyle"`
	Version string   `xml:"version,attr"`
	Files   []struct {
		Name   string `xml:"name,attr"`
		Errors []struct {
			Line     string `xml:"line,attr"`
			Column   string `xml:"column,attr"`
			Severity string `xml:"severity,attr"`
			Message  string `xml:"message,attr"`
			Source   string `xml:"source,attr"`
		} `xml:"error"`
	} `xml:"file"`
}

func parseCheckstyle(t *testing.T, out string) readCheckstyle {
	t.Helper()
	var doc readCheckstyle
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("checkstyle output is not XML: %v\n%s", err, out)
	}
	if doc.Version != "4.3" {
		t.Errorf("version = %q, want 4.3", doc.Version)
	}
	return doc
}

func TestCheckstyle(t *testing.T) {
	p, diags := checked(t, brokenPortfolio)
	doc := parseCheckstyle(t, render(t, FormatCheckstyle, diags, p, metaOf(p)))
	var got []string
	for _, f := range doc.Files {
		got = append(got, f.Name)
		for _, e := range f.Errors {
			got = append(got, "  "+e.Line+":"+e.Column+" "+e.Severity+" "+e.Source)
		}
	}
	want := `broken.hcl
  1:18 error tixcfg.syntax
clean.hcl
companies/cairo.hcl
  3:18 error tixcfg.unknown-reference
  3:23 error tixcfg.unknown-reference
companies/dubai.hcl
  2:19 error tixcfg.unknown-reference
  6:9 error tixcfg.duplicate
resellers.hcl
  5:18 warning tixcfg.credential-literal`
	if strings.Join(got, "\n") != want {
		t.Errorf("checkstyle files and errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
	if msg := doc.Files[3].Errors[0].Message; msg != `Unknown reseller "acmee". No reseller "acmee" is defined. Did you mean "acme"?` {
		t.Errorf("message = %q", msg)
	}
}

func TestCheckstyleEscapingAndSeverities(t *testing.T) {
	summary := `a <b> & "c"`
	diags := []lang.Diagnostic{
		{Rule: "schema", Severity: lang.Info, Summary: summary, Subject: rng("q\"&.hcl", 1, 2, 1, 1, 3, 2)},
		{Rule: "schema", Severity: lang.Warning, Summary: "W\nsecond line", Subject: rng("q\"&.hcl", 2, 1, 5, 2, 3, 7)},
	}
	doc := parseCheckstyle(t, render(t, FormatCheckstyle, diags, memSources{}, Meta{Files: []string{"q\"&.hcl"}}))
	if len(doc.Files) != 1 || doc.Files[0].Name != "q\"&.hcl" || len(doc.Files[0].Errors) != 2 {
		t.Fatalf("%+v", doc)
	}
	e0, e1 := doc.Files[0].Errors[0], doc.Files[0].Errors[1]
	if e0.Message != summary+"." || e0.Severity != "info" || e1.Severity != "warning" || e1.Message != "W second line." {
		t.Errorf("errors: %+v", doc.Files[0].Errors)
	}
}

func TestCheckstyleClean(t *testing.T) {
	doc := parseCheckstyle(t, render(t, FormatCheckstyle, nil, memSources{}, Meta{Files: []string{"a.hcl"}}))
	if len(doc.Files) != 1 || doc.Files[0].Name != "a.hcl" || len(doc.Files[0].Errors) != 0 {
		t.Errorf("clean run: %+v", doc)
	}
}
