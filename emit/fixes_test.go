package emit

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/lang"
)

// fixedSources and fixedDiags are a finding with two alternative fixes,
// the first spanning two files (an insertion and a replacement), the
// second a deletion in the built-in catalog, which has no artifact.
var (
	fixedSources = memSources{
		"a.hcl": "reseller \"acme\" {\n  feature_flags = [\"dtcm\"]\n}\n",
		"b.hcl": "company \"x\" {\n  reseller = \"acme\"\n}\n",
	}
	fixedDiags = []lang.Diagnostic{{Rule: "flag-required", Severity: lang.Error, Summary: "Flag missing",
		Subject: rng("b.hcl", 1, 1, 0, 1, 12, 11),
		Fixes: []lang.Fix{
			{Message: "add the flag", Safety: lang.Review, Edits: []lang.Edit{
				{Range: rng("a.hcl", 2, 26, 43, 2, 26, 43), NewText: `, "szamlazz"`},
				{Range: rng("b.hcl", 2, 14, 27, 2, 20, 33), NewText: `"acme2"`},
			}},
			{Message: "remove the line", Safety: lang.Safe, Edits: []lang.Edit{{Range: rng("b.hcl", 2, 1, 14, 3, 1, 34)}}},
			{Message: "in the catalog", Safety: lang.Safe, Edits: []lang.Edit{{Range: rng(lang.BuiltinCatalogName, 1, 1, 0, 1, 2, 1)}}},
		}}}
)

func TestJSONFixes(t *testing.T) {
	var doc struct {
		Diagnostics []struct {
			Fixes []struct {
				Message, Safety string
				Edits           []struct {
					Range *struct {
						Filename   string
						Start, End struct{ Line, Column, Byte int }
					}
					NewText string `json:"new_text"`
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(render(t, FormatJSON, fixedDiags, fixedSources, Meta{})), &doc); err != nil {
		t.Fatal(err)
	}
	fs := doc.Diagnostics[0].Fixes
	if len(fs) != 3 || fs[0].Safety != "review" || fs[1].Safety != "safe" || len(fs[0].Edits) != 2 {
		t.Fatalf("fixes = %+v", fs)
	}
	if e := fs[0].Edits[0]; e.Range.Filename != "a.hcl" || e.Range.Start.Byte != 43 || e.Range.End.Column != 26 || e.NewText != `, "szamlazz"` {
		t.Errorf("first edit = %+v", e)
	}
	// No fixes is an empty array, not a missing or null field.
	out := render(t, FormatJSON, []lang.Diagnostic{{Rule: "schema", Severity: lang.Error, Summary: "s"}}, memSources{}, Meta{})
	if !strings.Contains(out, `"fixes": []`) {
		t.Errorf("diagnostic without fixes lacks \"fixes\": []:\n%s", out)
	}
}

func TestSARIFFixes(t *testing.T) {
	var log struct {
		Runs []struct {
			Results []struct {
				Fixes []struct {
					Description     struct{ Text string }
					ArtifactChanges []struct {
						ArtifactLocation struct{ URI string }
						Replacements     []struct {
							DeletedRegion   struct{ StartLine, StartColumn, EndLine, EndColumn int }
							InsertedContent *struct{ Text string }
						}
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(render(t, FormatSARIF, fixedDiags, fixedSources, Meta{Version: "v1"})), &log); err != nil {
		t.Fatal(err)
	}
	fs := log.Runs[0].Results[0].Fixes
	// The catalog fix has no artifact and is left out rather than emitted
	// with an empty artifactChanges.
	if len(fs) != 2 {
		t.Fatalf("got %d fixes, want 2: %+v", len(fs), fs)
	}
	ac := fs[0].ArtifactChanges
	if len(ac) != 2 || ac[0].ArtifactLocation.URI != "a.hcl" || ac[1].ArtifactLocation.URI != "b.hcl" {
		t.Fatalf("artifactChanges = %+v", ac)
	}
	if r := ac[0].Replacements[0]; r.DeletedRegion.StartLine != 2 || r.DeletedRegion.StartColumn != 26 || r.InsertedContent == nil || r.InsertedContent.Text != `, "szamlazz"` {
		t.Errorf("insertion = %+v", r)
	}
	if r := fs[1].ArtifactChanges[0].Replacements[0]; r.InsertedContent != nil || r.DeletedRegion.EndLine != 3 {
		t.Errorf("deletion = %+v", r)
	}
	if fs[0].Description.Text != "add the flag." {
		t.Errorf("description = %q", fs[0].Description.Text)
	}
}

func TestTextFixes(t *testing.T) {
	out := render(t, FormatText, fixedDiags, fixedSources, Meta{})
	for _, want := range []string{"  fix available: add the flag (review)\n", "  fix available: remove the line\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
}
