package main

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/engine"
	"github.com/tixcfg/tixcfg/lang"
)

// checkPortfolio loads and checks the portfolio at paths on the engine,
// which starts from the state the last check of the same roots and rules
// kept in the cache: an unchanged portfolio (a pre-commit hook, a CI
// retry) costs reading the files, and an edit decoding and deciding what
// it can reach (see engine.Check).
func checkPortfolio(e *env, paths []string, lf *loadFlags, copts checker.Options) (reportSources, []lang.Diagnostic, error) {
	in, err := lang.ReadInputs(paths, lf.options(e))
	if err != nil {
		return nil, nil, err
	}
	if in.Len() == 0 {
		return nil, nil, errNoConfig(paths)
	}
	c, err := engine.Check(in, checkKey(e, paths, copts), copts)
	if err != nil {
		return nil, nil, err
	}
	return c.Sources, c.Diagnostics, nil
}

// checkKey names what a check's findings depend on besides the files'
// contents: the rules it runs, and the roots and folder that decide which
// files it reads and how they are named.
func checkKey(e *env, paths []string, o checker.Options) string {
	roots := make([]string, len(paths))
	for i, p := range paths {
		roots[i] = filepath.Join(e.cwd, p)
		if filepath.IsAbs(p) {
			roots[i] = filepath.Clean(p)
		}
	}
	return fmt.Sprintf("check cwd=%q roots=%q disable=%q enable-only=%q", e.cwd, roots, sortedSet(o.Disable), sortedSet(o.EnableOnly))
}

func sortedSet(s []string) []string { return slices.Compact(slices.Sorted(slices.Values(s))) }
