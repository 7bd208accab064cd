package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/snapshot"
)

func init() {
	register(&command{name: "verify", args: "[--dir PATH] SNAPSHOT", order: 27, run: runVerify,
		summary: "Check a snapshot a deploy pipeline is given: its digest, schema_version and schema"})
}

func runVerify(e *env, args []string) error {
	fs := flagSet("verify")
	var lf loadFlags
	lf.register(fs)
	dir := fs.String("dir", "", "check against the catalog of the portfolio in PATH, which the snapshot must have been built with (default: the built-in catalog, operator types for shape only)")
	if done, err := parseFlags(e, fs, args); done {
		return err
	}
	if fs.NArg() != 1 {
		return usageErr("verify", "one SNAPSHOT file expected")
	}
	path := fs.Arg(0)
	data, err := os.ReadFile(path)
	if err != nil {
		return pathErr(path, err)
	}
	var cat *lang.Catalog
	if *dir != "" {
		p, err := load(e, []string{*dir}, &lf)
		if err != nil {
			return err
		}
		if notePartial(e, p, *dir) {
			return exitCode(exitError) // the catalog is not the portfolio's whole one
		}
		cat = p.Catalog
	}
	d, err := snapshot.Load(data, cat)
	var inv *snapshot.InvalidError
	switch {
	case errors.As(err, &inv):
		for _, p := range inv.Problems {
			fmt.Fprintf(e.stderr, "%s: %s\n", path, p)
		}
		fmt.Fprintf(e.stderr, "tixcfg verify: %s is not a valid snapshot (%d problem(s))\n", path, len(inv.Problems))
		return errFindings()
	case err != nil:
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "%s: valid snapshot, schema_version %d, %s, catalog %s\n", path, d.SchemaVersion, d.Digest, d.Catalog.Digest)
	return err
}
