package emit

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/tixcfg/tixcfg/lang"
)

// Names of the diagnostic formats.
const (
	FormatText       = "text"
	FormatJSON       = "json"
	FormatCompact    = "compact"
	FormatSARIF      = "sarif"
	FormatGitHub     = "github"
	FormatJUnit      = "junit"
	FormatCheckstyle = "checkstyle"
)

// writers maps each format to its renderer; the order of Formats is the
// order the CLI documents them in.
var writers = []struct {
	name  string
	write func(w io.Writer, diags []lang.Diagnostic, src Sources, meta Meta) error
}{
	{FormatText, writeTextReport},
	{FormatJSON, func(w io.Writer, diags []lang.Diagnostic, src Sources, meta Meta) error {
		return writeJSON(w, diags, src, meta.ComparedWith != "")
	}},
	{FormatCompact, WriteCompact},
	{FormatSARIF, WriteSARIF},
	{FormatGitHub, WriteGitHub},
	{FormatJUnit, WriteJUnit},
	{FormatCheckstyle, WriteCheckstyle},
}

// Formats lists the diagnostic formats Write knows, so the CLI validates
// --format and --report against the one list.
func Formats() []string {
	out := make([]string, len(writers))
	for i, f := range writers {
		out[i] = f.name
	}
	return out
}

// Meta is what a report needs beyond the diagnostics.
type Meta struct {
	// Version is tixcfg's version, named in SARIF's tool.driver.
	Version string
	// Files are the display names of the files the report covers. Formats
	// that list files (junit, checkstyle) list clean ones too, so a clean
	// run still shows what was checked.
	Files []string
	// Color turns on ANSI colours in the text format.
	Color bool
	// Refused, when set, says why the command refused its work although
	// no finding fails the run; the text and github summary lines end
	// with it, so that a refused run never reads as a clean one.
	Refused string
	// ComparedWith, when set, names what the run was compared with (a
	// baseline file, a git revision): the diagnostics are only the new
	// findings, Unchanged are those it already had. The text and github
	// summary lines count them, JSON marks each diagnostic new, and SARIF
	// carries both with their baselineState, so that code scanning keeps
	// the alerts of unchanged findings open.
	ComparedWith string
	Unchanged    []lang.Diagnostic
	// Place gives a finding its logical place (checker.Places.Of), for
	// SARIF's second partial fingerprint; nil places every finding by
	// its file.
	Place func(lang.Diagnostic) string
}

// Write renders diagnostics in the named format.
func Write(w io.Writer, format string, diags []lang.Diagnostic, src Sources, meta Meta) error {
	for _, f := range writers {
		if f.name == format {
			return f.write(w, diags, src, meta)
		}
	}
	return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats(), ", "))
}

// writeTextReport is the text format with its closing summary line.
func writeTextReport(w io.Writer, diags []lang.Diagnostic, src Sources, meta Meta) error {
	if err := WriteText(w, diags, src, TextOptions{Color: meta.Color}); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, summaryLine(Count(diags), meta))
	return err
}

// summaryLine is the closing line of text and github output.
func summaryLine(c Counts, meta Meta) string {
	s := c.Summary(len(meta.Files))
	if meta.Refused != "" {
		s = strings.TrimSuffix(s, ".") + ", but " + meta.Refused + "."
	}
	if meta.ComparedWith != "" {
		s += fmt.Sprintf(" Compared with %s: %s not shown.", meta.ComparedWith, plural(len(meta.Unchanged), "unchanged finding"))
	}
	return s
}

// fileGroup is the diagnostics of one file, for the formats that group by
// file.
type fileGroup struct {
	name  string
	diags []lang.Diagnostic
}

// groupByFile groups diagnostics by subject file: every file of meta.Files
// (clean ones with no diagnostics) plus any other file a diagnostic names,
// sorted by name. Diagnostics with no file form a group named "".
func groupByFile(diags []lang.Diagnostic, files []string) []fileGroup {
	byName := map[string]*fileGroup{}
	var names []string
	add := func(name string) *fileGroup {
		g, ok := byName[name]
		if !ok {
			g = &fileGroup{name: name}
			byName[name] = g
			names = append(names, name)
		}
		return g
	}
	for _, f := range files {
		add(f)
	}
	for _, d := range diags {
		g := add(d.Subject.Filename)
		g.diags = append(g.diags, d)
	}
	slices.Sort(names)
	out := make([]fileGroup, len(names))
	for i, n := range names {
		out[i] = *byName[n]
	}
	return out
}

// longMessage is a diagnostic's whole text: the detail and the related
// locations below the location of its subject.
func longMessage(d lang.Diagnostic) string {
	var b strings.Builder
	b.WriteString(d.Severity.String() + ": " + d.Summary)
	if d.Detail != "" {
		b.WriteString("\n\n" + d.Detail)
	}
	if loc := lang.Location(d.Subject); loc != "" {
		b.WriteString("\n\nat " + loc)
	}
	for _, r := range d.Related {
		if loc := lang.Location(r.Range); loc != "" {
			b.WriteString("\nrelated: " + loc + ": " + r.Message)
		}
	}
	return b.String()
}
