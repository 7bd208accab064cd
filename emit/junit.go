package emit

import (
	"encoding/xml"
	"fmt"
	"io"

	"github.com/tixcfg/tixcfg/lang"
)

// Wire structs of the JUnit XML format in the shape test reporters read
// (Jenkins, GitLab, the GitHub test-reporter actions): suites hold cases,
// a failed case holds a failure.
type (
	junitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Suites   []junitSuite `xml:"testsuite"`
	}
	junitSuite struct {
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Errors   int         `xml:"errors,attr"`
		Skipped  int         `xml:"skipped,attr"`
		Cases    []junitCase `xml:"testcase"`
	}
	junitCase struct {
		Name      string        `xml:"name,attr"`
		Classname string        `xml:"classname,attr"`
		File      string        `xml:"file,attr,omitempty"`
		Line      int           `xml:"line,attr,omitempty"`
		Failure   *junitFailure `xml:"failure"`
	}
	junitFailure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	}
)

// junitPortfolioSuite names the suite of diagnostics that belong to no
// file.
const junitPortfolioSuite = "(portfolio)"

// WriteJUnit writes JUnit XML: one test suite per file, one failed test
// case per diagnostic (type = rule, message = summary, text = severity,
// detail and locations). A file without problems gets one passing case,
// so a clean run still shows what was checked.
func WriteJUnit(w io.Writer, diags []lang.Diagnostic, _ Sources, meta Meta) error {
	out := junitSuites{Name: "tixcfg", Suites: []junitSuite{}}
	for _, g := range groupByFile(diags, meta.Files) {
		name := g.name
		if name == "" {
			name = junitPortfolioSuite
		}
		s := junitSuite{Name: name}
		if len(g.diags) == 0 {
			s.Cases = []junitCase{{Name: "no problems", Classname: name, File: g.name}}
		}
		for _, d := range g.diags {
			c := junitCase{Name: fmt.Sprintf("%s: %s", d.Rule, oneLine(d.Summary)), Classname: name, File: g.name,
				Failure: &junitFailure{Message: oneLine(d.Summary), Type: d.Rule, Text: longMessage(d)}}
			if d.Subject.Start.Line >= 1 && g.name != "" {
				c.Name = fmt.Sprintf("%s:%d:%d %s: %s", g.name, d.Subject.Start.Line, d.Subject.Start.Column, d.Rule, oneLine(d.Summary))
				c.Line = d.Subject.Start.Line
			}
			s.Cases = append(s.Cases, c)
			s.Failures++
		}
		s.Tests = len(s.Cases)
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Suites = append(out.Suites, s)
	}
	return encodeXML(w, out)
}

// encodeXML writes an indented XML document with its declaration and a
// trailing newline; encoding/xml escapes every text and attribute.
func encodeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
