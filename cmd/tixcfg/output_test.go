package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExitCodes pins the exit code of check for each --fail-on threshold,
// format and usage error: golden scripts only see "failed or not".
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"warn/resellers.hcl": "reseller \"acme\" {\n  integration \"vatstack\" {\n    secret_key = \"sk_live_exit\"\n  }\n}\n",
		"err/companies.hcl":  "company \"c\" {\n  reseller = \"nope\"\n}\n",
		"ok/resellers.hcl":   "reseller \"acme\" {\n  name = \"Acme\"\n}\n",
	} {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	warn, errs, ok := filepath.Join(dir, "warn"), filepath.Join(dir, "err"), filepath.Join(dir, "ok")
	cases := []struct {
		args []string
		want int
	}{
		{[]string{"check", warn}, exitOK},
		{[]string{"check", "--fail-on", "error", warn}, exitOK},
		{[]string{"check", "--fail-on", "warning", warn}, exitFindings},
		{[]string{"check", "--fail-on", "info", warn}, exitFindings},
		{[]string{"check", errs}, exitFindings},
		{[]string{"check", "--fail-on", "warning", errs}, exitFindings},
		{[]string{"check", "--fail-on", "info", ok}, exitOK},
		{[]string{"check", "--only-files", filepath.Join(warn, "resellers.hcl"), "--fail-on", "warning", warn, errs}, exitFindings},
		{[]string{"check", "--only-files", filepath.Join(warn, "resellers.hcl"), warn, errs}, exitOK},
		{[]string{"check", "--fail-on", "fatal", ok}, exitError},
		{[]string{"check", "--format", "xml", ok}, exitError},
		{[]string{"check", "--report", "sarif", ok}, exitError},
		{[]string{"check", "--report", "sarif=" + filepath.Join(dir, "missing", "x.sarif"), ok}, exitError},
		{[]string{"check", "--only-files", filepath.Join(dir, "nope.hcl"), ok}, exitError},
	}
	for _, format := range []string{"text", "json", "compact", "sarif", "github", "junit", "checkstyle"} {
		cases = append(cases,
			struct {
				args []string
				want int
			}{[]string{"check", "--format", format, errs}, exitFindings},
			struct {
				args []string
				want int
			}{[]string{"check", "--format", format, ok}, exitOK})
	}
	for _, c := range cases {
		var stdout, stderr bytes.Buffer
		got := Main(c.args, &stdout, &stderr)
		if got != c.want {
			t.Errorf("tixcfg %s: exit %d, want %d\nstderr: %s", strings.Join(c.args, " "), got, c.want, stderr.String())
		}
		// Usage and I/O errors say so in one line; findings never touch stderr.
		if lines := strings.Count(stderr.String(), "\n"); (got == exitError) != (lines == 1) || (got != exitError && lines != 0) {
			t.Errorf("tixcfg %s: exit %d with stderr %q", strings.Join(c.args, " "), got, stderr.String())
		}
	}
}

// TestReportFollowsOnlyFiles: a --report file covers what the terminal
// shows, --only-files included.
func TestReportFollowsOnlyFiles(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.hcl"), filepath.Join(dir, "b.hcl")
	if err := os.WriteFile(a, []byte("company \"a\" {\n  reseller = \"nope\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b, []byte("company \"b\" {\n  reseller = \"gone\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(dir, "report.txt")
	var stdout, stderr bytes.Buffer
	if code := Main([]string{"check", "--format", "compact", "--report", "compact=" + report, "--only-files", b, dir}, &stdout, &stderr); code != exitFindings {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != stdout.String() || strings.Contains(string(data), "nope") || !strings.Contains(string(data), `"gone"`) {
		t.Errorf("report:\n%s\nstdout:\n%s", data, stdout.String())
	}
}
