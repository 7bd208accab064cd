package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script/*.txtar")

func TestMain(m *testing.M) {
	// Tests leave the user's own parse cache alone.
	os.Setenv("XDG_CACHE_HOME", filepath.Join(os.TempDir(), "tixcfg-test-cache"))
	testscript.Main(m, map[string]func(){
		"tixcfg": func() { os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the CLI golden scripts of testdata/script. $REPO is the
// repository root, so scripts can `cd $REPO` and check the examples with
// stable relative file names. Run with -update to rewrite expectations.
func TestScripts(t *testing.T) {
	if raceEnabled {
		t.Skip("the golden scripts run on make test's non-race line: the race detector triples their time and they share no goroutines the package tests do not cover")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join(repo, "testdata", "script"),
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		Setup: func(e *testscript.Env) error {
			e.Setenv("REPO", repo)
			e.Setenv("NO_COLOR", "")
			// Scripts that make a git repository get the same commit IDs
			// on every run and machine.
			for k, v := range map[string]string{"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
				"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_NOSYSTEM": "1",
				"GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z"} {
				e.Setenv(k, v)
			}
			return nil
		},
		// [git] holds where git is installed; with TIXCFG_REQUIRE_VALIDATORS set
		// a missing git fails the script instead of skipping it.
		Condition: func(cond string) (bool, error) {
			if cond != "git" {
				return false, fmt.Errorf("unknown condition %q", cond)
			}
			if _, err := exec.LookPath("git"); err != nil {
				if os.Getenv("TIXCFG_REQUIRE_VALIDATORS") != "" {
					return false, fmt.Errorf("git is required (TIXCFG_REQUIRE_VALIDATORS=1): %v", err)
				}
				return false, nil
			}
			return true, nil
		},
	})
}
