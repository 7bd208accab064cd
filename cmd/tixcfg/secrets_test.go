package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestCatalogOnEmptyFolder: catalog, like check, refuses a folder without
// configuration files (a typo in the path must not print the built-in
// catalog as if it were the portfolio's), with the same message.
func TestCatalogOnEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	_, _, checkErr := runIn(t, dir, "check", ".")
	for _, args := range [][]string{{"catalog", "."}, {"catalog", "--format", "json", "."}} {
		code, stdout, stderr := runIn(t, dir, args...)
		if code != 2 || stdout != "" || stderr != checkErr {
			t.Errorf("tixcfg %s: exit %d, stdout %q, stderr %q; want exit 2 and check's %q", strings.Join(args, " "), code, stdout, stderr, checkErr)
		}
	}
	if code, _, _ := runIn(t, dir, "catalog", "--builtin"); code != 0 {
		t.Errorf("catalog --builtin needs no portfolio, exit %d", code)
	}
}

// TestBuildCheckMasksStaleSecrets: a stale snapshot may hold literal
// secrets (an older tool wrote them, or someone edited the file); the
// diff build --check prints masks them, and still shows what changed.
func TestBuildCheckMasksStaleSecrets(t *testing.T) {
	dir, out := buildFixture(t, smallPortfolio)
	if code, _, stderr := run("build", dir, "-o", out); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	fresh, _ := os.ReadFile(out)
	stale := string(fresh)
	for ref, literal := range map[string]string{"acme/maps": `"CANARY-STALE-1"`, "acme/rpg-key": `["CANARY-STALE-2"]`, "acme/rpg-secret": `730193019399`} {
		stale = regexp.MustCompile(`\{\s*"secret": "`+regexp.QuoteMeta(ref)+`"\s*\}`).ReplaceAllLiteralString(stale, literal)
	}
	if strings.Count(stale, "CANARY") != 2 || !strings.Contains(stale, "730193019399") {
		t.Fatalf("the stale file holds no literal secrets:\n%s", stale)
	}
	if err := os.WriteFile(out, []byte(stale), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := run("build", "--check", dir, "-o", out)
	if code != exitFindings || !strings.Contains(stderr, "differs in: resellers (changed: acme)") {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if strings.Contains(stderr, "CANARY") || strings.Contains(stderr, "730193019399") {
		t.Errorf("build --check printed a secret of the stale file:\n%s", stderr)
	}
	for _, want := range []string{`-            "api_key": "****"`, `+            "api_key": {`, `"secret": "acme/maps"`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the diff lacks %q:\n%s", want, stderr)
		}
	}
}

// TestSecretSettingDefault: a default on a secret setting is a schema
// error at the default; build refuses the portfolio, and neither build,
// catalog nor the error shows the value. Before, the default went into
// the snapshot of every company that enabled the type.
func TestSecretSettingDefault(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "p.hcl", []byte(`integration_type "doorlock" {
  category = "access_control"
  company {
    setting "token" {
      secret  = true
      default = "CANARY-DEFAULT"
    }
  }
}

reseller "r" {}

company "c" {
  reseller    = "r"
  permissions = ["manage_integrations"]
  integration "doorlock" {}
}
`))
	out := dir + "/snap.json"
	code, stdout, stderr := runIn(t, dir, "build", "--format", "compact", "-o", out, ".")
	if code != exitFindings || !strings.Contains(stdout, `p.hcl:6:17: error: Secret setting "token" with a default [schema]`) {
		t.Errorf("build: exit %d\n%s%s", code, stdout, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("build wrote a snapshot")
	}
	for _, args := range [][]string{{"check", "."}, {"catalog", "--format", "json", "."}, {"catalog", "."}, {"build", "--format", "json", "-o", "-", "."}} {
		_, stdout, stderr := runIn(t, dir, args...)
		if strings.Contains(stdout+stderr, "CANARY") {
			t.Errorf("tixcfg %s shows the default:\n%s%s", strings.Join(args, " "), stdout, stderr)
		}
	}
}
