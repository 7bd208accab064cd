package snapshot

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/lang"
)

// snapshot writes a snapshot-shaped document, indented as build writes
// it, with one company per id.
func snapshot(t *testing.T, digest string, companies []map[string]any) []byte {
	t.Helper()
	doc := map[string]any{"$schema": "x", "digest": digest, "catalog": map[string]any{"version": "1"},
		"resellers": []any{map[string]any{"id": "r"}}, "companies": companies}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func companies(ids ...int) []map[string]any {
	var out []map[string]any
	for _, id := range ids {
		out = append(out, map[string]any{"id": fmt.Sprintf("c%05d", id), "name": fmt.Sprintf("Company %d", id), "tags": []string{"a", "b"}})
	}
	return out
}

// TestExcerptIsThePatch: the diff of only the parts that differ, with
// line numbers of the whole files, turns the file into what build writes
// now: a change, an addition and a removal, first, in the middle, last.
func TestExcerptIsThePatch(t *testing.T) {
	cat := lang.Assemble(nil).Catalog
	ids := make([]int, 0, 100)
	for i := range 100 {
		ids = append(ids, i)
	}
	have := snapshot(t, "a", companies(ids...))
	changed := companies(ids[1:]...)
	changed[50]["name"] = "Renamed"
	changed = append(changed, companies(100, 101)...)
	changed = slices.Delete(changed, 70, 71)
	want := snapshot(t, "b", changed)
	c := Compare(have, want, cat)
	if want := []string{"companies (changed: c00051; added: c00100, c00101; removed: c00000, c00071)"}; !slices.Equal(c.Parts, want) {
		t.Errorf("parts %q, want %q", c.Parts, want)
	}
	d := c.Excerpt("f", 1<<20)
	if !strings.HasPrefix(d, "--- f\n+++ f (built now)\n@@ ") {
		t.Fatalf("excerpt:\n%s", d)
	}
	got, err := apply(d, string(have))
	if err != nil || got != string(want) {
		t.Errorf("the excerpt does not patch the file into the snapshot (%v):\n%s", err, d)
	}
	if n := strings.Count(d, "\n"); n > 80 {
		t.Errorf("the excerpt has %d lines for five changed items: it diffs more than differs", n)
	}
}

// TestStaleSecretsMasked: a stale file may hold literal secrets (an older
// tool wrote them, or anyone): every value under credentials and
// environments but a reference, and every value of a secret or unknown
// setting, is masked in the diff, which still shows what changed.
func TestStaleSecretsMasked(t *testing.T) {
	src := `integration_type "doorlock" {
  category = "access_control"
  company {
    setting "code" {
      type   = number
      secret = true
    }
    setting "theme" {}
  }
}
`
	cat := lang.Assemble([]*lang.File{lang.ParseFile("cat.hcl", []byte(src))}).Catalog
	have := `{
  "digest": "a",
  "resellers": [
    {
      "id": "r",
      "integrations": [
        {
          "type": "vatstack",
          "credentials": {"secret_key": "CANARY-1", "list": ["CANARY-2"], "ref": {"secret": "r/ok"}},
          "environments": {"live": {"api_key": "CANARY-3", "n": 730193019301, "o": {"secret": "CANARY-4", "x": 1}}}
        }
      ]
    }
  ],
  "companies": [
    {
      "id": "c",
      "integrations": [
        {
          "type": "doorlock",
          "settings": {"code": 730193019302, "theme": "dark"},
          "credentials": {}
        },
        {
          "settings": {"theme": "CANARY-5"},
          "type": "doorlock"
        },
        {
          "type": "unknown",
          "settings": {"x": "CANARY-6"}
        }
      ]
    }
  ]
}
`
	want := strings.NewReplacer(`"CANARY-1"`, `{"secret": "r/vat"}`, `"dark"`, `"light"`, `"a"`, `"b"`).Replace(have)
	c := Compare([]byte(have), []byte(want), cat)
	d := c.Excerpt("f", 1<<20)
	if strings.Contains(d, "CANARY") || strings.Contains(d, "7301930193") {
		t.Errorf("the diff shows a secret of the stale file:\n%s", d)
	}
	for _, shown := range []string{`"r/ok"`, `"r/vat"`, `-          "settings": {"code": ****, "theme": "dark"},`, `+          "settings": {"code": ****, "theme": "light"},`} {
		if !strings.Contains(d, shown) {
			t.Errorf("the diff lacks %s:\n%s", shown, d)
		}
	}
	if !slices.Equal(c.Parts, []string{"companies (changed: c)", "resellers (changed: r)"}) {
		t.Errorf("parts %q", c.Parts)
	}
}

// TestNotASnapshot: a file that is not a JSON object gets no diff at
// all: it may hold anything.
func TestNotASnapshot(t *testing.T) {
	c := Compare([]byte("api_key = \"CANARY\"\n"), []byte("{}\n"), lang.Assemble(nil).Catalog)
	if d := c.Excerpt("f", 40); d != "" {
		t.Errorf("excerpt of a file that is not a snapshot:\n%s", d)
	}
}

var hunkHeader = regexp.MustCompile(`^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@$`)

// apply applies a unified diff to src, checking every context and deleted
// line against it, as patch does.
func apply(patch, src string) (string, error) {
	lines := strings.SplitAfter(src, "\n")
	var out strings.Builder
	pos := 0
	for _, l := range strings.SplitAfter(patch, "\n")[2:] {
		if l == "" {
			continue
		}
		if m := hunkHeader.FindStringSubmatch(strings.TrimSuffix(l, "\n")); m != nil {
			from, _ := strconv.Atoi(m[1])
			if from-1 < pos {
				return "", fmt.Errorf("hunk %q goes back", l)
			}
			for ; pos < from-1; pos++ {
				out.WriteString(lines[pos])
			}
			continue
		}
		switch l[0] {
		case ' ', '-':
			if pos >= len(lines) || lines[pos] != l[1:] {
				return "", fmt.Errorf("line %d is not %q", pos+1, l)
			}
			if l[0] == ' ' {
				out.WriteString(l[1:])
			}
			pos++
		case '+':
			out.WriteString(l[1:])
		default:
			return "", fmt.Errorf("bad line %q", l)
		}
	}
	for ; pos < len(lines); pos++ {
		out.WriteString(lines[pos])
	}
	return out.String(), nil
}

// TestOneListNotIndexed: a member that is not a list of objects with ids
// is compared whole, and the other is still compared by id.
func TestOneListNotIndexed(t *testing.T) {
	cat := lang.Assemble(nil).Catalog
	have := `{"resellers": {"r": 1}, "companies": [{"id": "a"}, {"id": "b", "n": 1}]}`
	want := `{"resellers": [{"id": "r"}], "companies": [{"id": "a"}, {"id": "b", "n": 2}]}`
	c := Compare([]byte(have), []byte(want), cat)
	if exp := []string{"companies (changed: b)", "resellers (not a list of objects with ids)"}; !slices.Equal(c.Parts, exp) {
		t.Errorf("parts %q, want %q", c.Parts, exp)
	}
}

// TestContextInsideASecret: the context lines around a change may fall in
// the middle of another part's credentials; they are judged in their
// place in the document, not from where the region starts.
func TestContextInsideASecret(t *testing.T) {
	have := `{
  "companies": [{"id": "c", "integrations": [{"type": "vatstack", "credentials": {
        "api_key": "CANARY-9",
        "n": 1}}]}],
  "extra": 1
}
`
	want := `{
  "companies": [{"id": "c", "integrations": [{"type": "vatstack", "credentials": {
        "api_key": "CANARY-9",
        "n": 1}}]}]
}
`
	c := Compare([]byte(have), []byte(want), lang.Assemble(nil).Catalog)
	d := c.Excerpt("f", 40)
	if !strings.Contains(d, `-  "extra": 1`) || strings.Contains(d, "CANARY") {
		t.Errorf("excerpt:\n%s", d)
	}
}

// FuzzCompare: any file, compared with any snapshot, gives parts and an
// excerpt without panicking, and the excerpt never shows a value the file
// holds under credentials.
func FuzzCompare(f *testing.F) {
	f.Add(`{"companies":[{"id":"a","integrations":[{"type":"t","credentials":{"k":"CANARY"}}]}]}`, `{"companies":[{"id":"a"},{"id":"b"}]}`)
	f.Add(`{"resellers":[{"id":"r","x":[1,{"environments":{"live":{"k":"CANARY"}}}]}],"digest":"a"}`, `{"resellers":[],"digest":"b"}`)
	f.Add("not json", "{}")
	cat := lang.Assemble(nil).Catalog
	f.Fuzz(func(t *testing.T, have, want string) {
		if !json.Valid([]byte(want)) {
			return
		}
		c := Compare([]byte(have), []byte(want), cat)
		if len(c.Parts) == 0 && have != want {
			t.Fatal("no parts for different files")
		}
		d := c.Excerpt("f", 1000)
		if strings.Contains(have, `"credentials":{"k":"CANARY"}`) && !strings.Contains(want, "CANARY") && strings.Contains(d, "CANARY") {
			t.Fatalf("excerpt shows a secret:\n%s", d)
		}
	})
}
