package lang

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// Severity orders findings; higher is more severe so thresholds compare with >=.
type Severity int

// Severities, from least to most severe.
const (
	Info Severity = iota + 1
	Warning
	Error
)

// String is the severity's name in every output format.
func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "unknown"
}

// ParseSeverity is the inverse of Severity.String.
func ParseSeverity(s string) (Severity, bool) {
	switch s {
	case "info":
		return Info, true
	case "warning":
		return Warning, true
	case "error":
		return Error, true
	}
	return 0, false
}

// Location is where r starts, "file:line:col", the form editors and
// compilers print; "" for a range of no file.
func Location(r hcl.Range) string {
	if r.Filename == "" {
		return ""
	}
	return r.Filename + ":" + strconv.Itoa(r.Start.Line) + ":" + strconv.Itoa(r.Start.Column)
}

// Related is a secondary location that explains a diagnostic, such as the
// other side of a conflict or the reseller block that lacks a credential.
type Related struct {
	Message string
	Range   hcl.Range
}

// Diagnostic is one finding. Both the loader and the checker produce them,
// so the type lives here, at the bottom of the package graph.
type Diagnostic struct {
	Rule string
	// Severity zero means the rule's. The loader leaves it so: the
	// checker's registry decides how severe each rule is (checker.Resolve).
	Severity Severity
	Summary  string
	Detail   string
	Subject  hcl.Range
	Related  []Related
	// Fixes are the alternative edits that resolve the finding, the
	// preferred first; see Fix for the secret invariant.
	Fixes []Fix
}

// SortDiagnostics orders diagnostics by file, line, column, rule and then
// message, so output never depends on file order or goroutine scheduling.
func SortDiagnostics(ds []Diagnostic) {
	slices.SortStableFunc(ds, CompareDiagnostics)
}

// CompareDiagnostics is the total order used by SortDiagnostics.
func CompareDiagnostics(a, b Diagnostic) int {
	return cmp.Or(
		cmp.Compare(a.Subject.Filename, b.Subject.Filename),
		cmp.Compare(a.Subject.Start.Line, b.Subject.Start.Line),
		cmp.Compare(a.Subject.Start.Column, b.Subject.Start.Column),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Summary, b.Summary),
		cmp.Compare(a.Subject.End.Byte, b.Subject.End.Byte),
		cmp.Compare(a.Detail, b.Detail),
	)
}

// attributeWording makes HCL's messages speak of attributes, as the rest of
// tixcfg (and its documentation) does, rather than of "arguments".
var attributeWording = strings.NewReplacer(
	"Unsupported argument", "Unsupported attribute",
	"An argument named", "An attribute named",
	"Missing required argument", "Missing required attribute",
	"The argument ", "The attribute ",
	"Duplicate argument", "Duplicate attribute",
	"Each argument may", "Each attribute may",
)

// fromHCL converts diagnostics of the HCL library, which know no rule IDs.
// An error keeps the zero severity, the rule's (see modelDecoder.report);
// only a warning of HCL's own says less than that.
func fromHCL(rule string, hds hcl.Diagnostics) []Diagnostic {
	out := make([]Diagnostic, 0, len(hds))
	for _, d := range hds {
		var sev Severity
		if d.Severity == hcl.DiagWarning {
			sev = Warning
		}
		var subj hcl.Range
		if d.Subject != nil {
			subj = *d.Subject
		}
		out = append(out, Diagnostic{Rule: rule, Severity: sev, Summary: namedSummary(d), Detail: attributeWording.Replace(d.Detail), Subject: subj})
	}
	// HCL reports a body's unsupported attributes in map order: the model
	// must not depend on it (FuzzSource found two files that decode alike
	// listing them in either order).
	slices.SortStableFunc(out, func(a, b Diagnostic) int { return cmp.Compare(a.Subject.Start.Byte, b.Subject.Start.Byte) })
	return out
}

// namedSummary names the attribute in HCL's "Unsupported argument", as
// tixcfg's own summaries for integration attributes do, so that a summary
// alone (compact output, annotations) says which attribute is wrong.
func namedSummary(d *hcl.Diagnostic) string {
	summary := attributeWording.Replace(d.Summary)
	if d.Summary != "Unsupported argument" {
		return summary
	}
	rest, ok := strings.CutPrefix(d.Detail, "An argument named ")
	if !ok {
		return summary
	}
	if q, err := strconv.QuotedPrefix(rest); err == nil {
		return summary + " " + q
	}
	return summary
}
