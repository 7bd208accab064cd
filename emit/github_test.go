package emit

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/lang"
)

// unescapeGitHub undoes @actions/core's escaping, as the runner does.
func unescapeGitHub(s string) string {
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace(s)
}

// TestGitHubEscaping: a message and a title holding %, :, , and line
// breaks come out as one line that the runner decodes back to the text.
func TestGitHubEscaping(t *testing.T) {
	file := "odd, dir/a:b%.hcl"
	d := lang.Diagnostic{Rule: "invalid-value", Severity: lang.Error,
		Summary: "Discount 50%: a, b",
		Detail:  "First line: 100% sure, really.\nSecond line\r\nend",
		Subject: rng(file, 2, 3, 10, 2, 9, 16)}
	got := githubCommand(d)
	want := "::error file=odd%2C dir/a%3Ab%25.hcl,line=2,endLine=2,col=3,endColumn=9," +
		"title=Discount 50%25%3A a%2C b [invalid-value]::First line: 100%25 sure, really.%0ASecond line%0D%0Aend"
	if got != want {
		t.Fatalf("github command:\n got %s\nwant %s", got, want)
	}
	if strings.ContainsAny(got, "\r\n") {
		t.Fatal("a workflow command must be one line")
	}
	// Split as the runner does: properties before "::", each at "," then "=".
	rest, ok := strings.CutPrefix(got, "::error ")
	if !ok {
		t.Fatal("not an error command")
	}
	props, msg, ok := strings.Cut(rest, "::")
	if !ok {
		t.Fatal("no message separator")
	}
	if unescapeGitHub(msg) != d.Detail {
		t.Errorf("message decodes to %q, want %q", unescapeGitHub(msg), d.Detail)
	}
	decoded := map[string]string{}
	for _, kv := range strings.Split(props, ",") {
		k, v, _ := strings.Cut(kv, "=")
		decoded[k] = unescapeGitHub(v)
	}
	if decoded["file"] != file || decoded["title"] != d.Summary+" [invalid-value]" || decoded["line"] != "2" {
		t.Errorf("properties decode to %v", decoded)
	}
}

func TestGitHubCommands(t *testing.T) {
	src := memSources{}
	diags := []lang.Diagnostic{
		{Rule: "syntax", Severity: lang.Error, Summary: "Multi-line", Detail: "", Subject: rng("a.hcl", 1, 5, 4, 3, 2, 30)},
		{Rule: "credential-literal", Severity: lang.Warning, Summary: "W", Detail: "Warn.", Subject: rng("a.hcl", 4, 1, 31, 4, 4, 34)},
		{Rule: "schema", Severity: lang.Info, Summary: "I", Detail: "Info.", Subject: rng("b.hcl", 1, 1, 0, 1, 2, 1)},
		{Rule: "schema", Severity: lang.Error, Summary: "No file", Detail: "Nowhere."},
	}
	got := render(t, FormatGitHub, diags, src, Meta{Files: []string{"a.hcl", "b.hcl"}})
	want := `::error file=a.hcl,line=1,endLine=3,title=Multi-line [syntax]::Multi-line
::warning file=a.hcl,line=4,endLine=4,col=1,endColumn=4,title=W [credential-literal]::Warn.
::notice file=b.hcl,line=1,endLine=1,col=1,endColumn=2,title=I [schema]::Info.
::error title=No file [schema]::Nowhere.
Found 2 errors, 1 warning, 1 info in 2 files.
`
	if got != want {
		t.Errorf("github:\n%s\nwant:\n%s", got, want)
	}
}

// TestGitHubSummaryPastLimit: past ten annotations of a kind the summary
// says where the rest are.
func TestGitHubSummaryPastLimit(t *testing.T) {
	var diags []lang.Diagnostic
	for i := range 11 {
		diags = append(diags, lang.Diagnostic{Rule: "schema", Severity: lang.Warning, Summary: fmt.Sprint("w", i), Subject: rng("a.hcl", i+1, 1, 0, i+1, 2, 1)})
	}
	out := render(t, FormatGitHub, diags, memSources{}, Meta{Files: []string{"a.hcl"}})
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 12 {
		t.Fatalf("want 11 commands and a summary, got %d lines", len(lines))
	}
	if last := lines[11]; !strings.HasPrefix(last, "Found 11 warnings in 1 file. GitHub shows 10 annotations") {
		t.Errorf("summary = %q", last)
	}
	out = render(t, FormatGitHub, diags[:10], memSources{}, Meta{Files: []string{"a.hcl"}})
	if strings.Contains(out, "GitHub shows") {
		t.Error("the limit note appears with only ten annotations")
	}
}

func TestGitHubClean(t *testing.T) {
	if got := render(t, FormatGitHub, nil, memSources{}, Meta{Files: []string{"a.hcl", "b.hcl"}}); got != "No problems found in 2 files.\n" {
		t.Errorf("clean github output = %q", got)
	}
}
