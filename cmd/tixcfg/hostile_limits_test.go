package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestHostileInputLimits: the parser and value limits of issue #10. Each
// input ends in a positioned diagnostic, never a crash or a hang; the
// heavy ones run without -race (make test matches TestHostileInput).
func TestHostileInputLimits(t *testing.T) {
	if raceEnabled {
		t.Skip("heavy input: make test runs it without -race")
	}
	cases := []struct {
		name  string
		setup func(t *testing.T, dir string)
		args  []string
		code  int
		want  string // must match stdout
	}{
		{"120,000 brackets the byte scan cannot see", func(t *testing.T, dir string) {
			round := strings.Repeat("[", 200) + "\"" + strings.Repeat("]", 200) + "\", "
			write(t, dir, "hidden.hcl", []byte("reseller \"a\" {\n  name = "+strings.Repeat(round, 600)+"1"+strings.Repeat("]", 120000)+"\n}\n"))
		}, nil, 1, `(?s)Error: Nesting too deep \[syntax\].*on hidden\.hcl line 2`},
		{"500,000 unary operators", func(t *testing.T, dir string) {
			write(t, dir, "bang.hcl", []byte("reseller \"a\" {\n  name = "+strings.Repeat("!", 500000)+"true\n}\n"))
			write(t, dir, "minus.hcl", []byte("reseller \"b\" {\n  name = "+strings.Repeat("-", 500000)+"1\n}\n"))
		}, nil, 1, `(?s)Error: Nesting too deep \[syntax\].*on bang\.hcl line 2, column 265:.*Error: Nesting too deep \[syntax\].*on minus\.hcl line 2`},
		{"a chain of 300,000 conditionals", func(t *testing.T, dir string) {
			write(t, dir, "cond.hcl", []byte("reseller \"a\" {\n  name = "+strings.Repeat("a ? b : ", 300000)+"c\n}\n"))
		}, nil, 1, `(?s)Error: Nesting too deep \[syntax\].*on cond\.hcl line 2`},
		{"number literals out of bounds", func(t *testing.T, dir string) {
			write(t, dir, "n.hcl", []byte(okReseller+"company \"c\" {\n  reseller = \"acme\"\n  tax_band \"t\" {\n    rate = 1e-999999\n  }\n"+
				"  integration \"refund_protect_group\" {\n    minimum_order_value = { AED = 1e-999999 }\n    deadline_hours = 1e99999999\n  }\n}\n"))
		}, []string{"--format", "compact"}, 1, `(?s)n\.hcl:7:12: error: Number out of range \[invalid-value\].*n\.hcl:10:35: error: Number out of range \[invalid-value\].*n\.hcl:11:22: error: Number out of range \[invalid-value\]`},
		{"invisible characters in IDs, NUL in strings", func(t *testing.T, dir string) {
			write(t, dir, "inv.hcl", []byte("reseller \"acme\u200b\" {\n  name = \"a\\u0000b\"\n}\nreseller \"nile\\u0007\" {\n}\n"))
		}, []string{"--format", "compact"}, 1, `^inv\.hcl:1:10: error: Invisible character in ID \[schema\]\ninv\.hcl:2:10: error: NUL character in string \[schema\]\ninv\.hcl:4:10: error: Invisible character in ID \[schema\]\n`},
		{"a look-alike ID", func(t *testing.T, dir string) {
			write(t, dir, "a.hcl", []byte("reseller \"\u0430cme\" {\n}\n"))
			write(t, dir, "b.hcl", []byte(okReseller))
		}, []string{"--fail-on", "warning"}, 1, `(?s)Warning: Reseller "аcme" looks like "acme" \[confusable-id\].*on a\.hcl line 1, column 10:.*U\+0430 CYRILLIC SMALL LETTER A.*related: b\.hcl:1:1`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			c.setup(t, dir)
			code, stdout, stderr := runIn(t, dir, append([]string{"check"}, c.args...)...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%.2000s\nstderr:\n%s", code, c.code, stdout, stderr)
			}
			if !regexp.MustCompile(c.want).MatchString(stdout) {
				t.Fatalf("output does not match %s:\n%.3000s", c.want, stdout)
			}
			for _, line := range strings.Split(stdout, "\n") {
				if len(line) > 400 {
					t.Errorf("a line of %d bytes was printed", len(line))
				}
				if strings.ContainsAny(line, "\x1b\x00") {
					t.Errorf("raw control bytes were printed: %q", line)
				}
			}
		})
	}
}

// TestHostileBuild: what would hang or bloat the snapshot is refused before
// build converts it, and nothing is written.
func TestHostileBuild(t *testing.T) {
	for name, value := range map[string]string{
		"tiny rate":   "1e-999999",
		"huge rate":   "1e99999999",
		"wide rate":   "1e999999",
		"long digits": strings.Repeat("1", 100000),
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "n.hcl", []byte(okReseller+"company \"c\" {\n  reseller = \"acme\"\n  tax_band \"t\" {\n    rate = "+value+"\n  }\n}\n"))
			code, stdout, _ := runIn(t, dir, "build", "--format", "compact", "-o", "snap.json", ".")
			if code != 1 || !regexp.MustCompile(`^n\.hcl:7:12: error: Number (out of range|too precise) \[invalid-value\]`).MatchString(stdout) {
				t.Fatalf("exit %d:\n%.2000s", code, stdout)
			}
			if len(stdout) > 1000 {
				t.Errorf("%d bytes of output", len(stdout))
			}
			if _, err := os.Stat(filepath.Join(dir, "snap.json")); err == nil {
				t.Errorf("a snapshot was written")
			}
		})
	}
}

// TestHostileInputScale: inputs that were quadratic finish in bounded time and
// print bounded messages.
func TestHostileInputScale(t *testing.T) {
	if raceEnabled {
		t.Skip("heavy input: make test runs it without -race")
	}
	long := strings.Repeat("x", 40000)
	cases := []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string
	}{
		{"an object with 100,000 keys", func(t *testing.T, dir string) {
			var b strings.Builder
			b.WriteString(okReseller + "company \"c\" {\n  reseller = \"acme\"\n  name = {\n")
			for i := range 100000 {
				fmt.Fprintf(&b, "    k%d = 1\n", i)
			}
			b.WriteString("    k7 = 2\n  }\n}\n")
			write(t, dir, "keys.hcl", []byte(b.String()))
		}, `keys\.hcl:100007:5: error: Duplicate key( "k7")? \[duplicate\]`},
		{"two 40,000-character labels", func(t *testing.T, dir string) {
			write(t, dir, "long.hcl", []byte("reseller \""+long+"a\" {\n}\ncompany \"c\" {\n  reseller = \""+long+"b\"\n}\n"))
		}, `long\.hcl:4:14: error: Unknown reseller "x{40}"… \[unknown-reference\]`},
		{"4,000 typos against 4,000 resellers", func(t *testing.T, dir string) {
			var b strings.Builder
			for i := range 4000 {
				fmt.Fprintf(&b, "reseller \"reseller-%04d\" {\n}\ncompany \"c%d\" {\n  reseller = \"reseler-%04d\"\n}\n", i, i, i)
			}
			write(t, dir, "typos.hcl", []byte(b.String()))
		}, `typos\.hcl:19999:14: error: Unknown reseller "reseler-3999" \[unknown-reference\]`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			c.setup(t, dir)
			start := time.Now()
			code, stdout, _ := runIn(t, dir, "check", "--format", "compact")
			if d := time.Since(start); d > 15*time.Second {
				t.Errorf("took %v", d)
			}
			if code != 1 || !regexp.MustCompile(c.want).MatchString(stdout) {
				t.Fatalf("exit %d, output does not match %s:\n%.2000s", code, c.want, stdout)
			}
			for _, line := range strings.Split(stdout, "\n") {
				if len(line) > 400 {
					t.Errorf("a line of %d bytes was printed: %.200s", len(line), line)
				}
			}
		})
	}
}
