package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"

	flag "github.com/spf13/pflag"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/internal/atomicfile"
	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/review/gitrev"
	"github.com/tixcfg/tixcfg/snapshot"
)

func init() {
	register(&command{name: "baseline", args: "write [-o FILE] [--prune] [flags] [PATH...]", order: 15, run: runBaseline,
		summary: "Record the findings in a baseline file, so that check --baseline reports only new ones"})
}

// compareFlags are check's and build's ways to report only new findings:
// against a baseline file, or against the portfolio at a git revision.
type compareFlags struct {
	baseline, rev string
	exact         bool
}

func (c *compareFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.baseline, "baseline", "", "report and fail only on findings not in this baseline `FILE` (tixcfg baseline write); its entries that match nothing are stale-baseline warnings")
	fs.StringVar(&c.rev, "new-from-rev", "", "report and fail only on findings the portfolio did not have at git revision `REV` (a branch or tag: its merge base with HEAD)")
	fs.BoolVar(&c.exact, "exact", false, "with --new-from-rev, compare with the revision itself, not its merge base with HEAD")
}

// active reports whether the run is compared with anything.
func (c *compareFlags) active() bool { return c.baseline != "" || c.rev != "" }

// validate checks the flags after parsing; no report, nor what the
// command writes itself (reserved), may overwrite the baseline it reads.
func (c *compareFlags) validate(e *env, of *outputFlags, reserved []string) error {
	switch {
	case c.baseline != "" && c.rev != "":
		return errors.New("--baseline and --new-from-rev exclude each other")
	case c.exact && c.rev == "":
		return errors.New("--exact goes with --new-from-rev")
	case c.baseline == "":
		return nil
	}
	outs := slices.Clone(reserved)
	for _, r := range of.reports {
		outs = append(outs, r.path)
	}
	for _, out := range outs {
		if e.abs(out) == e.abs(c.baseline) {
			return fmt.Errorf("%s is the --baseline file: a report would overwrite it", out)
		}
	}
	return nil
}

// comparison is what a compared run hides and where it points.
type comparison struct {
	// with names what the run is compared with, for the summary line.
	with      string
	unchanged []lang.Diagnostic
	// baseline is the file read; stale-baseline findings point into it.
	baseline *checker.Baseline
}

// apply compares diags, the findings of src loaded from paths, as the
// flags say, and returns what to report: the new findings and, against a
// baseline file, its stale entries. It records the comparison in of for
// the report. Places need the portfolio's model, which a kept check
// result lacks: for a comparison or a SARIF report it is loaded (its
// findings are the kept ones, equal to a fresh run's), and returned as
// the sources to report with.
func (c *compareFlags) apply(e *env, src reportSources, paths []string, lf *loadFlags, opts checker.Options, diags []lang.Diagnostic, of *outputFlags) (reportSources, []lang.Diagnostic, error) {
	if !c.active() && !of.wantsPlaces() {
		return src, diags, nil
	}
	p, ok := src.(*lang.Portfolio)
	if !ok {
		var err error
		if p, err = load(e, paths, lf); err != nil {
			return nil, nil, err
		}
	}
	of.places = checker.NewPlaces(p)
	var base *checker.Baseline
	cmp := &comparison{}
	switch {
	case c.baseline != "":
		b, err := readBaseline(e, c.baseline)
		if err != nil {
			return nil, nil, err
		}
		base, cmp.baseline, cmp.with = b, b, "the baseline "+b.Name
	case c.rev != "":
		b, with, err := revisionBaseline(e, c.rev, c.exact, paths, lf, opts)
		if err != nil {
			return nil, nil, err
		}
		base, cmp.with = b, with
	default:
		return p, diags, nil
	}
	res := checker.Compare(base, diags, of.places)
	cmp.unchanged = res.Unchanged
	out := res.New
	if cmp.baseline != nil {
		out = append(out, res.StaleDiagnostics(opts)...)
		lang.SortDiagnostics(out)
	}
	of.compared = cmp
	return p, out, nil
}

// wantsPlaces reports whether a report of the run is SARIF, whose second
// fingerprint is the findings' logical place.
func (o *outputFlags) wantsPlaces() bool {
	return o.format == emit.FormatSARIF || slices.ContainsFunc(o.reports, func(r reportFile) bool { return r.format == emit.FormatSARIF })
}

// readBaseline reads a baseline file; any problem with it is an error
// (exit 2): a baseline that cannot be read must not pass as one that
// holds nothing, nor as one that holds everything.
func readBaseline(e *env, path string) (*checker.Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--baseline: %w", pathErr(path, err))
	}
	return checker.ReadBaseline(lang.DisplayName(e.cwd, e.abs(path)), data)
}

// revisionBaseline checks the portfolio at paths as it was at rev (its
// merge base with HEAD unless exact) and records its findings as a
// baseline. Paths that are not in the revision (a portfolio the change
// adds) had no findings.
func revisionBaseline(e *env, rev string, exact bool, paths []string, lf *loadFlags, opts checker.Options) (*checker.Baseline, string, error) {
	r, err := gitrev.Resolve(e.cwd, rev, exact)
	if err != nil {
		return nil, "", fmt.Errorf("--new-from-rev: %w", err)
	}
	with := "revision " + r.String()
	if r.MergeBase {
		with = "the " + r.String()
	}
	files, err := gitrev.Files(e.cwd, r, paths)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(e.stderr, "tixcfg: note: %v; every finding there is new\n", err)
		return &checker.Baseline{FormatVersion: checker.BaselineFormatVersion}, with, nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("--new-from-rev: %w", err)
	}
	srcs := make([]lang.Source, len(files))
	for i, f := range files {
		srcs[i] = lang.Source{Name: f.Name, Src: f.Src}
	}
	loaded, err := lang.LoadSources(srcs, lf.options(e))
	if err != nil {
		return nil, "", fmt.Errorf("--new-from-rev: %w", err)
	}
	old := lang.Assemble(loaded)
	return checker.NewBaseline(checker.Run(old, opts).Diagnostics, checker.NewPlaces(old)), with, nil
}

// sources are the texts the report's diagnostics point into: the
// portfolio's files, and the baseline file its stale entries are in.
func (c *comparison) sources(p reportSources) emit.Sources {
	if c == nil || c.baseline == nil {
		return p
	}
	return baselineSources{p, c.baseline}
}

type baselineSources struct {
	reportSources
	base *checker.Baseline
}

func (s baselineSources) Source(name string) []byte {
	if name == s.base.Name {
		return s.base.Src
	}
	return s.reportSources.Source(name)
}

// snapshotRefusals names the unchanged errors of the rules the snapshot
// relies on: build cannot represent what they reject, so a baseline or a
// revision that has them does not let them into a snapshot.
func (c *comparison) snapshotRefusals() []string {
	if c == nil {
		return nil
	}
	var out []string
	for _, d := range c.unchanged {
		if d.Severity == lang.Error && slices.Contains(snapshot.Requires(), d.Rule) {
			out = append(out, fmt.Sprintf("%s: %s [%s]: not new (%s has it), but the snapshot cannot carry what the rule rejects", lang.Location(d.Subject), d.Summary, d.Rule, c.with))
		}
	}
	return out
}

// comparedRefused ends the report's summary line when the only errors
// that stop the snapshot are findings the comparison accepts.
const comparedRefused = "the snapshot is refused: build cannot carry what the rules it relies on reject, even findings it is not reporting as new (the places follow)"

func runBaseline(e *env, args []string) error {
	fs := flagSet("baseline")
	var lf loadFlags
	var rf ruleFlags
	lf.register(fs)
	rf.register(fs)
	out := fs.StringP("output", "o", checker.DefaultBaselineFile, "baseline `FILE` to write, replaced atomically; - for stdout")
	prune := fs.Bool("prune", false, "only drop the entries of the -o file that match no finding any more (and lower counts); add nothing")
	if done, err := parseFlags(e, fs, args); done {
		return err
	}
	if fs.NArg() == 0 || fs.Arg(0) != "write" {
		return usageErr("baseline", "want the subcommand write: tixcfg baseline write [-o FILE] [--prune] [PATH...]")
	}
	copts, err := rf.options()
	if err != nil {
		return usageErr("baseline", "%v", err)
	}
	if *out == "" || (*prune && *out == "-") {
		return usageErr("baseline", "-o names the baseline file (--prune reads and rewrites it, so not -)")
	}
	paths := fs.Args()[1:]
	if len(paths) == 0 {
		paths = []string{"."}
	}
	if *out != "-" {
		if err := refuseInputOutputs(e, paths, map[string]string{*out: "-o " + *out}); err != nil {
			return usageErr("baseline", "%v", err)
		}
	}
	var old *checker.Baseline
	if *prune {
		data, err := os.ReadFile(*out)
		if err != nil {
			return fmt.Errorf("--prune: nothing to prune: %w", pathErr(*out, err))
		}
		if old, err = checker.ReadBaseline(lang.DisplayName(e.cwd, e.abs(*out)), data); err != nil {
			return err
		}
	}
	p, err := load(e, paths, &lf)
	if err != nil {
		return err
	}
	res := checker.Run(p, copts)
	pl := checker.NewPlaces(p)
	b := checker.NewBaseline(res.Diagnostics, pl)
	if old != nil {
		b = checker.Prune(old, res.Diagnostics, pl, copts)
	}
	data := b.Marshal()
	if *out == "-" {
		_, err := e.stdout.Write(data)
		return err
	}
	if err := atomicfile.Write(e.buildFS, *out, data, 0o644); err != nil {
		return err
	}
	n := 0
	for _, f := range b.Findings {
		n += f.Count
	}
	what := fmt.Sprintf("%s for %s", plural(len(b.Findings), "entry", "entries"), plural(n, "finding", "findings"))
	if old != nil {
		what += fmt.Sprintf("; %s dropped", plural(len(old.Findings)-len(b.Findings), "entry", "entries"))
	}
	fmt.Fprintf(e.stderr, "tixcfg baseline: wrote %s (%s)\n", *out, what)
	return nil
}
