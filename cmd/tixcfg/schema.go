package main

import "github.com/tixcfg/tixcfg/snapshot"

func init() {
	register(&command{name: "schema", args: "", order: 25, run: runSchema,
		summary: "Print the JSON Schema (draft 2020-12) of the build snapshot"})
}

func runSchema(e *env, args []string) error {
	fs := flagSet("schema")
	if done, err := parseFlags(e, fs, args); done {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("schema", "no arguments expected")
	}
	if _, err := e.stdout.Write(snapshot.Schema()); err != nil {
		return err
	}
	return nil
}
