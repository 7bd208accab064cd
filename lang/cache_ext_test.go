package lang_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/internal/genportfolio"
	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/snapshot"
)

// result is everything a run shows: findings and, when it builds, the
// snapshot.
func result(t *testing.T, dir string, cache *lang.Cache) string {
	t.Helper()
	p, err := lang.Load([]string{dir}, lang.Options{Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	res := checker.Run(p, checker.Options{})
	var out bytes.Buffer
	if err := emit.WriteJSON(&out, res.Diagnostics, p); err != nil {
		t.Fatal(err)
	}
	if data, _, err := snapshot.Compile(p, res, snapshot.Options{ToolVersion: "test"}); err == nil {
		out.Write(data)
	} else {
		fmt.Fprintf(&out, "build: %v\n", err)
	}
	return out.String()
}

// TestCacheMatchesColdRuns edits, adds, renames and deletes files between
// runs, and corrupts and truncates cache entries: a run with the cache
// always shows exactly what a run without it shows, and re-parses only
// the files that changed.
func TestCacheMatchesColdRuns(t *testing.T) {
	dir := t.TempDir()
	if _, err := genportfolio.Write(dir, genportfolio.Options{Companies: 160, PerReseller: 80, PerFile: 20, Errors: 8}); err != nil {
		t.Fatal(err)
	}
	cacheDir := filepath.Join(t.TempDir(), "cache")
	newCache := func() *lang.Cache { return &lang.Cache{Dir: cacheDir, Version: "test"} }

	step := func(name string, wantMisses int64) {
		t.Helper()
		c := newCache()
		got, want := result(t, dir, c), result(t, dir, nil)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%s: cached run differs from a cold run (-cold +cached):\n%s", name, diff)
		}
		if _, misses := c.Stats(); wantMisses >= 0 && misses != wantMisses {
			t.Fatalf("%s: %d files parsed, want %d", name, misses, wantMisses)
		}
	}
	files, err := lang.Discover([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	step("first run fills the cache", int64(len(files)))
	step("second run reads everything back", 0)

	edit := filepath.Join(dir, "companies", "r00000", "part-0001.hcl")
	src, _ := os.ReadFile(edit)
	os.WriteFile(edit, bytes.Replace(src, []byte(`map_theme    = "dark"`), []byte(`map_theme    = "light"`), 1), 0o644)
	step("edit one file", 1)

	os.WriteFile(filepath.Join(dir, "extra.hcl"), []byte("company \"extra\" {\n  reseller = \"r00000\"\n  parent = \"c0000001\"\n}\n"), 0o644)
	step("add a file", 1)

	os.Rename(filepath.Join(dir, "extra.hcl"), filepath.Join(dir, "companies", "moved.hcl"))
	step("rename a file", 1)

	os.Remove(filepath.Join(dir, "companies", "moved.hcl"))
	step("delete a file", 0)

	os.WriteFile(edit, append(src, []byte("company \"broken\" {\n")...), 0o644)
	step("break a file", 1)
	os.WriteFile(edit, src, 0o644)
	step("mend it again (its old entry is still there)", 0)

	// Corrupt every entry in a different way: all are refused, parsed
	// again and rewritten.
	var entries []string
	filepath.WalkDir(cacheDir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != "trimmed" {
			entries = append(entries, path)
		}
		return nil
	})
	if len(entries) < len(files) {
		t.Fatalf("%d cache entries for %d files", len(entries), len(files))
	}
	for i, e := range entries {
		b, _ := os.ReadFile(e)
		switch i % 4 {
		case 0:
			b = b[:len(b)/2] // truncated
		case 1:
			b[len(b)/2] ^= 0xff // a flipped byte
		case 2:
			b = nil // empty
		case 3:
			b = []byte(strings.Repeat("not a cache entry", 3))
		}
		os.WriteFile(e, b, 0o644)
	}
	step("corrupt entries are refused", int64(len(files)))
	step("and rewritten", 0)
}

// TestCacheKeepsNoLiteralSecret: an entry records that a credential was a
// literal, never its text, and the cached run still reports it where the
// cold run does (credential-literal) and still refuses to build.
func TestCacheKeepsNoLiteralSecret(t *testing.T) {
	dir := t.TempDir()
	const canary = "sk-live-canary-5f4e3d2c1b"
	src := "reseller \"acme\" {\n  feature_flags = [\"dtcm\"]\n}\n\n" +
		"company \"dubai\" {\n  reseller      = \"acme\"\n  feature_flags = [\"dtcm\"]\n  permissions   = [\"manage_integrations\"]\n\n" +
		"  integration \"dtcm\" {\n    mode          = \"live\"\n    api_key       = \"" + canary + "\"\n    token_api_key = \"tok\\u0041-" + canary + "\"\n" +
		"    client_id     = \"DL-001\"\n    client_secret = secret(\"dubai/dtcm\")\n    seller_code   = \"SELL42\"\n  }\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "p.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	// The escaped literal cannot be read back from the source as written:
	// that file is not cached at all. Without it, the rest is.
	plain := strings.Replace(src, "tok\\u0041-", "tokA-", 1)
	for _, text := range []string{src, plain} {
		os.WriteFile(filepath.Join(dir, "p.hcl"), []byte(text), 0o644)
		cacheDir := t.TempDir()
		cold := result(t, dir, nil)
		if !strings.Contains(cold, "credential-literal") || !strings.Contains(cold, "build: ") {
			t.Fatalf("the fixture does not exercise credential-literal and build's refusal:\n%s", cold)
		}
		for run := range 2 {
			c := &lang.Cache{Dir: cacheDir, Version: "test"}
			if got := result(t, dir, c); got != cold {
				t.Fatalf("run %d with the cache differs:\n%s", run, cmp.Diff(cold, got))
			}
			if hits, _ := c.Stats(); run == 1 && text == plain && hits != 1 {
				t.Errorf("the file without escapes was not read back from the cache (%d hits)", hits)
			}
		}
		var entries int
		filepath.WalkDir(cacheDir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || d.Name() == "trimmed" {
				return nil
			}
			entries++
			b, _ := os.ReadFile(path)
			if bytes.Contains(b, []byte("canary")) {
				t.Errorf("cache entry %s holds the literal secret", path)
			}
			return nil
		})
		if text == plain && entries != 1 {
			t.Errorf("%d entries, want 1", entries)
		}
	}
}
