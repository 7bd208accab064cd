package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExitWith pins the one mapping from a command's error to its exit
// code and stderr line.
func TestExitWith(t *testing.T) {
	for _, c := range []struct {
		name   string
		err    error
		code   int
		stderr string
	}{
		{"nil", nil, exitOK, ""},
		{"findings", errFindings(), exitFindings, ""},
		{"usage", usageErr("check", "bad %s", "value"), exitError, "tixcfg check: bad value (run 'tixcfg check --help' for usage)\n"},
		{"I/O", errors.New("a.hcl: permission denied\n"), exitError, "tixcfg: a.hcl: permission denied\n"},
		{"code and message", &exitCodeError{code: exitFindings, err: errors.New("x is stale")}, exitFindings, "tixcfg: x is stale\n"},
		{"printed already", exitCode(exitError), exitError, ""},
	} {
		var stderr bytes.Buffer
		if code := exitWith(&env{stderr: &stderr}, c.err); code != c.code || stderr.String() != c.stderr {
			t.Errorf("%s: exit %d, stderr %q; want %d, %q", c.name, code, stderr.String(), c.code, c.stderr)
		}
	}
}

// envPortfolio writes a portfolio with a warning and returns its folder.
func envPortfolio(t *testing.T) (parent, dir string) {
	t.Helper()
	parent = t.TempDir()
	dir = filepath.Join(parent, "p")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	src := "reseller \"acme\" {\n  integration \"vatstack\" {\n    secret_key = \"sk_live_env\"\n  }\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "resellers.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return parent, dir
}

func getenvOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// TestEnvVariablesInjected: colour and the cache folder follow the env's
// variables, not the process's.
func TestEnvVariablesInjected(t *testing.T) {
	_, dir := envPortfolio(t)
	t.Setenv("NO_COLOR", "1")
	t.Setenv("XDG_CACHE_HOME", filepath.Join(t.TempDir(), "process-cache"))
	cache := t.TempDir()

	_, stdout, _ := runWith(func(e *env) { e.getenv = getenvOf(map[string]string{"XDG_CACHE_HOME": cache}) }, "check", "--color", "always", dir)
	if !strings.Contains(stdout, "\x1b[") {
		t.Errorf("NO_COLOR of the process turned colour off:\n%q", stdout)
	}
	if entries, _ := os.ReadDir(filepath.Join(cache, "tixcfg")); len(entries) == 0 {
		t.Errorf("nothing cached in the env's XDG_CACHE_HOME %s", cache)
	}
	if _, err := os.Stat(os.Getenv("XDG_CACHE_HOME")); err == nil {
		t.Errorf("the process's XDG_CACHE_HOME was used")
	}

	_, stdout, _ = runWith(func(e *env) { e.getenv = getenvOf(map[string]string{"NO_COLOR": "1"}) }, "check", "--color", "always", dir)
	if strings.Contains(stdout, "\x1b[") {
		t.Errorf("the env's NO_COLOR did not turn colour off:\n%q", stdout)
	}
}

// TestEnvExecutableKeysCache: without a known executable there is no
// cache key, so nothing is cached.
func TestEnvExecutableKeysCache(t *testing.T) {
	_, dir := envPortfolio(t)
	cache := t.TempDir()
	code, _, stderr := runWith(func(e *env) { e.executable = "" }, "check", "--cache-dir", cache, dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if entries, _ := os.ReadDir(cache); len(entries) != 0 {
		t.Errorf("cached without an executable to key it: %v", entries)
	}
	if code, _, stderr := run("check", "--cache-dir", cache, dir); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if entries, _ := os.ReadDir(cache); len(entries) == 0 {
		t.Errorf("nothing cached with the test binary as the executable")
	}
}

// TestEnvWorkDir: display names are relative to the env's working folder.
func TestEnvWorkDir(t *testing.T) {
	parent, dir := envPortfolio(t)
	_, stdout, _ := runWith(func(e *env) { e.cwd = parent }, "check", "--no-cache", "--format", "compact", dir)
	if !strings.HasPrefix(stdout, "p/resellers.hcl:") {
		t.Errorf("stdout %q: want names relative to %s", stdout, parent)
	}
}

// TestEnvGCPacing: the collector is paced unless the env sets GOGC or
// GOMEMLIMIT, whose settings win.
func TestEnvGCPacing(t *testing.T) {
	var lf loadFlags
	for vars, paced := range map[string]bool{"": true, "GOGC": false, "GOMEMLIMIT": false} {
		e := &env{getenv: getenvOf(map[string]string{vars: "100"})}
		if got := lf.options(e).Pace != nil; got != paced {
			t.Errorf("%q set: paced %v, want %v", vars, got, paced)
		}
	}
}
