package lang

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Cache keeps what each file parses and decodes to on disk, so that a
// re-check reads back every file that did not change instead of parsing it.
// An entry is keyed by the file's name and content, tixcfg's version and
// the built-in catalog, so it is never stale; a corrupt or truncated entry
// is ignored and rewritten, never trusted.
type Cache struct {
	// Dir holds the entries; it is created when missing.
	Dir string
	// Version is tixcfg's version: entries of another version never match.
	Version string

	trimOnce     sync.Once
	hits, misses atomic.Int64
}

// Stats reports how many files were read back and how many were parsed.
func (c *Cache) Stats() (hits, misses int64) { return c.hits.Load(), c.misses.Load() }

// DefaultCacheDir is tixcfg's folder in the user's cache folder.
func DefaultCacheDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "tixcfg"), nil
}

// entryMagic starts every entry; its last byte is the codec version.
var entryMagic = []byte{'T', 'X', 'C', 'F', 'G', 'C', 0, codecVersion}

// Entries unused for cacheMaxAge are deleted, at most once per trimEvery.
const (
	cacheMaxAge = 7 * 24 * time.Hour
	trimEvery   = 24 * time.Hour
	touchEvery  = time.Hour
)

var builtinDigest = sync.OnceValue(func() string {
	sum := sha256.Sum256(builtinCatalogSrc)
	return hex.EncodeToString(sum[:])
})

// key names the entry of a file: everything the decoded result depends on.
func (c *Cache) key(name string, src []byte) string {
	h := sha256.New()
	for _, s := range []string{c.Version, builtinDigest(), strconv.Itoa(codecVersion), name} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	h.Write(src)
	return hex.EncodeToString(h.Sum(nil))
}

func (c *Cache) path(key string) string { return filepath.Join(c.Dir, key[:2], key[2:]) }

// get returns the cached result for a file, or nil.
func (c *Cache) get(key, name string) (f *File) {
	defer func() {
		if f != nil {
			c.hits.Add(1)
		} else {
			c.misses.Add(1)
		}
	}()
	path := c.path(key)
	b, err := os.ReadFile(path)
	if err != nil || len(b) < len(entryMagic)+4 || !bytes.HasPrefix(b, entryMagic) {
		return nil
	}
	body, sum := b[len(entryMagic):len(b)-4], b[len(b)-4:]
	if crc32.Checksum(body, castagnoli) != beUint32(sum) {
		return nil
	}
	f, err = decodeFile(name, body)
	if err != nil {
		return nil
	}
	// Mark the entry used, coarsely, so trimming keeps it.
	if fi, err := os.Stat(path); err == nil && time.Since(fi.ModTime()) > touchEvery {
		now := time.Now()
		os.Chtimes(path, now, now)
	}
	return f
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func beUint32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// put stores a file's result. A cache that cannot be written only makes
// the next run slower, so errors are dropped.
func (c *Cache) put(key string, f *File) {
	body, err := encodeFile(f)
	if err != nil {
		return
	}
	c.trimOnce.Do(c.trim)
	path := c.path(key)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return
	}
	data := make([]byte, 0, len(entryMagic)+len(body)+4)
	data = append(append(data, entryMagic...), body...)
	sum := crc32.Checksum(body, castagnoli)
	data = append(data, byte(sum>>24), byte(sum>>16), byte(sum>>8), byte(sum))
	writeEntry(path, data)
}

// writeEntry writes a temporary file and renames it into place, so readers
// never see half an entry. It does not fsync: after a crash an entry may
// be lost or torn, and the checksum refuses a torn one, while syncing
// every entry would make the first run twice as slow.
func writeEntry(path string, data []byte) {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return
	}
	_, werr := f.Write(data)
	if cerr := f.Close(); werr != nil || cerr != nil || os.Rename(f.Name(), path) != nil {
		os.Remove(f.Name())
	}
}

// trim deletes entries unused for cacheMaxAge, at most once a day.
func (c *Cache) trim() {
	marker := filepath.Join(c.Dir, "trimmed")
	if fi, err := os.Stat(marker); err == nil && time.Since(fi.ModTime()) < trimEvery {
		return
	}
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return
	}
	os.WriteFile(marker, nil, 0o644)
	os.Chtimes(marker, time.Now(), time.Now())
	filepath.WalkDir(c.Dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path == marker {
			return nil
		}
		if fi, err := d.Info(); err == nil && time.Since(fi.ModTime()) > cacheMaxAge {
			if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil
			}
		}
		return nil
	})
}
