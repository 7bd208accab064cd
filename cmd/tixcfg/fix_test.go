package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/internal/atomicfile"
)

// fixFixtures are rule fixtures whose safe fixes FixFiles applies; their
// want comments ride along and do not matter here.
var fixFixtures = []string{"unused-ignore/unused.hcl", "unused-ignore/multi_line.hcl", "duplicate/in_reseller.hcl", "duplicate/in_company.hcl"}

// fixCopy copies the fixtures to a fresh folder, each under its rule's
// name.
func fixCopy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range fixFixtures {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "rules", filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		to := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func fixRun(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }, cwd: dir, buildFS: atomicfile.OS, fmtFS: atomicfile.OS}
	code := mainEnv(e, append([]string{"fix", "--no-cache"}, append(args, dir)...))
	return code, out.String(), errOut.String()
}

// TestFixDiffApplies applies `fix --diff` with the real `git apply` to one
// copy of the fixtures and runs `fix` on another: the patch applies and
// gives the files fix writes, and the diff writes nothing itself.
func TestFixDiffApplies(t *testing.T) {
	git := pcRequireTool(t, "git", "install git")
	a, b := fixCopy(t), fixCopy(t)
	code, diff, stderr := fixRun(t, a, "--diff")
	if code == exitError || diff == "" {
		t.Fatalf("fix --diff: exit %d, empty diff or error:\n%s%s", code, diff, stderr)
	}
	if !strings.HasPrefix(diff, "--- a/") {
		t.Errorf("diff lacks a/ b/ prefixes:\n%s", diff)
	}
	if got := fixCopyTexts(t, a); got != fixCopyTexts(t, fixCopy(t)) {
		t.Fatal("fix --diff wrote to the files")
	}
	patch := filepath.Join(t.TempDir(), "fix.patch")
	if err := os.WriteFile(patch, []byte(diff), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"apply", "--check", patch}, {"apply", patch}} {
		cmd := exec.Command(git, args...)
		cmd.Dir = a
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s\n%s", strings.Join(args, " "), err, out, diff)
		}
	}
	if code, _, stderr := fixRun(t, b); code == exitError {
		t.Fatalf("fix: exit %d\n%s", code, stderr)
	}
	if fixCopyTexts(t, a) != fixCopyTexts(t, b) {
		t.Errorf("the applied diff and fix's own writes differ")
	}
	if code, out, _ := fixRun(t, b, "--diff"); out != "" {
		t.Errorf("a second fix --diff (exit %d) still changes something:\n%s", code, out)
	}
}

func fixCopyTexts(t *testing.T, dir string) string {
	t.Helper()
	var s strings.Builder
	for _, f := range fixFixtures {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		s.WriteString(f + "\n" + string(b))
	}
	return s.String()
}
