package format

import (
	"bytes"
	"slices"

	"github.com/aymanbagabas/go-udiff"
	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/lang"
)

// Mask returns a copy of src with every range (as Portfolio.Masks gives
// them) masked as lang.Masks.Apply masks a file: quotes and line breaks
// kept, so a diff of masked texts still lines up with the files.
func Mask(src []byte, masks []hcl.Range) []byte {
	return lang.Masks(masks).Apply(src)
}

// SecretRanges returns the ranges of a file's source to hide when it is
// shown whole, as a diff shows it: the values p (the portfolio the file
// was decoded in) marks as secret, and, as a safety net for what the
// loader did not decode (a block under a misspelt type is skipped, so its
// values are not known to be secret), every literal value of an attribute
// whose name sounds secret, as lang masks files that do not parse.
func SecretRanges(p *lang.Portfolio, name string, src []byte) []hcl.Range {
	return append(slices.Clone(p.Masks(name)), lang.LexicalMasks(name, src, p.Catalog)...)
}

// Diff returns a unified diff (three lines of context, "a/" and "b/"
// prefixes as git writes them) from old to new of the file name, or ""
// when they are equal. A side that lacks a final line break gets git's
// "\ No newline at end of file" marker. The diff is go-udiff's, whose
// cost grows with the size of the files and of the change, not with their
// product.
func Diff(name string, old, new []byte) (string, error) {
	if bytes.Equal(old, new) {
		return "", nil
	}
	o := string(old)
	return udiff.ToUnified("a/"+name, "b/"+name, o, udiff.Lines(o, string(new)), 3)
}
