package main

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tixcfg/tixcfg/lang"
)

// refuseInputOutputs refuses to write an output over an input of the run,
// or where the next run would load it as one: a report or snapshot named
// *.hcl or *.hcl.json inside a portfolio folder is parsed as configuration
// next time. Links are resolved, so another spelling or a link to an input
// counts. what names each output as the user wrote it ("-o x"), for a
// one-line message.
func refuseInputOutputs(e *env, inputs []string, what map[string]string) error {
	for _, out := range slices.Sorted(maps.Keys(what)) {
		if in := inputFor(e, inputs, out); in != "" {
			return fmt.Errorf("%s: the output would overwrite or become a configuration file of %s; write it outside the portfolio or under another name", what[out], in)
		}
	}
	return nil
}

// inputFor returns the input that out is, or would become part of, or "".
func inputFor(e *env, inputs []string, out string) string {
	outFI, outErr := os.Stat(out)
	// Where the write lands: the output's folder resolved, and, when the
	// output is a link, its target (atomicfile replaces the target).
	var places []string
	if dir, err := filepath.EvalSymlinks(filepath.Dir(out)); err == nil {
		places = append(places, filepath.Join(e.abs(dir), filepath.Base(out)))
	}
	if target, err := filepath.EvalSymlinks(out); err == nil {
		places = append(places, e.abs(target))
	}
	for _, in := range inputs {
		fi, err := os.Stat(in)
		if err != nil {
			continue // load reports it
		}
		if !fi.IsDir() {
			if outErr == nil && os.SameFile(fi, outFI) {
				return in
			}
			continue
		}
		root, err := filepath.EvalSymlinks(in)
		if err != nil {
			continue
		}
		root = e.abs(root)
		for _, p := range places {
			if lang.IsConfigFile(filepath.Base(p)) && walkedUnder(root, p) {
				return in
			}
		}
	}
	return ""
}

// walkedUnder reports whether the walk of root (which skips hidden files
// and folders) reaches path.
func walkedUnder(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false
	}
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		if strings.HasPrefix(part, ".") {
			return false
		}
	}
	return true
}

// abs is p made absolute against the working folder (cleaned when that
// is unknown).
func (e *env) abs(p string) string {
	if filepath.IsAbs(p) || e.cwd == "" {
		return filepath.Clean(p)
	}
	return filepath.Join(e.cwd, p)
}

// outputs are the --report files, each with its flag as written.
func (o *outputFlags) outputs() map[string]string {
	m := make(map[string]string, len(o.reports))
	for _, r := range o.reports {
		m[r.path] = "--report " + r.format + "=" + r.path
	}
	return m
}
