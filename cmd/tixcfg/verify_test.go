package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVerifyCommand: exit 0 for what build writes, 1 with one line per
// problem for a snapshot edited after build, 2 for a file it cannot read
// or a wrong command line.
func TestVerifyCommand(t *testing.T) {
	code, stdout, stderr := run("verify", exampleSnapshot)
	if code != exitOK || !strings.HasPrefix(stdout, exampleSnapshot+": valid snapshot, schema_version 1, sha256:") || stderr != "" {
		t.Errorf("verify the example: exit %d, %q, %q", code, stdout, stderr)
	}
	if code, _, stderr := run("verify", "--dir", examplePortfolio, exampleSnapshot); code != exitOK {
		t.Errorf("verify --dir the example's portfolio: exit %d, %q", code, stderr)
	}
	data, err := os.ReadFile(exampleSnapshot)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	edited := strings.Replace(strings.Replace(string(data), `"mode": "standard"`, `"mode": "premium"`, 1),
		`"client_id": "gulftix-live"`, `"client_id": 7`, 1)
	if edited == string(data) {
		t.Fatal("nothing edited")
	}
	if err := os.WriteFile(bad, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = run("verify", bad)
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if code != exitFindings || stdout != "" || len(lines) < 4 || !strings.HasSuffix(lines[len(lines)-1], fmt.Sprintf("is not a valid snapshot (%d problem(s))", len(lines)-1)) {
		t.Fatalf("verify an edited snapshot: exit %d, stdout %q, stderr:\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"/mode: must be one of", "/client_id: ", "digest: the content hashes to"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("no %q in\n%s", want, stderr)
		}
	}
	for _, l := range lines[:len(lines)-1] {
		if !strings.HasPrefix(l, bad+": ") {
			t.Errorf("a problem line does not name the file: %q", l)
		}
	}
	for _, args := range [][]string{{"verify"}, {"verify", "a", "b"}, {"verify", filepath.Join(t.TempDir(), "missing.json")}} {
		if code, _, stderr := run(args...); code != exitError || stderr == "" {
			t.Errorf("%q: exit %d, %q", args, code, stderr)
		}
	}
}
