package main

import "github.com/tixcfg/tixcfg/emit"

func init() {
	register(&command{name: "schema", args: "", order: 25, run: runSchema,
		summary: "Print the JSON Schema (draft 2020-12) of the build snapshot"})
}

func runSchema(e *env, args []string) int {
	fs := flagSet("schema")
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return usageErr(e, "schema", "no arguments expected")
	}
	if _, err := e.stdout.Write(emit.SnapshotSchema()); err != nil {
		return fail(e, err)
	}
	return exitOK
}
