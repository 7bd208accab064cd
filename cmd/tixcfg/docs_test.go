package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/emit"
)

const rulesReference = "../../docs/rules.md"

// TestDocsRules keeps docs/rules.md, the page every rule URL points into,
// generated from the registry; -update rewrites it.
func TestDocsRules(t *testing.T) {
	var want bytes.Buffer
	if err := emit.WriteRulesReference(&want, checker.Rules()); err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile(rulesReference)
	if err != nil && !*update {
		t.Fatal(err)
	}
	if !bytes.Equal(have, want.Bytes()) {
		if !*update {
			t.Fatalf("%s is stale; run go test ./cmd/tixcfg -run TestDocsRules -update", rulesReference)
		}
		if err := os.MkdirAll("../../docs", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(rulesReference, want.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		have = want.Bytes()
	}
	// Each URL lands on its rule: one explicit anchor per ID, right before
	// the rule's heading.
	for _, r := range checker.Rules() {
		anchor := `<a id="` + r.ID + `"></a>`
		if n := strings.Count(string(have), anchor); n != 1 {
			t.Errorf("%s has %d anchors %s", rulesReference, n, anchor)
		}
		if !strings.Contains(string(have), anchor+"\n\n## "+r.ID+"\n") {
			t.Errorf("%s: the anchor of %s does not stand before its heading", rulesReference, r.ID)
		}
		if _, frag, _ := strings.Cut(r.URL, "#"); frag != r.ID || !strings.HasPrefix(r.URL, checker.DocsURL+"#") {
			t.Errorf("rule %s: URL %q is not %s#%s", r.ID, r.URL, checker.DocsURL, r.ID)
		}
	}
}
