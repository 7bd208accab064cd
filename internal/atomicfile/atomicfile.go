// Package atomicfile replaces files so that readers see the old contents or
// the new, never a half-written file, and a failed write leaves nothing
// behind. Writes go through an FS so tests can make them fail part-way.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// File is a temporary file being written.
type File interface {
	io.Writer
	Name() string
	Chmod(fs.FileMode) error
	Chown(uid, gid int) error
	Sync() error
	Close() error
}

// FS is the seam between the write protocol and the operating system.
type FS interface {
	CreateTemp(dir, pattern string) (File, error)
	Rename(oldpath, newpath string) error
	Remove(name string) error
	Stat(name string) (fs.FileInfo, error)
	EvalSymlinks(path string) (string, error)
	// SyncDir makes a rename in dir durable.
	SyncDir(dir string) error
}

// OS is the real file system.
var OS FS = osFS{}

type osFS struct{}

func (osFS) CreateTemp(dir, pattern string) (File, error) { return os.CreateTemp(dir, pattern) }
func (osFS) Rename(oldpath, newpath string) error         { return os.Rename(oldpath, newpath) }
func (osFS) Remove(name string) error                     { return os.Remove(name) }
func (osFS) Stat(name string) (fs.FileInfo, error)        { return os.Stat(name) }
func (osFS) EvalSymlinks(path string) (string, error)     { return filepath.EvalSymlinks(path) }
func (osFS) SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// WriteFile replaces path with data on the real file system.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return Write(OS, path, data, perm)
}

// Write replaces path with data: a temporary file in the same folder is
// written, synced and renamed over path. An existing file keeps its mode,
// and its owner and group where the process may set them; a new one gets
// perm; a symbolic link stays a link and its target is replaced. A file
// with more than one hard link is refused: renaming over it would cut it
// off from its other names, and writing it in place would let readers see
// half a file. On any error the temporary file is removed and path is
// untouched. Temporary files a killed writer left in the folder go first.
func Write(fsys FS, path string, data []byte, perm fs.FileMode) (err error) {
	if target, err := fsys.EvalSymlinks(path); err == nil {
		path = target
	}
	defer func() {
		if err != nil {
			err = fmt.Errorf("cannot write %s: %w", path, unwrapPath(err))
		}
	}()
	dir := filepath.Dir(path)
	var prev *owner
	if fi, err := fsys.Stat(path); err == nil {
		if !fi.Mode().IsRegular() {
			return errors.New("not a regular file")
		}
		perm = fi.Mode().Perm()
		links, o := fileInfo(fi)
		if links > 1 {
			return fmt.Errorf("has %d hard links; left as it is, as replacing it would cut it off from the others", links)
		}
		prev = o
	}
	if _, done := cleaned.LoadOrStore(dir, true); !done {
		RemoveStaleTemps(dir)
	}
	f, err := fsys.CreateTemp(dir, TempPattern("."+filepath.Base(path)+tempMark))
	if err != nil {
		return err
	}
	tmp := f.Name()
	if prev != nil && (prev.uid != os.Geteuid() || prev.gid != os.Getegid()) {
		// Best effort: only root may give a file away, a group member may
		// still keep the group.
		if f.Chown(prev.uid, prev.gid) != nil {
			f.Chown(-1, prev.gid)
		}
	}
	if err = write(f, data, perm); err != nil {
		f.Close()
		fsys.Remove(tmp)
		return err
	}
	if err = fsys.Rename(tmp, path); err != nil {
		fsys.Remove(tmp)
		return err
	}
	// The file is replaced; making the rename durable is best effort, as
	// some file systems cannot sync a folder.
	fsys.SyncDir(dir)
	return nil
}

// write fills and closes the temporary file.
func write(f File, data []byte, perm fs.FileMode) error {
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Chmod(perm); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

// tempMark follows the target's name in a temporary file's name:
// .<name>.tmp-<pid>-<random>.
const tempMark = ".tmp-"

// staleAge is how old a temporary file must be to be taken for one whose
// writer died even when a process of its ID runs (IDs are reused).
const staleAge = time.Hour

// TempPattern is the os.CreateTemp pattern for a temporary file starting
// with prefix: the writer's process ID, then CreateTemp's random digits,
// so a later run can tell whether the writer is gone.
func TempPattern(prefix string) string {
	return prefix + strconv.Itoa(os.Getpid()) + "-*"
}

// IsStaleTemp reports whether info, a regular file, is a temporary file
// named by TempPattern(prefix) (or by the older prefix<digits>) whose
// writer is gone: its process no longer runs, or it was not written for
// staleAge. A file of a live writer, this process included, is not stale.
func IsStaleTemp(prefix string, info fs.FileInfo) bool {
	rest, ok := strings.CutPrefix(info.Name(), prefix)
	if !ok || !info.Mode().IsRegular() {
		return false
	}
	pidText, random, withPID := strings.Cut(rest, "-")
	if !withPID {
		random = pidText
	}
	if !allDigits(random) || withPID && !allDigits(pidText) {
		return false
	}
	if time.Since(info.ModTime()) > staleAge {
		return true
	}
	if !withPID {
		return false
	}
	pid, err := strconv.Atoi(pidText)
	if err != nil || pid <= 0 || pid == os.Getpid() {
		return false
	}
	return processGone(pid)
}

func allDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// cleaned holds the folders whose stale temporary files this process
// removed already: fmt writes many files to one folder, and one look is
// enough.
var cleaned sync.Map

// RemoveStaleTemps removes from dir the temporary files of Write whose
// writer is gone (see IsStaleTemp). Links and other files are left alone.
func RemoveStaleTemps(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		i := strings.LastIndex(name, tempMark)
		if !e.Type().IsRegular() || !strings.HasPrefix(name, ".") || i < 2 {
			continue
		}
		if info, err := e.Info(); err == nil && IsStaleTemp(name[:i+len(tempMark)], info) {
			os.Remove(filepath.Join(dir, name))
		}
	}
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
