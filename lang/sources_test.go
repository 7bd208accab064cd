package lang

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// LoadSources must be the disk pipeline minus the reading: the same files
// decoded from memory are the same model, diagnostics included.
func TestLoadSourcesMatchesLoadFiles(t *testing.T) {
	paths, err := Discover([]string{"../examples/portfolio", "../examples/broken"})
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{WorkDir: ".."}
	fromDisk, err := LoadFiles(paths, opts)
	if err != nil {
		t.Fatal(err)
	}
	srcs := make([]Source, len(paths))
	for i, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		srcs[i] = Source{Name: fromDisk[i].Name, Src: src}
	}
	fromMem, err := LoadSources(srcs, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(fromMem) != len(fromDisk) {
		t.Fatalf("%d files from memory, %d from disk", len(fromMem), len(fromDisk))
	}
	for i, m := range fromMem {
		d := *fromDisk[i]
		if m.Path != m.Name {
			t.Errorf("Path = %q, want the name %q", m.Path, m.Name)
		}
		d.Path = m.Path
		if !reflect.DeepEqual(*m, d) {
			t.Errorf("%s: decoded from memory differs from the disk load", m.Name)
		}
	}
}

func TestLoadSourcesSizeLimit(t *testing.T) {
	big := Source{Name: "big.hcl", Src: []byte(strings.Repeat("# x\n", 100))}
	files, err := LoadSources([]Source{big}, Options{MaxFileSize: 64})
	if err != nil {
		t.Fatal(err)
	}
	f := files[0]
	if !f.ParseFailed || len(f.Diagnostics) != 1 || f.Diagnostics[0].Summary != "File too large" || f.Diagnostics[0].Subject.Filename != "big.hcl" {
		t.Fatalf("got %+v, want one File too large finding on big.hcl", f.Diagnostics)
	}
}
