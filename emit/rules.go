package emit

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/tixcfg/tixcfg/checker"
)

type ruleJSON struct {
	ID         string `json:"id"`
	Severity   string `json:"severity"`
	URL        string `json:"url"`
	Since      string `json:"since"`
	ReportedBy string `json:"reported_by"`
	Doc        string `json:"doc"`
	Details    string `json:"details"`
	Fixes      string `json:"fixes"`
	Bad        string `json:"failing_example"`
	Good       string `json:"passing_example"`
}

// WriteRulesText lists the registry: ID, default severity, summary, then
// where the whole documentation is.
func WriteRulesText(w io.Writer, rules []*checker.Rule) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tSUMMARY")
	for _, r := range rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, r.Doc)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\nEach rule is documented at %s#RULE (or: tixcfg rules RULE).\n", checker.DocsURL)
	return err
}

// WriteRuleDoc writes one rule's whole documentation, with a failing and a
// passing example, under its URL.
func WriteRuleDoc(w io.Writer, r *checker.Rule) error {
	_, err := fmt.Fprintf(w, "%s (%s, since %s)\n%s\n\n%s", r.ID, r.Severity, r.Since, r.URL, ruleDocText(r))
	return err
}

// ruleDocText is a rule's documentation as plain text: `tixcfg rules RULE`
// and SARIF's help say the same.
func ruleDocText(r *checker.Rule) string {
	return r.Doc + "\n\n" + r.Details + "\n\nReported by " + r.ReportedBy + ".\n\nFixes offered: " + fixesOffered(r) + "\n\nFails:\n\n" + indent(r.Bad) + "\nPasses:\n\n" + indent(r.Good)
}

// WriteRulesJSON writes rules with their whole documentation.
func WriteRulesJSON(w io.Writer, rules []*checker.Rule) error {
	out := make([]ruleJSON, len(rules))
	for i, r := range rules {
		out[i] = ruleJSON{ID: r.ID, Severity: r.Severity.String(), URL: r.URL, Since: r.Since, ReportedBy: r.ReportedBy,
			Doc: r.Doc, Details: r.Details, Fixes: fixesOffered(r), Bad: r.Bad, Good: r.Good}
	}
	return encodeJSON(w, out)
}

func indent(s string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if strings.TrimSpace(l) != "" {
			b.WriteString("    ")
		}
		b.WriteString(l)
	}
	return b.String()
}

// WriteRulesMarkdown writes the registry as a Markdown table, the one the
// README carries.
func WriteRulesMarkdown(w io.Writer, rules []*checker.Rule) error {
	var b strings.Builder
	b.WriteString("| rule | severity | fires when |\n|---|---|---|\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", r.ID, r.Severity, strings.ReplaceAll(r.Doc, "|", `\|`))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteRulesReference writes docs/rules.md, the page every rule's URL
// points into: an index, then one section per rule under an explicit
// anchor named by its ID, so that links do not depend on how a Markdown
// renderer slugs headings.
func WriteRulesReference(w io.Writer, rules []*checker.Rule) error {
	var b strings.Builder
	b.WriteString("# tixcfg rules\n\n")
	b.WriteString("<!-- Generated from the rule registry (package checker); do not edit.\n")
	b.WriteString("     Regenerate with: go test ./cmd/tixcfg -run TestDocsRules -update -->\n\n")
	b.WriteString("Rule IDs are a public interface and never renamed. `tixcfg rules RULE` prints\n")
	b.WriteString("the same documentation; SARIF's `helpUri` links each finding to its rule here.\n\n")
	b.WriteString("| rule | severity | since | fires when |\n|---|---|---|---|\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s | %s |\n", r.ID, r.ID, r.Severity, r.Since, strings.ReplaceAll(r.Doc, "|", `\|`))
	}
	for _, r := range rules {
		fmt.Fprintf(&b, "\n<a id=\"%s\"></a>\n\n## %s\n\n%s\n\n", r.ID, r.ID, r.Doc)
		fmt.Fprintf(&b, "- Severity: %s\n- Since: %s\n- Reported by %s\n- Fixes offered: %s\n\n", r.Severity, r.Since, r.ReportedBy, fixesOffered(r))
		for _, para := range strings.Split(strings.TrimSpace(r.Details), "\n\n") {
			// One line per paragraph: a wrapped line that starts with "#"
			// or "-" would otherwise read as a heading or a list.
			b.WriteString(strings.Join(strings.Fields(para), " ") + "\n\n")
		}
		b.WriteString("Fails:\n\n```hcl\n" + ensureNewline(r.Bad) + "```\n\nPasses:\n\n```hcl\n" + ensureNewline(r.Good) + "```\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// fixesOffered is a rule's Fixes on one line, "none yet" when it has none.
func fixesOffered(r *checker.Rule) string {
	if r.Fixes == "" {
		return "none yet"
	}
	return strings.Join(strings.Fields(r.Fixes), " ")
}
