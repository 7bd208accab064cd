package emit

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/fatih/color"

	"github.com/tixcfg/tixcfg/review"
)

// Names of the diff formats.
const (
	DiffText     = "text"
	DiffJSON     = "json"
	DiffMarkdown = "markdown"
	DiffGitHub   = "github"
)

// DiffFormats lists the formats of `tixcfg diff`.
func DiffFormats() []string { return []string{DiffText, DiffJSON, DiffMarkdown, DiffGitHub} }

// DiffSource describes one side of a diff for the reader.
type DiffSource struct {
	// Kind is "git" (a revision), "folder", "working tree" or "snapshot".
	Kind string
	// Label says which: the revision as resolved, the folder, the file.
	Label string
	// Revision is the commit ID of a git side.
	Revision string
}

// DiffMeta is what a diff report needs beyond the comparison.
type DiffMeta struct {
	Base, Head DiffSource
	// Color turns on ANSI colours in the text format.
	Color bool
}

// WriteDiff renders a comparison in the named format.
func WriteDiff(w io.Writer, format string, d *review.Diff, meta DiffMeta) error {
	switch format {
	case DiffText:
		return writeDiffText(w, d, meta)
	case DiffJSON:
		return writeDiffJSON(w, d, meta)
	case DiffMarkdown:
		return writeDiffMarkdown(w, d, meta)
	case DiffGitHub:
		return writeDiffGitHub(w, d, meta)
	}
	return fmt.Errorf("unknown diff format %q", format)
}

// snapshotNote is said when a side is a snapshot.
const snapshotNote = "Between snapshots there are no source positions, no reasons from the chain and no findings; this shows the rest."

// headline is the comparison in a few sentences, for every format.
func headline(d *review.Diff) []string {
	s := d.Summary
	if d.Empty() {
		return []string{"No changes."}
	}
	var out []string
	if s.CompaniesLosing > 0 {
		out = append(out, fmt.Sprintf("%s %s integrations: %s.", companies(s.CompaniesLosing), verb(s.CompaniesLosing, "loses", "lose"), tallies(s.Losses, "ran", "was available")))
	}
	if s.CompaniesGaining > 0 {
		out = append(out, fmt.Sprintf("%s %s integrations: %s.", companies(s.CompaniesGaining), verb(s.CompaniesGaining, "gains", "gain"), tallies(s.Gains, "runs", "available")))
	}
	if len(s.Radius) > 0 {
		parts := make([]string, len(s.Radius))
		for i, r := range s.Radius {
			parts[i] = fmt.Sprintf("%s %q: %s (%d %s, %d %s)", r.Kind, r.ID, companies(r.Companies), r.Losing, verb(r.Losing, "loses", "lose"), r.Gaining, verb(r.Gaining, "gains", "gain"))
		}
		out = append(out, "Blast radius: "+strings.Join(parts, "; ")+".")
	}
	var changed []string
	add := func(n int, what string) {
		if n > 0 {
			changed = append(changed, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(s.ResellersChanged, nouns(s.ResellersChanged, "reseller")+" changed")
	add(s.ResellersAdded, nouns(s.ResellersAdded, "reseller")+" added")
	add(s.ResellersRemoved, nouns(s.ResellersRemoved, "reseller")+" removed")
	add(s.CompaniesChanged, nouns(s.CompaniesChanged, "company")+" changed")
	add(s.CompaniesAdded, nouns(s.CompaniesAdded, "company")+" added")
	add(s.CompaniesRemoved, nouns(s.CompaniesRemoved, "company")+" removed")
	if d.Positions {
		changed = append(changed, fmt.Sprintf("findings: %d new, %d fixed", s.NewFindings, s.FixedFindings))
	}
	out = append(out, strings.Join(changed, ", ")+".")
	return out
}

func companies(n int) string { return fmt.Sprintf("%d %s", n, nouns(n, "company")) }

func nouns(n int, word string) string {
	if n == 1 {
		return word
	}
	if strings.HasSuffix(word, "y") {
		return strings.TrimSuffix(word, "y") + "ies"
	}
	return word + "s"
}

func verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func tallies(ts []review.Tally, running, avail string) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		var p []string
		if t.Running > 0 {
			p = append(p, fmt.Sprintf("%d %s", t.Running, running))
		}
		if t.Available > 0 {
			p = append(p, fmt.Sprintf("%d %s", t.Available, avail))
		}
		parts[i] = fmt.Sprintf("%s (%s)", t.Integration, strings.Join(p, ", "))
	}
	return strings.Join(parts, ", ")
}

// sourceText names a side.
func sourceText(s DiffSource) string {
	switch s.Kind {
	case "working tree":
		return "the working tree (" + s.Label + ")"
	case "git":
		return s.Label
	}
	return s.Kind + " " + s.Label
}

// locText is a place as file:line:column, marked when on the base side.
func locText(l review.Loc) string {
	if l.File == "" {
		return ""
	}
	s := l.File + ":" + strconv.Itoa(l.Line) + ":" + strconv.Itoa(l.Column)
	if l.Side == review.Base {
		s = "base: " + s
	}
	return s
}

func valueText(v review.Value) string {
	switch {
	case !v.Set:
		return "(unset)"
	case v.Hidden:
		return "(a literal, not shown)"
	}
	return v.Text
}

func kindMark(k review.Kind) string {
	switch k {
	case review.Added:
		return "+"
	case review.Removed:
		return "-"
	}
	return "~"
}

func setName(integration, env string) string {
	if env == "" {
		return integration
	}
	return integration + " (" + env + ")"
}

func credName(c review.Credential) string {
	return setName(c.Integration, c.Environment) + " " + c.Name
}

// credentialText says what changed of a credential: a literal secret only
// that it changed, never its value.
func credentialText(c review.Credential) string {
	switch c.Kind {
	case review.Added:
		return "added: " + valueText(c.After)
	case review.Removed:
		return "removed (was " + valueText(c.Before) + ")"
	}
	if c.Before.Hidden && c.After.Hidden {
		return "changed (a literal, not shown)"
	}
	return valueText(c.Before) + " → " + valueText(c.After)
}

func changeText(c review.Change) string {
	return valueText(c.Before) + " → " + valueText(c.After)
}

func stateText(s review.State, managedBy string) string {
	if managedBy != "" && (s == review.Managed || s == review.Broken) {
		return fmt.Sprintf("%s (through %s)", s, strconv.Quote(managedBy))
	}
	return string(s)
}

// integrationLine is the first line of an integration change.
func integrationLine(in *review.Integration) string {
	move := stateText(in.Before, in.ManagedByBefore) + " → " + stateText(in.After, in.ManagedByAfter)
	switch in.Effect {
	case review.Loss:
		return fmt.Sprintf("loses %s: %s", in.Type, move)
	case review.Gain:
		return fmt.Sprintf("gains %s: %s", in.Type, move)
	}
	if in.Before == in.After && in.ManagedByBefore == in.ManagedByAfter {
		return fmt.Sprintf("%s: %s, configuration changed", in.Type, stateText(in.After, in.ManagedByAfter))
	}
	return fmt.Sprintf("%s: %s", in.Type, move)
}

// diffLine is one line of a listed entity: a mark, text, and a place.
type diffLine struct {
	mark, text, where string
	// indent nests a reason under its integration.
	indent int
}

func resellerLines(r *review.Reseller) []diffLine {
	var out []diffLine
	if r.Name != nil {
		out = append(out, diffLine{"~", "name: " + changeText(*r.Name), locText(r.Name.Where), 0})
	}
	for _, f := range r.FlagsAdded {
		out = append(out, diffLine{"+", "feature flag " + f.Name, locText(f.Where), 0})
	}
	for _, f := range r.FlagsRemoved {
		out = append(out, diffLine{"-", "feature flag " + f.Name, locText(f.Where), 0})
	}
	for _, s := range r.Sets {
		out = append(out, diffLine{kindMark(s.Kind), "credential set " + setName(s.Integration, s.Environment), locText(s.Where), 0})
	}
	for _, c := range r.Credentials {
		out = append(out, diffLine{kindMark(c.Kind), "credential " + credName(c) + ": " + credentialText(c), locText(c.Where), 0})
	}
	return out
}

func companyLines(c *review.Company) []diffLine {
	var out []diffLine
	if len(c.Runs) > 0 {
		verb := "runs"
		if c.Kind == review.Removed {
			verb = "ran"
		}
		out = append(out, diffLine{" ", verb + " " + strings.Join(c.Runs, ", "), "", 0})
	}
	for _, ch := range []*review.Change{c.Name, c.Reseller, c.Parent, c.GlobalTransactions} {
		if ch != nil {
			out = append(out, diffLine{"~", ch.Name + ": " + changeText(*ch), locText(ch.Where), 0})
		}
	}
	for _, in := range c.Integrations {
		mark := "~"
		switch in.Effect {
		case review.Loss:
			mark = "✗"
		case review.Gain:
			mark = "✓"
		}
		out = append(out, diffLine{mark, integrationLine(in), "", 0})
		if in.Reason != "" {
			where := locText(in.Where)
			if in.HeldAt.File != "" {
				where = strings.TrimPrefix(where+"; it held at "+locText(in.HeldAt), "; ")
			}
			out = append(out, diffLine{"", in.Reason, where, 1})
		}
		for _, s := range in.Settings {
			out = append(out, diffLine{"~", "setting " + s.Name + ": " + changeText(s), locText(s.Where), 1})
		}
		for _, cr := range in.Credentials {
			out = append(out, diffLine{kindMark(cr.Kind), "credential " + cr.Name + ": " + credentialText(cr), locText(cr.Where), 1})
		}
	}
	for _, f := range c.FlagsAdded {
		out = append(out, diffLine{"+", "feature flag " + f.Name, locText(f.Where), 0})
	}
	for _, f := range c.FlagsRemoved {
		out = append(out, diffLine{"-", "feature flag " + f.Name, locText(f.Where), 0})
	}
	for _, p := range c.PermissionsAdded {
		out = append(out, diffLine{"+", "permission " + p.Name, locText(p.Where), 0})
	}
	for _, p := range c.PermissionsRemoved {
		out = append(out, diffLine{"-", "permission " + p.Name, locText(p.Where), 0})
	}
	for _, tb := range c.TaxBands {
		out = append(out, diffLine{"~", "tax band " + tb.Name + ": " + changeText(tb), locText(tb.Where), 0})
	}
	return out
}

func findingText(f review.Finding) string {
	return fmt.Sprintf("%s %s: %s", f.Severity, f.Rule, f.Summary)
}

func writeDiffText(w io.Writer, d *review.Diff, meta DiffMeta) error {
	bw := bufio.NewWriter(w)
	p := newPalette(meta.Color)
	green := color.New(color.FgGreen, color.Bold)
	if meta.Color {
		green.EnableColor()
	} else {
		green.DisableColor()
	}
	paint := func(mark string) string {
		switch mark {
		case "✗", "-":
			return p.err.Sprint(mark)
		case "✓", "+":
			return green.Sprint(mark)
		case "~":
			return p.warn.Sprint(mark)
		}
		return mark
	}
	fmt.Fprintf(bw, "%s\n", p.bold.Sprint(clean(fmt.Sprintf("Comparing %s with %s.", sourceText(meta.Base), sourceText(meta.Head)))))
	if !d.Positions {
		fmt.Fprintln(bw, snapshotNote)
	}
	for _, l := range headline(d) {
		fmt.Fprintln(bw, clean(l))
	}
	entity := func(kind, id string, k review.Kind, where review.Loc, lines []diffLine) {
		head := fmt.Sprintf("\n%s %s", paint(kindMark(k)), clean(fmt.Sprintf("%s %q %s", kind, id, k)))
		if l := locText(where); l != "" {
			head += " " + p.dim.Sprint(clean("("+l+")"))
		}
		fmt.Fprintln(bw, head)
		for _, l := range lines {
			pad := strings.Repeat("    ", l.indent)
			mark := paint(l.mark)
			if l.mark == "" {
				mark = " "
			}
			line := "  " + pad + mark + " " + clean(l.text)
			if l.where != "" {
				line += " " + p.dim.Sprint(clean("("+l.where+")"))
			}
			fmt.Fprintln(bw, line)
		}
	}
	for _, r := range d.Resellers {
		entity("reseller", r.ID, r.Kind, r.Where, resellerLines(r))
	}
	for _, c := range d.Companies {
		entity("company", c.ID, c.Kind, c.Where, companyLines(c))
	}
	if len(d.NewFindings)+len(d.FixedFindings) > 0 {
		fmt.Fprintf(bw, "\nfindings: %d new, %d fixed\n", len(d.NewFindings), len(d.FixedFindings))
		for _, f := range d.NewFindings {
			fmt.Fprintf(bw, "  %s new %s %s\n", paint("+"), clean(findingText(f)), p.dim.Sprint(clean("("+locText(f.Where)+")")))
		}
		for _, f := range d.FixedFindings {
			fmt.Fprintf(bw, "  %s fixed %s %s\n", paint("-"), clean(findingText(f)), p.dim.Sprint(clean("("+locText(f.Where)+")")))
		}
	}
	return bw.Flush()
}

// clean keeps control characters a name may hold off the terminal and
// out of workflow commands.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' {
			return ' '
		}
		if r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return '\uFFFD'
		}
		return r
	}, s)
}

// writeDiffGitHub writes one warning annotation per lost integration, on
// the head-side line that caused it (else on the company), and the
// headline as plain lines.
func writeDiffGitHub(w io.Writer, d *review.Diff, meta DiffMeta) error {
	bw := bufio.NewWriter(w)
	for _, c := range d.Companies {
		for _, in := range c.Integrations {
			if in.Effect != review.Loss {
				continue
			}
			at := in.Where
			if at.Side != review.Head || at.File == "" {
				at = c.Where
			}
			var props []string
			if at.File != "" {
				props = append(props, "file="+escapeProperty(at.File), fmt.Sprintf("line=%d", at.Line), fmt.Sprintf("col=%d", at.Column))
			}
			props = append(props, "title="+escapeProperty(fmt.Sprintf("company %q loses %s", c.ID, in.Type)))
			msg := fmt.Sprintf("company %q %s", c.ID, integrationLine(in))
			if in.Reason != "" {
				msg += ": " + in.Reason
				if l := locText(in.Where); l != "" {
					msg += " (" + l + ")"
				}
			}
			fmt.Fprintf(bw, "::warning %s::%s\n", strings.Join(props, ","), escapeData(msg))
		}
	}
	fmt.Fprintf(bw, "tixcfg diff: %s\n", clean(fmt.Sprintf("%s with %s: %s", sourceText(meta.Base), sourceText(meta.Head), strings.Join(headline(d), " "))))
	if !d.Positions {
		fmt.Fprintln(bw, snapshotNote)
	}
	return bw.Flush()
}
