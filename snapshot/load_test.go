package snapshot

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoad accepts what build writes, and names each problem of a
// snapshot edited after build in a line of its own, without its value.
func TestLoad(t *testing.T) {
	data := buildDir(t, portfolioDir)
	d, err := Load(data, nil)
	if err != nil {
		t.Fatalf("the example's snapshot does not load: %v", err)
	}
	again, _, err := Encode(d)
	if err != nil || string(again) != string(data) {
		t.Errorf("a loaded snapshot does not encode back to its bytes (%v)", err)
	}
	fixtureSnap, err := buildSource(t, fixture)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Load(fixtureSnap, nil); err != nil {
		t.Errorf("the fixture's snapshot does not load: %v", err)
	}
	example, err := os.ReadFile(filepath.Join(examplesDir, "portfolio.snapshot.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Load(example, nil); err != nil {
		t.Errorf("examples/portfolio.snapshot.json does not load: %v", err)
	}
	for _, tc := range []struct {
		name, old, new string
		want           []string
	}{
		{"a value edited", `"mode": "standard"`, `"mode": "anonymous"`, []string{"digest: the content hashes to sha256:"}},
		{"a digest edited", `"digest": "sha256:`, `"digest": "sha256:0`, []string{"/digest: does not match", "digest: the content hashes to"}},
		{"another version", `"schema_version": 1,`, `"schema_version": 2,`, []string{"schema_version is 2; this tixcfg reads schema_version 1"}},
		{"no version", `"schema_version": 1,`, ``, []string{"schema_version is missing"}},
		{"a secret inlined", `"private_key": {
              "secret": "gulf-tix/apple/sign-in-p8"
            }`, `"private_key": "SECRET-VALUE-1"`, []string{"/resellers/", "/private_key: is string, want object"}},
		{"a money amount mangled", `"USD": "15.50"`, `"USD": "SECRET-VALUE-2"`, []string{"USD: does not match "}},
		{"two problems", `"dynamic_maps": true,`, `"dynamic_maps": 1, "zoom": 3,`, []string{"/dynamic_maps: is number, want boolean", "has members the schema does not allow: zoom"}},
		{"not JSON", `{`, `[`, []string{"not JSON"}},
	} {
		bad := strings.Replace(string(data), tc.old, tc.new, 1)
		if bad == string(data) {
			t.Errorf("%s: %q not found", tc.name, tc.old)
			continue
		}
		_, err := Load([]byte(bad), nil)
		var inv *InvalidError
		if !errors.As(err, &inv) {
			t.Errorf("%s: loads (%v)", tc.name, err)
			continue
		}
		msg := inv.Error()
		for _, w := range tc.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: no %q in\n%s", tc.name, w, msg)
			}
		}
		if strings.Contains(msg, "SECRET-VALUE") {
			t.Errorf("%s: a value is shown:\n%s", tc.name, msg)
		}
		for _, p := range inv.Problems {
			if strings.Contains(p, "\n") {
				t.Errorf("%s: a problem spans lines: %q", tc.name, p)
			}
		}
	}
}

// TestLoadCatalog: with a portfolio's catalog, a snapshot built against
// another is refused.
func TestLoadCatalog(t *testing.T) {
	data := buildDir(t, portfolioDir)
	p, _ := checkDir(t, portfolioDir)
	if _, err := Load(data, p.Catalog); err != nil {
		t.Errorf("the example against its own catalog: %v", err)
	}
	dir := t.TempDir()
	for name, src := range fixture {
		writeFile(t, filepath.Join(dir, name), src)
	}
	other, _ := checkDir(t, dir)
	if _, err := Load(data, other.Catalog); err == nil || !strings.Contains(err.Error(), "catalog: built against another catalog") {
		t.Errorf("the example against another catalog: %v", err)
	}
}

// FuzzLoad: any bytes load or fail with problems of one line each; none
// shows a string of the input that the schema does not name.
func FuzzLoad(f *testing.F) {
	example, err := os.ReadFile(filepath.Join(examplesDir, "portfolio.snapshot.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(example)
	f.Add([]byte(strings.Replace(string(example), `"secret": "`, `"secret": 1, "x": "`, 1)))
	f.Add([]byte(`{"schema_version": 1, "digest": "sha256:x"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := Load(data, nil)
		var inv *InvalidError
		if err == nil || !errors.As(err, &inv) {
			return
		}
		for _, p := range inv.Problems {
			if strings.Contains(p, "\n") {
				t.Fatalf("a problem spans lines: %q", p)
			}
		}
	})
}
