package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/internal/genportfolio"
)

// copyPortfolio copies a folder of the repository into a temporary one,
// rewriting each file's text with edit (nil: as it is).
func copyPortfolio(t *testing.T, from string, edit func(rel, text string) string) string {
	t.Helper()
	to := t.TempDir()
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := string(b)
		if edit != nil {
			text = edit(filepath.ToSlash(rel), text)
		}
		write(t, to, rel, []byte(text))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

// diffSchema compiles what `tixcfg schema diff` prints.
func diffSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	code, stdout, stderr := run("schema", "diff")
	if code != exitOK || stdout != string(emit.DiffSchema) {
		t.Fatalf("schema diff: exit %d, stderr %s", code, stderr)
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(stdout))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("urn:tixcfg:schema:diff:1", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("urn:tixcfg:schema:diff:1")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// TestDiffJSONSchema validates diff's JSON against `tixcfg schema diff`:
// a change of the example portfolio touching every kind of item, the
// same between its snapshots, and no change at all.
func TestDiffJSONSchema(t *testing.T) {
	sch := diffSchema(t)
	changed := copyPortfolio(t, examplePortfolio, func(rel, text string) string {
		switch {
		case strings.HasPrefix(rel, "resellers/"):
			// Flags, a credential set, a secret reference, a name.
			text = strings.Replace(text, `"refund_protect_group"`, `"dtcm"`, 1)
			text = regexp.MustCompile(`(?s)\n    environment "test" \{.*?\n    \}`).ReplaceAllString(text, "")
			text = regexp.MustCompile(`secret\("([^"]*)"\)`).ReplaceAllString(text, `secret("${1}-2")`)
			text = regexp.MustCompile(`name( *)= "`).ReplaceAllString(text, `name$1= "New `)
		case strings.HasPrefix(rel, "companies/"):
			text = strings.Replace(text, `"manage_payments"`, `"manage_integrations"`, 1)
			text = regexp.MustCompile(`deadline_hours( *)= \d+`).ReplaceAllString(text, `deadline_hours$1= 12`)
		}
		return text
	})
	// A change that still builds, for snapshots: references, settings.
	buildable := copyPortfolio(t, examplePortfolio, func(rel, text string) string {
		text = regexp.MustCompile(`secret\("([^"]*)"\)`).ReplaceAllString(text, `secret("${1}-2")`)
		return regexp.MustCompile(`deadline_hours( *)= \d+`).ReplaceAllString(text, `deadline_hours$1= 12`)
	})
	old := filepath.Join(t.TempDir(), "old.json")
	newSnap := filepath.Join(t.TempDir(), "new.json")
	for _, b := range [][2]string{{examplePortfolio, old}, {buildable, newSnap}} {
		if code, _, stderr := run("build", "--no-cache", b[0], "-o", b[1]); code != 0 {
			t.Fatal(stderr)
		}
	}
	runs := [][]string{
		{"diff", "--no-cache", "--format", "json", examplePortfolio, changed},
		{"diff", "--no-cache", "--format", "json", examplePortfolio, examplePortfolio},
		{"diff", "--format", "json", old, old},
		{"diff", "--format", "json", old, newSnap},
	}
	sawLoss := false
	for _, args := range runs {
		code, stdout, stderr := run(args...)
		if code != 0 {
			t.Fatalf("%q: exit %d: %s", args, code, stderr)
		}
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(stdout))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%q: the JSON does not match the schema: %v\n%s", args, err, stdout)
		}
		sawLoss = sawLoss || strings.Contains(stdout, `"effect": "loss"`)
		if args[len(args)-1] == newSnap && !strings.Contains(stdout, `-2\")"`) {
			t.Errorf("the snapshots' diff shows no changed reference:\n%s", stdout)
		}
	}
	if !sawLoss {
		t.Error("the changed example lost no integration: the test no longer covers losses")
	}
}

// TestDiffMarkdownLimit diffs a change that takes an integration from
// thousands of companies: the markdown stays within GitHub's 65,536
// characters, keeps its <details> blocks whole and says what it left out.
func TestDiffMarkdownLimit(t *testing.T) {
	if raceEnabled {
		t.Skip("heavy input: make test runs it without -race")
	}
	base := t.TempDir()
	if _, err := genportfolio.Write(filepath.Join(base, "p"), genportfolio.Options{Companies: 600, PerReseller: 300}); err != nil {
		t.Fatal(err)
	}
	head := copyPortfolio(t, filepath.Join(base, "p"), func(rel, text string) string {
		if strings.HasPrefix(rel, "resellers/") {
			text = strings.Replace(text, `"dtcm", `, "", 1)
			text = regexp.MustCompile(`(?s)\n    environment "test" \{.*?\n    \}`).ReplaceAllString(text, "")
		}
		return text
	})
	code, md, stderr := run("diff", "--no-cache", "--format", "markdown", filepath.Join(base, "p"), head)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n := len(md); n > emit.MarkdownLimit || n < emit.MarkdownLimit/2 {
		t.Errorf("the markdown is %d characters, want at most %d (and not far below it)", n, emit.MarkdownLimit)
	}
	if !strings.Contains(md, "_Not shown, to stay within GitHub's 65536 characters: ") || !strings.Contains(md, " companies") {
		t.Errorf("the markdown does not say what it left out:\n%s", md[max(0, len(md)-500):])
	}
	if open, closed := strings.Count(md, "<details>"), strings.Count(md, "</details>"); open != closed || open == 0 {
		t.Errorf("%d <details> opened, %d closed", open, closed)
	}
	// Every company is in the JSON; the markdown shows only some.
	_, js, _ := run("diff", "--no-cache", "--format", "json", filepath.Join(base, "p"), head)
	if n := strings.Count(js, `"effect": "loss"`); n < 200 {
		t.Errorf("only %d losses in the JSON", n)
	}
	if !bytes.Contains([]byte(md), []byte("Lost integrations")) {
		t.Error("the table of lost integrations is missing")
	}
}
