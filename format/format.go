// Package format lays out configuration files in HCL native syntax in one
// canonical style, so that reviews discuss settings rather than spacing.
//
// The style is hclwrite's (indentation, spacing, aligned "=" and trailing
// comments) plus a rule for blank lines: none at the start or end of a
// file, none at the start or end of a block, never two in a row, exactly
// one between top-level blocks, and a final line break. Only whitespace
// between tokens changes, never a token, so a formatted file means what
// the original meant; comments stay on their lines, and a standalone
// "# tixcfg:ignore" comment never moves next to a line it did not apply to.
//
// Files in HCL's JSON syntax (*.hcl.json) are not formatted: programs
// write them, and rewriting their output would fight the program.
//
// The package sits beside lang rather than inside it because it needs the
// syntax tree and tokens that lang deliberately does not keep, and beside
// emit rather than inside it because it rewrites sources instead of
// rendering findings; editors and the CLI share it.
package format

import (
	"bytes"
	"fmt"
	"runtime"
	"slices"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"golang.org/x/sync/errgroup"

	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

// Source returns src in canonical layout. filename names the file in
// diagnostics. When src does not parse, the result is nil and the syntax
// diagnostics say why, positioned as `tixcfg check` would report them.
func Source(filename string, src []byte) ([]byte, []lang.Diagnostic) {
	f := lang.ParseFile(filename, src)
	if f.ParseFailed {
		return nil, syntaxDiagnostics(f)
	}
	return layout(filename, src), nil
}

// Layout is Source for a piece of a file that parsed, such as the
// top-level blocks a fix edits: it parses the syntax only, not the
// model, so that laying out many small edits stays cheap. ok is false
// when src does not parse.
func Layout(filename string, src []byte) (out []byte, ok bool) {
	body := bytes.TrimPrefix(src, utf8BOM)
	if !utf8.Valid(body) {
		return nil, false
	}
	if _, hds := hclsyntax.ParseConfig(body, filename, hcl.InitialPos); hds.HasErrors() {
		return nil, false
	}
	return layout(filename, src), true
}

// Result is what formatting decided for one file. The CLI's modes
// (write, check, diff) all act on it, so what --check reports is exactly
// what --write would write.
type Result struct {
	File *lang.File
	// Formatted is the canonical content; nil when the file does not parse.
	Formatted []byte
	// Diagnostics explain why a file was not formatted.
	Diagnostics []lang.Diagnostic
	// Err is set when formatting itself failed (a bug, never the file's
	// fault); the file is left as it is.
	Err error
}

// Changed reports whether formatting changes the file.
func (r *Result) Changed() bool {
	return r.Formatted != nil && !bytes.Equal(r.Formatted, r.File.Src)
}

// File formats a file the loader has read and parsed. A file that did not
// parse (or was too large to load) is not formatted; its syntax
// diagnostics are the result. A JSON-syntax file is never formatted.
func File(f *lang.File) (r Result) {
	if f.ParseFailed || f.JSON {
		return Result{File: f, Diagnostics: syntaxDiagnostics(f)}
	}
	// Files are formatted in worker goroutines, out of reach of the
	// CLI's recover: a panic in the layout must not crash the run.
	defer func() {
		if p := recover(); p != nil {
			r = Result{File: f, Err: fmt.Errorf("%s: internal error while formatting: %v (please report it)", f.Name, p)}
		}
	}()
	return Result{File: f, Formatted: layout(f.Name, f.Src)}
}

// Files formats files in parallel (formatting is mostly lexing, which is
// CPU-bound); the results are in the order of files.
func Files(files []*lang.File) []Result {
	out := make([]Result, len(files))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, f := range files {
		g.Go(func() error {
			out[i] = File(f)
			return nil
		})
	}
	g.Wait()
	return out
}

// syntaxDiagnostics keeps what explains a parse failure: schema findings
// in a partly parsed file are guesses, and not fmt's business.
func syntaxDiagnostics(f *lang.File) []lang.Diagnostic {
	var out []lang.Diagnostic
	for _, d := range f.Diagnostics {
		if d.Rule == ruleid.Syntax {
			out = append(out, d)
		}
	}
	lang.SortDiagnostics(out)
	return out
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// layout formats a source that parses.
func layout(filename string, src []byte) []byte {
	// A byte-order mark is not HCL; it is kept, and the rest formatted.
	bom := bytes.HasPrefix(src, utf8BOM)
	body := bytes.TrimPrefix(src, utf8BOM)
	// Blank lines first: hclwrite aligns "=" within runs of lines that a
	// blank line ends, so blank lines settled afterwards would leave an
	// alignment that the next run changes.
	out := hclwrite.Format(blankLines(filename, body))
	if len(out) > 0 && out[len(out)-1] != '\n' {
		// hclwrite keeps the blanks before the end of a file that lacks
		// a final line break; the next run would drop them.
		out = append(bytes.TrimRight(out, " \t"), lineBreak(out)...)
	}
	if bom {
		out = append(slices.Clone(utf8BOM), out...)
	}
	return out
}

// lineInfo is what the blank-line rules need to know about a source line.
type lineInfo struct {
	// verbatim lines are inside a heredoc or a multi-line comment: their
	// text is content, blank or not.
	verbatim bool
	// commentOnly lines hold a comment and nothing else.
	commentOnly bool
	// opens: the line ends with "{" (before any trailing comment).
	opens bool
	// closes: the line starts with "}".
	closes bool
	// spaced: a top-level item starts here (or at the comments just above
	// it) and needs a blank line before it.
	spaced bool
}

// blankLines applies the blank-line rules to a source that parses. Lines
// themselves are copied byte for byte; only blank lines are dropped or
// added.
func blankLines(filename string, src []byte) []byte {
	lines := bytes.SplitAfter(src, []byte("\n"))
	if len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	info := make([]lineInfo, len(lines)+2) // 1-based, with room for a last line without a break
	hasCode := make([]bool, len(info))
	toks, _ := hclsyntax.LexConfig(src, filename, hcl.InitialPos)
	for i, t := range toks {
		ln := t.Range.Start.Line
		if ln >= len(info) {
			continue
		}
		switch t.Type {
		case hclsyntax.TokenOHeredoc:
			// Content runs from the next line to the closing marker.
			for j := i + 1; j < len(toks); j++ {
				if toks[j].Type == hclsyntax.TokenCHeredoc {
					markVerbatim(info, ln+1, toks[j].Range.Start.Line)
					break
				}
			}
		case hclsyntax.TokenComment:
			end := t.Range.End.Line
			if bytes.HasSuffix(t.Bytes, []byte("\n")) {
				end-- // a line comment ends with its line break
			}
			markVerbatim(info, ln+1, end)
			continue
		case hclsyntax.TokenNewline, hclsyntax.TokenEOF:
			continue
		}
		if !hasCode[ln] {
			info[ln].closes = t.Type == hclsyntax.TokenCBrace
		}
		hasCode[ln] = true
		info[t.Range.End.Line].opens = t.Type == hclsyntax.TokenOBrace
	}
	for ln := 1; ln <= len(lines); ln++ {
		info[ln].commentOnly = !hasCode[ln] && !info[ln].verbatim && !isBlank(lines[ln-1])
	}
	markTopLevelSpacing(topLevelItems(toks), info)

	eol := lineBreak(src)
	var out [][]byte
	prev := 0 // the line last copied to out
	pending := false
	for ln := 1; ln <= len(lines); ln++ {
		line := lines[ln-1]
		if !info[ln].verbatim && isBlank(line) {
			pending = prev > 0
			continue
		}
		if info[ln].spaced && prev > 0 {
			pending = true
		}
		if pending && (info[prev].opens || info[ln].closes) && !info[prev].commentOnly {
			// No blank line opens or closes a block, unless it keeps a
			// standalone comment (perhaps a tixcfg:ignore) apart from the
			// line below it.
			pending = false
		}
		if pending {
			out = append(out, eol)
			pending = false
		}
		out = append(out, line)
		prev = ln
	}
	return bytes.Join(out, nil)
}

// lineBreak is the line break a source uses, judged by its first line:
// added lines must not mix CRLF into an LF file or the reverse.
func lineBreak(src []byte) []byte {
	if i := bytes.IndexByte(src, '\n'); i > 0 && src[i-1] == '\r' {
		return []byte("\r\n")
	}
	return []byte("\n")
}

func markVerbatim(info []lineInfo, from, to int) {
	for ln := from; ln <= to && ln < len(info); ln++ {
		info[ln].verbatim = true
	}
}

func isBlank(line []byte) bool { return len(bytes.TrimSpace(line)) == 0 }

// topItem is a top-level attribute or block, by its first and last line.
type topItem struct {
	start, end int
	block      bool
}

// topLevelItems finds the top-level items of a source that parses from
// its tokens alone: lexing again for a syntax tree would double the cost
// of formatting. An item starts with the first token outside any bracket
// on a line and ends at the line break outside any bracket that follows;
// it is a block when a "{" comes before any "=".
func topLevelItems(toks hclsyntax.Tokens) []topItem {
	var items []topItem
	depth := 0
	open := false // an item is being read
	sawEqual := false
	for _, t := range toks {
		switch t.Type {
		case hclsyntax.TokenNewline, hclsyntax.TokenComment, hclsyntax.TokenEOF:
			// A line comment holds its line break.
			ends := t.Type != hclsyntax.TokenComment || bytes.HasSuffix(t.Bytes, []byte("\n"))
			if depth == 0 && open && ends {
				items[len(items)-1].end = t.Range.Start.Line
				open = false
			}
			continue
		}
		if depth == 0 {
			if !open {
				items = append(items, topItem{start: t.Range.Start.Line})
				open, sawEqual = true, false
			}
			switch t.Type {
			case hclsyntax.TokenEqual:
				sawEqual = true
			case hclsyntax.TokenOBrace:
				items[len(items)-1].block = items[len(items)-1].block || !sawEqual
			}
		}
		switch t.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen,
			hclsyntax.TokenOQuote, hclsyntax.TokenOHeredoc,
			hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			depth++
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen,
			hclsyntax.TokenCQuote, hclsyntax.TokenCHeredoc, hclsyntax.TokenTemplateSeqEnd:
			depth = max(depth-1, 0)
		}
	}
	return items
}

// markTopLevelSpacing marks where a blank line must separate top-level
// items: between two items when either is a block. The blank line goes
// above the comments that lead into an item, which belong to it.
func markTopLevelSpacing(items []topItem, info []lineInfo) {
	for i := 1; i < len(items); i++ {
		a, b := items[i-1], items[i]
		if !a.block && !b.block {
			continue
		}
		s := b.start
		for s-1 > a.end && s-1 < len(info) && info[s-1].commentOnly {
			s--
		}
		if s-1 == a.end && s < len(info) {
			info[s].spaced = true
		}
	}
}
