package emit

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/tixcfg/tixcfg/checker"
)

type ruleJSON struct {
	ID       string `json:"id"`
	Severity string `json:"severity"`
	Doc      string `json:"doc"`
	Details  string `json:"details"`
	Bad      string `json:"failing_example"`
	Good     string `json:"passing_example"`
}

// WriteRulesText lists the registry: ID, default severity, summary.
func WriteRulesText(w io.Writer, rules []*checker.Rule) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tSUMMARY")
	for _, r := range rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, r.Doc)
	}
	return tw.Flush()
}

// WriteRuleDoc writes one rule's whole documentation, with a failing and a
// passing example.
func WriteRuleDoc(w io.Writer, r *checker.Rule) error {
	_, err := fmt.Fprintf(w, "%s (%s)\n\n%s", r.ID, r.Severity, ruleDocText(r))
	return err
}

// ruleDocText is a rule's documentation as plain text: `tixcfg rules RULE`
// and SARIF's help say the same.
func ruleDocText(r *checker.Rule) string {
	return r.Doc + "\n\n" + r.Details + "\n\nFails:\n\n" + indent(r.Bad) + "\nPasses:\n\n" + indent(r.Good)
}

// WriteRulesJSON writes rules with their whole documentation.
func WriteRulesJSON(w io.Writer, rules []*checker.Rule) error {
	out := make([]ruleJSON, len(rules))
	for i, r := range rules {
		out[i] = ruleJSON{ID: r.ID, Severity: r.Severity.String(), Doc: r.Doc, Details: r.Details, Bad: r.Bad, Good: r.Good}
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
