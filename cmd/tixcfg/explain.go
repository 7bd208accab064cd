package main

import (
	"fmt"
	"strings"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

func init() {
	register(&command{name: "explain", args: "[flags] COMPANY [INTEGRATION...]", order: 30, run: runExplain,
		summary: "Explain, step by step, which integrations a company can enable and why not"})
}

// runExplain answers "why can't I enable X?". With integrations named, it
// exits 1 when one of them is blocked, so scripts can ask the question too.
func runExplain(e *env, args []string) error {
	fs := flagSet("explain")
	var lf loadFlags
	lf.register(fs)
	dir := fs.String("dir", ".", "folder of the portfolio")
	format := fs.String("format", "text", "output format: text or json")
	if done, err := parseFlags(e, fs, args); done {
		return err
	}
	if err := oneOf("format", *format, "text", "json"); err != nil {
		return usageErr("explain", "%v", err)
	}
	if fs.NArg() == 0 {
		return usageErr("explain", "name the company to explain")
	}
	// The note counts what check reports as syntax or schema errors, so run
	// what check runs; its analysis is the one explained.
	v, err := open(e, []string{*dir}, &lf, &checker.Options{})
	if err != nil {
		return err
	}
	p, res := v.Portfolio, v.Result
	id, only := fs.Arg(0), fs.Args()[1:]
	// Every declaration of the ID, in file order: a repeated ID is a
	// duplicate finding, and explain must not hide which one it shows.
	var decls []*lang.Company
	for _, c := range p.Companies {
		if c.ID == id {
			decls = append(decls, c)
		}
	}
	if len(decls) == 0 {
		var ids []string
		for _, c := range p.Companies {
			ids = append(ids, c.ID)
		}
		return fmt.Errorf("no company %q in %s.%s", id, *dir, checker.DidYouMean(id, ids))
	}
	for _, t := range only {
		if p.Catalog.Type(t) == nil {
			var ids []string
			for _, t := range p.Catalog.Types {
				ids = append(ids, t.ID)
			}
			return fmt.Errorf("no integration type %q in the catalog.%s", t, checker.DidYouMean(t, ids))
		}
	}
	cs := res.Analysis.Of(decls[0])
	if *format == "json" {
		err = emit.WriteExplainJSON(e.stdout, cs, only)
	} else {
		err = emit.WriteExplainText(e.stdout, cs, only)
	}
	if err != nil {
		return err
	}
	n := 0
	for _, d := range res.Diagnostics {
		if d.Severity == lang.Error && (d.Rule == ruleid.Syntax || d.Rule == ruleid.Schema) {
			n++
		}
	}
	noteErrors(e, n, *dir)
	if len(decls) > 1 {
		at := make([]string, len(decls))
		for i, c := range decls {
			at[i] = fmt.Sprintf("%s:%d:%d", c.DefRange.Filename, c.DefRange.Start.Line, c.DefRange.Start.Column)
		}
		fmt.Fprintf(e.stderr, "tixcfg: company %q is declared %d times, at %s; this explains the first (tixcfg check reports the duplicate)\n", id, len(decls), strings.Join(at, " and "))
		return errFindings()
	}
	for _, t := range only {
		if st := emit.ExplainStatus(cs.Integration(t)); st == emit.StatusBlocked || st == emit.StatusBroken {
			return errFindings()
		}
	}
	return nil
}
