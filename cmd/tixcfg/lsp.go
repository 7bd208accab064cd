package main

import (
	"context"
	"io"
	"log"
	"os"

	"github.com/tixcfg/tixcfg/internal/lsp"
)

func init() {
	register(&command{name: "lsp", args: "[flags]", order: 45, run: runLSP,
		summary: "Run the language server over stdin and stdout: live findings, quick fixes, formatting, navigation, hover, completion and rename in an editor"})
}

// lspStdin is what the server reads; tests replace it.
var lspStdin io.Reader = os.Stdin

func runLSP(e *env, args []string) error {
	fs := flagSet("lsp")
	var lf loadFlags
	lf.register(fs)
	// Editor clients append --stdio; stdio is the only transport.
	fs.Bool("stdio", false, "speak the protocol over stdin and stdout (the default and only transport)")
	logFile := fs.String("log-file", "", "append the server's log (methods, URIs, timings; never file contents) to this file instead of stderr")
	if done, err := parseFlags(e, fs, args); done {
		return err
	}
	if fs.NArg() > 0 {
		return usageErr("lsp", "takes no arguments: the client names the workspace folders")
	}
	logTo := e.stderr
	if *logFile != "" {
		f, err := os.OpenFile(*logFile, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			return err
		}
		defer f.Close()
		logTo = f
	}
	opts := lf.options(e)
	opts.Pace = nil // the collector's pacing is for one batch load
	s := lsp.New(lsp.Options{Load: opts, Log: log.New(logTo, "tixcfg lsp: ", log.LstdFlags|log.Lmicroseconds), Version: Version()})
	if code := s.Serve(context.Background(), stdio{lspStdin, e.stdout}); code != 0 {
		return exitCode(code)
	}
	return nil
}

// stdio joins the two streams the protocol runs over.
type stdio struct {
	io.Reader
	io.Writer
}

// Close ends the session; the process's streams close when it exits.
func (stdio) Close() error { return nil }
