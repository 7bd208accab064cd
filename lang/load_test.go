package lang

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

func TestDisplayNameRelativeBase(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.MkdirAll("cfg/companies", 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ base, path, want string }{
		{"", "cfg/companies/a.hcl", "cfg/companies/a.hcl"},
		{"cfg", "cfg/companies/a.hcl", "companies/a.hcl"},
		{"cfg", filepath.Join(dir, "cfg", "companies", "a.hcl"), "companies/a.hcl"},
		{"cfg/companies", "cfg/b.hcl", filepath.ToSlash(filepath.Join(dir, "cfg", "b.hcl"))},
	} {
		if got := DisplayName(tc.base, tc.path); got != tc.want {
			t.Errorf("DisplayName(%q, %q) = %q, want %q", tc.base, tc.path, got, tc.want)
		}
	}
}

func TestInvalidUTF8AfterBOM(t *testing.T) {
	f := ParseFile("a.hcl", []byte("\uFEFFa\xff"))
	if len(f.Diagnostics) != 1 {
		t.Fatalf("got %v", f.Diagnostics)
	}
	if s := f.Diagnostics[0].Subject.Start; s.Line != 1 || s.Column != 2 || s.Byte != 4 {
		t.Fatalf("invalid byte at %+v, want line 1, column 2, byte 4", s)
	}
}

func TestNestingTooDeep(t *testing.T) {
	deep := "reseller \"a\" {\n  name = " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n}\n"
	f := ParseFile("deep.hcl", []byte(deep))
	if len(f.Diagnostics) != 1 || f.Diagnostics[0].Summary != "Nesting too deep" || f.Diagnostics[0].Subject.Start.Line != 2 {
		t.Fatalf("got %+v", f.Diagnostics)
	}
	// Closing brackets inside strings do not hide real nesting from the
	// scan: here the bytes balance, the tokens nest 5,000 deep.
	hidden := "reseller \"a\" {\n  name = " + strings.Repeat(strings.Repeat("[", 100)+"\""+strings.Repeat("]", 100)+"\", ", 50) + "1" + strings.Repeat("]", 5000) + "\n}\n"
	if f := ParseFile("hidden.hcl", []byte(hidden)); len(f.Diagnostics) != 1 || f.Diagnostics[0].Summary != "Nesting too deep" {
		t.Fatalf("brackets hidden by strings: got %.300v", f.Diagnostics)
	}
	// Brackets inside strings are not nesting.
	shallow := "reseller \"a\" {\n  name = \"" + strings.Repeat("[", 1000) + "\"\n}\n"
	if f := ParseFile("ok.hcl", []byte(shallow)); len(f.Diagnostics) != 0 {
		t.Fatalf("brackets in a string counted as nesting: %+v", f.Diagnostics)
	}
}

// Unary operators and conditionals recurse in HCL's parser as brackets do:
// long runs of them are refused before parsing, short ones are not.
func TestNestingOfOperators(t *testing.T) {
	n := 50000
	for name, expr := range map[string]string{
		"bangs":         strings.Repeat("!", n) + "true",
		"minuses":       strings.Repeat("-", n) + "1",
		"spaced":        strings.Repeat("- ", n) + "1",
		"conditionals":  strings.Repeat("a ? b : ", n) + "c",
		"true branches": strings.Repeat("a ? ", n) + "b" + strings.Repeat(" : c", n),
		"bang parens":   strings.Repeat("!(", n/2) + "x" + strings.Repeat(")", n/2),
		"just over":     strings.Repeat("!", MaxNesting+1) + "true",
	} {
		t.Run(name, func(t *testing.T) {
			f := ParseFile("ops.hcl", []byte("reseller \"a\" {\n  name = "+expr+"\n}\n"))
			if len(f.Diagnostics) != 1 || f.Diagnostics[0].Summary != "Nesting too deep" || f.Diagnostics[0].Subject.Start.Line != 2 {
				t.Fatalf("got %.300v", f.Diagnostics)
			}
		})
	}
	for name, expr := range map[string]string{
		"at the limit":      strings.Repeat("!", MaxNesting-1) + "true",
		"negative numbers":  "[" + strings.Repeat("-1, ", 1000) + "]",
		"negated terms":     strings.Repeat("!a && ", 1000) + "b",
		"hyphenated words":  "\"" + strings.Repeat("-", 1000) + "\"",
		"separate lines":    strings.Repeat("!", 200) + "a\n  x = " + strings.Repeat("!", 200) + "b",
		"subtraction chain": strings.Repeat("1 - -1 - ", 1000) + "1",
	} {
		t.Run(name, func(t *testing.T) {
			f := ParseFile("ops.hcl", []byte("reseller \"a\" {\n  name = "+expr+"\n}\n"))
			for _, d := range f.Diagnostics {
				if d.Summary == "Nesting too deep" || d.Rule == "syntax" {
					t.Fatalf("refused: %+v", d)
				}
			}
		})
	}
}

func TestDiscoverRefusesWhatItCannotRead(t *testing.T) {
	for name, setup := range map[string]func(dir string) error{
		"fifo":          func(dir string) error { return syscall.Mkfifo(filepath.Join(dir, "pipe.hcl"), 0o644) },
		"broken link":   func(dir string) error { return os.Symlink("nowhere.hcl", filepath.Join(dir, "gone.hcl")) },
		"symlink loop":  func(dir string) error { return os.Symlink("loop.hcl", filepath.Join(dir, "loop.hcl")) },
		"linked folder": nil,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if setup == nil {
				// A link to a folder, here to the folder itself, is not
				// followed: no loop, no error.
				if err := os.Symlink(".", filepath.Join(dir, "self")); err != nil {
					t.Fatal(err)
				}
				if _, err := Discover([]string{dir}); err != nil {
					t.Fatalf("linked folder: %v", err)
				}
				return
			}
			if err := setup(dir); err != nil {
				t.Skip(err)
			}
			_, err := Discover([]string{dir})
			if err == nil || strings.Count(err.Error(), "\n") > 0 || !strings.Contains(err.Error(), dir) {
				t.Fatalf("err = %v, want a one-line error naming the file", err)
			}
		})
	}
}

func TestMasksInBlocksTheLoaderSkips(t *testing.T) {
	src := "compnay \"x\" {\n  integration \"vatstack\" {\n    secret_key = \"CANARY\"\n  }\n}\n"
	p := Assemble([]*File{ParseFile("a.hcl", []byte(src))})
	masks := p.Masks("a.hcl")
	if len(masks) != 1 || string(src[masks[0].Start.Byte:masks[0].End.Byte]) != `"CANARY"` {
		t.Fatalf("masks = %v, want the literal of secret_key", masks)
	}
}

func TestLexicalMasksJSON(t *testing.T) {
	src := "{\"reseller\": {\"a\": {\"integration\": {\"vatstack\": {\"secret_key\": \"LEAK\\\"ME\", \"id\": \"shown\"}}}}"
	ms := LexicalMasks("x.hcl.json", []byte(src), nil)
	if len(ms) != 1 || src[ms[0].Start.Byte:ms[0].End.Byte] != `"LEAK\"ME"` {
		t.Fatalf("masks %v", ms)
	}
	// A broken JSON file is masked by name too.
	p := Assemble([]*File{ParseFile("b.hcl.json", []byte(`{"reseller": {"a": {"api_key": "LEAK"`))})
	if ms := p.Masks("b.hcl.json"); len(ms) != 1 {
		t.Fatalf("broken JSON masks %v", ms)
	}
}

func TestJSONWithBOMKeepsOffsets(t *testing.T) {
	src := "\uFEFF{\"company\": {\"c\": {\"reseller\": 5}}}"
	f := ParseFile("c.hcl.json", []byte(src))
	r := f.Companies[0].Reseller.ValueRange
	if got := src[r.Start.Byte:r.End.Byte]; got != "5" {
		t.Fatalf("value range %v covers %q, want \"5\"", r, got)
	}
}

// TestFallbackMasksUseTheCatalog: in files the loader fails on, every
// value inside an integration block is masked (bare booleans aside), and
// elsewhere the values of the secret fields of the effective catalog,
// whatever their names sound like, and of settings' defaults.
func TestFallbackMasksUseTheCatalog(t *testing.T) {
	cat := "integration_type \"doorlock\" {\n  category = \"access\"\n  reseller {\n    credential \"pin\" { secret = true }\n  }\n}\n"
	native := "resellr \"x\" {\n  name = \"shown\"\n  pin  = 1234\n  integration \"doorlock\" {\n    code = [\"C1\", 2]\n    on   = true\n  }\n  default = \"C2\"\n"
	js := `{"resellr": {"x": {"name": "shown", "pin": 5678, "integration": [{"doorlock": {"code": {"a": "C3"}, "n": 9}}]}}`
	p := Assemble([]*File{ParseFile("cat.hcl", []byte(cat)), ParseFile("n.hcl", []byte(native)), ParseFile("j.hcl.json", []byte(js))})
	for name, want := range map[string][]string{
		"n.hcl":      {"1234", `["C1", 2]`, `"C2"`},
		"j.hcl.json": {"5678", `"C3"`, "9"},
	} {
		src := string(p.Source(name))
		var got []string
		for _, m := range p.Masks(name) {
			got = append(got, src[m.Start.Byte:m.End.Byte])
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: masks %q, want %q", name, got, want)
		}
	}
}
