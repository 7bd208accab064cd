package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/internal/atomicfile"
)

// doneExamples are the broken examples whose findings `fix --unsafe`
// resolves entirely (issue #13's "done when").
var doneExamples = []string{"flag-required", "flag-not-on-reseller", "permission-required", "unknown-reference", "managed-by-parent", "unused-ignore"}

// copyExample copies examples/broken/<name>'s portfolio files to a fresh
// folder.
func copyExample(t *testing.T, name string) string {
	t.Helper()
	from := filepath.Join("..", "..", "examples", "broken", name)
	dir := t.TempDir()
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".hcl") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		write(t, dir, rel, b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// runAt runs tixcfg in dir on dir, without the cache.
func runAt(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }, cwd: dir, buildFS: atomicfile.OS, fmtFS: atomicfile.OS}
	code := mainEnv(e, append([]string{args[0], "--no-cache"}, append(args[1:], dir)...))
	return code, out.String(), errOut.String()
}

// Of check's JSON output, what this test reads.
type (
	doneFinding struct {
		Rule  string
		Fixes []struct {
			Safety string
			Edits  []struct {
				Range struct {
					Filename string
					Start    struct{ Byte int }
					End      struct{ Byte int }
				}
				NewText string `json:"new_text"`
			}
		}
	}
	doneReport struct{ Diagnostics []doneFinding }
)

func checkJSON(t *testing.T, dir string) (int, []doneFinding) {
	t.Helper()
	code, out, stderr := runAt(t, dir, "check", "--format", "json")
	var r doneReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("check --format json: %v\n%s%s", err, out, stderr)
	}
	return code, r.Diagnostics
}

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(path)
			rel, _ := filepath.Rel(dir, path)
			out[filepath.ToSlash(rel)] = string(b)
		}
		return err
	})
	return out
}

// TestFixResolvesExamples: on a copy of each example, fix --unsafe leaves
// no finding of those rules, exits as check does on what remains, and
// keeps the files fmt-clean; fix --unsafe --diff applies with the real git
// apply; plain fix applies no edit of a review fix.
func TestFixResolvesExamples(t *testing.T) {
	git := pcRequireTool(t, "git", "install git")
	for _, name := range doneExamples {
		t.Run(name, func(t *testing.T) {
			dir := copyExample(t, name)
			before := readTree(t, dir)
			_, found := checkJSON(t, dir)
			if !slices.ContainsFunc(found, func(f doneFinding) bool { return f.Rule == name && len(f.Fixes) > 0 }) {
				t.Fatalf("no %s finding with a fix in the example", name)
			}
			code, _, stderr := runAt(t, dir, "fix", "--unsafe")
			if code == exitError {
				t.Fatalf("fix --unsafe: exit %d\n%s", code, stderr)
			}
			checkCode, left := checkJSON(t, dir)
			for _, f := range left {
				if slices.Contains(doneExamples, f.Rule) {
					t.Errorf("after fix --unsafe, still a %s finding\n%s", f.Rule, stderr)
				}
			}
			if code != checkCode {
				t.Errorf("fix --unsafe exited %d, check on what remains %d", code, checkCode)
			}
			if code, out, stderr := runAt(t, dir, "fmt", "--check"); code != 0 {
				t.Errorf("after fix --unsafe, fmt --check exits %d:\n%s%s", code, out, stderr)
			}

			fresh := copyExample(t, name)
			_, diff, stderr := runAt(t, fresh, "fix", "--unsafe", "--diff")
			if diff == "" {
				t.Fatalf("fix --unsafe --diff printed nothing\n%s", stderr)
			}
			patch := filepath.Join(t.TempDir(), "fix.patch")
			if err := os.WriteFile(patch, []byte(diff), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(git, "apply", "--check", patch)
			cmd.Dir = fresh
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("git apply --check: %v\n%s\n%s", err, out, diff)
			}

			safe := copyExample(t, name)
			if code, _, stderr := runAt(t, safe, "fix"); code == exitError {
				t.Fatalf("fix: exit %d\n%s", code, stderr)
			}
			checkSafeOnly(t, before, readTree(t, safe), found)
		})
	}
}

// checkSafeOnly: no edit of a review fix is in the files after a safe-only
// fix: what such an edit removes is all still there, and what it writes
// is no more often there than before (blanks aside: realigning an "="
// is every fix's).
func checkSafeOnly(t *testing.T, before, after map[string]string, found []doneFinding) {
	t.Helper()
	for _, f := range found {
		for _, fx := range f.Fixes {
			if fx.Safety != "review" {
				continue
			}
			for _, e := range fx.Edits {
				name := filepath.ToSlash(e.Range.Filename)
				src, now := before[name], after[name]
				if removed := strings.TrimSpace(src[e.Range.Start.Byte:e.Range.End.Byte]); removed != "" && strings.Count(now, removed) < strings.Count(src, removed) {
					t.Errorf("fix (safe only) removed %q from %s, an edit of a %s review fix", removed, name, f.Rule)
				}
				if added := strings.TrimSpace(e.NewText); added != "" && strings.Count(now, added) > strings.Count(src, added) {
					t.Errorf("fix (safe only) wrote %q into %s, an edit of a %s review fix", added, name, f.Rule)
				}
			}
		}
	}
}
