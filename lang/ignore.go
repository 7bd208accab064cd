package lang

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

var ignoreMarker = []byte("tixcfg:ignore")

// Ignore is a `# tixcfg:ignore RULE[,RULE] -- reason` comment. It applies
// to its own line when it trails code, else to the line after it.
type Ignore struct {
	Rules  []string
	Reason string
	Range  hcl.Range // the comment, without its line break
	Line   int       // the line whose diagnostics it suppresses
}

// lexIgnores finds suppression comments with HCL's own lexer, so that
// "tixcfg:ignore" inside a string or heredoc is never taken for one.
func lexIgnores(src []byte, filename string, start hcl.Pos) []*Ignore {
	toks, _ := hclsyntax.LexConfig(src, filename, start)
	var out []*Ignore
	for i, tok := range toks {
		if tok.Type != hclsyntax.TokenComment {
			continue
		}
		text := string(tok.Bytes)
		var body string
		switch {
		case strings.HasPrefix(text, "#"):
			body = text[1:]
		case strings.HasPrefix(text, "//"):
			body = text[2:]
		default:
			continue // block comments cannot carry a directive
		}
		body = strings.TrimSpace(body)
		rest, ok := strings.CutPrefix(body, "tixcfg:ignore")
		if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
			continue
		}
		ig := &Ignore{Range: tok.Range}
		// Line comments include their newline; the directive ends before it.
		trimmed := strings.TrimRight(text, "\r\n")
		ig.Range.End = hcl.Pos{Line: tok.Range.Start.Line, Column: tok.Range.Start.Column + len([]rune(trimmed)), Byte: tok.Range.Start.Byte + len(trimmed)}
		rules, reason, _ := strings.Cut(rest, "--")
		ig.Reason = strings.TrimSpace(reason)
		ig.Rules = strings.FieldsFunc(rules, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
		ig.Line = tok.Range.Start.Line + 1
		if trailsCode(toks, i) {
			ig.Line = tok.Range.Start.Line
		}
		out = append(out, ig)
	}
	return out
}

// trailsCode reports whether a token other than a line break precedes
// toks[i] on its line.
func trailsCode(toks hclsyntax.Tokens, i int) bool {
	line := toks[i].Range.Start.Line
	for j := i - 1; j >= 0; j-- {
		t := toks[j]
		if t.Range.End.Line < line || t.Type == hclsyntax.TokenNewline {
			return false
		}
		if t.Type != hclsyntax.TokenComment {
			return true
		}
		if t.Range.Start.Line < line {
			return false
		}
	}
	return false
}
