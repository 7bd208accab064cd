package format

import "github.com/tixcfg/tixcfg/lang"

// DiffMasker writes the diffs of formatting results with secret values
// hidden: a literal secret in a file would otherwise be printed whole.
// Both sides are masked with the ranges the loader marks, computed over
// every file of the run so that operator catalog extensions count (a value
// whose field is not known as plain is masked), and with SecretRanges'
// safety net for what the loader did not decode.
type DiffMasker struct {
	before, after *lang.Portfolio
}

// NewDiffMasker prepares the masks of every result of one run.
func NewDiffMasker(results []Result) *DiffMasker {
	var before, after []*lang.File
	for _, r := range results {
		before = append(before, r.File)
		if r.Changed() {
			after = append(after, lang.ParseFile(r.File.Name, r.Formatted))
		} else {
			after = append(after, r.File)
		}
	}
	return &DiffMasker{before: lang.Assemble(before), after: lang.Assemble(after)}
}

// Diff is the unified diff (see Diff) of what formatting changes in r,
// secret values masked on both sides.
func (m *DiffMasker) Diff(r Result) (string, error) {
	name := r.File.Name
	old := Mask(r.File.Src, SecretRanges(m.before, name, r.File.Src))
	new := Mask(r.Formatted, SecretRanges(m.after, name, r.Formatted))
	return Diff(name, old, new)
}
