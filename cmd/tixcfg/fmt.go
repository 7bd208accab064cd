package main

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/format"
	"github.com/tixcfg/tixcfg/internal/atomicfile"
	"github.com/tixcfg/tixcfg/lang"
)

func init() {
	register(&command{name: "fmt", args: "[flags] [PATH...]", order: 40, run: runFmt,
		summary: "Rewrite *.hcl files in the canonical layout (*.hcl.json files are left as they are)"})
}

// fmtFS is the file system fmt writes through; tests swap it to make a
// write fail part-way.
var fmtFS atomicfile.FS = atomicfile.OS

func runFmt(e *env, args []string) int {
	fs := flagSet("fmt")
	var lf loadFlags
	lf.register(fs)
	write := fs.BoolP("write", "w", false, "rewrite the files that change, atomically (the default unless --check or --diff)")
	check := fs.Bool("check", false, "write nothing; list the files that would change and exit 1 if there are any")
	diff := fs.Bool("diff", false, "print a unified diff of the changes, secret values masked; writes nothing unless --write is given too")
	color := fs.String("color", "auto", "colour of diagnostics: auto (when stderr is a terminal), always or never; NO_COLOR turns it off")
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	if *write && *check {
		return usageErr(e, "fmt", "--check writes nothing: give --check or --write, not both")
	}
	if err := oneOf("color", *color, colorModes...); err != nil {
		return usageErr(e, "fmt", "%v", err)
	}
	*write = *write || (!*check && !*diff)
	opts := lf.options()
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	names, err := fmtTargets(paths)
	if err != nil {
		return fail(e, err)
	}
	files, err := lang.LoadFiles(names, opts)
	if err != nil {
		return fail(e, err)
	}

	// One decision per file; the modes below differ only in what they do
	// with it.
	results := format.Files(files)
	var masks fmtMasks
	if *diff {
		masks = newFmtMasks(results)
	}
	code := exitOK
	var diags []lang.Diagnostic
	for _, r := range results {
		if r.Err != nil {
			code = fail(e, r.Err)
			continue
		}
		diags = append(diags, r.Diagnostics...)
		if !r.Changed() {
			continue
		}
		name := r.File.Name
		if *check {
			code = exitFindings
			if !*diff {
				fmt.Fprintln(e.stdout, name)
			}
		}
		if *diff {
			d, err := format.Diff(name, masks.old(r), masks.new(r))
			if err != nil {
				return fail(e, err)
			}
			fmt.Fprint(e.stdout, d)
		}
		if *write {
			if err := fmtWrite(r); err != nil {
				code = fail(e, err)
				continue
			}
			if !*diff {
				fmt.Fprintln(e.stdout, name)
			}
		}
	}
	if len(diags) > 0 {
		// Files that do not parse are findings, as for check, and go to
		// stderr so that stdout stays a file list or a patch.
		p := lang.Assemble(files)
		if err := emit.WriteText(e.stderr, diags, p, emit.TextOptions{Color: colorFor(*color, e.stderr)}); err != nil {
			return fail(e, err)
		}
		fmt.Fprintf(e.stderr, "%s Files that do not parse are left as they are.\n", emit.Count(diags).Summary(len(files)))
		if code == exitOK {
			code = exitFindings
		}
	}
	return code
}

// fmtWrite replaces a file with its formatted contents (a symbolic link
// stays a link: atomicfile replaces its target).
func fmtWrite(r format.Result) error {
	return atomicfile.Write(fmtFS, r.File.Path, r.Formatted, 0o644)
}

// fmtTargets lists the files fmt works on: folders are searched as check
// searches them, keeping native-syntax files only; files named on the
// command line are taken as they are, except JSON-syntax ones, which are
// skipped. Finding no configuration file at all is an error, as for check:
// a mistyped path must not pass as formatted.
func fmtTargets(paths []string) ([]string, error) {
	var out []string
	found := false
	for _, p := range paths {
		names, err := lang.Discover([]string{p})
		if err != nil {
			return nil, err
		}
		fi, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !fi.IsDir() && !lang.IsConfigFile(p) {
			return nil, fmt.Errorf("%s: not a configuration file (*.hcl)", p)
		}
		for _, n := range names {
			found = true
			if strings.HasSuffix(n, ".hcl") {
				out = append(out, n)
			}
		}
	}
	if !found {
		return nil, errNoConfig(paths)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// fmtMasks hides secret values in diffs: a literal secret in a file would
// otherwise be printed by --diff. Both sides are masked with the ranges
// the loader marks, computed over every file of the run so that operator
// catalog extensions count (a value whose field is not known as plain is
// masked), and with format.SecretRanges' safety net for what the loader
// did not decode.
type fmtMasks struct {
	before, after *lang.Portfolio
}

func newFmtMasks(results []format.Result) fmtMasks {
	var before, after []*lang.File
	for _, r := range results {
		before = append(before, r.File)
		if r.Changed() {
			after = append(after, lang.ParseFile(r.File.Name, r.Formatted))
		} else {
			after = append(after, r.File)
		}
	}
	return fmtMasks{before: lang.Assemble(before), after: lang.Assemble(after)}
}

func (m fmtMasks) old(r format.Result) []byte {
	return format.Mask(r.File.Src, format.SecretRanges(m.before, r.File.Name, r.File.Src))
}

func (m fmtMasks) new(r format.Result) []byte {
	return format.Mask(r.Formatted, format.SecretRanges(m.after, r.File.Name, r.Formatted))
}
