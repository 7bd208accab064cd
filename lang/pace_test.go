package lang

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestLoadFilesPace: the caller's Pace hears the input's total size
// before parsing and is done by the time LoadFiles returns.
func TestLoadFilesPace(t *testing.T) {
	dir := t.TempDir()
	var names []string
	var total int64
	for i, src := range []string{"reseller \"a\" {\n  name = \"A\"\n}\n", "company \"c\" {\n  reseller = \"a\"\n}\n"} {
		name := filepath.Join(dir, string(rune('a'+i))+".hcl")
		if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
		total += int64(len(src))
	}
	var calls, dones int
	var got int64
	pace := func(n int64) func() {
		calls++
		got = n
		return func() { dones++ }
	}
	if _, err := LoadFiles(names, Options{WorkDir: dir, Pace: pace}); err != nil {
		t.Fatal(err)
	}
	if calls != 1 || dones != 1 || got != total {
		t.Errorf("Pace called %d times with %d bytes, done %d times; want once with %d, done once", calls, got, dones, total)
	}
}

// TestDefaultCacheDir: the cache folder is found in the environment the
// caller gives, as os.UserCacheDir finds it in the process's.
func TestDefaultCacheDir(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" || runtime.GOOS == "ios" || runtime.GOOS == "plan9" {
		t.Skip("the XDG layout is the other systems'")
	}
	for _, c := range []struct {
		vars map[string]string
		want string // "" for an error
	}{
		{map[string]string{"XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"}, "/x/cache/tixcfg"},
		{map[string]string{"HOME": "/home/u"}, "/home/u/.cache/tixcfg"},
		{map[string]string{"XDG_CACHE_HOME": "rel", "HOME": "/home/u"}, ""},
		{map[string]string{}, ""},
	} {
		got, err := DefaultCacheDir(func(k string) string { return c.vars[k] })
		if (err == nil) != (c.want != "") || got != c.want {
			t.Errorf("%v: %q, %v; want %q", c.vars, got, err, c.want)
		}
	}
}
