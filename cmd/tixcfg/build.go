package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/internal/atomicfile"
)

func init() {
	register(&command{name: "build", args: "[flags] [PATH] -o FILE", order: 20, run: runBuild,
		summary: "Check a portfolio and write its JSON snapshot for deploy pipelines"})
}

// buildFS is the file system build writes through; tests swap it to make
// a write fail part-way.
var buildFS atomicfile.FS = atomicfile.OS

// snapshotRefused ends the report's summary line when the snapshot is
// refused although the checks pass: it says why in the same line.
const snapshotRefused = "the snapshot is refused: build never writes a literal secret, even one whose credential-literal warning is suppressed, nor a value it cannot represent exactly (the places follow)"

// diffExcerptLines bounds the diff that build --check prints: enough to
// see what changed, short enough for a CI log.
const diffExcerptLines = 40

func runBuild(e *env, args []string) int {
	fs := flagSet("build")
	var lf lintFlags
	lf.register(fs)
	of := &lf.out
	out := fs.StringP("output", "o", "", "file to write the snapshot to, replaced atomically; - for stdout (required)")
	check := fs.Bool("check", false, "write nothing; exit 1 with a diff when the -o file is not what build would write now")
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	var reserved []string
	if *out != "" && *out != "-" && !*check {
		reserved = append(reserved, *out)
	}
	copts, err := lf.validate(reserved...)
	if err != nil {
		return usageErr(e, "build", "%v", err)
	}
	switch {
	case *out == "":
		return usageErr(e, "build", "-o FILE is required (-o - writes the snapshot to stdout)")
	case *check && *out == "-":
		return usageErr(e, "build", "--check compares with a file: give -o FILE, not -o -")
	case fs.NArg() > 1:
		return usageErr(e, "build", "at most one PATH")
	}
	path := "."
	if fs.NArg() == 1 {
		path = fs.Arg(0)
	}
	outputs := of.outputs()
	if *out != "-" {
		outputs[*out] = "-o " + *out
	}
	if err := refuseInputOutputs([]string{path}, outputs); err != nil {
		return usageErr(e, "build", "%v", err)
	}
	p, err := load([]string{path}, &lf.load)
	if err != nil {
		return fail(e, err)
	}
	res := checker.Run(p, copts)
	// Build before reporting, so that when the snapshot is refused
	// although no finding fails the run (a literal secret whose warning
	// is suppressed), the report's summary line says so and why, rather
	// than "No problems found".
	var data []byte
	var digest string
	var snapErr error
	if !of.fails(res.Diagnostics) {
		if data, digest, snapErr = emit.BuildSnapshot(p, res.Analysis, Version()); snapErr != nil {
			of.refused = snapshotRefused
		}
	}
	// With -o -, stdout carries the snapshot: diagnostics go to stderr.
	diagEnv := e
	if *out == "-" {
		diagEnv = &env{stdout: e.stderr, stderr: e.stderr}
	}
	failed, err := of.report(diagEnv, res.Diagnostics, p)
	if err != nil {
		return fail(e, err)
	}
	if failed {
		fmt.Fprintf(e.stderr, "tixcfg build: %s: nothing written, fix the findings above first\n", *out)
		return exitFindings
	}
	if snapErr != nil {
		fmt.Fprintf(e.stderr, "tixcfg build: %s: nothing written, the snapshot is refused at:\n%s\n", *out, indent(snapErr.Error()))
		return exitFindings
	}
	switch {
	case *check:
		return checkSnapshot(e, *out, data, rebuildCommand(path, *out))
	case *out == "-":
		if _, err := e.stdout.Write(data); err != nil {
			return fail(e, err)
		}
	default:
		if err := atomicfile.Write(buildFS, *out, data, 0o644); err != nil {
			return fail(e, err)
		}
		fmt.Fprintf(e.stderr, "tixcfg build: wrote %s (%s)\n", *out, digest)
	}
	return exitOK
}

// checkSnapshot compares the snapshot build would write with the file on
// disk: the last step of a build, comparing instead of replacing.
func checkSnapshot(e *env, path string, want []byte, rebuild string) int {
	have, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(e.stderr, "tixcfg build: %s does not exist; run '%s' to write it\n", path, rebuild)
		return exitFindings
	}
	if err != nil {
		return fail(e, pathErr(path, err))
	}
	if bytes.Equal(have, want) {
		fmt.Fprintf(e.stderr, "tixcfg build: %s is up to date\n", path)
		return exitOK
	}
	var msg strings.Builder
	fmt.Fprintf(&msg, "tixcfg build: %s is stale: it is not what build writes now\n", path)
	fmt.Fprintf(&msg, "differs in: %s\n", strings.Join(snapshotParts(have, want), "; "))
	msg.WriteString(diffExcerpt(path, have, want))
	fmt.Fprintf(&msg, "run '%s' to update it\n", rebuild)
	fmt.Fprint(e.stderr, msg.String())
	return exitFindings
}

// snapshotParts names the top-level members that differ, and for the
// resellers and companies which IDs were added, removed or changed. The
// digest is named only when nothing else differs: it follows everything.
func snapshotParts(have, want []byte) []string {
	var h, w map[string]json.RawMessage
	if json.Unmarshal(have, &h) != nil {
		return []string{"the file is not a JSON object (not a snapshot?)"}
	}
	if err := json.Unmarshal(want, &w); err != nil {
		return []string{err.Error()}
	}
	var keys []string
	for k := range h {
		keys = append(keys, k)
	}
	for k := range w {
		if _, ok := h[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var parts []string
	for _, k := range keys {
		hv, hok := h[k]
		wv, wok := w[k]
		switch {
		case !hok:
			parts = append(parts, k+" (missing from the file)")
		case !wok:
			parts = append(parts, k+" (no longer written)")
		case k == "digest" || sameJSON(hv, wv):
		case k == "resellers" || k == "companies":
			parts = append(parts, k+" "+idChanges(hv, wv))
		default:
			parts = append(parts, k)
		}
	}
	if len(parts) == 0 {
		if !sameJSON(h["digest"], w["digest"]) {
			return []string{"digest"}
		}
		return []string{"formatting only (the same JSON, written differently)"}
	}
	return parts
}

func sameJSON(a, b json.RawMessage) bool {
	var ca, cb bytes.Buffer
	if json.Compact(&ca, a) != nil || json.Compact(&cb, b) != nil {
		return bytes.Equal(a, b)
	}
	return bytes.Equal(ca.Bytes(), cb.Bytes())
}

// idChanges summarises two lists of objects keyed by "id".
func idChanges(have, want json.RawMessage) string {
	index := func(raw json.RawMessage) ([]string, map[string]json.RawMessage, bool) {
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return nil, nil, false
		}
		var ids []string
		m := map[string]json.RawMessage{}
		for _, it := range items {
			var v struct {
				ID string `json:"id"`
			}
			if json.Unmarshal(it, &v) != nil {
				return nil, nil, false
			}
			ids = append(ids, v.ID)
			m[v.ID] = it
		}
		return ids, m, true
	}
	hids, hm, ok1 := index(have)
	wids, wm, ok2 := index(want)
	if !ok1 || !ok2 {
		return "(not a list of objects with ids)"
	}
	var added, removed, changed []string
	for _, id := range wids {
		if hv, ok := hm[id]; !ok {
			added = append(added, id)
		} else if !sameJSON(hv, wm[id]) {
			changed = append(changed, id)
		}
	}
	for _, id := range hids {
		if _, ok := wm[id]; !ok {
			removed = append(removed, id)
		}
	}
	var out []string
	for _, g := range []struct {
		what string
		ids  []string
	}{{"changed", changed}, {"added", added}, {"removed", removed}} {
		if len(g.ids) > 0 {
			out = append(out, g.what+": "+strings.Join(g.ids, ", "))
		}
	}
	if len(out) == 0 {
		return "(order)"
	}
	return "(" + strings.Join(out, "; ") + ")"
}

// diffExcerpt is the start of a unified diff from the file to what build
// writes now.
func diffExcerpt(path string, have, want []byte) string {
	d, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(string(have)), B: difflib.SplitLines(string(want)),
		FromFile: path, ToFile: path + " (built now)", Context: 2,
	})
	if err != nil {
		return ""
	}
	lines := strings.SplitAfter(d, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) <= diffExcerptLines {
		return strings.Join(lines, "")
	}
	return strings.Join(lines[:diffExcerptLines], "") + fmt.Sprintf("... %d more lines of diff\n", len(lines)-diffExcerptLines)
}

// rebuildCommand is the command line that rewrites the snapshot.
func rebuildCommand(path, out string) string {
	return fmt.Sprintf("tixcfg build %s -o %s", path, out)
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(s, "\n", "\n  ")
}
