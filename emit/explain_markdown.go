package emit

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// WriteExplainMarkdown renders what WriteExplainText says of one
// integration of a company, as Markdown for an editor's hover: the status
// and each step of the chain, held or not, with the place that satisfies
// it or the place to change. where renders a place (a link, say); nil
// means lang.Location as code.
func WriteExplainMarkdown(b *strings.Builder, s *checker.IntegrationStatus, where func(hcl.Range) string) {
	if where == nil {
		where = func(r hcl.Range) string { return "`" + lang.Location(r) + "`" }
	}
	fmt.Fprintf(b, "**%s**: %s\n\n", MarkdownEscape(s.Type.ID), MarkdownEscape(statusLine(s)))
	for _, st := range s.Steps() {
		loc := ""
		if st.Where.Filename != "" {
			switch st.Status {
			case checker.Missing:
				loc = " → change " + where(st.Where)
			case checker.Held:
				loc = " (" + where(st.Where) + ")"
			}
		}
		mark := stepMarks[st.Status]
		if st.Status == checker.NotApplicable {
			mark = "–" // explain's "-" would start a nested list
		}
		fmt.Fprintf(b, "- %s **%s**: %s%s\n", mark, stepNames[st.Kind], MarkdownEscape(st.Message()), loc)
	}
}

var markdownEscaper = strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "#", `\#`, "|", `\|`)

// MarkdownEscape makes text show as written in Markdown.
func MarkdownEscape(s string) string { return markdownEscaper.Replace(s) }
