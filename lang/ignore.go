package lang

import (
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

var ignoreMarker = []byte("tixcfg:ignore")

// commaSpace matches a comma with the spaces around it, so that "a, b" is
// one list of rules.
var commaSpace = regexp.MustCompile(`\s*,\s*`)

// Ignore is a `# tixcfg:ignore RULE[,RULE] -- reason` comment. It applies
// to its own line when it trails code, else to the line after it; when an
// attribute begins on that line, to every line of the attribute.
type Ignore struct {
	Rules  []string
	Reason string
	// BareReason is set when the reason was written without "--"
	// ("# tixcfg:ignore credential-literal legacy key"): the words after the
	// first rule names are taken for the reason, not for more rules.
	BareReason bool
	Range      hcl.Range // the comment, without its line break
	Line       int       // the first line whose diagnostics it suppresses
	// LastLine is the last: Line, or the line where the value of an
	// attribute beginning on Line ends (a list spread over lines).
	LastLine int
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
		rules, reason, marked := strings.Cut(rest, "--")
		ig.Reason = strings.TrimSpace(reason)
		if !marked {
			// Rule names are joined by commas; a word after a space starts
			// a reason that lacks its "--".
			words := strings.Fields(commaSpace.ReplaceAllString(rules, ","))
			if len(words) > 1 {
				rules, ig.Reason, ig.BareReason = words[0], strings.Join(words[1:], " "), true
			}
		}
		ig.Rules = strings.FieldsFunc(rules, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
		ig.Line = tok.Range.Start.Line + 1
		if trailsCode(toks, i) {
			ig.Line = tok.Range.Start.Line
		}
		ig.LastLine = attrLastLine(toks, i, ig.Line)
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

// attrLastLine returns the line where the attribute beginning on line
// ends, or line itself when no attribute (name =) begins there: an ignore
// before `notify_on = [` covers the whole list, one before a block's
// header only that line. toks[i] is the ignore comment.
func attrLastLine(toks hclsyntax.Tokens, i, line int) int {
	j := i
	for j > 0 && toks[j-1].Range.Start.Line >= line {
		j--
	}
	for j < len(toks) && toks[j].Range.Start.Line < line {
		j++
	}
	if j+1 >= len(toks) || toks[j].Range.Start.Line != line || toks[j].Type != hclsyntax.TokenIdent || toks[j+1].Type != hclsyntax.TokenEqual {
		return line
	}
	depth := 0
	for _, t := range toks[j+2:] {
		switch t.Type {
		case hclsyntax.TokenOBrack, hclsyntax.TokenOBrace, hclsyntax.TokenOParen,
			hclsyntax.TokenOHeredoc, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			depth++
		case hclsyntax.TokenCBrack, hclsyntax.TokenCBrace, hclsyntax.TokenCParen,
			hclsyntax.TokenCHeredoc, hclsyntax.TokenTemplateSeqEnd:
			depth--
		case hclsyntax.TokenNewline, hclsyntax.TokenEOF:
			if depth <= 0 {
				return t.Range.Start.Line
			}
		case hclsyntax.TokenComment:
			// A line comment carries the line break that ends the line.
			if depth <= 0 && strings.HasSuffix(string(t.Bytes), "\n") {
				return t.Range.Start.Line
			}
		}
	}
	return line
}
