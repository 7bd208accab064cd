package engine

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// TestLongChains edits the top of a global-transactions chain 5,000
// companies long and a member of a parent cycle as long: every company on
// them is decided again, and that must cost in proportion to them, not to
// their square (each chain walked once per edit, not once per company).
func TestLongChains(t *testing.T) {
	if raceEnabled {
		t.Skip("heavy input: make test runs it without -race")
	}
	const n = 5000
	dir := t.TempDir()
	var chain strings.Builder
	chain.WriteString("reseller \"acme\" {\n  feature_flags = [\"szamlazz\"]\n}\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&chain, "company \"c%d\" {\n  reseller = \"acme\"\n  parent = \"c%d\"\n  global_transactions = true\n}\n", i, i-1)
		if i > 1 {
			fmt.Fprintf(&chain, "company \"r%d\" {\n  reseller = \"acme\"\n  parent = \"r%d\"\n}\n", i, (i+1)%n)
		}
	}
	write(t, filepath.Join(dir, "chain.hcl"), chain.String())
	top := func(szamlazz bool) string {
		src := "company \"c0\" {\n  reseller = \"acme\"\n"
		if szamlazz {
			src += "  feature_flags = [\"szamlazz\"]\n  integration \"szamlazz\" {\n    agent_key = secret(\"a\")\n  }\n"
		}
		return src + "}\n"
	}
	cycle := func(closed bool) string {
		parent := "r2"
		if !closed {
			parent = "nobody"
		}
		return fmt.Sprintf("company \"r1\" {\n  reseller = \"acme\"\n  parent = %q\n}\ncompany \"r0\" {\n  reseller = \"acme\"\n  parent = \"r1\"\n}\n", parent)
	}
	write(t, filepath.Join(dir, "top.hcl"), top(true))
	write(t, filepath.Join(dir, "cycle.hcl"), cycle(true))
	w, err := Open(Options{Roots: []string{dir}, Load: lang.Options{WorkDir: dir}})
	if err != nil {
		t.Fatal(err)
	}
	w.Changed(filepath.Join(dir, "top.hcl")) // the incremental state
	cold := func() ([]lang.Diagnostic, time.Duration) {
		start := time.Now()
		p, err := lang.Load([]string{dir}, lang.Options{WorkDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		return checker.Run(p, checker.Options{}).Diagnostics, time.Since(start)
	}
	for i, edit := range []struct{ file, src string }{
		{"top.hcl", top(false)}, {"top.hcl", top(true)}, {"cycle.hcl", cycle(false)}, {"cycle.hcl", cycle(true)},
	} {
		write(t, filepath.Join(dir, edit.file), edit.src)
		start := time.Now()
		v, err := w.Changed(filepath.Join(dir, edit.file))
		if err != nil {
			t.Fatal(err)
		}
		took := time.Since(start)
		want, c := cold()
		// A generous bound: the machine may be busy, but a walk per
		// company would take minutes.
		if took > 5*c+2*time.Second {
			t.Errorf("edit %d of %s took %v, a cold check %v: the chain is walked more than once", i, edit.file, took, c)
		}
		if !reflect.DeepEqual(want, v.Result.Diagnostics) {
			t.Errorf("edit %d of %s: the findings differ from a cold run", i, edit.file)
		}
	}
}
