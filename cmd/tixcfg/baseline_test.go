package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tixcfg/tixcfg/emit"
)

// TestManyFindingsBaseline: a baseline of 100,000 findings is written and
// matched in time linear in them (places are found by binary search, not
// by scanning a list of 100,000 items for each), repeats at one place are
// one entry with its count, and one more finding is the one new.
func TestManyFindingsBaseline(t *testing.T) {
	if raceEnabled {
		t.Skip("heavy input: make test runs it without -race")
	}
	dir := t.TempDir()
	flags := func(n int, extra string) []byte {
		var b strings.Builder
		b.WriteString(okReseller + "company \"c\" {\n  reseller = \"acme\"\n  feature_flags = [\n")
		for i := range n {
			fmt.Fprintf(&b, "    \"flag%d\",\n", i)
		}
		b.WriteString("    \"dup\",\n    \"dup\",\n    \"dup\",\n" + extra + "  ]\n}\n")
		return []byte(b.String())
	}
	const n = 100000
	write(t, dir, "many.hcl", flags(n, ""))
	start := time.Now()
	if code, _, stderr := runIn(t, dir, "baseline", "write", "-o", "../base.json", "."); code != 0 {
		t.Fatalf("baseline write: exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "../base.json"))
	if err != nil {
		t.Fatal(err)
	}
	// The unknown flags, "dup" unknown once and repeated twice.
	if got := strings.Count(string(data), `"rule": `); got != n+2 || !strings.Contains(string(data), `"count": 2`) {
		t.Fatalf("%d entries, want %d, and a count of the repeats", got, n+2)
	}
	write(t, dir, "many.hcl", flags(n, "    \"flag-new\",\n"))
	code, stdout, stderr := runIn(t, dir, "check", "--baseline", "../base.json", "--format", "compact", ".")
	if code != 1 || strings.Count(stdout, "\n") != 1 || !strings.Contains(stdout, `"flag-new"`) {
		t.Fatalf("exit %d, want the one new flag:\n%.500s\n%s", code, stdout, stderr)
	}
	if d := time.Since(start); d > 60*time.Second {
		t.Errorf("writing and matching 100,000 findings took %v", d)
	}
}

// TestComparedEveryFormat: against a baseline and against a git revision,
// every format reports the new finding and only it (SARIF also carries the
// unchanged one, marked so), and the run fails on it.
func TestComparedEveryFormat(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("TIXCFG_REQUIRE_VALIDATORS") == "1" {
			t.Fatal("git is required (TIXCFG_REQUIRE_VALIDATORS=1) but not installed")
		}
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "init.defaultBranch=main", "-c", "core.autocrlf=false"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	company := func(id, integration string) []byte {
		return []byte(fmt.Sprintf("company %q {\n  reseller    = \"acme\"\n  permissions = [\"manage_integrations\"]\n\n  integration %q {}\n}\n", id, integration))
	}
	write(t, dir, "config/acme.hcl", []byte("reseller \"acme\" {}\n"))
	write(t, dir, "config/dubai.hcl", company("dubai-live", "google_maps"))
	git("init", "-q")
	git("add", "config")
	git("commit", "-q", "-m", "base")
	if code, _, stderr := runIn(t, dir, "baseline", "write", "config"); code != 0 {
		t.Fatalf("baseline write: exit %d: %s", code, stderr)
	}
	git("checkout", "-q", "-b", "change")
	write(t, dir, "config/cairo.hcl", company("cairo", "what3words"))
	for _, mode := range [][]string{{"--baseline", ".tixcfg-baseline.json"}, {"--new-from-rev", "main"}} {
		for _, format := range emit.Formats() {
			args := append(append([]string{"check"}, mode...), "--format", format, "config")
			code, stdout, stderr := runIn(t, dir, args...)
			name := strings.Join(args, " ")
			switch {
			case code != 1:
				t.Errorf("%s: exit %d, want 1: %s", name, code, stderr)
			case !strings.Contains(stdout, "what3words"):
				t.Errorf("%s does not report the new finding:\n%s", name, stdout)
			case format != emit.FormatSARIF && strings.Contains(stdout, "google_maps"):
				t.Errorf("%s reports the unchanged finding:\n%s", name, stdout)
			case format == emit.FormatSARIF && (strings.Count(stdout, `"baselineState": "unchanged"`) != 1 || strings.Count(stdout, `"baselineState": "new"`) != 1):
				t.Errorf("%s: want one new and one unchanged result:\n%s", name, stdout)
			}
		}
	}
}
