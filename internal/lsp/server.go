// Package lsp is tixcfg's language server: the findings of `tixcfg check`
// while the portfolio is edited, quick fixes from the fix model, and
// `tixcfg fmt`'s layout, over the Language Server Protocol.
//
// Each workspace folder is one portfolio, decided as `tixcfg check
// FOLDER` decides it, held by an engine.Workspace; open documents overlay
// their files on disk. Edits are applied after a short quiet spell
// (Options.Debounce), and every file whose findings an edit changes is
// published again, in order, so the last publish of a file always holds
// the findings of its last version.
package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/engine"
	"github.com/tixcfg/tixcfg/internal/lsp/protocol"
	"github.com/tixcfg/tixcfg/internal/lsp/uri"
	"github.com/tixcfg/tixcfg/lang"
)

// DefaultDebounce is how long the server waits after a change before it
// checks again: long enough that typing a word costs one check, short
// enough that findings follow the cursor.
const DefaultDebounce = 50 * time.Millisecond

// Marker is the file that marks a portfolio folder inside a workspace
// folder that holds other HCL too (Terraform, Packer): when a workspace
// folder has markers, only the folders that hold one are its portfolio.
const Marker = ".tixcfg"

// Options configure a server.
type Options struct {
	// Debounce is the quiet spell after a change; 0 means DefaultDebounce.
	Debounce time.Duration
	// Load tunes loading (cache, size limit); WorkDir is set per folder.
	Load lang.Options
	// Check selects the rules.
	Check checker.Options
	// Log receives one line per message handled (method, URI, time taken)
	// and every error; never a document's contents. Nil discards.
	Log *log.Logger
	// Version is reported in serverInfo.
	Version string
}

// InitializationOptions are what a client may pass in initialize's
// initializationOptions.
type InitializationOptions struct {
	// Roots limit each workspace folder's portfolio to these paths
	// (relative to the folder, or absolute), as `tixcfg check ROOT...`
	// takes them; they win over markers.
	Roots []string `json:"roots"`
}

// Server is one client's session.
type Server struct {
	opts Options
	log  *log.Logger
	conn *jsonrpc2.Conn
	// hook, when set, runs before each message is handled (tests inject
	// panics through it).
	hook func(method string)

	// engMu orders the engine's edits and the publishes that follow them;
	// it is taken before mu.
	engMu sync.Mutex

	mu          sync.Mutex
	state       int
	utf8        bool
	docChanges  bool
	watch       bool
	initOpts    InitializationOptions
	folders     []*folder
	docs        map[string]*document // by path
	pending     map[string]*op       // by path
	pendingDisk []diskChange
	timer       *time.Timer
	exit        chan int

	nav navState
}

// Lifecycle states.
const (
	stateNew = iota
	stateInitialized
	stateShutdown
)

// folder is one workspace folder and its portfolio.
type folder struct {
	uri, path string
	ws        *engine.Workspace // nil when the folder holds no portfolio
	view      *engine.View
	// shown are the URIs last published with findings: what removing the
	// folder must clear.
	shown map[string]bool
}

// document is an open text document.
type document struct {
	uri     string
	path    string
	version int32
	text    []byte
	// applied is the version the engine holds, which publishes carry.
	applied int32
}

// op is a document's change the engine has yet to take: its new text, or
// that it closed.
type op struct {
	text    []byte
	version int32
	closed  bool
}

type diskChange struct {
	path string
	kind int
}

// New returns a server with the given options.
func New(opts Options) *Server {
	if opts.Debounce == 0 {
		opts.Debounce = DefaultDebounce
	}
	l := opts.Log
	if l == nil {
		l = log.New(io.Discard, "", 0)
	}
	return &Server{opts: opts, log: l, docs: map[string]*document{}, pending: map[string]*op{}, exit: make(chan int, 1)}
}

// Serve speaks the protocol over rwc until the client sends exit or the
// connection ends, and returns the exit code the protocol asks for: 0
// after shutdown, 1 without.
func (s *Server) Serve(ctx context.Context, rwc io.ReadWriteCloser) int {
	h := jsonrpc2.HandlerWithError(s.handle).SuppressErrClosed()
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(rwc, jsonrpc2.VSCodeObjectCodec{}), h, jsonrpc2.SetLogger(s.log))
	var code int
	select {
	case code = <-s.exit:
	case <-conn.DisconnectNotify():
		code = 1
		s.mu.Lock()
		if s.state == stateShutdown {
			code = 0
		}
		s.mu.Unlock()
		if code != 0 {
			// The client went away, or sent what is not a message.
			s.log.Printf("the connection ended before shutdown")
		}
	}
	s.mu.Lock()
	if s.timer != nil {
		s.timer.Stop()
	}
	s.mu.Unlock()
	conn.Close()
	return code
}

// handle answers one message. A panic becomes an error answer and a log
// line: one bad input must not end the session.
func (s *Server) handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (result any, err error) {
	start := time.Now()
	defer func() {
		if r := recover(); r != nil {
			// The stack names functions and lines, never a value's text.
			s.log.Printf("panic in %s: %v\n%s", req.Method, r, debug.Stack())
			result, err = nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInternalError, Message: "tixcfg: internal error in " + req.Method + " (see the server's log)"}
		}
		if err != nil {
			s.log.Printf("%s: %v (%s)", req.Method, err, time.Since(start).Round(time.Microsecond))
		} else {
			s.log.Printf("%s (%s)", req.Method, time.Since(start).Round(time.Microsecond))
		}
	}()
	if s.hook != nil {
		s.hook(req.Method)
	}
	s.mu.Lock()
	// NewConn starts reading before it returns the connection, so the
	// server learns it here.
	s.conn = conn
	state := s.state
	s.mu.Unlock()
	switch {
	case req.Method == "exit":
		code := 1
		if state == stateShutdown {
			code = 0
		}
		select {
		case s.exit <- code:
		default: // a second exit
		}
		return nil, nil
	case state == stateNew && req.Method != "initialize":
		if req.Notif {
			return nil, nil
		}
		return nil, &jsonrpc2.Error{Code: -32002, Message: "the server is not initialized"}
	case state == stateShutdown:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "the server is shut down"}
	}
	switch req.Method {
	case "initialize":
		if state != stateNew {
			return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "initialize was sent twice"}
		}
		var p protocol.InitializeParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		return s.initialize(p)
	case "initialized":
		s.initialized(ctx)
		return nil, nil
	case "shutdown":
		s.mu.Lock()
		s.state = stateShutdown
		s.mu.Unlock()
		return nil, nil
	case "textDocument/didOpen":
		var p protocol.DidOpenTextDocumentParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		return nil, s.didOpen(p)
	case "textDocument/didChange":
		var p protocol.DidChangeTextDocumentParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		return nil, s.didChange(p)
	case "textDocument/didClose":
		var p protocol.DidCloseTextDocumentParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		return nil, s.didClose(p)
	case "textDocument/didSave":
		return nil, nil // the buffer is already the engine's
	case "workspace/didChangeWatchedFiles":
		var p protocol.DidChangeWatchedFilesParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		s.didChangeWatchedFiles(p)
		return nil, nil
	case "workspace/didChangeWorkspaceFolders":
		var p protocol.DidChangeWorkspaceFoldersParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		s.didChangeWorkspaceFolders(ctx, p)
		return nil, nil
	case "workspace/didChangeConfiguration":
		return nil, nil
	case "textDocument/codeAction":
		var p protocol.CodeActionParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		return s.codeAction(p)
	case "textDocument/formatting":
		var p protocol.DocumentFormattingParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		return s.formatting(p)
	case "textDocument/definition", "textDocument/hover", "textDocument/prepareRename", "textDocument/completion":
		var p protocol.TextDocumentPositionParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		switch req.Method {
		case "textDocument/definition":
			return s.definition(p)
		case "textDocument/hover":
			return s.hover(p)
		case "textDocument/prepareRename":
			return s.prepareRename(p)
		}
		return s.completion(p)
	case "textDocument/references":
		var p protocol.ReferenceParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		return s.references(p)
	case "textDocument/documentSymbol":
		var p protocol.DocumentSymbolParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		return s.documentSymbol(p)
	case "workspace/symbol":
		var p protocol.WorkspaceSymbolParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		return s.workspaceSymbol(p)
	case "textDocument/rename":
		var p protocol.RenameParams
		if err := unmarshal(req, &p); err != nil {
			return nil, err
		}
		return s.rename(p)
	}
	if req.Notif {
		return nil, nil // $/cancelRequest, $/setTrace and the like
	}
	return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "tixcfg does not implement " + req.Method}
}

func unmarshal(req *jsonrpc2.Request, v any) error {
	if req.Params == nil {
		return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: req.Method + " needs parameters"}
	}
	if err := json.Unmarshal(*req.Params, v); err != nil {
		// The decoder's message names a type and an offset, never the text.
		return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: req.Method + ": " + err.Error()}
	}
	return nil
}

func (s *Server) initialize(p protocol.InitializeParams) (*protocol.InitializeResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(p.InitializationOptions) > 0 && string(p.InitializationOptions) != "null" {
		if err := json.Unmarshal(p.InitializationOptions, &s.initOpts); err != nil {
			return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: "initializationOptions: " + err.Error()}
		}
	}
	folders := p.WorkspaceFolders
	if len(folders) == 0 && p.RootURI != nil && *p.RootURI != "" {
		folders = []protocol.WorkspaceFolder{{URI: *p.RootURI}}
	}
	for _, wf := range folders {
		path, err := uri.ToPath(wf.URI)
		if err != nil {
			s.log.Printf("initialize: workspace folder %s: %v", wf.URI, err)
			continue
		}
		s.folders = append(s.folders, &folder{uri: wf.URI, path: path, shown: map[string]bool{}})
	}
	s.utf8 = slices.Contains(p.Capabilities.General.PositionEncodings, protocol.UTF8)
	s.docChanges = p.Capabilities.Workspace.WorkspaceEdit.DocumentChanges
	s.watch = p.Capabilities.Workspace.DidChangeWatchedFiles.DynamicRegistration
	s.state = stateInitialized
	enc := protocol.UTF16
	if s.utf8 {
		enc = protocol.UTF8
	}
	return &protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			PositionEncoding: enc,
			TextDocumentSync: protocol.TextDocumentSyncOptions{OpenClose: true, Change: protocol.SyncIncremental},
			CodeActionProvider: protocol.CodeActionOptions{
				CodeActionKinds: []string{protocol.QuickFix, protocol.SourceFixAll},
			},
			DocumentFormattingProvider: true,
			DefinitionProvider:         true,
			ReferencesProvider:         true,
			DocumentSymbolProvider:     true,
			WorkspaceSymbolProvider:    true,
			RenameProvider:             protocol.RenameOptions{PrepareProvider: true},
			HoverProvider:              true,
			CompletionProvider:         protocol.CompletionOptions{TriggerCharacters: []string{`"`}},
			Workspace: protocol.WorkspaceCapabilities{WorkspaceFolders: protocol.WorkspaceFoldersServerCapabilities{
				Supported: true, ChangeNotifications: true,
			}},
		},
		ServerInfo: protocol.ServerInfo{Name: "tixcfg", Version: s.opts.Version},
	}, nil
}

// initialized loads every folder's portfolio and publishes its findings,
// and asks the client to watch the portfolio's files.
func (s *Server) initialized(ctx context.Context) {
	s.mu.Lock()
	watch, conn := s.watch, s.conn
	s.mu.Unlock()
	if watch {
		// The client answers on the connection this handler reads, so the
		// call must not be waited for here.
		go func() {
			params := protocol.RegistrationParams{Registrations: []protocol.Registration{{
				ID: "tixcfg-watch", Method: "workspace/didChangeWatchedFiles",
				RegisterOptions: protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: []protocol.FileSystemWatcher{
					{GlobPattern: "**/*.hcl"}, {GlobPattern: "**/*.hcl.json"}, {GlobPattern: "**/" + Marker},
				}},
			}}}
			if err := conn.Call(ctx, "client/registerCapability", params, nil); err != nil {
				s.log.Printf("client/registerCapability: %v", err)
			}
		}()
	}
	s.engMu.Lock()
	defer s.engMu.Unlock()
	s.mu.Lock()
	folders := slices.Clone(s.folders)
	s.mu.Unlock()
	for _, f := range folders {
		s.openFolder(f)
	}
	s.flushLocked()
}

// roots decides which paths of a folder form its portfolio: the client's
// roots, else the folders that hold a Marker, else the whole folder.
func (s *Server) roots(f *folder) []string {
	s.mu.Lock()
	given := s.initOpts.Roots
	s.mu.Unlock()
	if len(given) > 0 {
		var out []string
		for _, r := range given {
			if !filepath.IsAbs(r) {
				r = filepath.Join(f.path, r)
			}
			if _, err := os.Stat(r); err == nil {
				out = append(out, filepath.Clean(r))
			}
		}
		return out
	}
	if marked := findMarkers(f.path); len(marked) > 0 {
		return marked
	}
	return []string{f.path}
}

// findMarkers lists the folders under dir that hold a Marker, walking as
// check walks (hidden folders skipped) and not below a marked folder.
func findMarkers(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var sub []string
	for _, e := range entries {
		if e.Name() == Marker && !e.IsDir() {
			return []string{dir}
		}
		if e.IsDir() && !lang.IsHidden(e.Name()) {
			sub = append(sub, filepath.Join(dir, e.Name()))
		}
	}
	var out []string
	for _, d := range sub {
		out = append(out, findMarkers(d)...)
	}
	return out
}

// openFolder loads a folder's portfolio and publishes its findings; the
// open documents it holds are overlaid by the next flush. engMu is held.
func (s *Server) openFolder(f *folder) {
	start := time.Now()
	roots := s.roots(f)
	f.ws, f.view = nil, nil
	if len(roots) > 0 {
		load := s.opts.Load
		load.WorkDir = f.path
		ws, err := engine.Open(engine.Options{Roots: roots, Load: load, Check: s.opts.Check})
		if err != nil {
			s.log.Printf("workspace folder %s: %v", f.uri, err)
		} else {
			f.ws = ws
		}
	}
	if f.ws != nil {
		v := f.ws.View()
		s.publish(f, nil, v, nil)
		f.view = v
		s.log.Printf("opened %s: %d files (%s)", f.uri, len(v.Portfolio.Files), time.Since(start).Round(time.Millisecond))
	}
	s.mu.Lock()
	for path, d := range s.docs {
		if f.ws != nil && f.ws.Contains(path) {
			s.pending[path] = &op{text: d.text, version: d.version}
		}
	}
	s.mu.Unlock()
}

// closeFolder clears every finding the folder published. engMu is held.
func (s *Server) closeFolder(f *folder) {
	for _, u := range sortedKeys(f.shown) {
		if f.shown[u] {
			s.notify("textDocument/publishDiagnostics", protocol.PublishDiagnosticsParams{URI: u, Diagnostics: []protocol.Diagnostic{}})
		}
	}
	f.ws, f.view, f.shown = nil, nil, map[string]bool{}
}

func (s *Server) didChangeWorkspaceFolders(_ context.Context, p protocol.DidChangeWorkspaceFoldersParams) {
	s.engMu.Lock()
	defer s.engMu.Unlock()
	for _, wf := range p.Event.Removed {
		s.mu.Lock()
		i := slices.IndexFunc(s.folders, func(f *folder) bool { return f.uri == wf.URI })
		var f *folder
		if i >= 0 {
			f = s.folders[i]
			s.folders = slices.Delete(s.folders, i, i+1)
		}
		s.mu.Unlock()
		if f != nil {
			s.closeFolder(f)
		}
	}
	for _, wf := range p.Event.Added {
		path, err := uri.ToPath(wf.URI)
		if err != nil {
			s.log.Printf("workspace folder %s: %v", wf.URI, err)
			continue
		}
		f := &folder{uri: wf.URI, path: path, shown: map[string]bool{}}
		s.mu.Lock()
		s.folders = append(s.folders, f)
		s.mu.Unlock()
		s.openFolder(f)
	}
	s.flushLocked()
}

func (s *Server) docPath(u string) (string, error) {
	path, err := uri.ToPath(u)
	if err != nil {
		return "", &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: err.Error()}
	}
	return path, nil
}

func (s *Server) didOpen(p protocol.DidOpenTextDocumentParams) error {
	path, err := s.docPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	text := []byte(p.TextDocument.Text)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[path] = &document{uri: p.TextDocument.URI, path: path, version: p.TextDocument.Version, text: text, applied: -1}
	s.pending[path] = &op{text: text, version: p.TextDocument.Version}
	s.scheduleLocked()
	return nil
}

func (s *Server) didChange(p protocol.DidChangeTextDocumentParams) error {
	path, err := s.docPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[path]
	if d == nil {
		return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: "didChange of a document that is not open: " + p.TextDocument.URI}
	}
	text, err := applyChanges(d.text, p.ContentChanges, s.utf8)
	if err != nil {
		return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: fmt.Sprintf("didChange of %s: %v", p.TextDocument.URI, err)}
	}
	d.text, d.version = text, p.TextDocument.Version
	s.pending[path] = &op{text: text, version: d.version}
	s.scheduleLocked()
	return nil
}

func (s *Server) didClose(p protocol.DidCloseTextDocumentParams) error {
	path, err := s.docPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.docs[path] == nil {
		return nil
	}
	delete(s.docs, path)
	s.pending[path] = &op{closed: true}
	s.scheduleLocked()
	return nil
}

func (s *Server) didChangeWatchedFiles(p protocol.DidChangeWatchedFilesParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range p.Changes {
		path, err := uri.ToPath(c.URI)
		if err != nil {
			s.log.Printf("didChangeWatchedFiles: %v", err)
			continue
		}
		s.pendingDisk = append(s.pendingDisk, diskChange{path: path, kind: c.Type})
	}
	s.scheduleLocked()
}

// scheduleLocked (re)starts the quiet spell after which the engine takes
// the pending changes. mu is held.
func (s *Server) scheduleLocked() {
	if s.timer == nil {
		s.timer = time.AfterFunc(s.opts.Debounce, s.flush)
		return
	}
	s.timer.Reset(s.opts.Debounce)
}

// flush gives the engine every pending change and publishes what they
// changed. It runs on the debounce timer's goroutine, where a panic would
// end the process: it is logged instead, as a handler's is.
func (s *Server) flush() {
	s.engMu.Lock()
	defer s.engMu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			s.log.Printf("panic while taking changes: %v\n%s", r, debug.Stack())
		}
	}()
	if s.hook != nil {
		s.hook("flush")
	}
	s.flushLocked()
}

func (s *Server) flushLocked() {
	s.mu.Lock()
	ops, disk := s.pending, s.pendingDisk
	s.pending, s.pendingDisk = map[string]*op{}, nil
	folders := slices.Clone(s.folders)
	s.mu.Unlock()
	if len(ops) == 0 && len(disk) == 0 {
		return
	}
	paths := sortedKeys(ops)
	for _, f := range folders {
		if f.ws == nil {
			continue
		}
		start := time.Now()
		old := f.view
		edited := map[string]bool{}
		var changed []string
		reopen, rescan := false, false
		for _, c := range disk {
			switch {
			case filepath.Base(c.path) == Marker && within(f.path, c.path):
				reopen = true
			case f.ws.Contains(c.path):
				changed = append(changed, c.path)
			case c.kind != protocol.FileChanged && !lang.IsConfigFile(c.path) && within(f.path, c.path):
				rescan = true // a folder created or deleted
			}
		}
		if reopen {
			s.closeFolder(f)
			s.openFolder(f)
			continue
		}
		for _, path := range paths {
			if !f.ws.Contains(path) {
				continue
			}
			o := ops[path]
			if o.closed {
				if _, err := f.ws.DropOverlay(path); err != nil {
					s.log.Printf("%s: %v", path, err)
				}
				continue
			}
			f.ws.SetOverlay(path, o.text)
			s.mu.Lock()
			if d := s.docs[path]; d != nil {
				d.applied = o.version
			}
			s.mu.Unlock()
			edited[lang.DisplayName(f.path, path)] = true
		}
		if len(changed) > 0 {
			if _, err := f.ws.Changed(changed...); err != nil {
				s.log.Printf("workspace folder %s: %v", f.uri, err)
			}
		}
		if rescan {
			if _, err := f.ws.Rescan(); err != nil {
				s.log.Printf("workspace folder %s: %v", f.uri, err)
			}
		}
		cur := f.ws.View()
		if cur != old {
			published := time.Now()
			n := s.publish(f, old, cur, edited)
			f.view = cur
			s.log.Printf("%s: %d changes taken in %s, %d files published in %s", f.uri, len(paths)+len(disk),
				published.Sub(start).Round(time.Microsecond), n, time.Since(published).Round(time.Microsecond))
		}
	}
}

// within reports whether path lies in or under dir.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func (s *Server) notify(method string, params any) {
	s.mu.Lock()
	conn := s.conn
	s.mu.Unlock()
	if err := conn.Notify(context.Background(), method, params); err != nil && !errors.Is(err, jsonrpc2.ErrClosed) {
		s.log.Printf("%s: %v", method, err)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
