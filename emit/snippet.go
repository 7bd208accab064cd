// Package emit renders what the checker found (diagnostics in every output
// format) and what the portfolio compiles to (the JSON snapshot). It never
// re-checks: everything it prints was decided upstream.
package emit

import (
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/lang"
)

// Sources gives emitters the text of files and where secrets sit in them,
// so that no snippet ever shows a secret.
type Sources interface {
	Source(filename string) []byte
	Masks(filename string) []hcl.Range
}

// maxSnippetLine bounds how much of a line a snippet shows: a 10 MB line
// is shown as a window around the subject.
const maxSnippetLine = 160

// snippetLine is one source line prepared for display.
type snippetLine struct {
	Number int
	Text   string
	// HlStart and HlEnd are byte offsets in Text of the highlighted part.
	HlStart, HlEnd int
}

// snippet extracts the lines a range covers (at most maxLines), masked and
// windowed, with the highlighted part of each.
func snippet(x *lineIndex, masks []hcl.Range, rng hcl.Range, maxLines int) []snippetLine {
	if x == nil || rng.Start.Line < 1 || rng.Start.Byte > len(x.src) {
		return nil
	}
	var out []snippetLine
	for n := rng.Start.Line; n <= rng.End.Line && len(out) < maxLines; n++ {
		lineStart, lineEnd, ok := x.line(n)
		if !ok {
			break
		}
		raw := x.src[lineStart:lineEnd]
		hs, he := 0, len(raw)
		if n == rng.Start.Line {
			hs = clamp(rng.Start.Byte-lineStart, 0, len(raw))
		}
		if n == rng.End.Line {
			he = clamp(rng.End.Byte-lineStart, hs, len(raw))
		}
		line, shift := lang.Masks(masks).ApplyLine(raw, lineStart)
		hs, he = shift(hs), shift(he)
		text, hs, he := window(line, hs, he)
		text, hs, he = printable(text, hs, he)
		out = append(out, snippetLine{Number: n, Text: text, HlStart: hs, HlEnd: he})
	}
	return out
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// printable makes a snippet line safe to print: a binary file named .hcl
// must not send escape sequences to the user's terminal or the CI log, so
// control characters and bytes that are not UTF-8 become U+FFFD. The
// highlight offsets move with the text.
func printable(text string, hs, he int) (string, int, int) {
	clean := true
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if unprintable(r, size) {
			clean = false
			break
		}
		i += size
	}
	if clean {
		return text, hs, he
	}
	fix := func(s string) string {
		var b strings.Builder
		for i := 0; i < len(s); {
			r, size := utf8.DecodeRuneInString(s[i:])
			if unprintable(r, size) {
				r = utf8.RuneError
			}
			b.WriteRune(r)
			i += size
		}
		return b.String()
	}
	a, m, z := fix(text[:hs]), fix(text[hs:he]), fix(text[he:])
	return a + m + z, len(a), len(a) + len(m)
}

func unprintable(r rune, size int) bool {
	return (r == utf8.RuneError && size <= 1) || (r < 0x20 && r != '\t') || (r >= 0x7f && r < 0xa0)
}

// window cuts a long line down to the part around the highlight, on rune
// boundaries, and returns the new highlight offsets.
func window(line []byte, hs, he int) (string, int, int) {
	if len(line) <= maxSnippetLine {
		return string(line), hs, he
	}
	from := max(0, hs-maxSnippetLine/4)
	to := min(len(line), max(he, from+maxSnippetLine))
	if to-from > maxSnippetLine {
		to = from + maxSnippetLine
	}
	for from > 0 && !utf8.RuneStart(line[from]) {
		from--
	}
	for to < len(line) && !utf8.RuneStart(line[to]) {
		to++
	}
	prefix, suffix := "", ""
	if from > 0 {
		prefix = "…"
	}
	if to < len(line) {
		suffix = "…"
	}
	text := prefix + string(line[from:to]) + suffix
	shift := len(prefix) - from
	return text, clamp(hs+shift, 0, len(text)), clamp(he+shift, 0, len(text)-len(suffix))
}
