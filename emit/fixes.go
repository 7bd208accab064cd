package emit

import (
	"fmt"
	"io"

	"github.com/tixcfg/tixcfg/lang"
)

// Wire structs of the fixes in the JSON format; an edit's range has the
// shape of a diagnostic's.
type (
	jsonFix struct {
		Message string     `json:"message"`
		Safety  string     `json:"safety"`
		Edits   []jsonEdit `json:"edits"`
	}
	jsonEdit struct {
		Range   *jsonRange `json:"range"`
		NewText string     `json:"new_text"`
	}
)

// toJSONFixes is never nil, so "fixes" is always an array.
func toJSONFixes(fs []lang.Fix) []jsonFix {
	out := make([]jsonFix, 0, len(fs))
	for _, f := range fs {
		jf := jsonFix{Message: f.Message, Safety: f.Safety.String(), Edits: make([]jsonEdit, 0, len(f.Edits))}
		for _, e := range f.Edits {
			jf.Edits = append(jf.Edits, jsonEdit{Range: toJSONRange(e.Range), NewText: e.NewText})
		}
		out = append(out, jf)
	}
	return out
}

// writeTextFixes marks a fixable finding in text output, one line per
// alternative, so the operator knows `tixcfg fix` can make the edit.
func writeTextFixes(w io.Writer, fs []lang.Fix) {
	if len(fs) == 0 {
		return
	}
	fmt.Fprintln(w)
	for _, f := range fs {
		review := ""
		if f.Safety == lang.Review {
			review = " (review)"
		}
		fmt.Fprintf(w, "  fix available: %s%s\n", f.Message, review)
	}
}

// Wire structs of SARIF's fix objects (SARIF 2.1.0 §3.55 to §3.57).
type (
	sarifFix struct {
		Description     sarifMessage          `json:"description"`
		ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	}
	sarifArtifactChange struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Replacements     []sarifReplacement    `json:"replacements"`
	}
	sarifReplacement struct {
		DeletedRegion   sarifRegion   `json:"deletedRegion"`
		InsertedContent *sarifContent `json:"insertedContent,omitempty"`
	}
	sarifContent struct {
		Text string `json:"text"`
	}
)

// sarifFixesOf turns fixes into SARIF's, one artifact change per file in
// the order the edits first name them. A fix with an edit in no file of
// the repository is left out whole: applying part of it would be wrong,
// and an empty artifactChanges makes GitHub reject the upload.
func sarifFixesOf(fs []lang.Fix, src *indexedSources) []sarifFix {
	var out []sarifFix
next:
	for _, f := range fs {
		sf := sarifFix{Description: sarifMessage{Text: sentence(f.Message, "")}}
		at := map[string]int{}
		for _, e := range f.Edits {
			art, ok := sarifArtifact(e.Range.Filename)
			if !ok || e.Range.Start.Line < 1 {
				continue next
			}
			i, seen := at[e.Range.Filename]
			if !seen {
				i = len(sf.ArtifactChanges)
				at[e.Range.Filename] = i
				sf.ArtifactChanges = append(sf.ArtifactChanges, sarifArtifactChange{ArtifactLocation: art})
			}
			text := src.index(e.Range.Filename)
			r := sarifReplacement{DeletedRegion: sarifRegion{
				StartLine: e.Range.Start.Line, StartColumn: text.utf16Column(e.Range.Start),
				EndLine: e.Range.End.Line, EndColumn: text.utf16Column(e.Range.End)}}
			if e.NewText != "" {
				r.InsertedContent = &sarifContent{Text: e.NewText}
			}
			sf.ArtifactChanges[i].Replacements = append(sf.ArtifactChanges[i].Replacements, r)
		}
		if len(sf.ArtifactChanges) > 0 {
			out = append(out, sf)
		}
	}
	return out
}
