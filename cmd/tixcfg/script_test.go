package main

import (
	"flag"
	"os"
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
			return nil
		},
	})
}
