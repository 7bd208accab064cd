package main

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	flag "github.com/spf13/pflag"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/cmd/internal/gcpace"
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/engine"
	"github.com/tixcfg/tixcfg/lang"
)

// loadFlags are the flags of every command that loads a portfolio.
type loadFlags struct {
	maxFileSize sizeFlag
	cacheDir    string
	noCache     bool
}

// sizeFlag is a byte count written as 16MiB, 500KB or 1048576. Parsing it
// as the flag is set makes a bad value a usage error in every command.
type sizeFlag int64

func (s *sizeFlag) String() string {
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n := int64(*s); n%u.mult == 0 && n > 0 {
			return strconv.FormatInt(n/u.mult, 10) + u.suffix
		}
	}
	return strconv.FormatInt(int64(*s), 10)
}
func (s *sizeFlag) Type() string { return "SIZE" }
func (s *sizeFlag) Set(v string) error {
	n, err := parseSize(v)
	if err != nil {
		return err
	}
	*s = sizeFlag(n)
	return nil
}

func (l *loadFlags) register(fs *flag.FlagSet) {
	l.maxFileSize = lang.DefaultMaxFileSize
	fs.Var(&l.maxFileSize, "max-file-size", "largest file loaded; larger ones are reported, not read: bytes, or with KiB, MiB, GiB, KB, MB, GB")
	fs.StringVar(&l.cacheDir, "cache-dir", "", "folder of the parse cache (default: tixcfg in the user cache folder)")
	fs.BoolVar(&l.noCache, "no-cache", false, "parse every file, and neither read nor write the cache")
}

func (l *loadFlags) options(e *env) lang.Options {
	opts := lang.Options{MaxFileSize: int64(l.maxFileSize), WorkDir: e.cwd, Pace: gcpace.For(e.getenv)}
	if !l.noCache {
		dir := l.cacheDir
		if dir == "" {
			// No user cache folder (no HOME): run without a cache.
			dir, _ = lang.DefaultCacheDir(e.getenv)
		}
		if version, ok := cacheVersion(e.executable); ok && dir != "" {
			opts.Cache = &lang.Cache{Dir: dir, Version: version}
		}
	}
	return opts
}

// cacheVersion separates the cache entries of different builds: the
// version, and the executable's identity, so that even builds of
// uncommitted changes (which share a version) never read each other's
// entries. When the executable cannot be identified there is no cache.
func cacheVersion(exe string) (string, bool) {
	if exe == "" {
		return "", false
	}
	id, err := executableID(exe)
	if err != nil {
		return "", false
	}
	return Version() + " " + id, true
}

// executableID identifies the code of an executable: its Go build ID,
// which the go command derives from the hashes of every input, so two
// builds share it only when they are the same program whatever their
// path, size or time. Reading it costs a few section headers; an
// executable linked without one (-ldflags=-buildid=) is hashed whole.
func executableID(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if id := goBuildID(f); id != "" {
		return "buildid " + id, nil
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return "sha256 " + hex.EncodeToString(h.Sum(nil)), nil
}

// goBuildID reads the build ID the Go linker writes: the Go note of an
// ELF file, or else the marked string near the start of the text (other
// formats), as 'go tool buildid' finds them.
func goBuildID(f *os.File) string {
	if ef, err := elf.NewFile(f); err == nil {
		if s := ef.Section(".note.go.buildid"); s != nil {
			// The note: name size, desc size, type 4, "Go\x00\x00", the ID.
			if b, err := s.Data(); err == nil && len(b) > 16 && string(b[12:16]) == "Go\x00\x00" {
				if n := int(ef.ByteOrder.Uint32(b[4:8])); 16+n <= len(b) {
					return printableID(b[16 : 16+n])
				}
			}
		}
		return ""
	}
	head := make([]byte, 32<<10)
	n, _ := f.ReadAt(head, 0)
	head = head[:n]
	const start, end = "\xff Go build ID: \"", "\"\n \xff"
	i := bytes.Index(head, []byte(start))
	if i < 0 {
		return ""
	}
	rest := head[i+len(start):]
	j := bytes.Index(rest, []byte(end))
	if j <= 0 {
		return ""
	}
	return printableID(rest[:j])
}

// printableID refuses an ID that is not printable ASCII, such as one a
// tool blanked out with zeros.
func printableID(b []byte) string {
	for _, c := range b {
		if c <= ' ' || c > '~' {
			return ""
		}
	}
	return string(b)
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1000}, {"MB", 1000 * 1000}, {"GB", 1000 * 1000 * 1000}, {"B", 1}} {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = strings.TrimSpace(rest), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64/mult {
		return 0, fmt.Errorf("want a positive size such as 16MiB")
	}
	return n * mult, nil
}

// load reads the portfolio at paths. No configuration file at all is an
// error: a typo in the path must not pass as a clean check.
func load(e *env, paths []string, lf *loadFlags) (*lang.Portfolio, error) {
	v, err := open(e, paths, lf, nil)
	if err != nil {
		return nil, err
	}
	return v.Portfolio, nil
}

// open loads the portfolio at paths into a workspace of the engine, as the
// language server and check --watch do, and decides it with the rules
// copts selects (or, nil, leaves the findings out): every command reads
// the portfolio through one code path.
func open(e *env, paths []string, lf *loadFlags, copts *checker.Options) (*engine.View, error) {
	opts := engine.Options{Roots: paths, Load: lf.options(e), ModelOnly: copts == nil}
	if copts != nil {
		opts.Check = *copts
	}
	w, err := engine.Open(opts)
	if err != nil {
		return nil, err
	}
	v := w.View()
	if len(v.Portfolio.Files) == 0 {
		return nil, errNoConfig(paths)
	}
	return v, nil
}

// ruleFlags select rules.
type ruleFlags struct {
	disable, enableOnly []string
}

func (r *ruleFlags) register(fs *flag.FlagSet) {
	fs.StringSliceVar(&r.disable, "disable", nil, "turn off these rules (repeatable, comma-separated)")
	fs.StringSliceVar(&r.enableOnly, "enable-only", nil, "run only these rules (repeatable, comma-separated)")
}

func (r *ruleFlags) options() (checker.Options, error) {
	for _, id := range append(slices.Clone(r.disable), r.enableOnly...) {
		if checker.Lookup(id) == nil {
			return checker.Options{}, fmt.Errorf("unknown rule %q (see 'tixcfg rules')", id)
		}
	}
	return checker.Options{Disable: r.disable, EnableOnly: r.enableOnly}, nil
}

func init() {
	register(&command{name: "check", args: "[flags] [PATH...]", summary: "Check a portfolio and report problems", order: 10, run: runCheck})
}

// lintFlags are the flags of the commands that check a portfolio and
// report what they find: check and build.
type lintFlags struct {
	load    loadFlags
	rules   ruleFlags
	out     outputFlags
	compare compareFlags
}

func (l *lintFlags) register(fs *flag.FlagSet) {
	l.load.register(fs)
	l.rules.register(fs)
	l.out.register(fs)
	l.compare.register(fs)
}

// validate checks the values after parsing; reserved are files the
// command writes itself, which no report may overwrite.
func (l *lintFlags) validate(e *env, reserved ...string) (checker.Options, error) {
	if err := l.out.validate(e, reserved...); err != nil {
		return checker.Options{}, err
	}
	if err := l.compare.validate(e, &l.out, reserved); err != nil {
		return checker.Options{}, err
	}
	return l.rules.options()
}

func runCheck(e *env, args []string) error {
	fs := flagSet("check")
	var lf lintFlags
	var onlyFiles []string
	var wf watchFlags
	lf.register(fs)
	wf.register(fs)
	of := &lf.out
	fs.StringSliceVar(&onlyFiles, "only-files", nil, "report only diagnostics in these `FILES` (repeatable, comma-separated); the whole portfolio is still checked, as rules cross files")
	if done, err := parseFlags(e, fs, args); done {
		return err
	}
	copts, err := lf.validate(e)
	if err == nil {
		err = wf.validate(fs, of.format)
	}
	if err == nil && wf.on && lf.compare.active() {
		err = errors.New("--watch does not compare with a baseline or a revision: run check --baseline or --new-from-rev without --watch")
	}
	if err != nil {
		return usageErr("check", "%v", err)
	}
	if fs.Changed("only-files") {
		if of.only, err = onlyFileNames(e, onlyFiles); err != nil {
			return usageErr("check", "%v", err)
		}
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	if err := refuseInputOutputs(e, paths, of.outputs()); err != nil {
		return usageErr("check", "%v", err)
	}
	if wf.on {
		return runWatch(e, &wf, &lf, copts, paths)
	}
	p, diags, err := checkPortfolio(e, paths, &lf.load, copts)
	if err != nil {
		return err
	}
	if p, diags, err = lf.compare.apply(e, p, paths, &lf.load, copts, diags, of); err != nil {
		return err
	}
	failed, err := of.report(e, diags, p)
	if err != nil {
		return err
	}
	if failed {
		return errFindings()
	}
	return nil
}

// onlyFileNames turns the paths of --only-files into the display names the
// loader gives files. A path that does not exist is an error (a typo must
// not pass as a clean check); an existing file outside the portfolio, such
// as a Terraform .hcl file a pre-commit hook passes along, just has
// nothing to report.
func onlyFileNames(e *env, paths []string) (map[string]bool, error) {
	names := make(map[string]bool, len(paths))
	for _, path := range paths {
		fi, err := os.Stat(path)
		if err != nil {
			return nil, fmt.Errorf("--only-files: %w", pathErr(path, err))
		}
		if fi.IsDir() {
			return nil, fmt.Errorf("--only-files: %s is a folder; give files", path)
		}
		names[lang.DisplayName(e.cwd, filepath.Clean(path))] = true
	}
	return names, nil
}

// pathErr drops the operation from a *fs.PathError, for one-line errors
// like "x.hcl: no such file or directory".
func pathErr(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("%s: %w", path, err)
}

// notePartial says on stderr when the loader found errors, so the model a
// command shows is partial; it reports whether it did.
func notePartial(e *env, p *lang.Portfolio, path string) bool {
	return noteErrors(e, emit.Count(checker.Resolve(p.Diagnostics())).Errors, path)
}

// noteErrors is notePartial for a count of syntax and schema errors made
// elsewhere; it reports whether there are any.
func noteErrors(e *env, n int, path string) bool {
	if n > 0 {
		fmt.Fprintf(e.stderr, "tixcfg: note: the portfolio has %d syntax or schema error(s), so this is partial; run 'tixcfg check %s'\n", n, path)
	}
	return n > 0
}

// errNoConfig is the error for paths without a configuration file: a typo
// in a path must not pass as a clean run.
func errNoConfig(paths []string) error {
	return fmt.Errorf("no configuration files (*.hcl, *.hcl.json) in %s", strings.Join(paths, ", "))
}

// oneOf checks a flag's value against the values it takes.
func oneOf(flag, value string, allowed ...string) error {
	if slices.Contains(allowed, value) {
		return nil
	}
	last := len(allowed) - 1
	return fmt.Errorf("invalid --%s %q: want %s or %s", flag, value, strings.Join(allowed[:last], ", "), allowed[last])
}
