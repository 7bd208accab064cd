package main

import (
	"bytes"
	"os"
	"regexp"
	"testing"
)

var rulesSection = regexp.MustCompile(`(?s)(<!-- rules:begin -->\n).*?(<!-- rules:end -->)`)

// TestReadmeRulesTable keeps the README's rules table equal to the
// registry (`tixcfg rules --format markdown`); -update rewrites it.
func TestReadmeRulesTable(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Main([]string{"rules", "--format", "markdown"}, &out, &errOut); code != 0 {
		t.Fatalf("rules exited %d: %s", code, errOut.String())
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := rulesSection.FindSubmatchIndex(readme)
	if m == nil {
		t.Fatal("README.md has no <!-- rules:begin --> ... <!-- rules:end --> section")
	}
	current := readme[m[3]:m[4]]
	if bytes.Equal(current, out.Bytes()) {
		return
	}
	if !*update {
		t.Fatalf("README.md's rules table differs from the registry; run go test ./cmd/tixcfg -run TestReadmeRulesTable -update\nwant:\n%s\ngot:\n%s", out.String(), current)
	}
	updated := append(append(append([]byte{}, readme[:m[3]]...), out.Bytes()...), readme[m[4]:]...)
	if err := os.WriteFile("../../README.md", updated, 0o644); err != nil {
		t.Fatal(err)
	}
}
