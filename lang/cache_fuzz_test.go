package lang

import (
	"hash/crc32"
	"os"
	"path/filepath"
	"testing"
)

// FuzzCacheEntry feeds arbitrary entries to the cache reader: framed (magic
// and checksum right, so the codec itself is reached) and raw, as a file's
// entry and as a kept check state. Reading never panics or hangs; an
// entry it accepts re-encodes.
func FuzzCacheEntry(f *testing.F) {
	for i, path := range configFiles(&testing.T{}) {
		if i%8 != 0 {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		if body, err := encodeFile(ParseFile("f.hcl", src)); err == nil {
			f.Add(src, body, true)
		}
	}
	f.Add([]byte(testSrc), []byte{codecVersion}, false)
	// Credentials read back from the source: flat, and as an expression.
	credSrc := []byte("company \"c\" {\n  integration \"dtcm\" {\n    mode = true\n    api_key = [\"a\", 12]\n    client_secret = { v = (\"s\"), n = 3 }\n    token_api_key = -5\n  }\n}\n")
	if body, err := encodeFile(ParseFile("f.hcl", credSrc)); err == nil {
		f.Add(credSrc, body, true)
	} else {
		f.Fatal(err)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, src, body []byte, framed bool) {
		c := &Cache{Dir: dir, Version: "fuzz"}
		key := c.key("f.hcl", src)
		data := body
		if framed {
			sum := crc32.Checksum(body, castagnoli)
			data = append(append(append([]byte{}, entryMagic...), body...), byte(sum>>24), byte(sum>>16), byte(sum>>8), byte(sum))
		}
		path := c.path(key)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(path)
		decodeState(body, "") // a kept state's body: refused or read, never a panic
		file := c.get(key, "f.hcl", src)
		if file == nil {
			return
		}
		file.Src = src
		if _, err := encodeFile(file); err != nil && err != errUncacheable {
			t.Errorf("an accepted entry does not re-encode: %v", err)
		}
	})
}
