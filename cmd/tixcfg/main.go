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

	"github.com/tixcfg/tixcfg/internal/atomicfile"
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
// commands run in-process in tests: no command reads the process's
// environment, working folder or executable, or writes files, but through
// it.
type env struct {
	stdout, stderr io.Writer
	// getenv reads an environment variable: NO_COLOR, TERM, the cache
	// folder's XDG_CACHE_HOME or HOME, GOGC and GOMEMLIMIT.
	getenv func(string) string
	// cwd is the absolute working folder: display names and output paths
	// are relative to it. It is the process's, as the operating system
	// resolves relative paths against that one.
	cwd string
	// executable is the running program's path, which keys the parse
	// cache; "" when unknown, and then there is no cache.
	executable string
	// buildFS and fmtFS are the file systems build and fmt write through.
	buildFS, fmtFS atomicfile.FS
	// watch, when set, is what check --watch stops on and tells the time
	// by, in place of the process's signals and clock.
	watch *watchEnv
}

// processEnv is the env of the running process.
func processEnv(stdout, stderr io.Writer) *env {
	e := &env{stdout: stdout, stderr: stderr, getenv: os.Getenv, buildFS: atomicfile.OS, fmtFS: atomicfile.OS}
	e.cwd, _ = os.Getwd()
	if exe, err := os.Executable(); err == nil {
		e.executable = exe
	}
	return e
}

// withStdout is e with stdout going to w.
func (e *env) withStdout(w io.Writer) *env {
	c := *e
	c.stdout = w
	return &c
}

type command struct {
	name, args, summary string
	// order places the command in the usage list.
	order int
	run   func(e *env, args []string) error
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

// Main runs tixcfg in the process's env and returns its exit code: 0
// clean, 1 findings at or above --fail-on, 2 usage, I/O or internal error.
func Main(args []string, stdout, stderr io.Writer) int {
	return mainEnv(processEnv(stdout, stderr), args)
}

// mainEnv runs tixcfg in e. It is the one place an error becomes an exit
// code and, unless the command printed it already, a line on stderr.
func mainEnv(e *env, args []string) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(e.stderr, "tixcfg: internal error: %v (please report it)\n", r)
			code = exitError
		}
	}()
	return exitWith(e, dispatch(e, args))
}

// exitWith maps a command's error to its exit code, printing it unless
// the command said everything already: an exitCodeError has its code, a
// usageError and any other error (I/O or internal) exit 2.
func exitWith(e *env, err error) int {
	var xe *exitCodeError
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintln(e.stderr, ue.Error())
		return exitError
	case errors.As(err, &xe):
		if xe.err != nil {
			printErr(e, xe.err)
		}
		return xe.code
	}
	printErr(e, err)
	return exitError
}

func dispatch(e *env, args []string) error {
	if len(args) == 0 {
		usage(e.stderr)
		return exitCode(exitError)
	}
	switch args[0] {
	case "-h", "--help", "help":
		if len(args) > 1 {
			if c := lookupCommand(args[1]); c != nil {
				return c.run(e, []string{"--help"})
			}
		}
		usage(e.stdout)
		return nil
	case "--version":
		return runVersion(e, nil)
	}
	c := lookupCommand(args[0])
	if c == nil {
		return fmt.Errorf("unknown command %q (run 'tixcfg --help' for the list)", args[0])
	}
	return c.run(e, args[1:])
}

// exitCodeError ends a command with an exit code; exitWith prints err, if
// any, and exits with code.
type exitCodeError struct {
	code int
	// err is nil when the command has said all there is to say (the
	// findings are reported, an I/O error printed where it happened).
	err error
}

func (x *exitCodeError) Error() string {
	if x.err == nil {
		return fmt.Sprintf("exit %d", x.code)
	}
	return x.err.Error()
}

func (x *exitCodeError) Unwrap() error { return x.err }

// exitCode ends a command with code and nothing more to print.
func exitCode(code int) error {
	return &exitCodeError{code: code}
}

// errFindings ends a command whose findings are reported: exit 1.
func errFindings() error { return exitCode(exitFindings) }

// usageError is a wrong command line, printed with the pointer to the
// command's help.
type usageError struct {
	cmd, msg string
}

func (u *usageError) Error() string {
	return fmt.Sprintf("tixcfg %s: %s (run 'tixcfg %s --help' for usage)", u.cmd, u.msg, u.cmd)
}

// usageErr is a usage error of cmd.
func usageErr(cmd, format string, args ...any) error {
	return &usageError{cmd: cmd, msg: fmt.Sprintf(format, args...)}
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

// parseFlags parses args; done is set when the command has nothing more
// to do: its help is printed (err nil), or the flags are wrong.
func parseFlags(e *env, fs *flag.FlagSet, args []string) (done bool, err error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c := lookupCommand(fs.Name())
			fmt.Fprintf(e.stdout, "Usage: %s\n\n%s.\n", strings.TrimSpace("tixcfg "+c.name+" "+c.args), c.summary)
			if usage := flagUsages(fs); usage != "" {
				fmt.Fprintf(e.stdout, "\nFlags:\n%s", usage)
			}
			return true, nil
		}
		return true, usageErr(fs.Name(), "%v", err)
	}
	return false, nil
}

// flagUsages lists the flags. pflag 1.1 marks every bool flag with
// "[=true|false]", which reads as if a value were expected; it is blanked
// out (to the same width, so the columns stay aligned).
func flagUsages(fs *flag.FlagSet) string {
	const mark = "[=true|false]"
	return strings.ReplaceAll(fs.FlagUsages(), mark, strings.Repeat(" ", len(mark)))
}

// printErr reports an I/O error in one line where it happens, for a
// command that goes on and fails at the end.
func printErr(e *env, err error) {
	fmt.Fprintf(e.stderr, "tixcfg: %s\n", strings.TrimSpace(err.Error()))
}

// colorModes are the values of --color.
var colorModes = []string{"auto", "always", "never"}

// colorFor decides on colour: never with NO_COLOR or TERM=dumb, else as
// --color says, where auto means "when stdout is a terminal".
func colorFor(e *env, mode string, w io.Writer) bool {
	if e.getenv("NO_COLOR") != "" || mode == "never" {
		return false
	}
	if mode == "always" {
		return true
	}
	if e.getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

func runVersion(e *env, args []string) error {
	fs := flagSet("version")
	if done, err := parseFlags(e, fs, args); done {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("version", "takes no arguments")
	}
	fmt.Fprintf(e.stdout, "tixcfg %s\n", Version())
	return nil
}
