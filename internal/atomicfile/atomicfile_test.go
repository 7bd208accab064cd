package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// failingFS fails the write after `after` bytes, or the rename.
type failingFS struct {
	FS
	after      int
	failRename bool
}

type failingFile struct {
	File
	left int
}

var errInjected = errors.New("injected failure")

func (f *failingFile) Write(p []byte) (int, error) {
	if len(p) > f.left {
		n, _ := f.File.Write(p[:f.left])
		f.left = 0
		return n, errInjected
	}
	f.left -= len(p)
	return f.File.Write(p)
}

func (fsys failingFS) CreateTemp(dir, pattern string) (File, error) {
	f, err := fsys.FS.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	return &failingFile{File: f, left: fsys.after}, nil
}

func (fsys failingFS) Rename(oldpath, newpath string) error {
	if fsys.failRename {
		return errInjected
	}
	return fsys.FS.Rename(oldpath, newpath)
}

func TestWriteKeepsModeAndReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.json")
	if err := os.WriteFile(path, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, []byte("new contents"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	fi, _ := os.Stat(path)
	if string(got) != "new contents" || fi.Mode().Perm() != 0o640 {
		t.Fatalf("got %q mode %v, want new contents with mode 0640", got, fi.Mode().Perm())
	}
	assertOnly(t, dir, "out.json")
}

func TestWriteNewFileGetsPerm(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "new.json")
	if err := WriteFile(path, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Fatalf("mode %v, want 0644", fi.Mode().Perm())
	}
}

func TestFailedWriteLeavesOldFileAndNoTemp(t *testing.T) {
	for name, fsys := range map[string]FS{
		"write fails part-way": failingFS{FS: OS, after: 5},
		"rename fails":         failingFS{FS: OS, after: 1 << 20, failRename: true},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "snapshot.json")
			if err := os.WriteFile(path, []byte("the old snapshot"), 0o644); err != nil {
				t.Fatal(err)
			}
			err := Write(fsys, path, []byte("a new snapshot, longer than five bytes"), 0o644)
			if !errors.Is(err, errInjected) {
				t.Fatalf("err = %v, want the injected failure", err)
			}
			if got, _ := os.ReadFile(path); string(got) != "the old snapshot" {
				t.Fatalf("old file changed: %q", got)
			}
			assertOnly(t, dir, "snapshot.json")
		})
	}
}

func TestWriteIntoMissingFolderFails(t *testing.T) {
	err := WriteFile(filepath.Join(t.TempDir(), "no", "such", "dir", "x.json"), []byte("x"), 0o644)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want not-exist", err)
	}
}

func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if len(got) != len(names) {
		t.Fatalf("folder holds %v, want only %v", got, names)
	}
}

func TestWriteThroughSymlinkKeepsTheLink(t *testing.T) {
	dir := t.TempDir()
	target, link := filepath.Join(dir, "real.json"), filepath.Join(dir, "snap.json")
	if err := os.WriteFile(target, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.json", link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the link was replaced by a regular file")
	}
	if got, _ := os.ReadFile(target); string(got) != "new" {
		t.Fatalf("target holds %q", got)
	}
}
