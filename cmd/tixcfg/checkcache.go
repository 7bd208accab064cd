package main

import (
	"fmt"
	"slices"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/engine"
	"github.com/tixcfg/tixcfg/lang"
)

// checkPortfolio loads and checks the portfolio at paths. When the cache
// holds a check of exactly these file contents with the same rules, its
// findings are reported again without decoding a file or running a rule:
// the re-check of an unchanged portfolio (a pre-commit hook, a CI retry)
// costs reading the files.
func checkPortfolio(e *env, paths []string, lf *loadFlags, copts checker.Options) (reportSources, []lang.Diagnostic, error) {
	in, err := lang.ReadInputs(paths, lf.options(e))
	if err != nil {
		return nil, nil, err
	}
	if in.Len() == 0 {
		return nil, nil, errNoConfig(paths)
	}
	what := checkKey(copts)
	if r, ok := in.ReadResult(what); ok {
		return in.Sources(r), r.Diagnostics, nil
	}
	p, err := in.Load()
	if err != nil {
		return nil, nil, err
	}
	// Decided by the engine, as every command's portfolio is.
	w, err := engine.OpenPortfolio(engine.Options{Roots: paths, Load: lf.options(e), Check: copts}, p)
	if err != nil {
		return nil, nil, err
	}
	res := w.View().Result
	in.WriteResult(what, lang.NewResult(p, res.Diagnostics))
	return p, res.Diagnostics, nil
}

// checkKey names what a check's findings depend on besides the files:
// the rules it runs.
func checkKey(o checker.Options) string {
	return fmt.Sprintf("check disable=%q enable-only=%q", sortedSet(o.Disable), sortedSet(o.EnableOnly))
}

func sortedSet(s []string) []string { return slices.Compact(slices.Sorted(slices.Values(s))) }
