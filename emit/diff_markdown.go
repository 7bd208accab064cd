package emit

import (
	"fmt"
	"io"
	"strings"

	"github.com/tixcfg/tixcfg/review"
)

// MarkdownLimit is the most a markdown diff ever writes: GitHub refuses a
// pull-request comment, and a job summary step, longer than 65,536
// characters.
const MarkdownLimit = 65536

// markdownOpen is how many items a list shows before it folds into a
// <details> block.
const markdownOpen = 10

// writeDiffMarkdown writes the headline, a table of the losses, and one
// section per reseller and company, long lists folded, within
// MarkdownLimit characters; what does not fit is counted at the end.
func writeDiffMarkdown(w io.Writer, d *review.Diff, meta DiffMeta) error {
	var head strings.Builder
	fmt.Fprintf(&head, "### tixcfg diff\n\n%s → %s\n\n", mdEsc(sourceText(meta.Base)), mdEsc(sourceText(meta.Head)))
	if !d.Positions {
		fmt.Fprintf(&head, "> %s\n\n", mdEsc(snapshotNote))
	}
	for _, l := range headline(d) {
		fmt.Fprintf(&head, "%s\n", mdEsc(l))
	}
	head.WriteString("\n")

	var blocks []mdBlock
	if losses := lossRows(d); len(losses) > 0 {
		// The table takes at most half of what is left, so that the
		// sections below still show.
		budget := (MarkdownLimit - head.Len()) / 2
		var b strings.Builder
		b.WriteString("#### Lost integrations\n\n")
		table := "| company | integration | before → after | why | where |\n|---|---|---|---|---|\n"
		shown := 0
		for _, row := range losses {
			if len(table)+len(row) > budget {
				break
			}
			table += row
			shown++
		}
		if shown < len(losses) {
			table += fmt.Sprintf("\n_and %d more lost integrations, listed below or in `tixcfg diff --format json`_\n", len(losses)-shown)
		}
		fold(&b, fmt.Sprintf("%d lost integrations", len(losses)), len(losses), table)
		blocks = append(blocks, mdBlock{kind: "the table of lost integrations", text: b.String()})
	}
	for _, r := range d.Resellers {
		blocks = append(blocks, mdBlock{kind: "reseller", text: mdEntity("reseller", r.ID, r.Kind, r.Where, resellerLines(r))})
	}
	for _, c := range d.Companies {
		blocks = append(blocks, mdBlock{kind: "company", text: mdEntity("company", c.ID, c.Kind, c.Where, companyLines(c))})
	}
	if n := len(d.NewFindings) + len(d.FixedFindings); n > 0 {
		var items []string
		for _, f := range d.NewFindings {
			items = append(items, fmt.Sprintf("- new: %s %s\n", mdEsc(findingText(f)), mdWhere(f.Where)))
		}
		for _, f := range d.FixedFindings {
			items = append(items, fmt.Sprintf("- fixed: %s %s\n", mdEsc(findingText(f)), mdWhere(f.Where)))
		}
		var b strings.Builder
		fmt.Fprintf(&b, "#### Findings: %d new, %d fixed\n\n", len(d.NewFindings), len(d.FixedFindings))
		fold(&b, fmt.Sprintf("%d findings", n), n, strings.Join(items, ""))
		blocks = append(blocks, mdBlock{kind: "findings", text: b.String()})
	}

	// Reserve room for the note on what is left out, and keep whole
	// blocks only: a cut block would leave an open <details>.
	const reserve = 400
	var out strings.Builder
	out.WriteString(head.String())
	left := map[string]int{}
	var order []string
	for _, b := range blocks {
		if left[b.kind] == 0 && len(left) == 0 && out.Len()+len(b.text)+reserve <= MarkdownLimit {
			out.WriteString(b.text)
			continue
		}
		if left[b.kind] == 0 {
			order = append(order, b.kind)
		}
		left[b.kind]++
	}
	if len(order) > 0 {
		var parts []string
		for _, k := range order {
			switch k {
			case "reseller", "company":
				parts = append(parts, fmt.Sprintf("%d %s", left[k], nouns(left[k], k)))
			default:
				parts = append(parts, k)
			}
		}
		fmt.Fprintf(&out, "\n_Not shown, to stay within GitHub's %d characters: %s. Run `tixcfg diff --format json` for everything._\n", MarkdownLimit, mdEsc(strings.Join(parts, ", ")))
	}
	s := out.String()
	if len(s) > MarkdownLimit { // the head alone is never this long; be safe
		s = s[:MarkdownLimit]
	}
	_, err := io.WriteString(w, s)
	return err
}

type mdBlock struct{ kind, text string }

// mdMarks are the line marks in words where a bare "-" or "+" would start
// a nested list.
var mdMarks = map[string]string{"+": "added:", "-": "removed:", "~": "changed:", "✗": "✗", "✓": "✓"}

// fold writes body, inside <details> when it has more than markdownOpen
// items.
func fold(b *strings.Builder, summary string, n int, body string) {
	if n > markdownOpen {
		fmt.Fprintf(b, "<details><summary>%s</summary>\n\n%s\n</details>\n\n", mdEsc(summary), body)
		return
	}
	b.WriteString(body + "\n")
}

func lossRows(d *review.Diff) []string {
	var rows []string
	for _, c := range d.Companies {
		for _, in := range c.Integrations {
			if in.Effect != review.Loss {
				continue
			}
			rows = append(rows, fmt.Sprintf("| %s | %s | %s → %s | %s | %s |\n", mdCode(c.ID), mdCode(in.Type),
				mdEsc(stateText(in.Before, in.ManagedByBefore)), mdEsc(stateText(in.After, in.ManagedByAfter)), mdEsc(in.Reason), mdWhere(in.Where)))
		}
	}
	return rows
}

func mdEntity(kind, id string, k review.Kind, where review.Loc, lines []diffLine) string {
	var b strings.Builder
	fmt.Fprintf(&b, "#### %s %s %s\n\n", kind, mdCode(id), k)
	if l := locText(where); l != "" {
		fmt.Fprintf(&b, "%s\n\n", mdWhere(where))
	}
	var items []string
	for _, l := range lines {
		item := strings.Repeat("  ", l.indent) + "- "
		if m := mdMarks[l.mark]; m != "" {
			item += m + " "
		}
		item += mdEsc(l.text)
		if l.where != "" {
			item += " — " + mdEsc(l.where)
		}
		items = append(items, item+"\n")
	}
	fold(&b, fmt.Sprintf("%d changes", len(items)), len(items), strings.Join(items, ""))
	return b.String()
}

func mdWhere(l review.Loc) string {
	if l.File == "" {
		return ""
	}
	return "<code>" + mdEsc(locText(l)) + "</code>"
}

func mdCode(s string) string { return "<code>" + mdEsc(s) + "</code>" }

// mdEsc makes text literal in GitHub markdown, in table cells too: HTML
// metacharacters as entities, markdown punctuation backslash-escaped,
// line breaks as spaces.
func mdEsc(s string) string {
	var b strings.Builder
	for _, r := range clean(s) {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '|':
			b.WriteString("&#124;")
		case '\\', '`', '*', '_', '[', ']', '#', '!', '~', '$':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
