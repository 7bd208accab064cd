package checker

import (
	"bytes"
	"strconv"

	"github.com/tixcfg/tixcfg/lang"
)

// ignoreRemoval is the fix of an ignore comment none of whose rules is in
// use: remove it, with its whole line when it stands alone, else with the
// blanks before it. A comment that still suppresses something gets none:
// removing it would bring that finding back.
func ignoreRemoval(p *lang.Portfolio, ig *lang.Ignore, used map[string]bool, opts Options) []lang.Fix {
	for _, r := range ig.Rules {
		if Lookup(r) != nil && r != ruleSyntax.ID && (!opts.Enabled(r) || used[r]) {
			return nil
		}
	}
	f := p.File(ig.Range.Filename)
	if f == nil || f.JSON {
		return nil
	}
	src := f.Src
	from, to := ig.Range.Start.Byte, ig.Range.End.Byte
	if from < 0 || to > len(src) || from > to {
		return nil
	}
	lineStart := bytes.LastIndexByte(src[:from], '\n') + 1
	if len(bytes.TrimLeft(src[lineStart:from], " \t")) == 0 {
		from = lineStart
		if rest := src[to:]; bytes.HasPrefix(rest, []byte("\r\n")) {
			to += 2
		} else if len(rest) > 0 && rest[0] == '\n' {
			to++
		}
	} else {
		for from > lineStart && (src[from-1] == ' ' || src[from-1] == '\t') {
			from--
		}
	}
	return []lang.Fix{{Message: "remove the ignore comment", Safety: lang.Safe,
		Edits: []lang.Edit{lang.Deletion(f.Name, src, from, to)}}}
}

// listItemRemoval is the fix of the repeated item i of a list: remove it
// with the comma before it. Only blanks and that comma may lie between it
// and the item before, so no comment or other element goes with it.
func listItemRemoval(p *lang.Portfolio, l *lang.List, i int) []lang.Fix {
	if i < 1 || i >= len(l.Items) {
		return nil
	}
	prev, it := l.Items[i-1].Range, l.Items[i].Range
	f := p.File(it.Filename)
	if f == nil || f.JSON || prev.Filename != it.Filename {
		return nil
	}
	from, to := prev.End.Byte, it.End.Byte
	if from < 0 || to > len(f.Src) || from >= it.Start.Byte {
		return nil
	}
	if between := bytes.TrimSpace(f.Src[from:it.Start.Byte]); string(between) != "," {
		return nil
	}
	return []lang.Fix{{Message: "remove the repeated " + strconv.Quote(l.Items[i].Value), Safety: lang.Safe,
		Edits: []lang.Edit{lang.Deletion(f.Name, f.Src, from, to)}}}
}

// attachFixes gives the finding the pass reported last its fixes.
func (p *Pass) attachFixes(fs []lang.Fix) {
	if len(p.out) > 0 {
		p.out[len(p.out)-1].Fixes = fs
	}
}
