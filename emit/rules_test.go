package emit

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/checker"
)

// TestRuleDocURL pins that `tixcfg rules` gives each rule's URL: a line
// under the heading of its text, a url member in JSON.
func TestRuleDocURL(t *testing.T) {
	for _, r := range checker.Rules() {
		want := "https://github.com/tixcfg/tixcfg/blob/main/docs/rules.md#" + r.ID
		var text bytes.Buffer
		if err := WriteRuleDoc(&text, r); err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitN(text.String(), "\n", 3)
		if head := r.ID + " (" + r.Severity.String() + ", since " + r.Since + ")"; lines[0] != head || lines[1] != want {
			t.Errorf("rule %s: text starts %q, want %q then %q", r.ID, lines[:2], head, want)
		}
	}
	var list bytes.Buffer
	if err := WriteRulesText(&list, checker.Rules()); err != nil {
		t.Fatal(err)
	}
	if want := "\nEach rule is documented at https://github.com/tixcfg/tixcfg/blob/main/docs/rules.md#RULE (or: tixcfg rules RULE).\n"; !strings.HasSuffix(list.String(), want) {
		t.Errorf("the rule list does not end with %q:\n%s", want, list.String())
	}
	var out bytes.Buffer
	if err := WriteRulesJSON(&out, checker.Rules()); err != nil {
		t.Fatal(err)
	}
	var got []struct {
		ID, URL, Since string
		ReportedBy     string `json:"reported_by"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for _, g := range got {
		r := checker.Lookup(g.ID)
		if r == nil || g.URL != r.URL || g.Since != r.Since || g.ReportedBy == "" {
			t.Errorf("rules JSON: %+v", g)
		}
	}
}
