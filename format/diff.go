package format

import (
	"bytes"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/pmezard/go-difflib/difflib"
)

// secretMask stands for a secret value whatever its length, as in the
// snippets of diagnostics, so that not even the length shows.
const secretMask = "****"

// Mask returns a copy of src in which every range (as Portfolio.Masks
// gives them, sorted) is replaced by a fixed mask. The quotes around a
// value and the line breaks inside one are kept, so masked text keeps its
// line numbers: a diff of masked texts still lines up with the files.
func Mask(src []byte, masks []hcl.Range) []byte {
	var out []byte
	prev := 0
	for _, m := range masks {
		s, e := max(m.Start.Byte, 0), min(m.End.Byte, len(src))
		if s < prev || s >= e {
			continue
		}
		out = append(out, src[prev:s]...)
		if src[s] == '"' {
			out = append(out, '"')
		}
		out = append(out, secretMask...)
		for i := s; i < e; i++ {
			if src[i] == '\n' {
				if i > s && src[i-1] == '\r' {
					out = append(out, '\r')
				}
				out = append(out, '\n')
			}
		}
		if e-1 > s && src[e-1] == '"' {
			out = append(out, '"')
		}
		prev = e
	}
	return append(out, src[prev:]...)
}

// Diff returns a unified diff (three lines of context, "a/" and "b/"
// prefixes as git writes them) from old to new of the file name, or ""
// when they are equal. A side that lacks a final line break gets git's
// "\ No newline at end of file" marker.
func Diff(name string, old, new []byte) (string, error) {
	if bytes.Equal(old, new) {
		return "", nil
	}
	return difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A:        diffLines(old),
		B:        diffLines(new),
		FromFile: "a/" + name,
		ToFile:   "b/" + name,
		Context:  3,
	})
}

// diffLines splits text into lines that keep their line break. difflib
// prints lines as they are, so a last line without a break carries the
// marker line itself, and differs from the same line with a break.
func diffLines(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	lines := strings.SplitAfter(string(b), "\n")
	if last := len(lines) - 1; lines[last] == "" {
		lines = lines[:last]
	} else {
		lines[last] += "\n\\ No newline at end of file\n"
	}
	return lines
}
