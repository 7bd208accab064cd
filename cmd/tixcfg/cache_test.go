package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestExecutableIDFollowsCode: two executables at the same path with the
// same size and modification time but different code (as reproducible
// builds with fixed times make) get different cache keys, and one
// executable keeps its key.
func TestExecutableIDFollowsCode(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	orig, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	idA, err := executableID(self)
	if err != nil || !strings.HasPrefix(idA, "buildid ") {
		t.Fatalf("executableID(test binary) = %q, %v: want its Go build ID", idA, err)
	}
	buildID := strings.TrimPrefix(idA, "buildid ")
	i := bytes.Index(orig, []byte(buildID))
	if i < 0 {
		t.Fatal("build ID not found in the executable")
	}
	// Another build: the same bytes but for its build ID.
	other := bytes.Clone(orig)
	other[i] ^= 1

	path := filepath.Join(t.TempDir(), "tixcfg")
	mtime := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	id := func(data []byte) string {
		t.Helper()
		if err := os.WriteFile(path, data, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, mtime, mtime); err != nil {
			t.Fatal(err)
		}
		got, err := executableID(path)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	first, second, again := id(orig), id(other), id(orig)
	if first == second {
		t.Errorf("two builds with the same path, size and time share the key %q", first)
	}
	if first != again || first != idA {
		t.Errorf("one executable gets keys %q, %q and %q", idA, first, again)
	}
	// Without a build ID the whole executable is hashed: still per code.
	noID := bytes.Clone(orig)
	copy(noID[i:], bytes.Repeat([]byte{0}, len(buildID)))
	noID2 := bytes.Clone(noID)
	noID2[len(noID2)/2] ^= 1
	if a, b := id(noID), id(noID2); a == b || !strings.HasPrefix(a, "sha256 ") {
		t.Errorf("executables without a build ID: keys %q and %q", a, b)
	}
}

// BenchmarkExecutableID is what identifying the executable costs each run
// (go test ./cmd/tixcfg -run '^$' -bench ExecutableID).
func BenchmarkExecutableID(b *testing.B) {
	self, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := executableID(self); err != nil {
			b.Fatal(err)
		}
	}
}
