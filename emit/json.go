package emit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/lang"
)

// JSONFormatVersion is the version of the JSON diagnostics format; it
// follows the rule of the snapshot's schema_version: additive changes keep it.
const JSONFormatVersion = "1.0"

// Wire structs of the JSON format, shaped like `terraform validate -json`.
type (
	jsonDiagnostic struct {
		Severity string        `json:"severity"`
		Summary  string        `json:"summary"`
		Detail   string        `json:"detail"`
		Rule     string        `json:"rule"`
		Range    *jsonRange    `json:"range,omitempty"`
		Snippet  *jsonSnippet  `json:"snippet,omitempty"`
		Related  []jsonRelated `json:"related"`
		Fixes    []jsonFix     `json:"fixes"`
		// BaselineState is "new" when the run is compared with a
		// baseline or a revision, which hides the unchanged findings.
		BaselineState string `json:"baseline_state,omitempty"`
	}
	jsonRange struct {
		Filename string  `json:"filename"`
		Start    jsonPos `json:"start"`
		End      jsonPos `json:"end"`
	}
	jsonPos struct {
		Line   int `json:"line"`
		Column int `json:"column"`
		Byte   int `json:"byte"`
	}
	jsonSnippet struct {
		Code                 string `json:"code"`
		StartLine            int    `json:"start_line"`
		HighlightStartOffset int    `json:"highlight_start_offset"`
		HighlightEndOffset   int    `json:"highlight_end_offset"`
	}
	jsonRelated struct {
		Message string     `json:"message"`
		Range   *jsonRange `json:"range"`
	}
)

func toJSONRange(r hcl.Range) *jsonRange {
	if r.Filename == "" {
		return nil
	}
	return &jsonRange{Filename: r.Filename,
		Start: jsonPos{r.Start.Line, r.Start.Column, r.Start.Byte},
		End:   jsonPos{r.End.Line, r.End.Column, r.End.Byte}}
}

// WriteJSON writes the diagnostics as one JSON document. "valid" is false
// when there is any error. It streams: each diagnostic is encoded and
// written on its own, so memory does not grow with their number.
func WriteJSON(w io.Writer, diags []lang.Diagnostic, src Sources) error {
	return writeJSON(w, diags, src, false)
}

// writeJSON is WriteJSON, marking each diagnostic new when compared.
func writeJSON(w io.Writer, diags []lang.Diagnostic, src Sources, compared bool) error {
	ix := indexed(src)
	c := Count(diags)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "{\n  \"format_version\": %q,\n  \"valid\": %t,\n  \"error_count\": %d,\n  \"warning_count\": %d,\n  \"diagnostics\": [",
		JSONFormatVersion, c.Errors == 0, c.Errors, c.Warnings)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("    ", "  ")
	for i, d := range diags {
		jd := jsonDiagnostic{Severity: d.Severity.String(), Summary: d.Summary, Detail: d.Detail, Rule: d.Rule,
			Range: toJSONRange(d.Subject), Related: make([]jsonRelated, 0, len(d.Related)), Fixes: toJSONFixes(d.Fixes)}
		if compared {
			jd.BaselineState = "new"
		}
		if lines := snippet(ix.index(d.Subject.Filename), src.Masks(d.Subject.Filename), d.Subject, 1); len(lines) == 1 {
			l := lines[0]
			jd.Snippet = &jsonSnippet{Code: l.Text, StartLine: l.Number, HighlightStartOffset: l.HlStart, HighlightEndOffset: l.HlEnd}
		}
		for _, r := range d.Related {
			jd.Related = append(jd.Related, jsonRelated{Message: r.Message, Range: toJSONRange(r.Range)})
		}
		buf.Reset()
		if err := enc.Encode(jd); err != nil {
			return err
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n    ")
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	}
	if len(diags) > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]\n}\n")
	return bw.Flush()
}

// encodeJSON writes indented JSON without HTML escaping and with a
// trailing newline.
func encodeJSON(w io.Writer, v any) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	return bw.Flush()
}
