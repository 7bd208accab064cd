package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// pcRequireTool finds an external program a test drives. Locally a missing
// one skips the test; with TIXCFG_REQUIRE_VALIDATORS set (CI sets it) it
// fails, so CI cannot pass by skipping.
func pcRequireTool(t *testing.T, name, install string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("TIXCFG_REQUIRE_VALIDATORS") != "" {
		t.Fatalf("%s is not installed and TIXCFG_REQUIRE_VALIDATORS is set (%s)", name, install)
	}
	t.Skipf("%s is not installed (%s)", name, install)
	return ""
}

// TestPreCommitHooks runs the hooks of .pre-commit-hooks.yaml with the
// real pre-commit tool, as a user's repository would: pre-commit clones
// this repository (a snapshot of the working tree, so uncommitted changes
// count), builds tixcfg with `go install` and runs the hooks on a
// temporary git repository holding a portfolio.
func TestPreCommitHooks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds tixcfg through pre-commit; skipped with -short")
	}
	preCommit := pcRequireTool(t, "pre-commit", "apt-get install -y pre-commit")
	pcRequireTool(t, "git", "apt-get install -y git")
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	hooks := pcSnapshot(t, repo, filepath.Join(t.TempDir(), "tixcfg"))

	work := t.TempDir()
	pcGit(t, work, "init", "-q")
	pcWriteFiles(t, work, map[string]string{
		".pre-commit-config.yaml": "repos:\n  - repo: " + hooks.dir + "\n    rev: " + hooks.sha + "\n    hooks:\n      - id: tixcfg-check\n      - id: tixcfg-fmt\n      - id: tixcfg-fix\n",
		"resellers.hcl":           "reseller \"acme\" {\n  name = \"Acme Tickets\"\n}\n",
		"companies/cairo.hcl":     "company \"cairo\" {\n  reseller = \"acmee\"\n}\n",
	})
	pcGit(t, work, "add", "-A")

	// pre-commit keeps its clones and built environments here; the
	// module cache is shared with this go command so that the build needs
	// no download when the cache is warm.
	env := append(os.Environ(), "PRE_COMMIT_HOME="+filepath.Join(t.TempDir(), "pre-commit"), "GOMODCACHE="+pcGoEnv(t, "GOMODCACHE"), "NO_COLOR=1")
	run := func(wantCode int, args ...string) string {
		t.Helper()
		cmd := exec.Command(preCommit, append([]string{"run", "--color", "never"}, args...)...)
		cmd.Dir, cmd.Env = work, env
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("pre-commit %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		if code != wantCode {
			t.Fatalf("pre-commit run %s: exit %d, want %d\n%s", strings.Join(args, " "), code, wantCode, out)
		}
		return string(out)
	}

	// A broken portfolio fails the check hook with the diagnostic.
	out := run(1, "tixcfg-check", "--all-files")
	for _, want := range []string{"tixcfg check", "Failed", `Unknown reseller "acmee" [unknown-reference]`, "companies/cairo.hcl line 2"} {
		if !strings.Contains(out, want) {
			t.Errorf("broken portfolio: output lacks %q:\n%s", want, out)
		}
	}
	pcWriteFiles(t, work, map[string]string{"companies/cairo.hcl": "company \"cairo\" {\n  reseller = \"acme\"\n}\n"})
	pcGit(t, work, "add", "-A")
	if out := run(0, "--all-files"); strings.Count(out, "Passed") != 3 {
		t.Errorf("fixed portfolio: want every hook to pass:\n%s", out)
	}
	pcGit(t, work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--no-verify", "-m", "portfolio")

	// Only a company file changes, and it names a reseller of another
	// file: the check hook checks the whole portfolio (pass_filenames:
	// false), so the reference resolves.
	pcWriteFiles(t, work, map[string]string{"companies/giza.hcl": "company \"giza\" {\n  reseller = \"acme\"\n}\n"})
	pcGit(t, work, "add", "companies/giza.hcl")
	if out := run(0, "tixcfg-check"); !strings.Contains(out, "Passed") {
		t.Errorf("a file naming a reseller of another file: want Passed:\n%s", out)
	}
	pcGit(t, work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--no-verify", "-m", "giza")

	// A change to a JSON-syntax file alone still runs the check.
	pcWriteFiles(t, work, map[string]string{"companies/gen.hcl.json": `{"company": {"gen": {"reseller": "nobody"}}}` + "\n"})
	pcGit(t, work, "add", "companies/gen.hcl.json")
	if out := run(1, "tixcfg-check"); !strings.Contains(out, `Unknown reseller "nobody"`) {
		t.Errorf("a broken *.hcl.json file: want it reported:\n%s", out)
	}
	pcGit(t, work, "rm", "-q", "--cached", "companies/gen.hcl.json")
	if err := os.Remove(filepath.Join(work, "companies", "gen.hcl.json")); err != nil {
		t.Fatal(err)
	}

	// The fmt hook formats the files it is given, and only those: the
	// staged file is rewritten (pre-commit fails the run since a hook
	// changed a file); an unformatted committed file it is not given is
	// left as it is.
	unformatted := "company \"luxor\" {\nreseller = \"acme\"\n    permissions = []\n}\n"
	pcWriteFiles(t, work, map[string]string{"companies/luxor.hcl": unformatted, "companies/aswan.hcl": unformatted})
	pcGit(t, work, "add", "companies/aswan.hcl")
	pcGit(t, work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--no-verify", "-m", "aswan")
	pcGit(t, work, "add", "companies/luxor.hcl")
	out = run(1, "tixcfg-fmt")
	if !strings.Contains(out, "files were modified by this hook") {
		t.Errorf("fmt hook: want pre-commit to report the rewrite:\n%s", out)
	}
	want := "company \"luxor\" {\n  reseller    = \"acme\"\n  permissions = []\n}\n"
	if got := pcReadFile(t, filepath.Join(work, "companies", "luxor.hcl")); got != want {
		t.Errorf("luxor.hcl after the fmt hook:\n%s\nwant:\n%s", got, want)
	}
	if got := pcReadFile(t, filepath.Join(work, "companies", "aswan.hcl")); got != unformatted {
		t.Errorf("aswan.hcl was not given to the hook but changed:\n%s", got)
	}
	pcGit(t, work, "add", "companies/luxor.hcl")
	run(0, "tixcfg-fmt")
	pcGit(t, work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--no-verify", "-m", "luxor")

	// The fix hook applies safe fixes to the staged files only, checking
	// the whole portfolio: a repeated flag goes in the staged file, and
	// stays in a committed one it is not given.
	repeated := "reseller \"nile\" {\n  feature_flags = [\"dtcm\", \"dtcm\"]\n}\n"
	pcWriteFiles(t, work, map[string]string{"nile.hcl": repeated, "delta.hcl": strings.ReplaceAll(repeated, "nile", "delta")})
	pcGit(t, work, "add", "delta.hcl")
	pcGit(t, work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--no-verify", "-m", "delta")
	pcGit(t, work, "add", "nile.hcl")
	if out := run(1, "tixcfg-fix"); !strings.Contains(out, "files were modified by this hook") {
		t.Errorf("fix hook: want pre-commit to report the fix:\n%s", out)
	}
	if got, want := pcReadFile(t, filepath.Join(work, "nile.hcl")), "reseller \"nile\" {\n  feature_flags = [\"dtcm\"]\n}\n"; got != want {
		t.Errorf("nile.hcl after the fix hook:\n%s\nwant:\n%s", got, want)
	}
	if got := pcReadFile(t, filepath.Join(work, "delta.hcl")); got != strings.ReplaceAll(repeated, "nile", "delta") {
		t.Errorf("delta.hcl was not given to the fix hook but changed:\n%s", got)
	}
}

type pcRepo struct{ dir, sha string }

// pcSnapshot copies the files git knows in repo (tracked or not
// ignored, as they are on disk) to a new git repository at dir, with one
// commit, so that pre-commit can clone the working tree as it is.
func pcSnapshot(t *testing.T, repo, dir string) pcRepo {
	t.Helper()
	list := pcGit(t, repo, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	for _, name := range strings.Split(strings.TrimRight(list, "\x00"), "\x00") {
		b, err := os.ReadFile(filepath.Join(repo, name))
		if os.IsNotExist(err) {
			continue // deleted in the working tree
		}
		if err != nil {
			t.Fatal(err)
		}
		to := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pcGit(t, dir, "init", "-q")
	pcGit(t, dir, "add", "-A")
	pcGit(t, dir, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "snapshot")
	return pcRepo{dir: dir, sha: strings.TrimSpace(pcGit(t, dir, "rev-parse", "HEAD"))}
}

func pcGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

func pcGoEnv(t *testing.T, name string) string {
	t.Helper()
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", name, err)
	}
	return strings.TrimSpace(string(out))
}

func pcWriteFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func pcReadFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
