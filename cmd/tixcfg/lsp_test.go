package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNeovim drives `tixcfg lsp` from a real editor: Neovim headless runs
// testdata/lsp/nvim_test.lua, which opens a company file, waits for its
// diagnostics, applies the quick fix, sees them clear and formats.
func TestNeovim(t *testing.T) {
	nvim := pcRequireTool(t, "nvim", "apt-get install -y neovim")
	// testscript.Main put this test binary on PATH as tixcfg.
	bin, err := exec.LookPath("tixcfg")
	if err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs("../../testdata/lsp/nvim_test.lua")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write(t, dir, "resellers/acme.hcl", []byte("reseller \"acme\" {\n  name          = \"Acme\"\n  feature_flags = [\"dtcm\"]\n}\n"))
	file := filepath.Join(dir, "companies/c1.hcl")
	write(t, dir, "companies/c1.hcl", []byte("company \"c1\" {\n  name          = \"C1\"\n  reseller      = \"acme\"\n  feature_flags = [\"dtcm\", \"dtcm\"]\n}\n"))

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-u", "NONE", "-i", "NONE", "-n", "-c", "luafile "+script)
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "TIXCFG_BIN="+bin, "TIXCFG_ROOT="+dir, "TIXCFG_FILE="+file,
		"HOME="+home, "XDG_STATE_HOME="+home, "XDG_CACHE_HOME="+home, "XDG_DATA_HOME="+home, "XDG_CONFIG_HOME="+home)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	t.Logf("nvim:\n%s", out)
	if err != nil || !strings.Contains(string(out), "OK") {
		t.Fatalf("nvim: %v\n%s", err, out)
	}
	for _, want := range []string{"diagnostic: Duplicate feature flag", "quick fix: remove the repeated", "diagnostics cleared", "formatted"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("nvim's output lacks %q:\n%s", want, out)
		}
	}
	// The file on disk is untouched: the edits went to the buffer.
	if b, _ := os.ReadFile(file); !strings.Contains(string(b), `["dtcm", "dtcm"]`) {
		t.Errorf("the file on disk changed:\n%s", b)
	}
}
