package main

import (
	"bytes"
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/lang"
)

// runIn runs tixcfg in-process with the cache off, in dir.
func runIn(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Chdir(dir)
	var out, errOut bytes.Buffer
	if args[0] != "rules" && args[0] != "schema" && args[0] != "version" {
		args = append(args[:1:1], append([]string{"--no-cache"}, args[1:]...)...)
	}
	code = Main(args, &out, &errOut)
	for _, s := range []string{out.String(), errOut.String()} {
		if strings.Contains(s, "goroutine ") || strings.Contains(s, "panic") || strings.Contains(s, "internal error") {
			t.Fatalf("tixcfg crashed:\n%s", s)
		}
	}
	return code, out.String(), errOut.String()
}

func write(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

const okReseller = "reseller \"acme\" {\n  name = \"Acme\"\n}\n"

// TestHostileInput feeds tixcfg what a repository can hold by accident or
// malice. Each case ends in a positioned diagnostic (exit 1) or a one-line
// error (exit 2), never a crash, and never prints the raw bytes of a
// binary file.
func TestHostileInput(t *testing.T) {
	if raceEnabled {
		t.Skip("heavy input: make test runs it without -race")
	}
	for _, c := range hostileCases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			c.setup(t, dir)
			code, stdout, stderr := runIn(t, dir, append(append([]string{"check"}, c.args...), c.load...)...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%.2000s\nstderr:\n%s", code, c.code, stdout, stderr)
			}
			got := stdout
			if c.code == 2 {
				got = stderr
				if stdout != "" {
					t.Errorf("stdout is not empty: %.500s", stdout)
				}
			}
			if !regexp.MustCompile(c.want).MatchString(got) {
				t.Fatalf("output does not match %s:\n%.3000s", c.want, got)
			}
			for _, line := range strings.Split(stdout, "\n") {
				if len(line) > 400 {
					t.Errorf("a snippet line of %d bytes was printed", len(line))
				}
				if strings.ContainsAny(line, "\x1b\x00") {
					t.Errorf("raw control bytes were printed: %q", line)
				}
			}
		})
	}
}

// TestHostileEveryCommand runs the hostile inputs through every command
// that reads a portfolio, not only check: each ends in output, findings
// (exit 1) or a one-line error (exit 2), never a crash or raw control
// bytes; and where check cannot load the folder, no command can.
func TestHostileEveryCommand(t *testing.T) {
	if raceEnabled {
		t.Skip("heavy input: make test runs it without -race")
	}
	// Inputs of the same shape but smaller, where check's run at full size
	// has proved linear time, and six more commands at that size (they
	// share the analysis) would only repeat it at six times the cost.
	smaller := map[string]struct {
		setup   func(t *testing.T, dir string)
		company string
	}{
		"a parent chain 20,000 companies long, and a cycle as long": {parentChains(2000), "c1999"},
	}
	for _, c := range hostileCases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			setup, company := c.setup, cmp.Or(c.company, "c")
			if s, ok := smaller[c.name]; ok {
				setup, company = s.setup, s.company
			}
			setup(t, dir)
			for _, args := range [][]string{
				{"build", "-o", "-"},
				{"explain", company},
				{"explain", "--format", "json", company},
				{"explain", company, "what3words"},
				{"fmt", "--diff"},
				{"catalog"},
				{"catalog", "--format", "json"},
				{"baseline", "write", "-o", "-"},
				{"fix", "--unsafe", "--diff"},
				{"diff", ".", "."},
			} {
				code, stdout, stderr := runIn(t, dir, append(args, c.load...)...)
				name := strings.Join(args, " ")
				switch {
				case code < 0 || code > 2:
					t.Errorf("%s: exit %d", name, code)
				case c.code == 2 && code != 2:
					t.Errorf("%s: exit %d where check cannot load the folder", name, code)
				case code == 2 && (stdout != "" || strings.Count(stderr, "\n") != 1):
					t.Errorf("%s: exit 2 without exactly one line of error:\nstdout: %.300s\nstderr: %.1000s", name, stdout, stderr)
				}
				for _, out := range []string{stdout, stderr} {
					if strings.ContainsAny(out, "\x1b\x00") {
						t.Errorf("%s: raw control bytes were printed: %.300q", name, out)
					}
				}
			}
		})
	}
}

// hostileCase is one input of the hostile suite.
type hostileCase struct {
	name  string
	setup func(t *testing.T, dir string)
	// args are check's own flags; load are loader flags every command takes.
	args, load []string
	code       int
	// want must match check's stdout (exit 1) or stderr (exit 2).
	want string
	// company is the one explain is asked about; "c" when empty.
	company string
}

// parentChains writes a global-transactions chain of n companies and a
// parent cycle of n more.
func parentChains(n int) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		var b strings.Builder
		b.WriteString(okReseller)
		for i := range n {
			fmt.Fprintf(&b, "company \"c%d\" {\n  reseller = \"acme\"\n", i)
			if i > 0 {
				fmt.Fprintf(&b, "  parent = \"c%d\"\n  global_transactions = true\n", i-1)
			}
			fmt.Fprintf(&b, "}\ncompany \"r%d\" {\n  reseller = \"acme\"\n  parent = \"r%d\"\n}\n", i, (i+1)%n)
		}
		write(t, dir, "chain.hcl", []byte(b.String()))
	}
}

var hostileCases = []hostileCase{
	{"empty folder", func(t *testing.T, dir string) {}, nil, nil, 2,
		`^tixcfg: no configuration files \(\*\.hcl, \*\.hcl\.json\) in \.\n$`, ""},
	{"not UTF-8", func(t *testing.T, dir string) {
		write(t, dir, "latin1.hcl", []byte("reseller \"acme\" {\n  name = \"Caf\xe9\"\n}\n"))
	}, nil, nil, 1, `(?s)Error: Invalid UTF-8 \[syntax\].*on latin1\.hcl line 2, column 14:`, ""},
	{"binary file named .hcl", func(t *testing.T, dir string) {
		bin := []byte{0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0x1b, '[', '3', '1', 'm', '\n', 0xff, 0xfe}
		write(t, dir, "tool.hcl", bin)
		write(t, dir, "ok.hcl", []byte(okReseller))
	}, nil, nil, 1, `(?s)\[syntax\].*on tool\.hcl line 2, column 1:`, ""},
	{"byte-order mark", func(t *testing.T, dir string) {
		write(t, dir, "bom.hcl", []byte("\uFEFFcompany \"c\" {\n  reseller = \"nope\"\n}\n"))
	}, nil, nil, 1, `(?s)Unknown reseller "nope".*on bom\.hcl line 2, column 14:`, ""},
	{"CRLF line endings", func(t *testing.T, dir string) {
		write(t, dir, "crlf.hcl", []byte("company \"c\" {\r\n  name = \"C\"\r\n  reseller = \"nope\"\r\n}\r\n"))
	}, nil, nil, 1, `(?s)Unknown reseller "nope".*on crlf\.hcl line 3, column 14:\n  3:   reseller = "nope"\n`, ""},
	{"a single 10 MB line", func(t *testing.T, dir string) {
		line := "company \"c\" { reseller = \"nope\", name = \"" + strings.Repeat("x", 10<<20) + "\" }\n"
		write(t, dir, "long.hcl", []byte(line))
	}, nil, nil, 1, `\[syntax\]|Unknown reseller`, ""},
	{"expressions nested 100,000 deep", func(t *testing.T, dir string) {
		write(t, dir, "deep.hcl", []byte("reseller \"a\" {\n  name = "+strings.Repeat("[", 100000)+strings.Repeat("]", 100000)+"\n}\n"))
	}, nil, nil, 1, `(?s)Error: Nesting too deep \[syntax\].*on deep\.hcl line 2`, ""},
	{"a symbolic link loop", func(t *testing.T, dir string) {
		write(t, dir, "ok.hcl", []byte(okReseller))
		os.Symlink(".", filepath.Join(dir, "sub"))             // a folder loop: not followed
		os.Symlink("loop.hcl", filepath.Join(dir, "loop.hcl")) // a file loop: cannot be read
	}, nil, nil, 2, `^tixcfg: loop\.hcl: broken symbolic link \(too many levels of symbolic links\)\n$`, ""},
	{"an unreadable file", func(t *testing.T, dir string) {
		write(t, dir, "ok.hcl", []byte(okReseller))
		os.Symlink("gone/missing.hcl", filepath.Join(dir, "dangling.hcl"))
	}, nil, nil, 2, `^tixcfg: dangling\.hcl: broken symbolic link \(no such file or directory\)\n$`, ""},
	{"a file over the size limit", func(t *testing.T, dir string) {
		write(t, dir, "big.hcl", []byte(okReseller+strings.Repeat("# padding\n", 200)))
		write(t, dir, "small.hcl", []byte("company \"c\" {\n  reseller = \"nope\"\n}\n"))
	}, nil, []string{"--max-file-size", "1KiB"}, 1,
		`(?s)Error: File too large \[syntax\].*on big\.hcl line 1, column 1:.*not loaded.*Unknown reseller "nope"`, ""},
	{"duplicate object keys", func(t *testing.T, dir string) {
		write(t, dir, "keys.hcl", []byte(okReseller+"company \"c\" {\n  reseller = \"acme\"\n  name = { a = 1, a = 2 }\n}\n"))
	}, nil, nil, 1, `(?s)Duplicate key \[duplicate\].*on keys\.hcl line 6, column 19:`, ""},
	{"a parent chain 20,000 companies long, and a cycle as long", parentChains(20000),
		[]string{"--format", "compact"}, nil, 1, `chain\.hcl:\d+:\d+: error: Parent cycle \[parent\]`, "c19999"},
	{"references to themselves", func(t *testing.T, dir string) {
		write(t, dir, "self.hcl", []byte(okReseller+"company \"c\" {\n  reseller = \"acme\"\n  parent   = \"c\"\n}\n"))
	}, nil, nil, 1, `(?s)Parent cycle \[parent\].*"c" → "c"`, ""},
	{"variables", func(t *testing.T, dir string) {
		write(t, dir, "vars.hcl", []byte("company \"c\" {\n  reseller = var.reseller\n}\n"))
	}, nil, nil, 1, `(?s)Variables are not allowed \[schema\].*on vars\.hcl line 2, column 14:`, ""},
	{"for expressions", func(t *testing.T, dir string) {
		write(t, dir, "for.hcl", []byte(okReseller+"company \"c\" {\n  reseller = \"acme\"\n  feature_flags = [for f in [\"dtcm\"] : f]\n}\n"))
	}, nil, nil, 1, `(?s)For expressions are not allowed \[schema\].*on for\.hcl line 6`, ""},
	{"interpolation", func(t *testing.T, dir string) {
		write(t, dir, "tpl.hcl", []byte(okReseller+"company \"c\" {\n  reseller = \"acme\"\n  name = \"${\"x\"}y\"\n}\n"))
	}, nil, nil, 1, `(?s)Interpolation is not allowed \[schema\].*on tpl\.hcl line 6`, ""},
}

// TestManyDiagnostics: 100,000 findings come out in full; every format
// renders them with memory linear in their number, and the line formats
// stream: the output reaches the writer in pieces, never as one buffer.
func TestManyDiagnostics(t *testing.T) {
	if raceEnabled {
		t.Skip("heavy input: make test runs it without -race")
	}
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(okReseller + "company \"c\" {\n  reseller = \"acme\"\n  feature_flags = [\n")
	for i := range 100000 {
		fmt.Fprintf(&b, "    \"flag%d\",\n", i)
	}
	b.WriteString("  ]\n}\n")
	write(t, dir, "many.hcl", []byte(b.String()))

	w := &chunkWriter{}
	t.Chdir(dir)
	if code := Main([]string{"check", "--no-cache", "."}, w, &bytes.Buffer{}); code != 1 {
		t.Fatalf("exit %d", code)
	}
	if out := w.buf.String(); !strings.Contains(out, `"flag99999"`) || !strings.HasSuffix(out, "Found 100000 errors in 1 file.\n") {
		t.Fatalf("the output is not complete: ...%s", out[max(0, len(out)-300):])
	}
	if w.largest > 1<<16 {
		t.Errorf("one write of %d bytes: the output does not stream", w.largest)
	}

	p, err := lang.Load([]string{"."}, lang.Options{})
	if err != nil {
		t.Fatal(err)
	}
	diags := checker.Run(p, checker.Options{}).Diagnostics
	meta := emit.Meta{Version: "test", Files: []string{"many.hcl"}}
	for _, format := range emit.Formats() {
		t.Run(format, func(t *testing.T) {
			var allocs [2]uint64
			for i, n := range []int{10000, 100000} {
				w := &chunkWriter{}
				var m0, m1 runtimeMem
				m0.read()
				if err := emit.Write(w, format, diags[:n], p, meta); err != nil {
					t.Fatal(err)
				}
				m1.read()
				allocs[i] = m1.total - m0.total
				if !strings.Contains(w.buf.String(), fmt.Sprintf("flag%d", n-1)) {
					t.Fatalf("the last finding is missing")
				}
				streams := format != emit.FormatSARIF && format != emit.FormatJUnit && format != emit.FormatCheckstyle
				if streams && w.largest > 1<<16 {
					t.Errorf("one write of %d bytes: the output does not stream", w.largest)
				}
			}
			if ratio := float64(allocs[1]) / float64(allocs[0]); ratio > 15 {
				t.Errorf("10 times the findings took %.1f times the memory: not linear", ratio)
			}
		})
	}
}

// chunkWriter records the output and its largest single write.
type chunkWriter struct {
	buf     bytes.Buffer
	largest int
}

func (w *chunkWriter) Write(p []byte) (int, error) {
	w.largest = max(w.largest, len(p))
	return w.buf.Write(p)
}
