package lang

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/tixcfg/tixcfg/internal/genportfolio"
	"github.com/zclconf/go-cty/cty"
)

// BenchmarkCodec encodes and decodes the files of a generated portfolio
// (its catalog extension, a reseller and a file of 50 companies): what a
// cold run writes to the cache and a warm one reads back.
func BenchmarkCodec(b *testing.B) {
	dir := b.TempDir()
	if _, err := genportfolio.Write(dir, genportfolio.Options{Companies: 50, PerReseller: 50}); err != nil {
		b.Fatal(err)
	}
	var files []*File
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			src, err := os.ReadFile(path)
			if err != nil {
				b.Fatal(err)
			}
			files = append(files, ParseFile(filepath.ToSlash(path), src))
		}
		return nil
	})
	size := 0
	for _, f := range files {
		size += len(f.Src)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range files {
			body, err := encodeFile(f)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := decodeFile(f.Name, f.Src, body); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// notCached are the fields of the model an entry does not hold, with the
// reason; TestCodecFillsModel leaves them zero and fails when one is gone.
var notCached = map[string]string{
	"File.Path":               "set by the loader, which read the file",
	"File.Src":                "set by the loader; the entry's key",
	"ResellerIntegration.Def": "resolved by Assemble against the whole catalog",
	"CompanyIntegration.Def":  "resolved by Assemble against the whole catalog",
}

// filler sets every field reachable from a model value, exported or not,
// to a value that is not zero, taking strings, numbers and cty values in
// turn from fixed lists so the fill is deterministic.
type filler struct {
	t      *testing.T
	file   string
	n      int
	used   map[string]bool // notCached fields met
	values []cty.Value
	types  []cty.Type
}

func newFiller(t *testing.T, file string) *filler {
	obj := cty.Object(map[string]cty.Type{"a": cty.String, "b": cty.List(cty.Bool)})
	return &filler{t: t, file: file, used: map[string]bool{},
		values: []cty.Value{
			cty.StringVal("text"),
			cty.NumberFloatVal(-2.5),
			cty.MustParseNumberVal("123456789012345678901234567890.000000000000000001"),
			cty.True,
			cty.False,
			cty.ListVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b")}),
			cty.SetVal([]cty.Value{cty.NumberIntVal(1), cty.NumberIntVal(2)}),
			cty.MapVal(map[string]cty.Value{"k": cty.True, "l": cty.False}),
			cty.TupleVal([]cty.Value{cty.StringVal("x"), cty.NumberIntVal(7), cty.NullVal(cty.Bool)}),
			cty.ObjectVal(map[string]cty.Value{"a": cty.StringVal("y"), "b": cty.ListVal([]cty.Value{cty.True})}),
			cty.NullVal(cty.List(cty.String)),
			cty.UnknownVal(obj),
			cty.DynamicVal,
			cty.ListValEmpty(cty.Number),
			cty.SetValEmpty(cty.String),
			cty.MapValEmpty(cty.Bool),
			cty.EmptyTupleVal,
			cty.EmptyObjectVal,
		},
		types: []cty.Type{cty.String, cty.Number, cty.Bool, cty.DynamicPseudoType, cty.List(cty.String),
			cty.Set(cty.Number), cty.Map(obj), cty.Tuple([]cty.Type{cty.String, cty.Bool}), obj},
	}
}

var (
	valueType = reflect.TypeFor[cty.Value]()
	typeType  = reflect.TypeFor[cty.Type]()
	rangeType = reflect.TypeFor[hcl.Range]()
	langPkg   = reflect.TypeFor[File]().PkgPath()
)

func (f *filler) fill(v reflect.Value, at string) {
	f.n++
	switch t := v.Type(); {
	case t == valueType:
		v.Set(reflect.ValueOf(f.values[f.n%len(f.values)]))
	case t == typeType:
		v.Set(reflect.ValueOf(f.types[f.n%len(f.types)]))
	case t == rangeType:
		// Ranges of the file itself and of other files are stored apart.
		name := f.file
		if f.n%3 == 0 {
			name = "other.hcl"
		}
		v.FieldByName("Filename").SetString(name)
		f.fill(v.FieldByName("Start"), at+".Start")
		f.fill(v.FieldByName("End"), at+".End")
	case t.Kind() == reflect.String:
		v.SetString(fmt.Sprintf("s%d", f.n))
	case t.Kind() == reflect.Bool:
		v.SetBool(true)
	case t.Kind() == reflect.Int:
		// Positions are stored as deltas, which this makes negative too.
		v.SetInt(int64(f.n*7%23 + 1))
	case t.Kind() == reflect.Pointer:
		v.Set(reflect.New(t.Elem()))
		f.fill(v.Elem(), at)
	case t.Kind() == reflect.Slice:
		v.Set(reflect.MakeSlice(t, 2, 2))
		for i := range 2 {
			f.fill(v.Index(i), at)
		}
	case t.Kind() == reflect.Struct && t.PkgPath() == langPkg:
		for i := range t.NumField() {
			sf := t.Field(i)
			name := t.Name() + "." + sf.Name
			if _, skip := notCached[name]; skip {
				f.used[name] = true
				continue
			}
			fv := v.Field(i)
			if !sf.IsExported() {
				fv = reflect.NewAt(fv.Type(), unsafe.Pointer(fv.UnsafeAddr())).Elem()
			}
			f.fill(fv, name)
		}
	case t.Kind() == reflect.Struct && t.PkgPath() == reflect.TypeFor[hcl.Pos]().PkgPath():
		for i := range t.NumField() {
			f.fill(v.Field(i), at+"."+t.Field(i).Name)
		}
	default:
		f.t.Fatalf("%s: no way to fill a %s; teach the cache codec and this test about it", at, t)
	}
}

// TestCodecFillsModel: a File with every field set (every field of every
// model type reachable from it, two of each list) reads back from its
// cache entry as it was, so a field the codec misses fails here; the
// credentials' string values sit in the source, and their text is not in
// the entry.
func TestCodecFillsModel(t *testing.T) {
	f := &File{Name: "f.hcl"}
	fl := newFiller(t, f.Name)
	fl.fill(reflect.ValueOf(f).Elem(), "File")
	for name := range notCached {
		if !fl.used[name] {
			t.Errorf("notCached names %s, which the model no longer has", name)
		}
	}
	if fl.n < 10*len(fl.values) {
		t.Fatalf("only %d fields filled", fl.n)
	}
	// The values of integration blocks are credentials and settings: a
	// string may only be kept as the literal at its range in the source,
	// and a number, list or object (elements included) as the expression
	// there, which TestCodecCredentialsFromSource covers; here those are
	// bools.
	var creds []string
	var first *Attr
	for _, as := range integrationAttrs(f) {
		for _, a := range as {
			if !a.Value.IsKnown() || a.Value.IsNull() || a.Value.Type() == cty.Bool {
				a.Elems = nil
				if a.Value != cty.NilVal && namesKeys(a.Value.Type()) {
					a.Value = cty.DynamicVal // its type would name keys
				}
				continue
			}
			if a.Value.Type() != cty.String {
				a.Value, a.Elems = cty.True, nil
				continue
			}
			a.Elems = nil
			lit := fmt.Sprintf("credential-%d", len(creds))
			a.ValueRange.Start.Byte = len(f.Src)
			f.Src = fmt.Appendf(f.Src, "%q", lit)
			a.ValueRange.End.Byte = len(f.Src)
			a.Value = cty.StringVal(lit)
			creds = append(creds, lit)
			if first == nil {
				first = a
			}
		}
	}
	if len(creds) == 0 {
		t.Fatal("no credential string was filled")
	}
	b, err := encodeFile(f)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d fields, %d bytes", fl.n, len(b))
	for _, lit := range creds {
		if bytes.Contains(b, []byte(lit)) {
			t.Errorf("the entry holds the credential %q as text", lit)
		}
	}
	back, err := decodeFile(f.Name, f.Src, b)
	if err != nil {
		t.Fatal(err)
	}
	back.Src = f.Src
	opts := []cmp.Option{
		cmp.Comparer(func(a, b cty.Value) bool { return a.RawEquals(b) }),
		cmp.Comparer(func(a, b cty.Type) bool { return a.Equals(b) }),
		cmp.Exporter(func(t reflect.Type) bool { return t.PkgPath() == langPkg }),
	}
	if diff := cmp.Diff(f, back, opts...); diff != "" {
		t.Errorf("round trip differs (-filled +cached):\n%s", diff)
	}
	// Every truncation is refused; 500 of them, spread over the entry.
	for n := 0; n < len(b); n += max(1, len(b)/500) {
		if _, err := decodeFile(f.Name, f.Src, b[:n]); err == nil {
			t.Fatalf("entry truncated to %d of %d bytes was accepted", n, len(b))
		}
	}
	// A credential string that is not the literal at its range is refused.
	first.ValueRange.Start.Byte++
	if _, err := encodeFile(f); !errors.Is(err, errUncacheable) {
		t.Errorf("credential away from its literal: got %v, want errUncacheable", err)
	}
}

// integrationAttrs lists the attributes of every integration block.
func integrationAttrs(f *File) []Attrs {
	var out []Attrs
	for _, r := range f.Resellers {
		for _, in := range r.Integrations {
			out = append(out, in.Attrs)
			for _, env := range in.Environments {
				out = append(out, env.Attrs)
			}
		}
	}
	for _, c := range f.Companies {
		for _, in := range c.Integrations {
			out = append(out, in.Attrs)
		}
	}
	for _, it := range f.IntegrationTypes {
		var fields []*FieldDecl
		if it.Reseller != nil {
			fields = append(fields, it.Reseller.Credentials...)
		}
		if it.Company != nil {
			fields = append(fields, it.Company.Credentials...)
			fields = append(fields, it.Company.Settings...)
		}
		for _, fd := range fields {
			out = append(out, fd.Attrs)
		}
	}
	return out
}

// TestCodecCredentialsFromSource: numbers, lists and objects in
// integration blocks and an operator's secret defaults, in native and
// JSON syntax, read back from the source as they decoded, with none of
// their text (object keys included) in the entry.
func TestCodecCredentialsFromSource(t *testing.T) {
	files := map[string]string{
		"c.hcl": `integration_type "doorlock" {
  category = "access_control"
  company {
    setting "code" {
      secret  = true
      default = "SECRET-DEFAULT"
    }
    setting "digits" {
      type    = number
      secret  = true
      default = 7301930193011
    }
    setting "zones" {
      type    = list(string)
      allowed = ["SECRET-ALLOWED-A", "SECRET-ALLOWED-B"]
    }
  }
}
reseller "r" {
  integration "vatstack" {
    secret_key = 7301930193012
  }
  integration "google_maps" {
    api_key = ["SECRET-LIST", 7301930193013]
  }
  integration "misr_sms" {
    api_key = { "SECRET-KEY" = "SECRET-OBJ", n = 7301930193014 }
  }
}
company "c" {
  reseller = "r"
  integration "dtcm" {
    client_secret = { v = ("SECRET-PAREN") }
    seller_code   = "S"
    mode          = true
  }
}
`,
		"j.hcl.json": `{"reseller": {"j": {"integration": {"doorlock": {"pin": ["SECRET-JSON", 7301930193015], "passcode": {"SECRET-JKEY": 7301930193016}}}}}}`,
	}
	for name, src := range files {
		f := ParseFile(name, []byte(src))
		b, err := encodeFile(f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, text := range []string{"SECRET", "730193019301"} {
			if bytes.Contains(b, []byte(text)) {
				t.Errorf("%s: the entry holds %q", name, text)
			}
		}
		back, err := decodeFile(name, f.Src, b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		back.Src = f.Src
		opts := []cmp.Option{
			cmp.Comparer(func(a, b cty.Value) bool { return a.RawEquals(b) }),
			cmp.Comparer(func(a, b cty.Type) bool { return a.Equals(b) }),
			cmp.Exporter(func(t reflect.Type) bool { return t.PkgPath() == langPkg }),
		}
		if diff := cmp.Diff(f, back, opts...); diff != "" {
			t.Errorf("%s: round trip differs (-parsed +cached):\n%s", name, diff)
		}
		// Another source under the same entry (which the key rules out)
		// is refused rather than read as something else.
		if _, err := decodeFile(name, bytes.Repeat([]byte(" "), len(f.Src)), b); err == nil {
			t.Errorf("%s: an entry read against other text", name)
		}
	}
}
