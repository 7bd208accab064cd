package main

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/format"
	"github.com/tixcfg/tixcfg/internal/atomicfile"
	"github.com/tixcfg/tixcfg/lang"
)

func init() {
	register(&command{name: "fmt", args: "[flags] [PATH...]", order: 40, run: runFmt,
		summary: "Rewrite *.hcl files in the canonical layout (*.hcl.json files are left as they are)"})
}

func runFmt(e *env, args []string) error {
	fs := flagSet("fmt")
	var lf loadFlags
	lf.register(fs)
	write := fs.BoolP("write", "w", false, "rewrite the files that change, atomically (the default unless --check or --diff)")
	check := fs.Bool("check", false, "write nothing; list the files that would change and exit 1 if there are any")
	diff := fs.Bool("diff", false, "print a unified diff of the changes, secret values masked; writes nothing unless --write is given too")
	color := fs.String("color", "auto", "colour of diagnostics: auto (when stderr is a terminal), always or never; NO_COLOR turns it off")
	if done, err := parseFlags(e, fs, args); done {
		return err
	}
	if *write && *check {
		return usageErr("fmt", "--check writes nothing: give --check or --write, not both")
	}
	if err := oneOf("color", *color, colorModes...); err != nil {
		return usageErr("fmt", "%v", err)
	}
	*write = *write || (!*check && !*diff)
	opts := lf.options(e)
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	names, err := fmtTargets(paths)
	if err != nil {
		return err
	}
	files, err := lang.LoadFiles(names, opts)
	if err != nil {
		return err
	}

	// One decision per file; the modes below differ only in what they do
	// with it.
	results := format.Files(files)
	var masker *format.DiffMasker
	if *diff {
		masker = format.NewDiffMasker(results)
	}
	code := exitOK
	var diags []lang.Diagnostic
	for _, r := range results {
		if r.Err != nil {
			printErr(e, r.Err)
			code = exitError
			continue
		}
		diags = append(diags, checker.Resolve(r.Diagnostics)...)
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
			d, err := masker.Diff(r)
			if err != nil {
				return err
			}
			fmt.Fprint(e.stdout, d)
		}
		if *write {
			if err := fmtWrite(e, r); err != nil {
				printErr(e, err)
				code = exitError
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
		if err := emit.WriteText(e.stderr, diags, p, emit.TextOptions{Color: colorFor(e, *color, e.stderr)}); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "%s Files that do not parse are left as they are.\n", emit.Count(diags).Summary(len(files)))
		if code == exitOK {
			code = exitFindings
		}
	}
	if code != exitOK {
		return exitCode(code)
	}
	return nil
}

// fmtWrite replaces a file with its formatted contents (a symbolic link
// stays a link: atomicfile replaces its target).
func fmtWrite(e *env, r format.Result) error {
	return atomicfile.Write(e.fmtFS, r.File.Path, r.Formatted, 0o644)
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
