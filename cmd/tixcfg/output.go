package main

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	flag "github.com/spf13/pflag"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/internal/atomicfile"
	"github.com/tixcfg/tixcfg/lang"
)

// outputFlags are the flags of every command that reports diagnostics.
type outputFlags struct {
	format, color, failOn string
	reportSpecs           []string
	threshold             lang.Severity
	reports               []reportFile
	// only, when not nil, restricts reports to diagnostics whose subject
	// is in one of these files (display names); see check --only-files.
	only map[string]bool
	// refused is emit.Meta.Refused for every report of the run.
	refused string
	// compared, when set, is the baseline or revision the reported
	// diagnostics are new against (compareFlags.apply).
	compared *comparison
	// places gives findings their logical places for SARIF; when nil, a
	// report of a portfolio model makes them.
	places *checker.Places
}

// reportFile is one --report FORMAT=PATH.
type reportFile struct {
	format, path string
}

func formatList() string {
	f := emit.Formats()
	return strings.Join(f[:len(f)-1], ", ") + " or " + f[len(f)-1]
}

func (o *outputFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&o.format, "format", emit.FormatText, "output `FORMAT`: "+formatList())
	// A string array, not a slice: a path may hold a comma.
	fs.StringArrayVar(&o.reportSpecs, "report", nil, "also write a report in `FORMAT=PATH` (FORMAT to the file PATH), replaced atomically (repeatable), e.g. sarif=tixcfg.sarif; the terminal output follows --format")
	fs.StringVar(&o.color, "color", "auto", "colour: auto (when stdout is a terminal), always or never; NO_COLOR turns it off")
	fs.StringVar(&o.failOn, "fail-on", "error", "lowest `SEVERITY` of a finding that fails the run (exit 1): error, warning or info")
}

// validate checks the flag values after parsing.
// reserved are files the command writes itself (build's -o), which no
// report may overwrite.
func (o *outputFlags) validate(e *env, reserved ...string) error {
	var ok bool
	if o.threshold, ok = lang.ParseSeverity(o.failOn); !ok {
		return fmt.Errorf("invalid --fail-on %q: want error, warning or info", o.failOn)
	}
	if !slices.Contains(emit.Formats(), o.format) {
		return fmt.Errorf("invalid --format %q: want %s", o.format, formatList())
	}
	if err := oneOf("color", o.color, colorModes...); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, r := range reserved {
		seen[e.abs(r)] = true
	}
	o.reports = o.reports[:0]
	for _, spec := range o.reportSpecs {
		format, path, ok := strings.Cut(spec, "=")
		if !ok || path == "" {
			return fmt.Errorf("invalid --report %q: want FORMAT=PATH", spec)
		}
		if !slices.Contains(emit.Formats(), format) {
			return fmt.Errorf("invalid --report %q: format %q is not one of %s", spec, format, formatList())
		}
		if path == "-" {
			return fmt.Errorf("invalid --report %q: reports go to files; --format %s prints to stdout", spec, format)
		}
		key := e.abs(path)
		if seen[key] {
			return fmt.Errorf("invalid --report %q: %s is already written by this run", spec, path)
		}
		seen[key] = true
		o.reports = append(o.reports, reportFile{format: format, path: path})
	}
	return nil
}

// reportSources are what reports show of a portfolio: its file names, and
// text and masks for snippets. A *lang.Portfolio is one; so is the
// lang.InputSources of a check decided from its kept state, which has no
// model.
type reportSources interface {
	emit.Sources
	FileNames() []string
}

// report prints diagnostics to stdout in --format and writes each
// --report file (atomically: a reader sees the old report or the new), and
// tells whether any reported diagnostic reaches --fail-on. Commands call
// it with everything they found; --only-files narrowing happens here.
func (o *outputFlags) report(e *env, diags []lang.Diagnostic, p reportSources) (failed bool, err error) {
	var files []string
	for _, name := range p.FileNames() {
		if o.only == nil || o.only[name] {
			files = append(files, name)
		}
	}
	notOnly := func(d lang.Diagnostic) bool { return !o.only[d.Subject.Filename] }
	if o.only != nil {
		diags = slices.DeleteFunc(slices.Clone(diags), notOnly)
	}
	meta := emit.Meta{Version: Version(), Files: files, Refused: o.refused}
	if pf, ok := p.(*lang.Portfolio); ok && o.places == nil {
		o.places = checker.NewPlaces(pf)
	}
	if o.places != nil {
		meta.Place = o.places.Of
	}
	if c := o.compared; c != nil {
		meta.ComparedWith, meta.Unchanged = c.with, c.unchanged
		if o.only != nil {
			meta.Unchanged = slices.DeleteFunc(slices.Clone(c.unchanged), notOnly)
		}
	}
	src := o.compared.sources(p)
	stdoutMeta := meta
	stdoutMeta.Color = colorFor(e, o.color, e.stdout)
	if err := emit.Write(e.stdout, o.format, diags, src, stdoutMeta); err != nil {
		return false, err
	}
	for _, r := range o.reports {
		var buf bytes.Buffer
		if err := emit.Write(&buf, r.format, diags, src, meta); err != nil {
			return false, err
		}
		if err := atomicfile.WriteFile(r.path, buf.Bytes(), 0o644); err != nil {
			return false, err
		}
	}
	return o.fails(diags), nil
}

// fails tells whether a diagnostic reaches --fail-on.
func (o *outputFlags) fails(diags []lang.Diagnostic) bool {
	return slices.ContainsFunc(diags, func(d lang.Diagnostic) bool { return d.Severity >= o.threshold })
}
