package emit

import (
	"encoding/xml"
	"io"

	"github.com/tixcfg/tixcfg/lang"
)

// Wire structs of Checkstyle's XML report, version 4.3, the dialect that
// reviewdog, Jenkins' warnings plugin and most CI dashboards read.
type (
	checkstyleReport struct {
		XMLName xml.Name         `xml:"checkstyle"`
		Version string           `xml:"version,attr"`
		Files   []checkstyleFile `xml:"file"`
	}
	checkstyleFile struct {
		Name   string            `xml:"name,attr"`
		Errors []checkstyleError `xml:"error"`
	}
	checkstyleError struct {
		Line     int    `xml:"line,attr"`
		Column   int    `xml:"column,attr,omitempty"`
		Severity string `xml:"severity,attr"`
		Message  string `xml:"message,attr"`
		Source   string `xml:"source,attr"`
	}
)

// WriteCheckstyle writes a Checkstyle 4.3 report: one file element per
// file (clean files too, empty, as Checkstyle itself does), one error per
// diagnostic with source "tixcfg.RULE". Severities keep their names:
// error, warning and info are all Checkstyle severities.
func WriteCheckstyle(w io.Writer, diags []lang.Diagnostic, _ Sources, meta Meta) error {
	out := checkstyleReport{Version: "4.3", Files: []checkstyleFile{}}
	for _, g := range groupByFile(diags, meta.Files) {
		f := checkstyleFile{Name: g.name}
		for _, d := range g.diags {
			f.Errors = append(f.Errors, checkstyleError{Line: max(d.Subject.Start.Line, 0), Column: max(d.Subject.Start.Column, 0),
				Severity: d.Severity.String(), Message: oneLine(sentence(d.Summary, d.Detail)), Source: "tixcfg." + d.Rule})
		}
		out.Files = append(out.Files, f)
	}
	return encodeXML(w, out)
}
