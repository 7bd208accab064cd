package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
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

// TestWriteRemovesStaleTemps: the temporary files of a killed writer go
// on the next write to the folder (its process is gone, or it is older
// than an hour); a live writer's, a link and other files stay.
func TestWriteRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * time.Hour)
	files := map[string]bool{ // name: removed
		".snap.json.tmp-" + strconv.Itoa(dead.Process.Pid) + "-123": true,
		".snap.json.tmp-4242424":                                    true, // old, before pids were named
		".r.hcl.tmp-" + strconv.Itoa(os.Getppid()) + "-55":          false,
		".r.hcl.tmp-" + strconv.Itoa(os.Getppid()) + "-56":          true,  // old
		".other.tmp-9876543":                                        false, // recent, writer unknown
		".notes.tmp-draft":                                          false,
		"keep.json":                                                 false,
	}
	for name, removed := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("partial"), 0o644); err != nil {
			t.Fatal(err)
		}
		if removed && !strings.Contains(name, strconv.Itoa(dead.Process.Pid)) {
			os.Chtimes(p, old, old)
		}
	}
	victim := filepath.Join(t.TempDir(), "victim")
	os.WriteFile(victim, []byte("precious"), 0o644)
	os.Chtimes(victim, old, old)
	os.Symlink(victim, filepath.Join(dir, ".x.hcl.tmp-1-1"))

	if err := WriteFile(filepath.Join(dir, "snap.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, removed := range files {
		if _, err := os.Lstat(filepath.Join(dir, name)); (err != nil) != removed {
			t.Errorf("%s: removed = %v, want %v", name, err != nil, removed)
		}
	}
	if _, err := os.Lstat(filepath.Join(dir, ".x.hcl.tmp-1-1")); err != nil {
		t.Error("a link named like a temporary file was removed")
	}
	if got, _ := os.ReadFile(victim); string(got) != "precious" {
		t.Errorf("victim reads %q", got)
	}
}

// TestWriteRefusesHardLinkedFile: a file with a second name is left as it
// is, with a one-line error, instead of being split from its other name.
func TestWriteRefusesHardLinkedFile(t *testing.T) {
	dir := t.TempDir()
	path, other := filepath.Join(dir, "a.hcl"), filepath.Join(dir, "b.hcl")
	os.WriteFile(path, []byte("old"), 0o644)
	if err := os.Link(path, other); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(path, []byte("new"), 0o644)
	if err == nil || !strings.Contains(err.Error(), "2 hard links") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("err = %v, want a one-line refusal naming the hard links", err)
	}
	a, _ := os.Stat(path)
	b, _ := os.Stat(other)
	if got, _ := os.ReadFile(path); string(got) != "old" || !os.SameFile(a, b) {
		t.Errorf("the file was changed (%q) or split from its other name", got)
	}
	assertOnly(t, dir, "a.hcl", "b.hcl")
}

// TestWriteKeepsOwner: a replaced file keeps its owner and group where the
// process may set them (root may; others keep at least their group).
func TestWriteKeepsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root can create a file owned by someone else to replace")
	}
	path := filepath.Join(t.TempDir(), "a.hcl")
	os.WriteFile(path, []byte("old"), 0o644)
	if err := os.Chown(path, 4321, 8765); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	st := fi.Sys().(*syscall.Stat_t)
	if st.Uid != 4321 || st.Gid != 8765 {
		t.Errorf("owner %d:%d, want 4321:8765", st.Uid, st.Gid)
	}
}
