package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"log"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/tixcfg/tixcfg/internal/lsp/protocol"
	"github.com/tixcfg/tixcfg/internal/lsp/uri"
	"github.com/tixcfg/tixcfg/lang"
)

// client is a language client in the test's process, speaking JSON-RPC
// to a server over a pipe.
type client struct {
	t    testing.TB
	conn *jsonrpc2.Conn
	srv  *Server
	logs *syncBuffer
	code chan int

	// timeout bounds each wait.
	timeout time.Duration

	mu      sync.Mutex
	changed chan struct{}
	pubs    map[string][]protocol.PublishDiagnosticsParams
	regs    []protocol.Registration
	edits   []string // the text of every message the server sent, for secret checks
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// start runs a server and initializes it with the given folders (and
// capabilities, when caps is not nil).
func start(t *testing.T, folders []string, mutate func(*protocol.InitializeParams), hook func(string)) (*client, protocol.InitializeResult) {
	t.Helper()
	return startWith(t, Options{Debounce: 10 * time.Millisecond}, folders, mutate, hook)
}

func startWith(t testing.TB, opts Options, folders []string, mutate func(*protocol.InitializeParams), hook func(string)) (*client, protocol.InitializeResult) {
	t.Helper()
	logs := &syncBuffer{}
	opts.Log = log.New(logs, "", 0)
	s := New(opts)
	s.hook = hook
	a, b := net.Pipe()
	c := &client{t: t, srv: s, timeout: 10 * time.Second, logs: logs, code: make(chan int, 1), changed: make(chan struct{}, 1), pubs: map[string][]protocol.PublishDiagnosticsParams{}}
	go func() { c.code <- s.Serve(context.Background(), a) }()
	c.conn = jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(b, jsonrpc2.VSCodeObjectCodec{}), c,
		jsonrpc2.OnRecv(func(req *jsonrpc2.Request, resp *jsonrpc2.Response) {
			c.mu.Lock()
			defer c.mu.Unlock()
			if req != nil && req.Params != nil {
				c.edits = append(c.edits, string(*req.Params))
			}
			if resp != nil && resp.Result != nil {
				c.edits = append(c.edits, string(*resp.Result))
			}
		}))
	t.Cleanup(func() { c.conn.Close() })
	p := protocol.InitializeParams{}
	for _, f := range folders {
		p.WorkspaceFolders = append(p.WorkspaceFolders, protocol.WorkspaceFolder{URI: uri.FromPath(f), Name: filepath.Base(f)})
	}
	p.Capabilities.Workspace.WorkspaceEdit.DocumentChanges = true
	if mutate != nil {
		mutate(&p)
	}
	var res protocol.InitializeResult
	c.call("initialize", p, &res)
	c.notify("initialized", struct{}{})
	return c, res
}

// Handle records the server's messages in order as they come, and
// answers its requests from another goroutine: over an unbuffered pipe,
// a reader that writes waits for the server, which may be writing too.
func (c *client) Handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) {
	c.record(req)
	if !req.Notif {
		go conn.Reply(ctx, req.ID, nil)
	}
}

func (c *client) record(req *jsonrpc2.Request) {
	switch req.Method {
	case "textDocument/publishDiagnostics":
		var p protocol.PublishDiagnosticsParams
		if err := json.Unmarshal(*req.Params, &p); err != nil {
			c.t.Errorf("publishDiagnostics: %v", err)
			return
		}
		if p.Diagnostics == nil {
			c.t.Errorf("publishDiagnostics of %s: diagnostics is null, not an array", p.URI)
		}
		c.mu.Lock()
		c.pubs[p.URI] = append(c.pubs[p.URI], p)
		c.mu.Unlock()
		select {
		case c.changed <- struct{}{}:
		default:
		}
	case "client/registerCapability":
		var p protocol.RegistrationParams
		if err := json.Unmarshal(*req.Params, &p); err == nil {
			c.mu.Lock()
			c.regs = append(c.regs, p.Registrations...)
			c.mu.Unlock()
		}
	}
}

func (c *client) call(method string, params, result any) {
	c.t.Helper()
	if err := c.conn.Call(context.Background(), method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// last is the last publish for a URI, and whether there was one.
func (c *client) last(u string) (protocol.PublishDiagnosticsParams, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ps := c.pubs[u]
	if len(ps) == 0 {
		return protocol.PublishDiagnosticsParams{}, false
	}
	return ps[len(ps)-1], true
}

// withFindings counts the URIs whose last publish holds findings.
func (c *client) withFindings() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, ps := range c.pubs {
		if len(ps[len(ps)-1].Diagnostics) > 0 {
			n++
		}
	}
	return n
}

// wait waits until the last publish for the file at path satisfies ok.
func (c *client) wait(path string, what string, ok func(protocol.PublishDiagnosticsParams) bool) protocol.PublishDiagnosticsParams {
	c.t.Helper()
	u := uri.FromPath(path)
	deadline := time.After(c.timeout)
	for {
		if p, seen := c.last(u); seen && ok(p) {
			return p
		}
		select {
		case <-c.changed:
		case <-time.After(5 * time.Millisecond):
		case <-deadline:
			p, _ := c.last(u)
			c.t.Fatalf("no publish for %s where %s; the last: %+v\nserver log:\n%s", path, what, p, c.logs.String())
		}
	}
}

func (c *client) open(path, text string, version int32) {
	c.t.Helper()
	c.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: uri.FromPath(path), LanguageID: "hcl", Version: version, Text: text}})
}

func (c *client) change(path string, version int32, changes ...protocol.TextDocumentContentChangeEvent) {
	c.t.Helper()
	c.notify("textDocument/didChange", protocol.DidChangeTextDocumentParams{
		TextDocument: protocol.VersionedTextDocumentIdentifier{URI: uri.FromPath(path), Version: version}, ContentChanges: changes})
}

// rules lists the codes of a publish.
func rules(p protocol.PublishDiagnosticsParams) []string {
	out := []string{}
	for _, d := range p.Diagnostics {
		out = append(out, d.Code)
	}
	return out
}

func has(p protocol.PublishDiagnosticsParams, rule string) bool {
	for _, d := range p.Diagnostics {
		if d.Code == rule {
			return true
		}
	}
	return false
}

func write(t *testing.T, path, src string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// utf16Pos is where a byte offset of text lies, counted independently
// of the server's code: lines end at "\n" (a "\r" before it is part of
// the line break), characters are UTF-16 code units (or bytes).
func utf16Pos(text string, off int, bytesOnly bool) protocol.Position {
	before := text[:off]
	line := strings.Count(before, "\n")
	col := before[strings.LastIndex(before, "\n")+1:]
	if bytesOnly {
		return protocol.Position{Line: uint32(line), Character: uint32(len(col))}
	}
	return protocol.Position{Line: uint32(line), Character: uint32(len(utf16.Encode([]rune(col))))}
}

// applyEdits applies a client's edits to text (UTF-16 positions), as an
// editor does: from the last to the first.
func applyEdits(t *testing.T, text string, edits []protocol.TextEdit) string {
	t.Helper()
	offset := func(p protocol.Position) int {
		lines := strings.SplitAfter(text, "\n")
		at := 0
		for i := 0; i < int(p.Line) && i < len(lines); i++ {
			at += len(lines[i])
		}
		units := 0
		for at < len(text) && text[at] != '\n' && text[at] != '\r' && units < int(p.Character) {
			r, size := utf8.DecodeRuneInString(text[at:])
			units += len(utf16.Encode([]rune{r}))
			at += size
		}
		return at
	}
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		s, end := offset(e.Range.Start), offset(e.Range.End)
		text = text[:s] + e.NewText + text[end:]
	}
	return text
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// newPipe connects a bare client to a server that is not initialized.
func newPipe(t *testing.T, s *Server) (*Server, *jsonrpc2.Conn) {
	a, b := net.Pipe()
	go s.Serve(context.Background(), a)
	conn := jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(b, jsonrpc2.VSCodeObjectCodec{}), jsonrpc2.HandlerWithError(func(context.Context, *jsonrpc2.Conn, *jsonrpc2.Request) (any, error) { return nil, nil }))
	t.Cleanup(func() { conn.Close() })
	return s, conn
}

type langEdit = lang.Edit

func deletion(name string, src []byte, from, to int, text string) lang.Edit {
	e := lang.Deletion(name, src, from, to)
	e.NewText = text
	return e
}
