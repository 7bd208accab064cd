// Command tixcfg checks and compiles the integration settings of a
// ticketing platform's reseller portfolio.
package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/mattn/go-isatty"
	flag "github.com/spf13/pflag"
)

func main() {
	os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK       = 0
	exitFindings = 1
	exitError    = 2
)

// version is set at build time with -ldflags "-X main.version=...".
var version = ""

// Version returns the tool's version: the linker-set one, else the module
// version, else "devel".
func Version() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// env is what a command may touch of the outside world, injected so that
// commands run in-process in tests.
type env struct {
	stdout, stderr io.Writer
}

type command struct {
	name, args, summary string
	// order places the command in the usage list.
	order int
	run   func(e *env, args []string) int
}

// commands is filled by register calls in each command's file.
var commands []*command

func register(c *command) {
	commands = append(commands, c)
	slices.SortFunc(commands, func(a, b *command) int { return cmp.Or(cmp.Compare(a.order, b.order), cmp.Compare(a.name, b.name)) })
}

func init() {
	register(&command{name: "version", summary: "Print the version", order: 100, run: runVersion})
}

// Main runs tixcfg and returns its exit code: 0 clean, 1 findings at or
// above --fail-on, 2 usage, I/O or internal error.
func Main(args []string, stdout, stderr io.Writer) (code int) {
	e := &env{stdout: stdout, stderr: stderr}
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "tixcfg: internal error: %v (please report it)\n", r)
			code = exitError
		}
	}()
	if len(args) == 0 {
		usage(stderr)
		return exitError
	}
	switch args[0] {
	case "-h", "--help", "help":
		if len(args) > 1 {
			if c := lookupCommand(args[1]); c != nil {
				return c.run(e, []string{"--help"})
			}
		}
		usage(stdout)
		return exitOK
	case "--version":
		return runVersion(e, nil)
	}
	c := lookupCommand(args[0])
	if c == nil {
		fmt.Fprintf(stderr, "tixcfg: unknown command %q (run 'tixcfg --help' for the list)\n", args[0])
		return exitError
	}
	return c.run(e, args[1:])
}

func lookupCommand(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "tixcfg checks and compiles the integration settings of a reseller portfolio.")
	fmt.Fprintln(w, "\nUsage: tixcfg COMMAND [flags] [args]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'tixcfg COMMAND --help' for a command's flags.")
	fmt.Fprintln(w, "Exit codes: 0 clean, 1 findings, 2 usage, I/O or internal error.")
}

// flagSet makes a flag set whose errors are ours to print, in one line.
func flagSet(c string) *flag.FlagSet {
	fs := flag.NewFlagSet(c, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = true
	return fs
}

// parseFlags parses args; it returns an exit code when the command is done
// (help printed, or a usage error).
func parseFlags(e *env, fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c := lookupCommand(fs.Name())
			fmt.Fprintf(e.stdout, "Usage: %s\n\n%s.\n", strings.TrimSpace("tixcfg "+c.name+" "+c.args), c.summary)
			if usage := flagUsages(fs); usage != "" {
				fmt.Fprintf(e.stdout, "\nFlags:\n%s", usage)
			}
			return exitOK, true
		}
		return usageErr(e, fs.Name(), "%v", err), true
	}
	return 0, false
}

// flagUsages lists the flags. pflag 1.1 marks every bool flag with
// "[=true|false]", which reads as if a value were expected; it is blanked
// out (to the same width, so the columns stay aligned).
func flagUsages(fs *flag.FlagSet) string {
	const mark = "[=true|false]"
	return strings.ReplaceAll(fs.FlagUsages(), mark, strings.Repeat(" ", len(mark)))
}

func usageErr(e *env, cmd, format string, args ...any) int {
	fmt.Fprintf(e.stderr, "tixcfg %s: %s (run 'tixcfg %s --help' for usage)\n", cmd, fmt.Sprintf(format, args...), cmd)
	return exitError
}

// fail reports an I/O or internal error in one line.
func fail(e *env, err error) int {
	fmt.Fprintf(e.stderr, "tixcfg: %s\n", strings.TrimSpace(err.Error()))
	return exitError
}

// colorModes are the values of --color.
var colorModes = []string{"auto", "always", "never"}

// colorFor decides on colour: never with NO_COLOR or TERM=dumb, else as
// --color says, where auto means "when stdout is a terminal".
func colorFor(mode string, w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" || mode == "never" {
		return false
	}
	if mode == "always" {
		return true
	}
	if os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

func runVersion(e *env, args []string) int {
	fs := flagSet("version")
	if code, done := parseFlags(e, fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return usageErr(e, "version", "takes no arguments")
	}
	fmt.Fprintf(e.stdout, "tixcfg %s\n", Version())
	return exitOK
}
