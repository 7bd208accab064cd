// Package gitrev reads a portfolio as it is at a git revision, without a
// checkout, so that a change can be compared with its base (tixcfg diff)
// and findings can be told new from old (check --new-from-rev).
//
// Resolve turns what a user wrote (a branch, a tag, a commit ID) into a
// commit: for anything but a commit ID, the merge base of that revision
// and HEAD, as a pull request's diff is, unless exact is set. Files lists
// the tree with `git ls-tree` and reads the files through one
// `git cat-file --batch` process, with exactly check's file selection
// (lang.IsConfigFile, lang.IsHidden, links to files followed within the
// tree, links to folders and submodules not), and names each file as the
// working-tree load would, relative to the working folder, so the two
// sides can be matched.
//
// git runs as a command (CI machines have it), never through a shell,
// with the system configuration, pagers, replace refs and the caller's
// GIT_* variables left out, so the result depends only on the repository.
// A shallow clone that lacks a commit gets a message saying how to fetch
// more history (ErrShallow).
package gitrev

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/tixcfg/tixcfg/lang"
)

// ErrShallow is wrapped by the errors for a commit a shallow clone lacks.
var ErrShallow = errors.New("the clone is shallow")

// Rev is a resolved revision.
type Rev struct {
	// ID is the full commit ID.
	ID string
	// Ref is the revision as it was given.
	Ref string
	// MergeBase is set when ID is the merge base of Ref and HEAD rather
	// than Ref itself.
	MergeBase bool
}

// String says which commit this is and how it was chosen, for messages.
func (r Rev) String() string {
	short := r.ID[:min(len(r.ID), 7)]
	switch {
	case r.MergeBase:
		return fmt.Sprintf("merge base of %s and HEAD, %s", r.Ref, short)
	case r.Ref == "" || strings.HasPrefix(r.ID, strings.ToLower(r.Ref)):
		return short
	default:
		return fmt.Sprintf("%s, %s", r.Ref, short)
	}
}

// File is one configuration file at a revision.
type File struct {
	// Name is what the working-tree load calls the same file: relative to
	// the working folder, with forward slashes.
	Name string
	Src  []byte
}

// Resolve finds the commit to compare with in the repository holding
// repoDir. A commit ID, or any ref with exact set, is taken as it is;
// otherwise the merge base of ref and HEAD is used.
func Resolve(repoDir, ref string, exact bool) (Rev, error) {
	if ref == "" || strings.HasPrefix(ref, "-") {
		return Rev{}, fmt.Errorf("invalid revision %q", ref)
	}
	if _, err := gitOut(repoDir, "rev-parse", "--git-dir"); err != nil {
		return Rev{}, err
	}
	id, err := gitOut(repoDir, "rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
	if err != nil {
		if shallow(repoDir) {
			return Rev{}, shallowErr(fmt.Sprintf("revision %s", ref))
		}
		return Rev{}, fmt.Errorf("unknown revision %s", ref)
	}
	rev := Rev{ID: id, Ref: ref}
	if exact || isCommitID(ref, id) {
		return rev, nil
	}
	head, err := gitOut(repoDir, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
	if err != nil {
		return Rev{}, errors.New("HEAD has no commit yet: nothing to take a merge base with")
	}
	base, err := gitOut(repoDir, "merge-base", id, head)
	if err != nil || base == "" {
		if shallow(repoDir) {
			return Rev{}, shallowErr(fmt.Sprintf("the merge base of %s and HEAD", ref))
		}
		return Rev{}, fmt.Errorf("%s and HEAD have no common history (compare with the revision itself: exact)", ref)
	}
	rev.ID, rev.MergeBase = base, true
	return rev, nil
}

// isCommitID reports whether ref was written as (a prefix of) the commit
// ID it names.
func isCommitID(ref, id string) bool {
	if len(ref) < 4 || !strings.HasPrefix(id, strings.ToLower(ref)) {
		return false
	}
	return strings.Trim(strings.ToLower(ref), "0123456789abcdef") == ""
}

func shallow(repoDir string) bool {
	out, err := gitOut(repoDir, "rev-parse", "--is-shallow-repository")
	return err == nil && out == "true"
}

func shallowErr(what string) error {
	return fmt.Errorf("%w and lacks %s: fetch more history, e.g. `git fetch --deepen=50` or actions/checkout with `fetch-depth: 0`", ErrShallow, what)
}

// Git object modes in a tree.
const (
	modeTree    = "040000"
	modeLink    = "120000"
	modeGitlink = "160000"
)

type entry struct{ mode, oid string }

// tree is a revision's tree, by repository path ("" is the root).
type tree struct {
	entries  map[string]entry
	children map[string][]string // folder -> names in it, sorted
	blobs    *catFile
	links    map[string]string // link path -> target, read on demand
}

// Files reads the configuration files under paths (relative to repoDir,
// the working folder, or absolute) at rev, selected as check selects them
// on disk. The result is sorted by name and free of duplicates. A path
// that is not in the revision gives an error wrapping fs.ErrNotExist.
func Files(repoDir string, rev Rev, paths []string) ([]File, error) {
	if rev.ID == "" {
		return nil, errors.New("no revision given")
	}
	prefix, err := gitOut(repoDir, "rev-parse", "--show-prefix")
	if err != nil {
		return nil, err
	}
	work, err := filepath.Abs(repoDir)
	if err != nil {
		return nil, err
	}
	// The top folder, found lexically from the working folder, so names
	// agree with the ones the working tree's load makes from the same
	// spelling of the folder.
	top := work
	for range strings.Count(strings.TrimSuffix(prefix, "/"), "/") + min(len(prefix), 1) {
		top = filepath.Dir(top)
	}
	t, err := readTree(repoDir, rev)
	if err != nil {
		return nil, err
	}
	cf, err := startCatFile(repoDir)
	if err != nil {
		return nil, err
	}
	defer cf.close()
	t.blobs = cf

	type found struct{ name, real string }
	var out []found
	seen := map[string]bool{}
	add := func(repoPath, real string) {
		if seen[real] {
			return
		}
		seen[real] = true
		out = append(out, found{lang.DisplayName(work, filepath.Join(top, filepath.FromSlash(repoPath))), real})
	}
	for _, p := range paths {
		rp, err := repoPath(work, prefix, p)
		if err != nil {
			return nil, err
		}
		real, e, err := t.resolve(rp, 0)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: not in the revision (%s): %w", p, rev, err)
		} else if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		if e.mode == modeGitlink {
			continue
		}
		if e.mode != modeTree {
			add(rp, real)
			continue
		}
		if t.entries[rp].mode == modeLink {
			continue // a link to a folder is not followed, as on disk
		}
		// A folder reached through a linked folder is walked, and its
		// files are named by the path given, as on disk.
		if err := t.walk(real, rp, add); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b found) int { return strings.Compare(a.name, b.name) })
	var oids []string
	for i, f := range out {
		if i > 0 && f.name == out[i-1].name {
			continue
		}
		oids = append(oids, t.entries[f.real].oid)
	}
	srcs, err := cf.readAll(oids)
	if err != nil {
		return nil, err
	}
	files := make([]File, 0, len(srcs))
	for i, f := range out {
		if i > 0 && f.name == out[i-1].name {
			continue
		}
		files = append(files, File{Name: f.name, Src: srcs[len(files)]})
	}
	return files, nil
}

// repoPath maps a path given relative to the working folder (at prefix in
// the repository) to a repository path.
func repoPath(work, prefix, p string) (string, error) {
	if filepath.IsAbs(p) {
		rel, err := filepath.Rel(work, p)
		if err != nil {
			return "", err
		}
		p = rel
	}
	rp := path.Clean(prefix + filepath.ToSlash(p))
	if rp == ".." || strings.HasPrefix(rp, "../") {
		return "", fmt.Errorf("%s: outside the repository", p)
	}
	if rp == "." {
		rp = ""
	}
	return rp, nil
}

// walk visits the files under folder dir, shown as the path shown, in
// filepath.WalkDir's order, as lang.Discover does, passing each selected
// file's shown path and the path of what it is after links.
func (t *tree) walk(dir, shown string, add func(shown, real string)) error {
	for _, name := range t.children[dir] {
		if lang.IsHidden(name) {
			continue
		}
		p, ps := path.Join(dir, name), path.Join(shown, name)
		e := t.entries[p]
		switch e.mode {
		case modeTree:
			if err := t.walk(p, ps, add); err != nil {
				return err
			}
			continue
		case modeGitlink:
			continue
		}
		if !lang.IsConfigFile(name) {
			continue
		}
		real, re, err := t.resolve(p, 0)
		if err != nil {
			return fmt.Errorf("%s: broken symbolic link (%w)", ps, err)
		}
		if re.mode == modeTree || re.mode == modeGitlink {
			continue // links to folders are not followed
		}
		add(ps, real)
	}
	return nil
}

// resolve follows symbolic links in p, within the tree, returning the
// path it names and its entry.
func (t *tree) resolve(p string, hops int) (string, entry, error) {
	if hops > 40 {
		return "", entry{}, errors.New("too many levels of symbolic links")
	}
	if p == "" {
		return "", entry{mode: modeTree}, nil
	}
	parts := strings.Split(p, "/")
	cur := ""
	for i, part := range parts {
		next := path.Join(cur, part)
		e, ok := t.entries[next]
		if !ok {
			return "", entry{}, fs.ErrNotExist
		}
		if e.mode == modeLink {
			target, err := t.linkTarget(next, e)
			if err != nil {
				return "", entry{}, err
			}
			if path.IsAbs(target) {
				return "", entry{}, fmt.Errorf("the link points outside the repository (%s)", target)
			}
			rest := path.Join(append([]string{cur, target}, parts[i+1:]...)...)
			if rest == ".." || strings.HasPrefix(rest, "../") {
				return "", entry{}, fmt.Errorf("the link points outside the repository (%s)", target)
			}
			if rest == "." {
				rest = ""
			}
			return t.resolve(rest, hops+1)
		}
		if i < len(parts)-1 && e.mode != modeTree {
			return "", entry{}, fmt.Errorf("%s: not a folder", next)
		}
		cur = next
	}
	return cur, t.entries[cur], nil
}

func (t *tree) linkTarget(p string, e entry) (string, error) {
	if target, ok := t.links[p]; ok {
		return target, nil
	}
	b, err := t.blobs.read(e.oid)
	if err != nil {
		return "", err
	}
	t.links[p] = string(b)
	return string(b), nil
}

// readTree lists the whole tree of rev.
func readTree(repoDir string, rev Rev) (*tree, error) {
	out, err := gitBytes(repoDir, "ls-tree", "-r", "-t", "-z", "--full-tree", rev.ID)
	if err != nil {
		return nil, err
	}
	t := &tree{entries: map[string]entry{}, children: map[string][]string{}, links: map[string]string{}}
	for rec := range bytes.SplitSeq(out, []byte{0}) {
		if len(rec) == 0 {
			continue
		}
		// <mode> SP <type> SP <object> TAB <path>
		meta, p, ok := bytes.Cut(rec, []byte{'\t'})
		f := strings.Fields(string(meta))
		if !ok || len(f) != 3 {
			return nil, fmt.Errorf("git ls-tree: unexpected record %q", rec)
		}
		name := string(p)
		t.entries[name] = entry{mode: f[0], oid: f[2]}
		dir := path.Dir(name)
		if dir == "." {
			dir = ""
		}
		t.children[dir] = append(t.children[dir], path.Base(name))
	}
	for _, names := range t.children {
		slices.Sort(names)
	}
	return t, nil
}

// catFile is one `git cat-file --batch` process, asked for one object at a
// time over its pipes.
type catFile struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

func startCatFile(repoDir string) (*catFile, error) {
	cmd, err := command(repoDir, "cat-file", "--batch")
	if err != nil {
		return nil, err
	}
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	return &catFile{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 64<<10)}, nil
}

// read asks for one object and waits for it (links, read while walking).
func (c *catFile) read(oid string) ([]byte, error) {
	if _, err := io.WriteString(c.in, oid+"\n"); err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	return c.next(oid)
}

// readAll streams the requests for many objects while reading the
// answers, so that no file waits for a round trip of its own.
func (c *catFile) readAll(oids []string) ([][]byte, error) {
	werr := make(chan error, 1)
	go func() {
		w := bufio.NewWriterSize(c.in, 64<<10)
		for _, oid := range oids {
			if _, err := w.WriteString(oid + "\n"); err != nil {
				werr <- err
				return
			}
		}
		werr <- w.Flush()
	}()
	out := make([][]byte, len(oids))
	for i, oid := range oids {
		b, err := c.next(oid)
		if err != nil {
			// Unblock the writer: git stops reading once it is gone.
			c.cmd.Process.Kill()
			<-werr
			return nil, err
		}
		out[i] = b
	}
	if err := <-werr; err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	return out, nil
}

// next reads the answer for oid.
func (c *catFile) next(oid string) ([]byte, error) {
	header, err := c.out.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	// <oid> SP <type> SP <size> LF, or <oid> SP missing LF
	f := strings.Fields(header)
	if len(f) != 3 || f[1] != "blob" {
		return nil, fmt.Errorf("git cat-file: object %s: %s", oid, strings.TrimSpace(header))
	}
	size, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil || size < 0 {
		return nil, fmt.Errorf("git cat-file: bad header %q", header)
	}
	buf := make([]byte, size+1)
	if _, err := io.ReadFull(c.out, buf); err != nil {
		return nil, fmt.Errorf("git cat-file: %w", err)
	}
	return buf[:size], nil
}

func (c *catFile) close() {
	c.in.Close()
	io.Copy(io.Discard, c.out)
	c.cmd.Wait()
}

// command prepares a git command in dir with an environment that leaves
// out the system configuration, pagers, prompts and the caller's GIT_*
// variables (a hook's GIT_DIR would point git at another repository).
func command(dir string, args ...string) (*exec.Cmd, error) {
	bin, err := exec.LookPath("git")
	if err != nil {
		return nil, errors.New("git is not installed (it is needed to read a revision)")
	}
	env := []string{"GIT_CONFIG_NOSYSTEM=1", "GIT_PAGER=cat", "PAGER=cat", "GIT_TERMINAL_PROMPT=0", "GIT_NO_REPLACE_OBJECTS=1", "LC_ALL=C"}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_") && !strings.HasPrefix(kv, "LC_ALL=") && !strings.HasPrefix(kv, "PAGER=") {
			env = append(env, kv)
		}
	}
	cmd := exec.Command(bin, append([]string{"--no-pager", "-c", "core.quotepath=off"}, args...)...)
	cmd.Dir, cmd.Env = dir, env
	return cmd, nil
}

// gitBytes runs git and returns its output; a failure carries git's first
// line of complaint.
func gitBytes(dir string, args ...string) ([]byte, error) {
	cmd, err := command(dir, args...)
	if err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg, _, _ := strings.Cut(strings.TrimSpace(stderr.String()), "\n")
		if strings.Contains(msg, "not a git repository") {
			return nil, fmt.Errorf("%s: not a git repository", dir)
		}
		if msg == "" {
			return nil, fmt.Errorf("git %s: %w", args[0], err)
		}
		return nil, fmt.Errorf("git %s: %s", args[0], strings.TrimPrefix(msg, "fatal: "))
	}
	return out, nil
}

func gitOut(dir string, args ...string) (string, error) {
	out, err := gitBytes(dir, args...)
	return strings.TrimSpace(string(out)), err
}
