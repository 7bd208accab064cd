package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tixcfg/tixcfg/internal/atomicfile"
	"github.com/tixcfg/tixcfg/snapshot"
)

func init() {
	register(&command{name: "build", args: "[flags] [PATH] -o FILE", order: 20, run: runBuild,
		summary: "Check a portfolio and write its JSON snapshot for deploy pipelines"})
}

// snapshotRefused ends the report's summary line when the snapshot is
// refused although the checks pass: it says why in the same line.
const snapshotRefused = "the snapshot is refused: build never writes a literal secret, even one whose credential-literal warning is suppressed, nor a value it cannot represent exactly (the places follow)"

func runBuild(e *env, args []string) error {
	fs := flagSet("build")
	var lf lintFlags
	lf.register(fs)
	of := &lf.out
	out := fs.StringP("output", "o", "", "file to write the snapshot to, replaced atomically; - for stdout (required)")
	check := fs.Bool("check", false, "write nothing; exit 1 with a diff when the -o file is not what build would write now")
	if done, err := parseFlags(e, fs, args); done {
		return err
	}
	var reserved []string
	if *out != "" && *out != "-" && !*check {
		reserved = append(reserved, *out)
	}
	copts, err := lf.validate(e, reserved...)
	if err != nil {
		return usageErr("build", "%v", err)
	}
	// The builder trusts these rules' findings instead of judging again.
	var off []string
	for _, id := range snapshot.Requires() {
		if !copts.Enabled(id) {
			off = append(off, id)
		}
	}
	switch {
	case len(off) > 0:
		return usageErr("build", "the snapshot relies on the rules %s, which --disable or --enable-only turn off", strings.Join(off, ", "))
	case *out == "":
		return usageErr("build", "-o FILE is required (-o - writes the snapshot to stdout)")
	case *check && *out == "-":
		return usageErr("build", "--check compares with a file: give -o FILE, not -o -")
	case fs.NArg() > 1:
		return usageErr("build", "at most one PATH")
	}
	path := "."
	if fs.NArg() == 1 {
		path = fs.Arg(0)
	}
	outputs := of.outputs()
	if *out != "-" {
		outputs[*out] = "-o " + *out
	}
	if err := refuseInputOutputs(e, []string{path}, outputs); err != nil {
		return usageErr("build", "%v", err)
	}
	v, err := open(e, []string{path}, &lf.load, &copts)
	if err != nil {
		return err
	}
	p, res := v.Portfolio, v.Result
	_, diags, err := lf.compare.apply(e, p, []string{path}, &lf.load, copts, res.Diagnostics, of)
	if err != nil {
		return err
	}
	// Build before reporting, so that when the snapshot is refused
	// although no finding fails the run (a literal secret whose warning
	// is suppressed), the report's summary line says so and why, rather
	// than "No problems found".
	var data []byte
	var digest string
	var snapErr error
	if places := of.compared.snapshotRefusals(); len(places) > 0 && !of.fails(diags) {
		snapErr, of.refused = &snapshot.RefusedError{Places: places}, comparedRefused
	} else if !of.fails(diags) {
		data, digest, snapErr = snapshot.Compile(p, res, snapshot.Options{ToolVersion: Version()})
		var refused *snapshot.RefusedError
		if errors.As(snapErr, &refused) {
			of.refused = snapshotRefused
		} else if snapErr != nil {
			return snapErr
		}
	}
	// With -o -, stdout carries the snapshot: diagnostics go to stderr.
	diagEnv := e
	if *out == "-" {
		diagEnv = e.withStdout(e.stderr)
	}
	failed, err := of.report(diagEnv, diags, p)
	if err != nil {
		return err
	}
	if failed {
		fmt.Fprintf(e.stderr, "tixcfg build: %s: nothing written, fix the findings above first\n", *out)
		return errFindings()
	}
	if snapErr != nil {
		fmt.Fprintf(e.stderr, "tixcfg build: %s: nothing written, the snapshot is refused at:\n%s\n", *out, indent(snapErr.Error()))
		return errFindings()
	}
	switch {
	case *check:
		return checkSnapshot(e, *out, data, rebuildCommand(path, *out), p.Catalog)
	case *out == "-":
		if _, err := e.stdout.Write(data); err != nil {
			return err
		}
	default:
		if err := atomicfile.Write(e.buildFS, *out, data, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "tixcfg build: wrote %s (%s)\n", *out, digest)
	}
	return nil
}

// rebuildCommand is the command line that rewrites the snapshot.
func rebuildCommand(path, out string) string {
	return fmt.Sprintf("tixcfg build %s -o %s", path, out)
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(s, "\n", "\n  ")
}
