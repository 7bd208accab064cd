package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/review"
	"github.com/tixcfg/tixcfg/review/gitrev"
	"github.com/tixcfg/tixcfg/snapshot"
)

func init() {
	register(&command{name: "diff", args: "[flags] [--against REF | OLD] [PATH]", order: 35, run: runDiff,
		summary: "Show what a change does to which companies: against a git revision, a folder or a snapshot"})
}

// runDiff compares two versions of a portfolio. The exit code is 0 unless
// --exit-code (anything changed) or --fail-on-loss (a company loses an
// integration) asks for 1; 2 is a usage or I/O error, as everywhere.
func runDiff(e *env, args []string) error {
	fs := flagSet("diff")
	var lf loadFlags
	lf.register(fs)
	against := fs.String("against", "", "compare PATH with git revision `REF`; for a branch or tag, with its merge base with HEAD, as a pull request's diff is")
	exact := fs.Bool("exact", false, "with --against, compare with the revision itself, not the merge base")
	format := fs.String("format", emit.DiffText, "output `FORMAT`: "+strings.Join(emit.DiffFormats(), ", "))
	colorMode := fs.String("color", "auto", "colour: auto (when stdout is a terminal), always or never; NO_COLOR turns it off")
	exitChanged := fs.Bool("exit-code", false, "exit 1 when anything changed")
	failOnLoss := fs.Bool("fail-on-loss", false, "exit 1 when a company loses an integration")
	companies := fs.StringArray("company", nil, "list only this company `ID` (repeatable)")
	resellers := fs.StringArray("reseller", nil, "list only this reseller `ID` and its companies (repeatable)")
	if done, err := parseFlags(e, fs, args); done {
		return err
	}
	switch {
	case !slices.Contains(emit.DiffFormats(), *format):
		return usageErr("diff", "invalid --format %q: want %s", *format, strings.Join(emit.DiffFormats(), ", "))
	case *exact && *against == "":
		return usageErr("diff", "--exact needs --against REF")
	}
	if err := oneOf("color", *colorMode, colorModes...); err != nil {
		return usageErr("diff", "%v", err)
	}
	var base, head review.Side
	meta := emit.DiffMeta{}
	var err error
	if *against != "" {
		if fs.NArg() > 1 {
			return usageErr("diff", "with --against, at most one PATH")
		}
		path := argOr(fs.Args(), 0)
		if base, meta.Base, err = revisionSide(e, *against, *exact, path, &lf); err != nil {
			return err
		}
		if head, err = portfolioSide(e, path, &lf); err != nil {
			return err
		}
		meta.Head = emit.DiffSource{Kind: "working tree", Label: path}
	} else {
		switch fs.NArg() {
		case 0:
			return usageErr("diff", "give --against REF, or OLD (a folder or a snapshot file) to compare with")
		case 1, 2:
		default:
			return usageErr("diff", "at most OLD and PATH")
		}
		old, path := fs.Arg(0), argOr(fs.Args(), 1)
		oldSnap, err := isFile(old)
		if err != nil {
			return err
		}
		newSnap, err := isFile(path)
		if err != nil {
			return err
		}
		switch {
		case oldSnap != newSnap:
			return usageErr("diff", "compare a folder with a folder, or a snapshot with a snapshot (%s and %s)", old, path)
		case oldSnap:
			if base, err = snapshotSide(old); err != nil {
				return err
			}
			if head, err = snapshotSide(path); err != nil {
				return err
			}
			meta.Base, meta.Head = emit.DiffSource{Kind: "snapshot", Label: old}, emit.DiffSource{Kind: "snapshot", Label: path}
		default:
			if base, err = portfolioSide(e, old, &lf); err != nil {
				return err
			}
			if head, err = portfolioSide(e, path, &lf); err != nil {
				return err
			}
			meta.Base, meta.Head = emit.DiffSource{Kind: "folder", Label: old}, emit.DiffSource{Kind: "folder", Label: path}
		}
	}
	for _, sd := range []struct {
		name string
		side review.Side
	}{{"base", base}, {"head", head}} {
		if p := sd.side.Portfolio; p != nil {
			if n := emit.Count(checker.Resolve(p.Diagnostics())).Errors; n > 0 {
				fmt.Fprintf(e.stderr, "tixcfg: note: the %s side has %d syntax or schema error(s): what a file that does not decode declares may be missing from it\n", sd.name, n)
			}
		}
	}
	d, err := review.Compare(base, head, review.Options{Companies: *companies, Resellers: *resellers})
	if err != nil {
		return err
	}
	if *format == emit.DiffText {
		meta.Color = colorFor(e, *colorMode, e.stdout)
	}
	if err := emit.WriteDiff(e.stdout, *format, d, meta); err != nil {
		return err
	}
	switch {
	case *failOnLoss && d.Summary.CompaniesLosing > 0:
		return errFindings()
	case *exitChanged && !d.Empty():
		return errFindings()
	}
	return nil
}

func argOr(args []string, i int) string {
	if i < len(args) {
		return args[i]
	}
	return "."
}

// isFile tells a snapshot file from a portfolio folder.
func isFile(path string) (bool, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return false, pathErr(path, err)
	}
	return !fi.IsDir(), nil
}

// portfolioSide loads and checks a portfolio on disk. It may have errors:
// what they do to the companies is part of the diff.
func portfolioSide(e *env, path string, lf *loadFlags) (review.Side, error) {
	p, err := load(e, []string{path}, lf)
	if err != nil {
		return review.Side{}, err
	}
	return review.Side{Portfolio: p, Result: checker.Run(p, checker.Options{})}, nil
}

// revisionSide reads PATH at a git revision, without a checkout. A path
// the revision does not have is an empty base (a pull request that adds
// the portfolio), said on stderr.
func revisionSide(e *env, ref string, exact bool, path string, lf *loadFlags) (review.Side, emit.DiffSource, error) {
	rev, err := gitrev.Resolve(e.cwd, ref, exact)
	if err != nil {
		return review.Side{}, emit.DiffSource{}, fmt.Errorf("--against %s: %w", ref, err)
	}
	label := fmt.Sprintf("%s (%s)", ref, rev.ID[:min(len(rev.ID), 12)])
	// A merge base that is the revision itself (a branch HEAD is on, or
	// ahead of) is named as the revision.
	if own, err := gitrev.Resolve(e.cwd, ref, true); rev.MergeBase && (err != nil || own.ID != rev.ID) {
		label = fmt.Sprintf("the merge base of %s and HEAD (%s)", ref, rev.ID[:min(len(rev.ID), 12)])
	}
	src := emit.DiffSource{Kind: "git", Label: label, Revision: rev.ID}
	files, err := gitrev.Files(e.cwd, rev, []string{path})
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(e.stderr, "tixcfg: note: %s is not in %s; comparing with an empty portfolio\n", path, rev)
		files, err = nil, nil
	}
	if err != nil {
		return review.Side{}, src, fmt.Errorf("--against %s: %w", ref, err)
	}
	srcs := make([]lang.Source, len(files))
	for i, f := range files {
		srcs[i] = lang.Source{Name: f.Name, Src: f.Src}
	}
	loaded, err := lang.LoadSources(srcs, lf.options(e))
	if err != nil {
		return review.Side{}, src, err
	}
	p := lang.Assemble(loaded)
	return review.Side{Portfolio: p, Result: checker.Run(p, checker.Options{})}, src, nil
}

// snapshotSide reads a snapshot file, checked as verify checks it.
func snapshotSide(path string) (review.Side, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return review.Side{}, pathErr(path, err)
	}
	d, err := snapshot.Load(data, nil)
	var inv *snapshot.InvalidError
	if errors.As(err, &inv) {
		more := ""
		if n := len(inv.Problems) - 1; n > 0 {
			more = fmt.Sprintf(" (and %d more; run 'tixcfg verify %s')", n, path)
		}
		return review.Side{}, fmt.Errorf("%s: not a snapshot tixcfg can compare: %s%s", path, inv.Problems[0], more)
	}
	if err != nil {
		return review.Side{}, err
	}
	return review.Side{Snapshot: d}, nil
}
