package lang

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
)

func byteRange(s, e int) hcl.Range {
	return hcl.Range{Start: hcl.Pos{Byte: s}, End: hcl.Pos{Byte: e}}
}

// TestOverlappingMasks: a mask that starts inside another still hides
// everything it covers.
func TestOverlappingMasks(t *testing.T) {
	line := []byte(`  key = "SECRET-TAIL"`)
	got, _ := Masks{byteRange(8, 15), byteRange(12, 21)}.ApplyLine(line, 0)
	if s := string(got); strings.Contains(s, "SECRET") || strings.Contains(s, "TAIL") || !strings.HasPrefix(s, `  key = "****`) {
		t.Fatalf("masked line %q", s)
	}
}

// TestApplyLineAgreesWithApply: a snippet line and the same line of a
// masked file (a diff) show a secret alike, whether masks overlap or come
// unsorted; a value that spans lines shows its mask once in a file and on
// each of its lines in a snippet.
func TestApplyLineAgreesWithApply(t *testing.T) {
	src := []byte("a = \"SECRET-TAIL\"\r\nb = <<EOT\nline one\nline two\nEOT\nc = \"x\"\n")
	i := bytes.Index(src, []byte(`"SECRET`))
	j := bytes.Index(src, []byte("<<EOT"))
	k := bytes.Index(src, []byte("c = ")) - 1
	ms := Masks{byteRange(j, k), byteRange(i+4, i+13), byteRange(i, i+8)}
	whole := strings.Split(string(ms.Apply(src)), "\n")
	want := []string{`a = "****"` + "\r", "b = ****", "", "", "", `c = "x"`, ""}
	if strings.Join(whole, "\n") != strings.Join(want, "\n") {
		t.Fatalf("Apply:\n%q\nwant\n%q", whole, want)
	}
	start := 0
	for n, line := range bytes.SplitAfter(src, []byte("\n")) {
		text := bytes.TrimSuffix(line, []byte("\n"))
		got, shift := ms.ApplyLine(text, start)
		wantLine := whole[n]
		if n >= 2 && n <= 4 {
			wantLine = SecretMask
		}
		if string(got) != wantLine {
			t.Errorf("line %d: ApplyLine %q, want %q", n+1, got, wantLine)
		}
		if e := shift(len(text)); e != len(got) {
			t.Errorf("line %d: end maps to %d, want %d", n+1, e, len(got))
		}
		start += len(line)
	}
}
