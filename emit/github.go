package emit

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/tixcfg/tixcfg/lang"
)

// githubAnnotationLimit is how many annotations of each kind GitHub shows
// per step; the rest are only in the log.
const githubAnnotationLimit = 10

// WriteGitHub writes GitHub Actions workflow commands, one annotation per
// diagnostic, and a plain summary line, because GitHub shows only ten
// annotations of each kind per step.
func WriteGitHub(w io.Writer, diags []lang.Diagnostic, _ Sources, meta Meta) error {
	bw := bufio.NewWriter(w)
	for _, d := range diags {
		bw.WriteString(githubCommand(d))
		bw.WriteByte('\n')
	}
	c := Count(diags)
	bw.WriteString(summaryLine(c, meta))
	if max(c.Errors, c.Warnings, c.Infos) > githubAnnotationLimit {
		fmt.Fprintf(bw, " GitHub shows %d annotations of each kind per step; the log above lists them all.", githubAnnotationLimit)
	}
	bw.WriteByte('\n')
	return bw.Flush()
}

// githubCommand renders one diagnostic as `::error file=…,line=…::message`.
// The title names the rule; the message is the detail, or the summary when
// there is none. Columns are given only for a range on one line, as
// GitHub ignores them otherwise.
func githubCommand(d lang.Diagnostic) string {
	cmd := "notice"
	switch d.Severity {
	case lang.Error:
		cmd = "error"
	case lang.Warning:
		cmd = "warning"
	}
	var props []string
	if r := d.Subject; r.Filename != "" && r.Start.Line >= 1 {
		end := max(r.End.Line, r.Start.Line)
		props = append(props, "file="+escapeProperty(r.Filename), fmt.Sprintf("line=%d", r.Start.Line), fmt.Sprintf("endLine=%d", end))
		if end == r.Start.Line {
			props = append(props, fmt.Sprintf("col=%d", r.Start.Column), fmt.Sprintf("endColumn=%d", max(r.End.Column, r.Start.Column)))
		}
	}
	props = append(props, "title="+escapeProperty(d.Summary+" ["+d.Rule+"]"))
	msg := d.Detail
	if msg == "" {
		msg = d.Summary
	}
	return "::" + cmd + " " + strings.Join(props, ",") + "::" + escapeData(msg)
}

// escapeData escapes a workflow command's message as @actions/core does.
func escapeData(s string) string { return dataEscaper.Replace(s) }

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// escapeProperty escapes a workflow command's property value as
// @actions/core does: the data escapes plus the separators ':' and ','.
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
