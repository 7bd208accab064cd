// Package editors holds the editor packages of tixcfg; its test builds
// and packages the VS Code extension as CI does.
package editors

import (
	"archive/zip"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestVSCodeExtensionPackages type-checks, bundles and packages the VS
// Code extension with the pinned tools in editors/vscode/node_modules
// (`npm ci` there, as .ci/run does; nothing is fetched), then checks the
// .vsix holds the entry point its manifest names and activates only on
// the portfolio marker.
func TestVSCodeExtensionPackages(t *testing.T) {
	require := os.Getenv("TIXCFG_REQUIRE_VALIDATORS") != ""
	skip := func(why string) {
		if require {
			t.Fatal(why + " (TIXCFG_REQUIRE_VALIDATORS is set)")
		}
		t.Skip(why)
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		skip("npm not installed")
	}
	src, _ := filepath.Abs("vscode")
	if _, err := os.Stat(filepath.Join(src, "node_modules", ".bin", "vsce")); err != nil {
		skip("editors/vscode/node_modules missing: run npm ci in editors/vscode")
	}
	// A copy, so the test writes no dist/ or .vsix into the tree.
	dir := t.TempDir()
	for _, name := range []string{"package.json", "package-lock.json", "tsconfig.json", ".vscodeignore", "README.md", "src"} {
		copyTree(t, filepath.Join(src, name), filepath.Join(dir, name))
	}
	if err := os.Symlink(filepath.Join(src, "node_modules"), filepath.Join(dir, "node_modules")); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(npm, "run", "--silent", "package")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "npm_config_offline=true", "NO_COLOR=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm run package: %v\n%s", err, out)
	}
	zr, err := zip.OpenReader(filepath.Join(dir, "tixcfg.vsix"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = string(b)
	}
	var manifest struct {
		Main             string   `json:"main"`
		ActivationEvents []string `json:"activationEvents"`
		Dependencies     map[string]string
	}
	if err := json.Unmarshal([]byte(files["extension/package.json"]), &manifest); err != nil {
		t.Fatalf("extension/package.json: %v", err)
	}
	entry := "extension/" + strings.TrimPrefix(manifest.Main, "./")
	bundle, ok := files[entry]
	if !ok {
		t.Fatalf("the .vsix lacks its entry point %s; it holds %v", entry, keys(files))
	}
	if !slices.Equal(manifest.ActivationEvents, []string{"workspaceContains:**/.tixcfg"}) {
		t.Errorf("activation events %q: the extension must start only in portfolio folders", manifest.ActivationEvents)
	}
	// The client library is bundled (packaged without node_modules), and
	// the bundle starts `tixcfg lsp` for the marked folders.
	for _, want := range []string{`"lsp"`, ".tixcfg", "workspace/didChangeWatchedFiles"} {
		if !strings.Contains(bundle, want) {
			t.Errorf("bundle lacks %s", want)
		}
	}
	for name := range files {
		if strings.Contains(name, "node_modules/") || strings.HasSuffix(name, ".ts") {
			t.Errorf("the .vsix ships %s", name)
		}
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if fi.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
