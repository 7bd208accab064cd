package lang

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const testSrc = "reseller \"r\" {\n  name = \"R\"\n  feature_flags = []\n}\n"

func writeOld(t *testing.T, path string, data []byte, age time.Duration) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-age)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
}

// TestTrimRemovesOnlyItsOwn: with the cache in a folder full of other
// things (--cache-dir .), trimming removes old entries, stale temporary
// files and entries of the old layout, and nothing else: not old user
// files, not files that only look like entries, not links or what they
// point to.
func TestTrimRemovesOnlyItsOwn(t *testing.T) {
	dir := t.TempDir()
	week := 10 * 24 * time.Hour
	hex62 := strings.Repeat("ab", 31)
	entry := append(append([]byte{}, entryMagic...), "body"...)
	oldEntry := append(append([]byte{}, entryMagic[:len(entryMagic)-1]...), 2, 'x')
	victim := filepath.Join(t.TempDir(), "victim")
	writeOld(t, victim, []byte("precious"), week)

	keep := map[string][]byte{
		"README.md":                     []byte("keep"),
		"config/r.hcl":                  []byte(testSrc),
		".git/objects/ab/" + hex62[:38]: []byte("blob"),
		"ab/" + hex62:                   []byte("not an entry: no magic"),
		"ab/notes.txt":                  entry,
		"v3/ab/" + hex62[:60]:           entry, // not a key's length
		"v3/ab/.tmp-" + strconv.Itoa(os.Getpid()) + "-1": entry, // a live writer's
		"v3/zz/" + hex62:                    entry, // not a shard name
		"v3/ab/" + strings.Repeat("cd", 31): entry, // recently used
	}
	gone := map[string][]byte{
		"v3/ab/" + hex62:         entry,
		"v3/ab/.tmp-999999999-7": entry,    // its writer is gone
		"v3/ab/.tmp-12-7":        entry,    // and this one is old
		"cd/" + hex62:            oldEntry, // the old layout
		"cd/.tmp-123456":         oldEntry,
	}
	for name, data := range keep {
		age := week
		if strings.Contains(name, "cdcd") || strings.Contains(name, ".tmp-") {
			age = 0
		}
		writeOld(t, filepath.Join(dir, name), data, age)
	}
	for name, data := range gone {
		age := week
		if strings.Contains(name, "999999999") {
			age = 0
		}
		writeOld(t, filepath.Join(dir, name), data, age)
	}
	// Links to a victim, where entries and shards would be.
	for _, link := range []string{"v3/ab/" + strings.Repeat("ef", 31), "v3/ee", "ef"} {
		if err := os.Symlink(victim, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	os.Chtimes(filepath.Join(dir, "v3/ab"), time.Now().Add(-week), time.Now().Add(-week))

	(&Cache{Dir: dir, Version: "test"}).trim()

	for name, data := range keep {
		if got, err := os.ReadFile(filepath.Join(dir, name)); err != nil || !bytes.Equal(got, data) {
			t.Errorf("%s was removed or changed (%v)", name, err)
		}
	}
	for name := range gone {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			t.Errorf("%s was not trimmed", name)
		}
	}
	for _, link := range []string{"v3/ab/" + strings.Repeat("ef", 31), "v3/ee", "ef"} {
		if fi, err := os.Lstat(filepath.Join(dir, link)); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("link %s was removed (%v)", link, err)
		}
	}
	if got, _ := os.ReadFile(victim); string(got) != "precious" {
		t.Errorf("the victim behind a link reads %q", got)
	}
	if fi, err := os.Lstat(filepath.Join(dir, "v3", "trimmed")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("no marker written: %v", err)
	}
}

// TestTrimMarkerLink: a link planted as the marker is neither written
// through (that truncated its target) nor taken as the marker.
func TestTrimMarkerLink(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(t.TempDir(), "victim")
	writeOld(t, victim, []byte("precious"), 10*24*time.Hour)
	os.MkdirAll(filepath.Join(dir, layoutDir), 0o755)
	if err := os.Symlink(victim, filepath.Join(dir, layoutDir, "trimmed")); err != nil {
		t.Fatal(err)
	}
	c := &Cache{Dir: dir, Version: "test"}
	c.put(c.key("r.hcl", []byte(testSrc)), ParseFile("r.hcl", []byte(testSrc)))
	got, _ := os.ReadFile(victim)
	fi, _ := os.Stat(victim)
	if string(got) != "precious" || time.Since(fi.ModTime()) < time.Hour {
		t.Errorf("the marker link's target was written: %q, %v", got, fi.ModTime())
	}
}

// TestGetRefusesNonRegularEntries: an entry that is a FIFO, a link (to
// /dev/zero or to a valid entry) or a folder is a miss, returned at once.
func TestGetRefusesNonRegularEntries(t *testing.T) {
	src := []byte(testSrc)
	dir := t.TempDir()
	c := &Cache{Dir: dir, Version: "test"}
	real := &Cache{Dir: t.TempDir(), Version: "test"}
	key := c.key("r.hcl", src)
	real.put(key, ParseFile("r.hcl", src))
	if real.get(key, "r.hcl", src) == nil {
		t.Fatal("a valid entry was refused")
	}
	path := c.path(key)
	plant := []func() error{
		func() error { return syscall.Mkfifo(path, 0o644) },
		func() error { return os.Symlink("/dev/zero", path) },
		func() error { return os.Symlink(real.path(key), path) },
		func() error { return os.Mkdir(path, 0o755) },
	}
	for i, p := range plant {
		os.RemoveAll(path)
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := p(); err != nil {
			t.Fatal(err)
		}
		done := make(chan *File, 1)
		go func() { done <- c.get(key, "r.hcl", src) }()
		select {
		case f := <-done:
			if f != nil {
				t.Errorf("case %d: a non-regular entry was read", i)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("case %d: get hangs on a non-regular entry", i)
		}
	}
}

// TestCacheRefusesLinkedFolders: when v3/ or a shard folder is a link, the
// cache neither writes nor reads nor trims through it.
func TestCacheRefusesLinkedFolders(t *testing.T) {
	src := []byte(testSrc)
	for _, linked := range []string{layoutDir, ""} {
		dir, victim := t.TempDir(), t.TempDir()
		c := &Cache{Dir: dir, Version: "test"}
		key := c.key("r.hcl", src)
		at := filepath.Join(dir, layoutDir, key[:2])
		if linked == layoutDir {
			at = filepath.Join(dir, layoutDir)
		} else {
			os.MkdirAll(filepath.Join(dir, layoutDir), 0o755)
		}
		if err := os.Symlink(victim, at); err != nil {
			t.Fatal(err)
		}
		// What would be an old entry and the marker, seen through the link.
		writeOld(t, filepath.Join(victim, strings.Repeat("ab", 31)), entryMagic, 30*24*time.Hour)
		writeOld(t, filepath.Join(victim, "ab", strings.Repeat("ab", 31)), entryMagic, 30*24*time.Hour)
		c.put(key, ParseFile("r.hcl", src))
		if f := c.get(key, "r.hcl", src); f != nil {
			t.Errorf("%s linked: an entry was read through the link", at)
		}
		var names []string
		filepath.WalkDir(victim, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				names = append(names, path)
			}
			return nil
		})
		if len(names) != 2 {
			t.Errorf("%s linked: the linked folder holds %q, want the two planted files only", at, names)
		}
	}
}
