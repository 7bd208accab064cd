package main

import (
	"fmt"
	"slices"

	flag "github.com/spf13/pflag"

	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/lang"
)

// outputFlags are the flags of every command that reports diagnostics.
type outputFlags struct {
	format, color, failOn string
	threshold             lang.Severity
}

var diagnosticFormats = []string{"text", "json"}

func (o *outputFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&o.format, "format", "text", "output format: text or json")
	fs.StringVar(&o.color, "color", "auto", "colour: auto (when stdout is a terminal), always or never; NO_COLOR turns it off")
	fs.StringVar(&o.failOn, "fail-on", "error", "lowest severity that fails the run (exit 1): error, warning or info")
}

// validate checks the flag values after parsing.
func (o *outputFlags) validate() error {
	var ok bool
	if o.threshold, ok = lang.ParseSeverity(o.failOn); !ok {
		return fmt.Errorf("invalid --fail-on %q: want error, warning or info", o.failOn)
	}
	if !slices.Contains(diagnosticFormats, o.format) {
		return fmt.Errorf("invalid --format %q: want text or json", o.format)
	}
	if !slices.Contains([]string{"auto", "always", "never"}, o.color) {
		return fmt.Errorf("invalid --color %q: want auto, always or never", o.color)
	}
	return nil
}

// write prints diagnostics to stdout in the chosen format.
func (o *outputFlags) write(e *env, diags []lang.Diagnostic, p *lang.Portfolio) error {
	switch o.format {
	case "json":
		return emit.WriteJSON(e.stdout, diags, p)
	}
	if err := emit.WriteText(e.stdout, diags, p, emit.TextOptions{Color: colorFor(o.color, e.stdout)}); err != nil {
		return err
	}
	_, err := fmt.Fprintln(e.stdout, emit.Count(diags).Summary(len(p.Files)))
	return err
}

// failed reports whether any diagnostic reaches --fail-on.
func (o *outputFlags) failed(diags []lang.Diagnostic) bool {
	return slices.ContainsFunc(diags, func(d lang.Diagnostic) bool { return d.Severity >= o.threshold })
}
