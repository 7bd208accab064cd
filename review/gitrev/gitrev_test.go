package gitrev

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// needGit skips without git, unless the run requires every validator.
func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("TIXCFG_REQUIRE_VALIDATORS") == "1" {
			t.Fatal("git is required (TIXCFG_REQUIRE_VALIDATORS=1) but not installed")
		}
		t.Skip("git not installed")
	}
}

// run runs git in dir for the test's own setup, isolated from the
// machine's configuration.
func run(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "init.defaultBranch=main", "-c", "core.autocrlf=false", "-c", "protocol.file.allow=always"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com",
		"GIT_AUTHOR_DATE=2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE=2026-01-01T00:00:00Z")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func commit(t *testing.T, dir, msg string) string {
	t.Helper()
	run(t, dir, "add", "-A")
	run(t, dir, "commit", "-q", "--allow-empty", "-m", msg)
	return run(t, dir, "rev-parse", "HEAD")
}

// tree is a portfolio with everything the selection rule decides on.
var treeFiles = map[string]string{
	"a.hcl":                    "reseller \"a\" {}\n",
	"sub/b.hcl.json":           "{}\n",
	"sub/deep/c.hcl":           "# c\n",
	"sub/notes.txt":            "not config\n",
	".hidden/h.hcl":            "# hidden folder\n",
	"sub/.dot.hcl":             "# hidden file\n",
	"crlf.hcl":                 "# one\r\n# two\r\n",
	"bin.hcl":                  "\x00\xff\xfe binary \x00",
	"folder.hcl/inside.hcl":    "# a folder named like a file\n",
	"sub/sp ace ünï.hcl":       "# a space and non-ASCII letters\n",
	"z.hcl.json.bak":           "{}\n",
	"sub/deep/more/d.hcl.json": "[]\n",
}

func newRepo(t *testing.T) string {
	t.Helper()
	needGit(t)
	dir := t.TempDir()
	run(t, dir, "init", "-q")
	write(t, dir, treeFiles)
	return dir
}

func names(files []File) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Name)
	}
	return out
}

// fromDisk is what check reads from the working tree: lang.Discover, then
// the files' bytes under their display names.
func fromDisk(t *testing.T, work string, paths []string) []File {
	t.Helper()
	t.Chdir(work)
	found, err := lang.Discover(paths)
	if err != nil {
		t.Fatal(err)
	}
	var out []File
	for _, p := range found {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, File{Name: lang.DisplayName("", p), Src: src})
	}
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func sameFiles(t *testing.T, got, want []File) {
	t.Helper()
	if !slices.Equal(names(got), names(want)) {
		t.Fatalf("names:\n got %q\nwant %q", names(got), names(want))
	}
	for i := range got {
		if string(got[i].Src) != string(want[i].Src) {
			t.Errorf("%s: contents %q, want %q", got[i].Name, got[i].Src, want[i].Src)
		}
	}
}

func TestFilesAreTheCommittedContents(t *testing.T) {
	dir := newRepo(t)
	commit(t, dir, "portfolio")
	committed := fromDisk(t, dir, []string{"."})
	// The working tree moves on; the revision must not.
	write(t, dir, map[string]string{"a.hcl": "changed on disk\n", "new.hcl": "# not committed\n"})
	if err := os.Remove(filepath.Join(dir, "crlf.hcl")); err != nil {
		t.Fatal(err)
	}
	rev, err := Resolve(dir, "HEAD", true)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Files(dir, rev, []string{"."})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a.hcl", "bin.hcl", "crlf.hcl", "folder.hcl/inside.hcl", "sub/b.hcl.json", "sub/deep/c.hcl", "sub/deep/more/d.hcl.json", "sub/sp ace ünï.hcl"}
	if !slices.Equal(names(got), want) {
		t.Fatalf("names %q, want %q", names(got), want)
	}
	sameFiles(t, got, committed)
	if string(got[2].Src) != "# one\r\n# two\r\n" || string(got[1].Src) != "\x00\xff\xfe binary \x00" {
		t.Errorf("CRLF or binary contents not byte-exact: %q %q", got[2].Src, got[1].Src)
	}
}

func TestFilesFromASubfolder(t *testing.T) {
	dir := newRepo(t)
	rev := Rev{ID: commit(t, dir, "portfolio")}
	sub := filepath.Join(dir, "sub")
	for _, paths := range [][]string{{"."}, {"deep"}, {"..", "."}, {"../a.hcl"}, {filepath.Join(dir, "sub", "deep")}} {
		t.Run(strings.Join(paths, ","), func(t *testing.T) {
			got, err := Files(sub, rev, paths)
			if err != nil {
				t.Fatal(err)
			}
			sameFiles(t, got, fromDisk(t, sub, paths))
		})
	}
	got, _ := Files(sub, rev, []string{"."})
	if want := []string{"b.hcl.json", "deep/c.hcl", "deep/more/d.hcl.json", "sp ace ünï.hcl"}; !slices.Equal(names(got), want) {
		t.Errorf("names %q, want %q", names(got), want)
	}
}

func TestSymbolicLinks(t *testing.T) {
	dir := newRepo(t)
	for link, target := range map[string]string{
		"link.hcl":          "sub/deep/c.hcl", // followed; it and its target are one file
		"sub/up.hcl":        "../a.hcl",
		"dirlink.hcl":       "sub", // a link to a folder is not followed
		"sub/via.hcl":       "../vialink/c.hcl",
		"vialink":           "sub/deep",   // not walked, but a path through it resolves
		"chain.hcl":         "sub/up.hcl", // a link to a link
		"sub/deep/self.txt": "self.txt",   // not a config name: never read
	} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	rev := Rev{ID: commit(t, dir, "links")}
	got, err := Files(dir, rev, []string{"."})
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, got, fromDisk(t, dir, []string{"."}))
	if !slices.Contains(names(got), "link.hcl") || slices.Contains(names(got), "dirlink.hcl/b.hcl.json") {
		t.Errorf("links handled wrongly: %q", names(got))
	}
	for _, paths := range [][]string{{"dirlink.hcl", "chain.hcl"}, {"vialink/more"}, {"vialink"}, {"dirlink.hcl/deep"}} {
		got, err = Files(dir, rev, paths)
		if err != nil {
			t.Fatal(err)
		}
		sameFiles(t, got, fromDisk(t, dir, paths))
	}
	if got, _ := Files(dir, rev, []string{"vialink/more"}); !slices.Equal(names(got), []string{"vialink/more/d.hcl.json"}) {
		t.Errorf("a folder through a linked folder: %q", names(got))
	}

	broken := t.TempDir()
	run(t, broken, "init", "-q")
	write(t, broken, map[string]string{"cfg/a.hcl": "# a\n"})
	for link, target := range map[string]string{"cfg/gone.hcl": "nothing.hcl", "out.hcl": "../../etc/x.hcl"} {
		if err := os.Symlink(target, filepath.Join(broken, filepath.FromSlash(link))); err != nil {
			t.Fatal(err)
		}
	}
	rev = Rev{ID: commit(t, broken, "broken")}
	if _, err := Files(broken, rev, []string{"cfg"}); err == nil || !strings.Contains(err.Error(), "cfg/gone.hcl: broken symbolic link") {
		t.Errorf("broken link: err = %v", err)
	}
	if _, err := Files(broken, rev, []string{"out.hcl"}); err == nil || !strings.Contains(err.Error(), "outside the repository") {
		t.Errorf("link out of the repository: err = %v", err)
	}
}

func TestSubmoduleSkipped(t *testing.T) {
	dir := newRepo(t)
	inner := newRepo(t)
	commit(t, inner, "inner")
	run(t, dir, "submodule", "add", "-q", "file://"+inner, "vendored")
	rev := Rev{ID: commit(t, dir, "with a submodule")}
	got, err := Files(dir, rev, []string{"."})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names(got) {
		if strings.HasPrefix(n, "vendored") {
			t.Errorf("submodule file %s read", n)
		}
	}
	if len(got) != 8 {
		t.Errorf("%d files, want the 8 of the portfolio: %q", len(got), names(got))
	}
}

func TestPathNotInTheRevision(t *testing.T) {
	dir := newRepo(t)
	rev := Rev{ID: commit(t, dir, "portfolio"), Ref: "HEAD"}
	write(t, dir, map[string]string{"later/x.hcl": "# later\n"})
	commit(t, dir, "later")
	_, err := Files(dir, rev, []string{"later"})
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "later: not in the revision (HEAD, ") {
		t.Errorf("err = %v, want a not-in-the-revision error wrapping fs.ErrNotExist", err)
	}
	if _, err := Files(dir, rev, []string{"../elsewhere"}); err == nil || !strings.Contains(err.Error(), "outside the repository") {
		t.Errorf("err = %v, want outside the repository", err)
	}
}

// history: main has A then C; feature branches from A and adds B.
func history(t *testing.T) (dir, a, b, c string) {
	dir = newRepo(t)
	a = commit(t, dir, "A")
	run(t, dir, "checkout", "-q", "-b", "feature")
	write(t, dir, map[string]string{"a.hcl": "# B\n"})
	b = commit(t, dir, "B")
	run(t, dir, "checkout", "-q", "main")
	write(t, dir, map[string]string{"a.hcl": "# C\n"})
	c = commit(t, dir, "C")
	run(t, dir, "checkout", "-q", "feature")
	return dir, a, b, c
}

func TestResolve(t *testing.T) {
	dir, a, b, c := history(t)
	for _, tc := range []struct {
		ref   string
		exact bool
		id    string
		base  bool
		str   string
	}{
		{"main", false, a, true, "merge base of main and HEAD, " + a[:7]}, // ahead of and behind main
		{"main", true, c, false, "main, " + c[:7]},
		{c[:10], false, c, false, c[:7]}, // a commit ID is itself
		{strings.ToUpper(c[:10]), false, c, false, c[:7]},
		{"HEAD", false, b, true, "merge base of HEAD and HEAD, " + b[:7]},
	} {
		rev, err := Resolve(dir, tc.ref, tc.exact)
		if err != nil {
			t.Fatalf("Resolve(%s, %v): %v", tc.ref, tc.exact, err)
		}
		if rev.ID != tc.id || rev.MergeBase != tc.base || rev.String() != tc.str {
			t.Errorf("Resolve(%s, %v) = %+v %q, want %s base=%v %q", tc.ref, tc.exact, rev, rev, tc.id, tc.base, tc.str)
		}
	}
	// A branch behind its base: the merge base is HEAD's own commit.
	run(t, dir, "checkout", "-q", "-b", "old", a)
	if rev, err := Resolve(dir, "main", false); err != nil || rev.ID != a {
		t.Errorf("behind main: %+v, %v; want %s", rev, err, a)
	}
	files, err := Files(dir, Rev{ID: b}, []string{"a.hcl"})
	if err != nil || len(files) != 1 || string(files[0].Src) != "# B\n" {
		t.Errorf("a.hcl at B = %v, %v", files, err)
	}
}

func TestResolveErrors(t *testing.T) {
	dir, _, _, _ := history(t)
	for _, tc := range []struct{ dir, ref, want string }{
		{dir, "nosuch", "unknown revision nosuch"},
		{dir, "--output=x", `invalid revision "--output=x"`},
		{t.TempDir(), "main", "not a git repository"},
	} {
		if _, err := Resolve(tc.dir, tc.ref, false); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Resolve(%s): err = %v, want %q", tc.ref, err, tc.want)
		}
	}
	orphan := newRepo(t)
	commit(t, orphan, "one")
	run(t, orphan, "checkout", "-q", "--orphan", "other")
	commit(t, orphan, "unrelated")
	if _, err := Resolve(orphan, "main", false); err == nil || !strings.Contains(err.Error(), "no common history") {
		t.Errorf("unrelated histories: err = %v", err)
	}
}

func TestShallowClone(t *testing.T) {
	dir, _, _, _ := history(t)
	for _, tc := range []struct {
		args []string
		ref  string
		want string
	}{
		// Both tips are there, their merge base is not.
		{[]string{"--no-single-branch", "--branch", "feature"}, "origin/main", "lacks the merge base of origin/main and HEAD"},
		// Only the pull request's branch was fetched.
		{[]string{"--single-branch", "--branch", "feature"}, "origin/main", "lacks revision origin/main"},
	} {
		clone := filepath.Join(t.TempDir(), "clone")
		run(t, dir, append(append([]string{"clone", "-q", "--depth", "1"}, tc.args...), "file://"+dir, clone)...)
		_, err := Resolve(clone, tc.ref, false)
		if !errors.Is(err, ErrShallow) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "fetch-depth: 0") {
			t.Errorf("%v: err = %v, want ErrShallow saying %q and how to fetch", tc.args, err, tc.want)
		}
		if rev, err := Resolve(clone, "HEAD", true); err != nil || !strings.HasPrefix(rev.String(), "HEAD, ") {
			t.Errorf("exact HEAD in a shallow clone: %v, %v", rev, err)
		}
	}
}

func TestGitNotInstalled(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := Resolve(".", "main", false)
	if err == nil || err.Error() != "git is not installed (it is needed to read a revision)" {
		t.Errorf("err = %v", err)
	}
}

// A revision's files, loaded from memory, give the findings check gives
// on a checkout of that revision.
func TestFindingsMatchACheckout(t *testing.T) {
	needGit(t)
	dir := t.TempDir()
	run(t, dir, "init", "-q")
	for _, ex := range []string{"portfolio", "broken"} {
		if err := os.CopyFS(filepath.Join(dir, "cfg", ex), os.DirFS(filepath.Join("..", "..", "examples", ex))); err != nil {
			t.Fatal(err)
		}
	}
	a := commit(t, dir, "examples")
	write(t, dir, map[string]string{"cfg/portfolio/catalog.hcl": "# emptied after A\n"})
	commit(t, dir, "later")

	files, err := Files(dir, Rev{ID: a}, []string{"cfg"})
	if err != nil {
		t.Fatal(err)
	}
	srcs := make([]lang.Source, len(files))
	for i, f := range files {
		srcs[i] = lang.Source{Name: f.Name, Src: f.Src}
	}
	loaded, err := lang.LoadSources(srcs, lang.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := findings(checker.Run(lang.Assemble(loaded), checker.Options{}))

	checkout := filepath.Join(t.TempDir(), "at-a")
	run(t, dir, "worktree", "add", "-q", "--detach", checkout, a)
	t.Chdir(checkout)
	p, err := lang.Load([]string{"cfg"}, lang.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := findings(checker.Run(p, checker.Options{}))
	if len(want) < 10 {
		t.Fatalf("only %d findings on the checkout: the fixture lost its point", len(want))
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings differ:\n got %q\nwant %q", got, want)
	}
}

func findings(r *checker.Result) []string {
	var out []string
	for _, d := range r.Diagnostics {
		out = append(out, fmt.Sprintf("%s %s %s: %s", lang.Location(d.Subject), d.Rule, d.Summary, d.Detail))
	}
	return out
}
