package main

import (
	"fmt"
	"slices"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/format"
	"github.com/tixcfg/tixcfg/internal/atomicfile"
	"github.com/tixcfg/tixcfg/lang"
)

func init() {
	register(&command{name: "fix", args: "[flags] [PATH...]", order: 45, run: runFix,
		summary: "Apply the fixes findings carry (safe ones; --unsafe adds those that need review)"})
}

func runFix(e *env, args []string) error {
	fs := flagSet("fix")
	var lf loadFlags
	var rf ruleFlags
	var onlyFiles []string
	lf.register(fs)
	rf.register(fs)
	fs.StringSliceVar(&onlyFiles, "only-files", nil, "edit only these `FILES` (repeatable, comma-separated); the whole portfolio is still checked, as rules cross files")
	unsafe := fs.Bool("unsafe", false, "apply fixes that need review too: they change what runs (add a flag, rename a reference, remove a block)")
	diff := fs.Bool("diff", false, "print a unified diff of the fixes, secret values masked, and write nothing")
	rule := fs.String("rule", "", "fix only the findings of this `RULE`")
	given := fs.Bool("only-given", false, "edit only the files given as PATHs, and load the portfolio from the working folder (for hooks, which pass the changed files)")
	failOn := fs.String("fail-on", "error", "lowest `SEVERITY` of a remaining finding that fails the run (exit 1): error, warning or info")
	if done, err := parseFlags(e, fs, args); done {
		return err
	}
	copts, err := rf.options()
	if err != nil {
		return usageErr("fix", "%v", err)
	}
	if *rule != "" && checker.Lookup(*rule) == nil {
		return usageErr("fix", "unknown rule %q for --rule (see 'tixcfg rules')", *rule)
	}
	threshold, ok := lang.ParseSeverity(*failOn)
	if !ok {
		return usageErr("fix", "invalid --fail-on %q: want error, warning or info", *failOn)
	}
	fopts := checker.FixOptions{Checker: copts, Unsafe: *unsafe, Rule: *rule}
	var only map[string]bool
	if fs.Changed("only-files") {
		if only, err = onlyFileNames(e, onlyFiles); err != nil {
			return usageErr("fix", "%v", err)
		}
		fopts.Editable = func(name string) bool { return only[name] }
	}
	paths := fs.Args()
	if *given {
		if only != nil {
			return usageErr("fix", "--only-given and --only-files both say which files to edit: give one")
		}
		if only, err = onlyFileNames(e, paths); err != nil {
			return usageErr("fix", "%v", err)
		}
		fopts.Editable = func(name string) bool { return only[name] }
		paths = nil
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	p, err := load(e, paths, &lf)
	if err != nil {
		return err
	}
	res := checker.FixFiles(p.Files, fopts)
	for _, n := range res.Notes {
		fmt.Fprintf(e.stderr, "tixcfg: note: %s\n", n)
	}
	after := map[string]*lang.File{}
	for _, f := range res.Files {
		after[f.Name] = f
	}
	// The results fmt's masked diff works on: before and after each file.
	var results []format.Result
	for _, f := range p.Files {
		r := format.Result{File: f, Formatted: f.Src}
		if slices.Contains(res.Changed, f.Name) {
			r.Formatted = after[f.Name].Src
		}
		results = append(results, r)
	}
	code := exitOK
	var masker *format.DiffMasker
	if *diff {
		masker = format.NewDiffMasker(results)
	}
	for _, r := range results {
		if !r.Changed() {
			continue
		}
		if *diff {
			d, err := masker.Diff(r)
			if err != nil {
				return err
			}
			fmt.Fprint(e.stdout, d)
			continue
		}
		if err := atomicfile.Write(e.fmtFS, r.File.Path, r.Formatted, 0o644); err != nil {
			printErr(e, err)
			code = exitError
			continue
		}
		fmt.Fprintln(e.stdout, r.File.Name)
	}
	remaining := res.Diagnostics
	if only != nil {
		remaining = slices.DeleteFunc(slices.Clone(remaining), func(d lang.Diagnostic) bool { return !only[d.Subject.Filename] })
	}
	verb := "Applied"
	if *diff {
		verb = "Would apply"
	}
	fmt.Fprintf(e.stderr, "%s %s to %s. After them: %s\n", verb, plural(res.Applied, "fix", "fixes"), plural(len(res.Changed), "file", "files"),
		emit.Count(remaining).Summary(len(p.Files)))
	if code == exitOK && slices.ContainsFunc(remaining, func(d lang.Diagnostic) bool { return d.Severity >= threshold }) {
		code = exitFindings
	}
	if code != exitOK {
		return exitCode(code)
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
