package query

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/tixcfg/tixcfg/internal/atomicfile"
	"github.com/tixcfg/tixcfg/lang"
)

// catalogFolder is the folder of the cache that holds the written catalog.
const catalogFolder = "catalog"

// unsafeVersion matches what may not stand in a file name.
var unsafeVersion = regexp.MustCompile(`[^A-Za-z0-9._-]`)

// WriteBuiltinCatalog writes the embedded catalog as a read-only file
// under cacheDir (lang.DefaultCacheDir), so that go-to-definition of a
// built-in ID lands in a file every editor can open, and returns its
// path. The name carries the catalog's version and a digest of its text,
// so releases never share a file and a file is written once: a later
// call finds it and only checks its contents, replacing (atomically) a
// file that is not the embedded text byte for byte.
func WriteBuiltinCatalog(cacheDir string) (string, error) {
	src := lang.BuiltinCatalogSource()
	sum := sha256.Sum256(src)
	version := unsafeVersion.ReplaceAllString(lang.BuiltinCatalogFile().CatalogVersion, "_")
	dir := filepath.Join(cacheDir, catalogFolder)
	path := filepath.Join(dir, fmt.Sprintf("%s-%s.hcl", version, hex.EncodeToString(sum[:6])))
	if got, err := os.ReadFile(path); err == nil && bytes.Equal(got, src) {
		return path, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	// A read-only file of the same name is replaced by rename, which its
	// mode does not prevent; the new one is read-only again.
	if fi, err := os.Lstat(path); err == nil && fi.Mode().IsRegular() {
		if err := os.Chmod(path, 0o644); err != nil {
			return "", err
		}
	}
	if err := atomicfile.WriteFile(path, src, 0o444); err != nil {
		return "", err
	}
	if err := os.Chmod(path, 0o444); err != nil {
		return "", err
	}
	return path, nil
}
