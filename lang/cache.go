package lang

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tixcfg/tixcfg/internal/atomicfile"
)

// Cache keeps what each file parses and decodes to on disk, so that a
// re-check reads back every file that did not change instead of parsing it.
// An entry is keyed by the file's name and content, tixcfg's build and
// the built-in catalog, so it is never stale; a corrupt or truncated entry
// is ignored and rewritten, never trusted. Dir may hold other files: the
// cache keeps to its own layout folder and removes only what it wrote.
type Cache struct {
	// Dir holds the entries; it is created when missing.
	Dir string
	// Version identifies tixcfg's build (version and executable build
	// ID): entries of another build never match.
	Version string

	trimOnce     sync.Once
	hits, misses atomic.Int64
	shards       sync.Map // 2-hex shard: whether its folder is a real one
}

// Stats reports how many files were read back and how many were parsed.
func (c *Cache) Stats() (hits, misses int64) { return c.hits.Load(), c.misses.Load() }

// DefaultCacheDir is tixcfg's folder in the user's cache folder, found as
// os.UserCacheDir finds it but in the environment getenv reads, so that a
// caller decides which environment that is.
func DefaultCacheDir(getenv func(string) string) (string, error) {
	var dir string
	switch runtime.GOOS {
	case "windows":
		dir = getenv("LocalAppData")
	case "darwin", "ios":
		if home := getenv("HOME"); home != "" {
			dir = filepath.Join(home, "Library", "Caches")
		}
	case "plan9":
		if home := getenv("home"); home != "" {
			dir = filepath.Join(home, "lib", "cache")
		}
	default:
		dir = getenv("XDG_CACHE_HOME")
		if dir != "" && !filepath.IsAbs(dir) {
			return "", errors.New("path in $XDG_CACHE_HOME is relative")
		}
		if home := getenv("HOME"); dir == "" && home != "" {
			dir = filepath.Join(home, ".cache")
		}
	}
	if dir == "" {
		return "", errors.New("no user cache folder in the environment")
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

// layoutDir is the cache's own folder inside Dir, named by its layout
// version. Dir may be any folder (--cache-dir . is allowed), so trimming
// removes only what it recognises as written by the cache: entries and
// temporary files inside layoutDir, and entries of the layout before it.
const layoutDir = "v3"

// tempPrefix starts the name of an entry being written.
const tempPrefix = ".tmp-"

// path is where an entry lives: <Dir>/v3/<2 hex>/<62 hex>.
func (c *Cache) path(key string) string { return filepath.Join(c.Dir, layoutDir, key[:2], key[2:]) }

// get returns the cached result for a file, or nil.
func (c *Cache) get(key, name string, src []byte) (f *File) {
	defer func() {
		if f != nil {
			c.hits.Add(1)
		} else {
			c.misses.Add(1)
		}
	}()
	body := c.read(key)
	if body == nil {
		return nil
	}
	f, err := decodeFile(name, src, body)
	if err != nil {
		return nil
	}
	return f
}

// read returns the body of the entry of key when it is whole (magic and
// checksum), or nil, and marks the entry used.
func (c *Cache) read(key string) []byte {
	path := c.path(key)
	if !c.shardOK(key, false) {
		return nil
	}
	b, err := readEntry(path)
	if err != nil || len(b) < len(entryMagic)+4 || !bytes.HasPrefix(b, entryMagic) {
		return nil
	}
	body, sum := b[len(entryMagic):len(b)-4], b[len(b)-4:]
	if crc32.Checksum(body, castagnoli) != beUint32(sum) {
		return nil
	}
	// Mark the entry used, coarsely, so trimming keeps it.
	if fi, err := os.Lstat(path); err == nil && fi.Mode().IsRegular() && time.Since(fi.ModTime()) > touchEvery {
		touch(path)
	}
	return body
}

// shardOK reports whether the folders of key's entry, <Dir>/v3 and
// <Dir>/v3/<2 hex>, are real folders, not links, creating them when
// create is set; the answer is remembered for the run. Dir itself may be
// a link: it is the user's choice of place.
func (c *Cache) shardOK(key string, create bool) bool {
	shard := key[:2]
	if ok, seen := c.shards.Load(shard); seen && ok.(bool) {
		return true
	}
	root := filepath.Join(c.Dir, layoutDir)
	ok := realDir(root, create) && realDir(filepath.Join(root, shard), create)
	if ok || create {
		c.shards.Store(shard, ok)
	}
	return ok
}

// realDir reports whether path is a folder and not a link to one, making
// it when missing and create is set.
func realDir(path string, create bool) bool {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) && create {
		if err := os.MkdirAll(path, 0o755); err != nil {
			return false
		}
		fi, err = os.Lstat(path)
	}
	return err == nil && fi.IsDir()
}

// maxEntrySize bounds what get reads: an entry is about as large as its
// source, which is at most DefaultMaxFileSize unless the user raised it.
const maxEntrySize = 1 << 30

// readEntry reads a cache entry, refusing anything but a regular file of
// bounded size: opening does not follow a link (one to /dev/zero would
// never end) and does not block (a FIFO would hang the run).
func readEntry(path string) ([]byte, error) {
	f, err := openNoFollow(path, os.O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() || fi.Size() > maxEntrySize {
		return nil, errCodec
	}
	b := make([]byte, fi.Size())
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, err
	}
	return b, nil
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
	c.write(key, body)
}

// write stores an entry's body under key, with the magic and checksum.
func (c *Cache) write(key string, body []byte) {
	c.trimOnce.Do(c.trim)
	path := c.path(key)
	if !c.shardOK(key, true) {
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
	f, err := os.CreateTemp(filepath.Dir(path), atomicfile.TempPattern(tempPrefix))
	if err != nil {
		return
	}
	_, werr := f.Write(data)
	if cerr := f.Close(); werr != nil || cerr != nil || os.Rename(f.Name(), path) != nil {
		os.Remove(f.Name())
	}
}

// trim deletes entries unused for cacheMaxAge and temporary files whose
// writer is gone, at most once a day. It walks only its own layout folder,
// never follows a link, and removes only regular files named as it names
// them; anything else in the folder is the user's.
func (c *Cache) trim() {
	root := filepath.Join(c.Dir, layoutDir)
	marker := filepath.Join(root, "trimmed")
	fi, err := os.Lstat(marker)
	switch {
	case err == nil && !fi.Mode().IsRegular():
		return // not the cache's marker: neither trim nor write through it
	case err == nil && time.Since(fi.ModTime()) < trimEvery:
		return
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return
	}
	first := err != nil
	if !realDir(root, true) || !markTrimmed(marker) {
		return
	}
	if first {
		dropOldLayout(c.Dir)
	}
	forEachShardFile(root, func(path string, info fs.FileInfo) {
		name := info.Name()
		switch {
		case isHex(name, 62) && time.Since(info.ModTime()) > cacheMaxAge,
			atomicfile.IsStaleTemp(tempPrefix, info):
			os.Remove(path)
		}
	})
}

// markTrimmed creates or touches the marker, refusing a link or anything
// but a regular file in its place.
func markTrimmed(marker string) bool {
	f, err := openNoFollow(marker, os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return false
	}
	fi, err := f.Stat()
	f.Close()
	return err == nil && fi.Mode().IsRegular() && touch(marker) == nil
}

// dropOldLayout removes, once, the entries of the layout before v3:
// <dir>/<2 hex>/<62 hex> and their temporary files .tmp-<digits>, each
// recognised by its name and by starting with the entry magic of any
// codec version.
func dropOldLayout(dir string) {
	forEachShardFile(dir, func(path string, info fs.FileInfo) {
		name := info.Name()
		old := isHex(name, 62)
		if rest, ok := strings.CutPrefix(name, tempPrefix); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			old = true
		}
		if old && startsWithMagic(path) {
			os.Remove(path)
		}
	})
	if shards, err := os.ReadDir(dir); err == nil {
		for _, d := range shards {
			if d.IsDir() && isHex(d.Name(), 2) {
				os.Remove(filepath.Join(dir, d.Name())) // only when empty
			}
		}
	}
}

// forEachShardFile calls fn for each regular file in the <2 hex> folders
// of dir. Links are neither followed nor reported: a DirEntry's type is
// that of the link itself.
func forEachShardFile(dir string, fn func(path string, info fs.FileInfo)) {
	shards, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, d := range shards {
		if !d.IsDir() || !isHex(d.Name(), 2) {
			continue
		}
		sub := filepath.Join(dir, d.Name())
		files, err := os.ReadDir(sub)
		if err != nil {
			continue
		}
		for _, f := range files {
			if !f.Type().IsRegular() {
				continue
			}
			if info, err := f.Info(); err == nil && info.Mode().IsRegular() {
				fn(filepath.Join(sub, f.Name()), info)
			}
		}
	}
}

// startsWithMagic reports whether a regular file, opened without following
// a link, starts like a cache entry of any codec version.
func startsWithMagic(path string) bool {
	f, err := openNoFollow(path, os.O_RDONLY, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return false
	}
	b := make([]byte, len(entryMagic))
	_, err = io.ReadFull(f, b)
	return err == nil && bytes.Equal(b[:len(b)-1], entryMagic[:len(entryMagic)-1])
}

// isHex reports whether s is n lower-case hex digits, as keys are written.
func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < n; i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
