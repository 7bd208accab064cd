package main

import (
	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/lang"
)

func init() {
	register(&command{name: "catalog", args: "[flags] [PATH]", summary: "Print the effective integration catalog", order: 50, run: runCatalog})
	register(&command{name: "rules", args: "[flags] [RULE...]", summary: "List the rules, or document some", order: 60, run: runRules})
}

func runCatalog(e *env, args []string) error {
	fs := flagSet("catalog")
	var lf loadFlags
	lf.register(fs)
	format := fs.String("format", "text", "output format: text or json")
	builtin := fs.Bool("builtin", false, "print the built-in catalog only, ignoring the portfolio's extensions")
	if done, err := parseFlags(e, fs, args); done {
		return err
	}
	if err := oneOf("format", *format, "text", "json"); err != nil {
		return usageErr("catalog", "%v", err)
	}
	if fs.NArg() > 1 {
		return usageErr("catalog", "at most one PATH")
	}
	cat, partial := lang.Assemble(nil).Catalog, false
	if !*builtin {
		path := "."
		if fs.NArg() == 1 {
			path = fs.Arg(0)
		}
		p, err := load(e, []string{path}, &lf)
		if err != nil {
			return err
		}
		cat = p.Catalog
		partial = notePartial(e, p, path)
	}
	var err error
	if *format == "json" {
		err = emit.WriteCatalogJSON(e.stdout, cat)
	} else {
		err = emit.WriteCatalogText(e.stdout, cat)
	}
	if err != nil {
		return err
	}
	if partial {
		return errFindings() // a declaration that did not decode is missing
	}
	return nil
}

func runRules(e *env, args []string) error {
	fs := flagSet("rules")
	format := fs.String("format", "text", "output format: text, json or markdown")
	if done, err := parseFlags(e, fs, args); done {
		return err
	}
	if err := oneOf("format", *format, "text", "json", "markdown"); err != nil {
		return usageErr("rules", "%v", err)
	}
	rules := checker.Rules()
	if fs.NArg() > 0 {
		rules = rules[:0]
		for _, id := range fs.Args() {
			r := checker.Lookup(id)
			if r == nil {
				return usageErr("rules", "unknown rule %q", id)
			}
			rules = append(rules, r)
		}
	}
	var err error
	switch {
	case *format == "json":
		err = emit.WriteRulesJSON(e.stdout, rules)
	case *format == "markdown":
		err = emit.WriteRulesMarkdown(e.stdout, rules)
	case fs.NArg() > 0:
		for i, r := range rules {
			if i > 0 {
				e.stdout.Write([]byte("\n"))
			}
			if err = emit.WriteRuleDoc(e.stdout, r); err != nil {
				break
			}
		}
	default:
		err = emit.WriteRulesText(e.stdout, rules)
	}
	if err != nil {
		return err
	}
	return nil
}
