package emit

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/tixcfg/tixcfg/lang"
)

// WriteCompact writes one line per diagnostic, `file:line:col: severity:
// message [rule]`, the shape editors' error matchers and grep expect.
func WriteCompact(w io.Writer, diags []lang.Diagnostic, _ Sources, _ Meta) error {
	bw := bufio.NewWriter(w)
	for _, d := range diags {
		if r := d.Subject; r.Filename != "" {
			fmt.Fprintf(bw, "%s:%d:%d: ", r.Filename, max(r.Start.Line, 1), max(r.Start.Column, 1))
		}
		fmt.Fprintf(bw, "%s: %s [%s]\n", d.Severity, oneLine(d.Summary), d.Rule)
	}
	return bw.Flush()
}

// oneLine folds a message onto one line for line-oriented formats.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
