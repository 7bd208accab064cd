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
)

// File is a temporary file being written.
type File interface {
	io.Writer
	Name() string
	Chmod(fs.FileMode) error
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
// written, synced and renamed over path. An existing file keeps its mode;
// a new one gets perm; a symbolic link stays a link and its target is
// replaced. On any error the temporary file is removed and path is
// untouched.
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
	if fi, err := fsys.Stat(path); err == nil {
		if !fi.Mode().IsRegular() {
			return errors.New("not a regular file")
		}
		perm = fi.Mode().Perm()
	}
	f, err := fsys.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
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
