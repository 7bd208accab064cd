package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestManyFindingsBaseline: a baseline of 100,000 findings is written and
// matched in time linear in them (places are found by binary search, not
// by scanning a list of 100,000 items for each), repeats at one place are
// one entry with its count, and one more finding is the one new.
func TestManyFindingsBaseline(t *testing.T) {
	if raceEnabled {
		t.Skip("heavy input: make test runs it without -race")
	}
	dir := t.TempDir()
	flags := func(n int, extra string) []byte {
		var b strings.Builder
		b.WriteString(okReseller + "company \"c\" {\n  reseller = \"acme\"\n  feature_flags = [\n")
		for i := range n {
			fmt.Fprintf(&b, "    \"flag%d\",\n", i)
		}
		b.WriteString("    \"dup\",\n    \"dup\",\n    \"dup\",\n" + extra + "  ]\n}\n")
		return []byte(b.String())
	}
	const n = 100000
	write(t, dir, "many.hcl", flags(n, ""))
	start := time.Now()
	if code, _, stderr := runIn(t, dir, "baseline", "write", "-o", "../base.json", "."); code != 0 {
		t.Fatalf("baseline write: exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "../base.json"))
	if err != nil {
		t.Fatal(err)
	}
	// The unknown flags, "dup" unknown once and repeated twice.
	if got := strings.Count(string(data), `"rule": `); got != n+2 || !strings.Contains(string(data), `"count": 2`) {
		t.Fatalf("%d entries, want %d, and a count of the repeats", got, n+2)
	}
	write(t, dir, "many.hcl", flags(n, "    \"flag-new\",\n"))
	code, stdout, stderr := runIn(t, dir, "check", "--baseline", "../base.json", "--format", "compact", ".")
	if code != 1 || strings.Count(stdout, "\n") != 1 || !strings.Contains(stdout, `"flag-new"`) {
		t.Fatalf("exit %d, want the one new flag:\n%.500s\n%s", code, stdout, stderr)
	}
	if d := time.Since(start); d > 60*time.Second {
		t.Errorf("writing and matching 100,000 findings took %v", d)
	}
}
