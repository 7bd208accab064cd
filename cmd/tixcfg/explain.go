package main

import (
	"fmt"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/emit"
)

func init() {
	register(&command{name: "explain", args: "[flags] COMPANY [INTEGRATION...]", order: 30, run: runExplain,
		summary: "Explain, step by step, which integrations a company can enable and why not"})
}

// runExplain answers "why can't I enable X?". With integrations named, it
// exits 1 when one of them is blocked, so scripts can ask the question too.
func runExplain(e *env, args []string) int {
	fs := flagSet("explain")
	var lf loadFlags
	lf.register(fs)
	dir := fs.String("dir", ".", "folder of the portfolio")
	format := fs.String("format", "text", "output format: text or json")
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	if err := oneOf("format", *format, "text", "json"); err != nil {
		return usageErr(e, "explain", "%v", err)
	}
	if fs.NArg() == 0 {
		return usageErr(e, "explain", "name the company to explain")
	}
	p, err := load([]string{*dir}, &lf)
	if err != nil {
		return fail(e, err)
	}
	id, only := fs.Arg(0), fs.Args()[1:]
	c := p.Company(id)
	if c == nil {
		var ids []string
		for _, c := range p.Companies {
			ids = append(ids, c.ID)
		}
		return fail(e, fmt.Errorf("no company %q in %s.%s", id, *dir, checker.DidYouMean(id, ids)))
	}
	for _, t := range only {
		if p.Catalog.Type(t) == nil {
			var ids []string
			for _, t := range p.Catalog.Types {
				ids = append(ids, t.ID)
			}
			return fail(e, fmt.Errorf("no integration type %q in the catalog.%s", t, checker.DidYouMean(t, ids)))
		}
	}
	cs := checker.Analyze(p).Of(c)
	if *format == "json" {
		err = emit.WriteExplainJSON(e.stdout, cs, only)
	} else {
		err = emit.WriteExplainText(e.stdout, cs, only)
	}
	if err != nil {
		return fail(e, err)
	}
	notePartial(e, p, *dir)
	for _, t := range only {
		if st := emit.ExplainStatus(cs.Integration(t)); st == emit.StatusBlocked || st == emit.StatusBroken {
			return exitFindings
		}
	}
	return exitOK
}
