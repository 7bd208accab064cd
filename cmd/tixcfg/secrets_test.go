package main

import (
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
