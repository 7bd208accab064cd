package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
)

// TestNeovim drives `tixcfg lsp` from a real editor: Neovim headless runs
// testdata/lsp/nvim_test.lua, which opens a company file, waits for its
// diagnostics, applies the quick fix, sees them clear and formats.
func TestNeovim(t *testing.T) {
	nvim := pcRequireTool(t, "nvim", "apt-get install -y neovim")
	// testscript.Main put this test binary on PATH as tixcfg.
	bin, err := exec.LookPath("tixcfg")
	if err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs("../../testdata/lsp/nvim_test.lua")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write(t, dir, "resellers/acme.hcl", []byte("reseller \"acme\" {\n  name          = \"Acme\"\n  feature_flags = [\"dtcm\"]\n}\n"))
	file := filepath.Join(dir, "companies/c1.hcl")
	write(t, dir, "companies/c1.hcl", []byte("company \"c1\" {\n  name          = \"C1\"\n  reseller      = \"acme\"\n  feature_flags = [\"dtcm\", \"dtcm\"]\n}\n"))

	nav := filepath.Join(dir, "companies/c2.hcl")
	write(t, dir, "companies/c2.hcl", []byte("company \"c2\" {\n  reseller    = \"acme\"\n  permissions = [\"manage_integrations\", \"manage_payments\"]\n\n"+
		"  tax_band \"standard\" {\n    rate = 5\n  }\n\n  integration \"dtcm\" {\n    mode = \"live\"\n  }\n\n"+
		"  integration \"refund_protect_group\" {\n    tax_band = \"standard\"\n  }\n}\n"))

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-u", "NONE", "-i", "NONE", "-n", "-c", "luafile "+script)
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "TIXCFG_BIN="+bin, "TIXCFG_ROOT="+dir, "TIXCFG_FILE="+file, "TIXCFG_NAV_FILE="+nav,
		"HOME="+home, "XDG_STATE_HOME="+home, "XDG_CACHE_HOME="+home, "XDG_DATA_HOME="+home, "XDG_CONFIG_HOME="+home)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	t.Logf("nvim:\n%s", out)
	if err != nil || !strings.Contains(string(out), "OK") {
		t.Fatalf("nvim: %v\n%s", err, out)
	}
	for _, want := range []string{"diagnostic: Duplicate feature flag", "quick fix: remove the repeated", "diagnostics cleared", "formatted",
		"hover: **dtcm**: enabled, but a step is missing", "definition: resellers/acme.hcl", "renamed: tax band standard to full",
		"completion: api_key client_id client_secret seller_code token_api_key"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("nvim's output lacks %q:\n%s", want, out)
		}
	}
	// The file on disk is untouched: the edits went to the buffer.
	if b, _ := os.ReadFile(file); !strings.Contains(string(b), `["dtcm", "dtcm"]`) {
		t.Errorf("the file on disk changed:\n%s", b)
	}
	if b, _ := os.ReadFile(nav); !strings.Contains(string(b), `tax_band "standard"`) {
		t.Errorf("the rename reached the disk:\n%s", b)
	}
}

// lspSession runs `tixcfg lsp ARGS` in the process, as an editor runs it,
// and returns a client connected to it and the command's exit code.
func lspSession(t *testing.T, record func(string), args ...string) (*jsonrpc2.Conn, <-chan int) {
	t.Helper()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	old := lspStdin
	lspStdin = inR
	code := make(chan int, 1)
	go func() {
		c := Main(append([]string{"lsp"}, args...), outW, io.Discard)
		outW.Close()
		code <- c
	}()
	t.Cleanup(func() { inW.Close(); lspStdin = old })
	h := lspRecorder(record)
	conn := jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(pipeRWC{outR, inW}, jsonrpc2.VSCodeObjectCodec{}), h)
	return conn, code
}

type pipeRWC struct {
	io.Reader
	io.WriteCloser
}

// lspRecorder hands the text of every message the server sends to
// record, and answers its requests.
type lspRecorder func(string)

func (r lspRecorder) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	if req.Params != nil {
		r(req.Method + " " + string(*req.Params))
	}
	if !req.Notif {
		go conn.Reply(ctx, req.ID, nil)
	}
}

// TestLSPNoSecret opens every file of the canary portfolio in the
// language server, edits it, and asks for every code action, formatting,
// hover, completion and definition all over it, and for symbols: no
// message the server sends, and no line of its log, holds a canary.
func TestLSPNoSecret(t *testing.T) {
	dir := canaryPortfolio(t)
	logFile := filepath.Join(t.TempDir(), "lsp.log")
	var mu sync.Mutex
	var sent strings.Builder
	var uris []string
	record := func(s string) {
		mu.Lock()
		defer mu.Unlock()
		sent.WriteString(s + "\n")
	}
	conn, code := lspSession(t, record, "--stdio", "--no-cache", "--log-file", logFile)
	ctx := context.Background()
	call := func(method string, params, result any) {
		t.Helper()
		var raw json.RawMessage
		if err := conn.Call(ctx, method, params, &raw); err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		record(method + " result " + string(raw))
		if result != nil {
			if err := json.Unmarshal(raw, result); err != nil {
				t.Fatal(err)
			}
		}
	}
	notify := func(method string, params any) {
		t.Helper()
		if err := conn.Notify(ctx, method, params); err != nil {
			t.Fatalf("%s: %v", method, err)
		}
	}
	root := "file://" + filepath.ToSlash(dir)
	call("initialize", map[string]any{"processId": nil, "rootUri": root, "capabilities": map[string]any{
		"workspace": map[string]any{"workspaceEdit": map[string]any{"documentChanges": true}, "didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}}}}, nil)
	notify("initialized", map[string]any{})
	names, err := filepath.Glob(filepath.Join(dir, "*.hcl*"))
	if err != nil || len(names) < 5 {
		t.Fatalf("the canary portfolio: %v, %d files", err, len(names))
	}
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		u := "file://" + filepath.ToSlash(name)
		uris = append(uris, u)
		notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": u, "languageId": "hcl", "version": 1, "text": string(b)}})
		notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": u, "version": 2},
			"contentChanges": []any{map[string]any{"range": map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 0, "character": 0}}, "text": "\n"}}})
	}
	// Hover, completion, definition and symbols all over every file: the
	// canaries sit in the values they document.
	for i, u := range uris {
		b, _ := os.ReadFile(names[i])
		doc := map[string]any{"uri": u}
		for line, text := range strings.Split(string(b), "\n") {
			for col := 0; col <= len(text); col += 3 {
				// Line+1: the edit above put a line before the file's text.
				at := map[string]any{"textDocument": doc, "position": map[string]any{"line": line + 1, "character": col}}
				call("textDocument/hover", at, nil)
				call("textDocument/completion", at, nil)
				call("textDocument/definition", at, nil)
			}
		}
		call("textDocument/documentSymbol", map[string]any{"textDocument": doc}, nil)
	}
	call("workspace/symbol", map[string]any{"query": ""}, nil)
	for _, u := range uris {
		whole := map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 10000, "character": 0}}
		var actions []map[string]any
		call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": u}, "range": whole, "context": map[string]any{"diagnostics": []any{}}}, &actions)
		var edits []map[string]any
		call("textDocument/formatting", map[string]any{"textDocument": map[string]any{"uri": u}, "options": map[string]any{"tabSize": 2, "insertSpaces": true}}, &edits)
		// The layout changes only spaces and line breaks, so its edits
		// carry no value of the file at all.
		for _, e := range edits {
			if strings.TrimSpace(e["newText"].(string)) != "" {
				t.Errorf("formatting %s sends text: %q", u, e["newText"])
			}
		}
	}
	call("shutdown", nil, nil)
	notify("exit", nil)
	if c := <-code; c != 0 {
		t.Errorf("exit after shutdown: code %d, want 0", c)
	}
	logText, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	out := sent.String()
	mu.Unlock()
	if !strings.Contains(out, "textDocument/publishDiagnostics") || !strings.Contains(out, "quickfix") || !strings.Contains(string(logText), "textDocument/codeAction") ||
		!strings.Contains(out, "secret: yes") || !strings.Contains(out, "flag on reseller") {
		t.Fatalf("the session did not run: messages\n%s\nlog\n%s", out, logText)
	}
	for _, line := range strings.Split(out+string(logText), "\n") {
		if leaked(line) {
			t.Errorf("a secret leaked: %s", line)
		}
	}
}

// TestLSPExitWithoutShutdown: exit before shutdown ends the command with
// code 1, as the protocol asks; so does a client that goes away.
func TestLSPExitWithoutShutdown(t *testing.T) {
	conn, code := lspSession(t, func(string) {}, "--no-cache")
	if err := conn.Notify(context.Background(), "exit", nil); err != nil {
		t.Fatal(err)
	}
	if c := <-code; c != exitFindings {
		t.Errorf("exit without shutdown: code %d, want 1", c)
	}
	// A stream that is not the protocol's ends the session, logged.
	old := lspStdin
	defer func() { lspStdin = old }()
	for _, in := range []string{"", "garbage\r\n\r\n", "Content-Length: 5\r\n\r\n{\"a\":", "Content-Length: 2\r\n\r\n[]"} {
		lspStdin = strings.NewReader(in)
		var stderr strings.Builder
		if code := Main([]string{"lsp", "--no-cache"}, io.Discard, &stderr); code != exitFindings || !strings.Contains(stderr.String(), "the connection ended before shutdown") {
			t.Errorf("lsp on %q: code %d, log %q; want 1 and the reason", in, code, stderr.String())
		}
	}
	if code, _, stderr := run("lsp", "extra"); code != exitError || !strings.Contains(stderr, "takes no arguments") {
		t.Errorf("lsp with an argument: code %d, %s", code, stderr)
	}
}
