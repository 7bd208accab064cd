package emit

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"

	"github.com/tixcfg/tixcfg/lang"
)

// TextOptions tune the human-readable format.
type TextOptions struct {
	// Color turns on ANSI colours; the caller decides (TTY, NO_COLOR, --color).
	Color bool
}

type palette struct {
	err, warn, info, bold, dim, hl *color.Color
}

func newPalette(on bool) palette {
	p := palette{
		err:  color.New(color.FgRed, color.Bold),
		warn: color.New(color.FgYellow, color.Bold),
		info: color.New(color.FgCyan, color.Bold),
		bold: color.New(color.Bold),
		dim:  color.New(color.Faint),
		hl:   color.New(color.Underline, color.Bold),
	}
	for _, c := range []*color.Color{p.err, p.warn, p.info, p.bold, p.dim, p.hl} {
		if on {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
	return p
}

func (p palette) severity(s lang.Severity) *color.Color {
	switch s {
	case lang.Error:
		return p.err
	case lang.Warning:
		return p.warn
	}
	return p.info
}

// WriteText writes diagnostics as HCL-style blocks: severity, summary and
// rule, the location, the source lines with the subject marked, the
// detail and the related locations. It streams: memory does not grow with
// the number of diagnostics.
func WriteText(w io.Writer, diags []lang.Diagnostic, src Sources, opts TextOptions) error {
	bw := bufio.NewWriter(w)
	p := newPalette(opts.Color)
	ix := indexed(src)
	for _, d := range diags {
		writeTextDiag(bw, p, d, ix)
	}
	return bw.Flush()
}

func writeTextDiag(w *bufio.Writer, p palette, d lang.Diagnostic, src *indexedSources) {
	sev := p.severity(d.Severity)
	fmt.Fprintf(w, "%s %s %s\n", sev.Sprintf("%s:", capitalize(d.Severity.String())), p.bold.Sprint(d.Summary), p.dim.Sprintf("[%s]", d.Rule))
	rng := d.Subject
	if rng.Filename != "" {
		fmt.Fprintf(w, "\n  on %s line %d, column %d:\n", rng.Filename, rng.Start.Line, rng.Start.Column)
		lines := snippet(src.index(rng.Filename), src.Masks(rng.Filename), rng, 5)
		width := len(fmt.Sprint(rng.Start.Line + max(len(lines)-1, 0)))
		for _, l := range lines {
			fmt.Fprintf(w, "  %*d: %s%s%s\n", width, l.Number, l.Text[:l.HlStart], p.hl.Sprint(l.Text[l.HlStart:l.HlEnd]), l.Text[l.HlEnd:])
			if l.HlEnd > l.HlStart {
				fmt.Fprintf(w, "  %*s  %s%s\n", width, "", indentLike(l.Text[:l.HlStart]), sev.Sprint(strings.Repeat("^", max(1, runeLen(l.Text[l.HlStart:l.HlEnd])))))
			}
		}
	}
	if d.Detail != "" {
		fmt.Fprintf(w, "\n%s\n", d.Detail)
	}
	for _, r := range d.Related {
		fmt.Fprintf(w, "\n  %s %s:%d:%d: %s\n", p.dim.Sprint("related:"), r.Range.Filename, r.Range.Start.Line, r.Range.Start.Column, r.Message)
		for _, l := range snippet(src.index(r.Range.Filename), src.Masks(r.Range.Filename), r.Range, 1) {
			fmt.Fprintf(w, "  %d: %s\n", l.Number, l.Text)
		}
	}
	writeTextFixes(w, d.Fixes)
	w.WriteString("\n")
}

// indentLike turns the text before the subject into blanks, keeping tabs
// so the carets line up whatever the tab width.
func indentLike(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func runeLen(s string) int { return len([]rune(s)) }

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Counts tallies diagnostics by severity.
type Counts struct{ Errors, Warnings, Infos int }

// Count tallies diagnostics by severity.
func Count(diags []lang.Diagnostic) Counts {
	var c Counts
	for _, d := range diags {
		switch d.Severity {
		case lang.Error:
			c.Errors++
		case lang.Warning:
			c.Warnings++
		default:
			c.Infos++
		}
	}
	return c
}

// Summary is the closing line of text output.
func (c Counts) Summary(files int) string {
	if c.Errors+c.Warnings+c.Infos == 0 {
		return fmt.Sprintf("No problems found in %s.", plural(files, "file"))
	}
	var parts []string
	for _, x := range []struct {
		n    int
		noun string
	}{{c.Errors, "error"}, {c.Warnings, "warning"}, {c.Infos, "info"}} {
		if x.n > 0 {
			parts = append(parts, plural(x.n, x.noun))
		}
	}
	return fmt.Sprintf("Found %s in %s.", strings.Join(parts, ", "), plural(files, "file"))
}

func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	if noun == "info" {
		return fmt.Sprintf("%d infos", n)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
