package checker

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/tixcfg/tixcfg/format"
	"github.com/tixcfg/tixcfg/lang"
)

// MaxFixRounds bounds FixFiles: each round applies what it can, and a fix
// may only be possible once another has moved the text it edits.
const MaxFixRounds = 10

// FixOptions say which fixes FixFiles applies.
type FixOptions struct {
	Checker Options
	// Unsafe allows fixes that need review besides the safe ones.
	Unsafe bool
	// Rule, when set, limits fixing to that rule's findings.
	Rule string
	// Editable says whether a file may be edited; nil means every file.
	Editable func(name string) bool
}

// FixResult is what FixFiles did.
type FixResult struct {
	// Files are the portfolio's files after the fixes, each edited one
	// parsed again from its new text.
	Files []*lang.File
	// Changed names the files whose text changed, sorted.
	Changed []string
	// Applied counts the fixes applied.
	Applied int
	// Notes say, in order, which fixes were skipped and why.
	Notes []string
	// Diagnostics are the findings of checking the fixed files.
	Diagnostics []lang.Diagnostic
}

// FixFiles applies, for each finding, the first of its fixes whose safety
// opts allow, checks again and repeats until nothing more applies or
// MaxFixRounds is reached. A fix whose edits overlap one applied in the
// same round waits for the next; a fix that edits a file that did not
// parse, a JSON-syntax file or one opts do not allow is skipped whole.
// Every edited file is laid out canonically, as tixcfg fmt would.
func FixFiles(files []*lang.File, opts FixOptions) *FixResult {
	files = slices.Clone(files)
	byName := map[string]int{}
	orig := map[string][]byte{}
	for i, f := range files {
		byName[f.Name] = i
		orig[f.Name] = f.Src
	}
	res := &FixResult{}
	noted := map[string]bool{}
	note := func(s string) {
		if !noted[s] {
			noted[s] = true
			res.Notes = append(res.Notes, s)
		}
	}
	// cautious is set for a round whose fixes, each sound alone, broke a
	// file together (a rename and an insertion of one attribute): it is
	// done again applying one fix a file, the others left to later rounds.
	cautious := false
	overlapped := map[string]string{}
	var overlapOrder []string
	for round := 0; ; round++ {
		p := lang.Assemble(files)
		diags := Run(p, opts.Checker).Diagnostics
		res.Diagnostics = diags
		if round == MaxFixRounds {
			note(fmt.Sprintf("stopped after %d rounds of fixes; run fix again", MaxFixRounds))
			break
		}
		var applied []lang.Edit
		edits := map[string][]lang.Edit{}
		n := 0
	diagnostics:
		for _, d := range diags {
			fix, ok := opts.choose(d)
			if !ok {
				continue
			}
			where := lang.Location(d.Subject) + ": " + d.Rule + ": " + fix.Message
			for _, e := range fix.Edits {
				i, ok := byName[e.Range.Filename]
				switch {
				case !ok:
					note(where + ": skipped: it edits " + e.Range.Filename + ", no file of the portfolio")
					continue diagnostics
				case files[i].JSON:
					note(where + ": skipped: " + e.Range.Filename + " is a JSON-syntax file, which programs write; fix it there")
					continue diagnostics
				case files[i].ParseFailed:
					note(where + ": skipped: " + e.Range.Filename + " does not parse")
					continue diagnostics
				case opts.Editable != nil && !opts.Editable(e.Range.Filename):
					continue diagnostics
				}
			}
			if containsAll(applied, fix.Edits) {
				continue // the same edit, offered by another finding
			}
			if cautious && slices.ContainsFunc(fix.Edits, func(e lang.Edit) bool { return edits[e.Range.Filename] != nil }) {
				continue
			}
			for _, e := range fix.Edits {
				for _, a := range applied {
					if e.Overlaps(a) {
						// Said at the end, and only if it never applied:
						// most such fixes apply in a later round.
						if _, ok := overlapped[overlapKey(d.Rule, fix)]; !ok {
							overlapped[overlapKey(d.Rule, fix)] = where
							overlapOrder = append(overlapOrder, overlapKey(d.Rule, fix))
						}
						continue diagnostics
					}
				}
			}
			applied = append(applied, fix.Edits...)
			for _, e := range fix.Edits {
				edits[e.Range.Filename] = append(edits[e.Range.Filename], e)
			}
			n++
		}
		if n == 0 {
			break
		}
		next := map[string]*lang.File{}
		broke := false
		for _, name := range sortedKeys(edits) {
			es := edits[name]
			lang.SortEdits(es)
			f := files[byName[name]]
			src, ok := lang.ApplyEdits(f.Src, es)
			if !ok {
				note(name + ": skipped the fixes of this round: their edits do not fit the file")
				continue
			}
			out, fd := format.Source(name, src)
			if len(fd) > 0 || out == nil {
				// A fix must never break a file; keep the file as it was.
				broke = true
				if cautious {
					note(name + ": skipped the fixes of this round: the file would not parse after them (please report it)")
				}
				continue
			}
			nf := lang.ParseFile(name, out)
			nf.Path = f.Path
			next[name] = nf
		}
		if broke && !cautious {
			cautious = true
			round--
			continue
		}
		cautious = false
		if len(next) == 0 {
			break
		}
		for name, nf := range next {
			files[byName[name]] = nf
		}
		res.Applied += n
	}
	for _, k := range overlapOrder {
		if slices.ContainsFunc(res.Diagnostics, func(d lang.Diagnostic) bool {
			fix, ok := opts.choose(d)
			return ok && overlapKey(d.Rule, fix) == k
		}) {
			note(overlapped[k] + ": skipped: its edits overlap a fix applied before it")
		}
	}
	res.Files = files
	for _, f := range files {
		if !bytes.Equal(f.Src, orig[f.Name]) {
			res.Changed = append(res.Changed, f.Name)
		}
	}
	slices.Sort(res.Changed)
	return res
}

// overlapKey names a fix across rounds, where its place moves as other
// fixes edit the file.
func overlapKey(rule string, f lang.Fix) string { return rule + "\x00" + f.Message }

// choose is the first of d's fixes opts allow.
func (o FixOptions) choose(d lang.Diagnostic) (lang.Fix, bool) {
	if o.Rule != "" && d.Rule != o.Rule {
		return lang.Fix{}, false
	}
	for _, f := range d.Fixes {
		if f.Safety == lang.Safe || (o.Unsafe && f.Safety == lang.Review) {
			return f, true
		}
	}
	return lang.Fix{}, false
}

func containsAll(applied, edits []lang.Edit) bool {
	for _, e := range edits {
		if !slices.ContainsFunc(applied, func(a lang.Edit) bool {
			return a.Range.Filename == e.Range.Filename && a.Range.Start.Byte == e.Range.Start.Byte &&
				a.Range.End.Byte == e.Range.End.Byte && a.NewText == e.NewText
		}) {
			return false
		}
	}
	return true
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
