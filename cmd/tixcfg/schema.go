package main

import (
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/snapshot"
)

func init() {
	register(&command{name: "schema", args: "[snapshot|diff] [--dir PATH]", order: 25, run: runSchema,
		summary: "Print the JSON Schema (draft 2020-12) of the build snapshot, or of diff's JSON"})
}

func runSchema(e *env, args []string) error {
	fs := flagSet("schema")
	var lf loadFlags
	lf.register(fs)
	dir := fs.String("dir", "", "describe the snapshots of the portfolio in PATH, its own integration types included (default: the built-in catalog)")
	if done, err := parseFlags(e, fs, args); done {
		return err
	}
	switch {
	case fs.NArg() > 1:
		return usageErr("schema", "at most one argument: snapshot or diff")
	case fs.NArg() == 1 && fs.Arg(0) == "diff":
		if *dir != "" {
			return usageErr("schema", "the diff schema is the same for every portfolio: drop --dir")
		}
		_, err := e.stdout.Write(emit.DiffSchema)
		return err
	case fs.NArg() == 1 && fs.Arg(0) != "snapshot":
		return usageErr("schema", "unknown schema %q: want snapshot or diff", fs.Arg(0))
	}
	cat, partial := lang.Assemble(nil).Catalog, false
	if *dir != "" {
		p, err := load(e, []string{*dir}, &lf)
		if err != nil {
			return err
		}
		cat, partial = p.Catalog, notePartial(e, p, *dir)
	}
	data, err := snapshot.Schema(cat)
	if err != nil {
		return err
	}
	if _, err := e.stdout.Write(data); err != nil {
		return err
	}
	if partial {
		return errFindings() // a declaration that did not decode is missing
	}
	return nil
}
