package lang

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/tixcfg/tixcfg/internal/genportfolio"
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
