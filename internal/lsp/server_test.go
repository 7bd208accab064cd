package lsp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/sourcegraph/jsonrpc2"

	"github.com/tixcfg/tixcfg/format"
	"github.com/tixcfg/tixcfg/internal/lsp/protocol"
	"github.com/tixcfg/tixcfg/internal/lsp/uri"
	"github.com/tixcfg/tixcfg/lang"
)

const reseller = `reseller "acme" {
  name          = "Acme"
  feature_flags = ["dtcm"]
}
`

const company = `company "c1" {
  name          = "C1"
  reseller      = "acme"
  feature_flags = ["dtcm"]
}
`

// portfolio writes a clean reseller and company into a new folder.
func portfolio(t *testing.T) (dir, res, comp string) {
	dir = t.TempDir()
	res, comp = filepath.Join(dir, "resellers/acme.hcl"), filepath.Join(dir, "companies/c1.hcl")
	write(t, res, reseller)
	write(t, comp, company)
	return dir, res, comp
}

func TestLifecycle(t *testing.T) {
	dir, _, _ := portfolio(t)
	c, res := start(t, []string{dir}, nil, nil)
	if res.Capabilities.PositionEncoding != protocol.UTF16 {
		t.Errorf("positionEncoding = %q without an offer, want utf-16", res.Capabilities.PositionEncoding)
	}
	if res.Capabilities.TextDocumentSync.Change != protocol.SyncIncremental || !res.Capabilities.DocumentFormattingProvider ||
		!slices.Contains(res.Capabilities.CodeActionProvider.CodeActionKinds, protocol.SourceFixAll) ||
		!res.Capabilities.Workspace.WorkspaceFolders.ChangeNotifications {
		t.Errorf("capabilities = %+v", res.Capabilities)
	}
	var again protocol.InitializeResult
	if err := c.conn.Call(context.Background(), "initialize", protocol.InitializeParams{}, &again); err == nil {
		t.Error("a second initialize is accepted")
	}
	if err := c.conn.Call(context.Background(), "textDocument/signatureHelp", map[string]any{}, nil); !isCode(err, jsonrpc2.CodeMethodNotFound) {
		t.Errorf("an unknown request: %v, want MethodNotFound", err)
	}
	c.call("shutdown", nil, nil)
	if err := c.conn.Call(context.Background(), "textDocument/formatting", protocol.DocumentFormattingParams{}, nil); !isCode(err, jsonrpc2.CodeInvalidRequest) {
		t.Errorf("a request after shutdown: %v, want InvalidRequest", err)
	}
	c.notify("exit", nil)
	if code := <-c.code; code != 0 {
		t.Errorf("exit after shutdown: code %d, want 0", code)
	}

	// exit without shutdown is an error exit; requests before initialize
	// are refused.
	c2, _ := start(t, []string{dir}, func(p *protocol.InitializeParams) {
		p.Capabilities.General.PositionEncodings = []string{protocol.UTF16, protocol.UTF8}
	}, nil)
	c2.notify("exit", nil)
	if code := <-c2.code; code != 1 {
		t.Errorf("exit without shutdown: code %d, want 1", code)
	}
}

func isCode(err error, code int64) bool {
	e, ok := err.(*jsonrpc2.Error)
	return ok && e.Code == code
}

func TestNotInitialized(t *testing.T) {
	s := New(Options{})
	a, b := newPipe(t, s)
	_ = a
	if err := b.Call(context.Background(), "textDocument/formatting", protocol.DocumentFormattingParams{}, nil); !isCode(err, -32002) {
		t.Errorf("a request before initialize: %v, want ServerNotInitialized", err)
	}
}

func TestPositionEncodingNegotiated(t *testing.T) {
	dir, _, _ := portfolio(t)
	_, res := start(t, []string{dir}, func(p *protocol.InitializeParams) {
		p.Capabilities.General.PositionEncodings = []string{protocol.UTF8, protocol.UTF16}
	}, nil)
	if res.Capabilities.PositionEncoding != protocol.UTF8 {
		t.Errorf("positionEncoding = %q when the client offers utf-8, want utf-8", res.Capabilities.PositionEncoding)
	}
}

// TestDiagnosticFields: code, documentation link, severity, related
// information and the range of a finding after non-ASCII text on a CRLF
// line, in UTF-16 and in UTF-8.
func TestDiagnosticFields(t *testing.T) {
	for _, enc := range []string{protocol.UTF16, protocol.UTF8} {
		t.Run(enc, func(t *testing.T) {
			dir, _, comp := portfolio(t)
			text := "company \"c1\" {\r\n  name          = \"Café 🎫\"\r\n  reseller      = \"acme\"\r\n  feature_flags = [\"dtcm\", \"🎫\", \"dtcm\"]\r\n}\r\n"
			write(t, comp, text)
			c, _ := start(t, []string{dir}, func(p *protocol.InitializeParams) {
				p.Capabilities.General.PositionEncodings = []string{enc}
			}, nil)
			p := c.wait(comp, "a duplicate is reported", func(p protocol.PublishDiagnosticsParams) bool { return has(p, "duplicate") })
			if p.Version != nil {
				t.Errorf("a file the client has not opened is published with version %d", *p.Version)
			}
			var d protocol.Diagnostic
			for _, x := range p.Diagnostics {
				if x.Code == "duplicate" {
					d = x
				}
			}
			second := strings.LastIndex(text, `"dtcm"`)
			first := strings.Index(text, `"dtcm"`)
			want := protocol.Range{Start: utf16Pos(text, second, enc == protocol.UTF8), End: utf16Pos(text, second+len(`"dtcm"`), enc == protocol.UTF8)}
			if d.Range != want {
				t.Errorf("range = %+v, want %+v", d.Range, want)
			}
			if d.Severity != protocol.SeverityError || d.Source != "tixcfg" || d.CodeDescription == nil ||
				d.CodeDescription.Href != "https://github.com/tixcfg/tixcfg/blob/main/docs/rules.md#duplicate" {
				t.Errorf("diagnostic = %+v", d)
			}
			if !strings.HasPrefix(d.Message, `Duplicate feature flag "dtcm"`) {
				t.Errorf("message = %q", d.Message)
			}
			if len(d.RelatedInformation) != 1 || d.RelatedInformation[0].Location.URI != uri.FromPath(comp) ||
				d.RelatedInformation[0].Location.Range.Start != utf16Pos(text, first, enc == protocol.UTF8) {
				t.Errorf("relatedInformation = %+v", d.RelatedInformation)
			}
		})
	}
}

// TestEditAffectsOtherFiles: a flag removed from the reseller's unsaved
// buffer raises a finding in the company's file, which is not open; a
// whole-document change restoring it clears it; every publish of the
// edited document carries its version.
func TestEditAffectsOtherFiles(t *testing.T) {
	dir, res, comp := portfolio(t)
	c, _ := start(t, []string{dir}, nil, nil)
	c.open(res, reseller, 1)
	c.wait(res, "the opened file is published with its version", func(p protocol.PublishDiagnosticsParams) bool {
		return p.Version != nil && *p.Version == 1 && len(p.Diagnostics) == 0
	})
	// A ranged change: delete the feature_flags line (line 2).
	c.change(res, 2, protocol.TextDocumentContentChangeEvent{Range: &protocol.Range{Start: protocol.Position{Line: 2}, End: protocol.Position{Line: 3}}, Text: ""})
	c.wait(comp, "the company's file gains flag-not-on-reseller", func(p protocol.PublishDiagnosticsParams) bool { return has(p, "flag-not-on-reseller") })
	c.wait(res, "the reseller's file is published at version 2", func(p protocol.PublishDiagnosticsParams) bool { return p.Version != nil && *p.Version == 2 })
	// A whole-document change (no range) brings the flag back.
	c.change(res, 3, protocol.TextDocumentContentChangeEvent{Text: reseller})
	c.wait(comp, "the company's finding clears", func(p protocol.PublishDiagnosticsParams) bool { return len(p.Diagnostics) == 0 })
	c.wait(res, "the reseller's file is published at version 3", func(p protocol.PublishDiagnosticsParams) bool { return p.Version != nil && *p.Version == 3 })
	if read(t, res) != reseller {
		t.Error("the server wrote the unsaved buffer to disk")
	}
	// A save changes nothing the engine holds: the buffer is already its.
	c.notify("textDocument/didSave", protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.FromPath(res)}})
	c.call("shutdown", nil, nil)
	if log := c.logs.String(); !strings.Contains(log, "textDocument/didSave (") || strings.Contains(log, "textDocument/didSave:") {
		t.Errorf("didSave is not handled cleanly:\n%s", log)
	}
}

// TestWholeDocumentChangeDecoded: a change event without a range
// replaces the document; decoding it as an insertion at 0:0 (a value
// Range) would keep the old text after the new.
func TestWholeDocumentChangeDecoded(t *testing.T) {
	got, err := applyChanges([]byte("old text\n"), []protocol.TextDocumentContentChangeEvent{{Text: "new\n"}}, false)
	if err != nil || string(got) != "new\n" {
		t.Errorf("whole-document change gives %q, %v", got, err)
	}
	var ev protocol.TextDocumentContentChangeEvent
	if err := jsonUnmarshal(`{"text":"x"}`, &ev); err != nil || ev.Range != nil {
		t.Errorf("a change without a range decodes to range %+v, %v", ev.Range, err)
	}
	// Ranged changes apply in order, on CRLF text with astral characters.
	src := "a = \"🎫x\"\r\nb = 1\r\n"
	got, err = applyChanges([]byte(src), []protocol.TextDocumentContentChangeEvent{
		{Range: &protocol.Range{Start: protocol.Position{Line: 0, Character: 7}, End: protocol.Position{Line: 0, Character: 8}}, Text: "y"},
		{Range: &protocol.Range{Start: protocol.Position{Line: 1, Character: 4}, End: protocol.Position{Line: 1, Character: 5}}, Text: "22"},
	}, false)
	if want := "a = \"🎫y\"\r\nb = 22\r\n"; err != nil || string(got) != want {
		t.Errorf("ranged changes give %q, %v; want %q", got, err, want)
	}
}

// TestBurst: many changes in quick succession end with a publish of the
// last version holding that version's findings.
func TestBurst(t *testing.T) {
	dir, _, comp := portfolio(t)
	// The default quiet spell, as an editor gets it.
	c, _ := startWith(t, Options{}, []string{dir}, nil, nil)
	c.open(comp, company, 1)
	c.wait(comp, "open", func(p protocol.PublishDiagnosticsParams) bool { return p.Version != nil && *p.Version == 1 })
	const n = 40
	for v := int32(2); v <= n; v++ {
		text := company
		if v%2 == 1 {
			text = strings.Replace(company, `["dtcm"]`, fmt.Sprintf(`["dtcm", "dtcm", "f%d"]`, v), 1)
		}
		c.change(comp, v, protocol.TextDocumentContentChangeEvent{Text: text})
	}
	// The last version (40) is clean.
	p := c.wait(comp, "the last version is published", func(p protocol.PublishDiagnosticsParams) bool { return p.Version != nil && *p.Version == n })
	if len(p.Diagnostics) != 0 {
		t.Errorf("the last version's publish holds %q, want nothing", rules(p))
	}
	time.Sleep(50 * time.Millisecond)
	if q, _ := c.last(uri.FromPath(comp)); q.Version == nil || *q.Version != n {
		t.Errorf("a publish of an older version came after the last one: %+v", q)
	}
	c.mu.Lock()
	count := len(c.pubs[uri.FromPath(comp)])
	c.mu.Unlock()
	if count > n/2 {
		t.Errorf("%d publishes for %d changes: the changes were not debounced", count, n)
	}
}

// TestDeletedFile: a file deleted outside the editor has its findings
// cleared, and the watcher is registered when the client can.
func TestDeletedFile(t *testing.T) {
	dir, _, _ := portfolio(t)
	bad := filepath.Join(dir, "companies/c2.hcl")
	write(t, bad, "company \"c2\" {\n  name = \"C2\"\n  reseller = \"nobody\"\n}\n")
	c, _ := start(t, []string{dir}, func(p *protocol.InitializeParams) {
		p.Capabilities.Workspace.DidChangeWatchedFiles.DynamicRegistration = true
	}, nil)
	c.wait(bad, "the unknown reseller is reported", func(p protocol.PublishDiagnosticsParams) bool { return has(p, "unknown-reference") })
	if err := os.Remove(bad); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: uri.FromPath(bad), Type: protocol.FileDeleted}}})
	c.wait(bad, "the deleted file's findings clear", func(p protocol.PublishDiagnosticsParams) bool { return len(p.Diagnostics) == 0 })

	// A new file written outside the editor is taken too.
	write(t, bad, "company \"c2\" {\n  name = \"C2\"\n  reseller = \"nobody\"\n}\n")
	c.notify("workspace/didChangeWatchedFiles", protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: uri.FromPath(bad), Type: protocol.FileCreated}}})
	c.wait(bad, "the created file is reported", func(p protocol.PublishDiagnosticsParams) bool { return has(p, "unknown-reference") })
	// So is a deleted folder.
	if err := os.RemoveAll(filepath.Join(dir, "companies")); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: uri.FromPath(filepath.Join(dir, "companies")), Type: protocol.FileDeleted}}})
	c.wait(bad, "the deleted folder's findings clear", func(p protocol.PublishDiagnosticsParams) bool { return len(p.Diagnostics) == 0 })

	c.mu.Lock()
	regs := slices.Clone(c.regs)
	c.mu.Unlock()
	if len(regs) != 1 || regs[0].Method != "workspace/didChangeWatchedFiles" {
		t.Errorf("registrations = %+v, want the file watcher", regs)
	}
}

// TestTwoFolders: each workspace folder is its own portfolio; a folder
// removed has its findings cleared, one added is published.
func TestTwoFolders(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	fa, fb := filepath.Join(a, "x.hcl"), filepath.Join(b, "y.hcl")
	write(t, fa, "company \"c1\" {\n  name = \"A\"\n  reseller = \"nobody\"\n}\n")
	write(t, fb, "company \"c1\" {\n  name = \"B\"\n  reseller = \"nobody\"\n}\n")
	c, _ := start(t, []string{a, b}, nil, nil)
	pa := c.wait(fa, "folder a is published", func(p protocol.PublishDiagnosticsParams) bool { return has(p, "unknown-reference") })
	c.wait(fb, "folder b is published", func(p protocol.PublishDiagnosticsParams) bool { return has(p, "unknown-reference") })
	// Two folders are two portfolios: the same company ID in both is no
	// duplicate.
	if has(pa, "duplicate") {
		t.Errorf("folders were checked as one portfolio: %q", rules(pa))
	}
	c.notify("workspace/didChangeWorkspaceFolders", protocol.DidChangeWorkspaceFoldersParams{Event: protocol.WorkspaceFoldersChangeEvent{
		Removed: []protocol.WorkspaceFolder{{URI: uri.FromPath(b)}}}})
	c.wait(fb, "the removed folder's findings clear", func(p protocol.PublishDiagnosticsParams) bool { return len(p.Diagnostics) == 0 })
	cdir := t.TempDir()
	fc := filepath.Join(cdir, "z.hcl")
	write(t, fc, "company \"c3\" {\n  name = \"C\"\n  reseller = \"nobody\"\n}\n")
	c.notify("workspace/didChangeWorkspaceFolders", protocol.DidChangeWorkspaceFoldersParams{Event: protocol.WorkspaceFoldersChangeEvent{
		Added: []protocol.WorkspaceFolder{{URI: uri.FromPath(cdir)}}}})
	c.wait(fc, "the added folder is published", func(p protocol.PublishDiagnosticsParams) bool { return has(p, "unknown-reference") })
	if p, _ := c.last(uri.FromPath(fa)); !has(p, "unknown-reference") {
		t.Error("folder a's findings were cleared")
	}
}

// TestScope: a workspace folder with markers is limited to the marked
// folders, so a Packer file beside the portfolio is not checked; the
// client's roots win over markers.
func TestScope(t *testing.T) {
	dir := t.TempDir()
	packer := filepath.Join(dir, "packer/image.pkr.hcl")
	write(t, packer, "source \"amazon-ebs\" \"x\" {\n  region = \"eu-west-1\"\n}\n")
	comp := filepath.Join(dir, "portfolio/c.hcl")
	write(t, comp, "company \"c1\" {\n  name = \"A\"\n  reseller = \"nobody\"\n}\n")
	// Without a marker the whole folder is the portfolio, the Packer
	// file too; a marker written later limits it.
	c, _ := start(t, []string{dir}, nil, nil)
	c.wait(packer, "without a marker the Packer file is checked", func(p protocol.PublishDiagnosticsParams) bool { return has(p, "schema") })
	write(t, filepath.Join(dir, "portfolio", Marker), "")
	c.notify("workspace/didChangeWatchedFiles", protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{
		{URI: uri.FromPath(filepath.Join(dir, "portfolio", Marker)), Type: protocol.FileCreated}}})
	c.wait(packer, "the marker clears the Packer file", func(p protocol.PublishDiagnosticsParams) bool { return len(p.Diagnostics) == 0 })
	c.wait(comp, "the marked folder is checked", func(p protocol.PublishDiagnosticsParams) bool { return has(p, "unknown-reference") })
	c.mu.Lock()
	delete(c.pubs, uri.FromPath(packer))
	c.mu.Unlock()
	c.open(packer, read(t, packer), 1)
	time.Sleep(100 * time.Millisecond)
	if p, ok := c.last(uri.FromPath(packer)); ok {
		t.Errorf("the Packer file outside the marked folder is published: %+v", p)
	}

	c2, _ := start(t, []string{dir}, func(p *protocol.InitializeParams) {
		p.InitializationOptions = []byte(`{"roots": ["packer"]}`)
	}, nil)
	c2.wait(packer, "the given root is checked", func(p protocol.PublishDiagnosticsParams) bool { return has(p, "schema") })
	if _, ok := c2.last(uri.FromPath(comp)); ok {
		t.Error("a folder outside the given roots is published")
	}
}

func TestQuickFixesAndSuppression(t *testing.T) {
	dir, _, comp := portfolio(t)
	text := strings.Replace(company, `["dtcm"]`, `["dtcm", "dtcm"]`, 1)
	write(t, comp, text)
	c, _ := start(t, []string{dir}, nil, nil)
	c.open(comp, text, 1)
	p := c.wait(comp, "the duplicate is published at version 1", func(p protocol.PublishDiagnosticsParams) bool {
		return p.Version != nil && *p.Version == 1 && has(p, "duplicate")
	})
	var actions []protocol.CodeAction
	c.call("textDocument/codeAction", protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.FromPath(comp)},
		Range: p.Diagnostics[0].Range, Context: protocol.CodeActionContext{Diagnostics: p.Diagnostics}}, &actions)
	var fix, suppress, all *protocol.CodeAction
	for i := range actions {
		switch a := &actions[i]; {
		case a.Kind == protocol.QuickFix && strings.HasPrefix(a.Title, "remove the repeated"):
			fix = a
		case a.Kind == protocol.QuickFix && strings.HasPrefix(a.Title, "Suppress duplicate"):
			suppress = a
		case a.Kind == protocol.SourceFixAll:
			all = a
		}
	}
	if fix == nil || suppress == nil || all == nil {
		t.Fatalf("actions = %+v, want the fix, the suppression and fix-all", actions)
	}
	if !fix.IsPreferred || suppress.IsPreferred || len(fix.Diagnostics) != 1 || fix.Diagnostics[0].Code != "duplicate" {
		t.Errorf("the fix = %+v", fix)
	}
	dc := fix.Edit.DocumentChanges
	if len(dc) != 1 || dc[0].TextDocument.URI != uri.FromPath(comp) || dc[0].TextDocument.Version == nil || *dc[0].TextDocument.Version != 1 {
		t.Fatalf("the fix's edit = %+v", fix.Edit)
	}
	fixed := applyEdits(t, text, dc[0].Edits)
	if fixed != company {
		t.Errorf("the fix gives\n%s\nwant\n%s", fixed, company)
	}
	c.change(comp, 2, protocol.TextDocumentContentChangeEvent{Text: fixed})
	c.wait(comp, "the fixed version is clean", func(p protocol.PublishDiagnosticsParams) bool {
		return p.Version != nil && *p.Version == 2 && len(p.Diagnostics) == 0
	})

	// The suppression, applied to the original text, silences the finding
	// and leaves the reason to be written.
	suppressed := applyEdits(t, text, suppress.Edit.DocumentChanges[0].Edits)
	if want := "  # tixcfg:ignore duplicate -- \n  feature_flags = [\"dtcm\", \"dtcm\"]"; !strings.Contains(suppressed, want) {
		t.Errorf("the suppression gives\n%s", suppressed)
	}
	c.change(comp, 3, protocol.TextDocumentContentChangeEvent{Text: suppressed})
	p = c.wait(comp, "version 3 is published", func(p protocol.PublishDiagnosticsParams) bool { return p.Version != nil && *p.Version == 3 })
	if got := rules(p); !slices.Equal(got, []string{"ignore-reason"}) {
		t.Errorf("after the suppression: %q, want only ignore-reason", got)
	}

	// Fix-all offers the safe fixes of the file, asked for by kind.
	c.change(comp, 4, protocol.TextDocumentContentChangeEvent{Text: text})
	actions = nil
	c.call("textDocument/codeAction", protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.FromPath(comp)},
		Context: protocol.CodeActionContext{Only: []string{"source.fixAll"}}}, &actions)
	if len(actions) != 1 || actions[0].Kind != protocol.SourceFixAll {
		t.Fatalf("source.fixAll actions = %+v", actions)
	}
	if got := applyEdits(t, text, actions[0].Edit.DocumentChanges[0].Edits); got != company {
		t.Errorf("fix-all gives\n%s", got)
	}
	if dc := actions[0].Edit.DocumentChanges[0]; *dc.TextDocument.Version != 4 {
		t.Errorf("fix-all edits version %d, want 4 (the change before the request is taken first)", *dc.TextDocument.Version)
	}
}

// TestEditAcrossFiles: a fix whose edits span files is one WorkspaceEdit,
// with each file named as the client names it; without documentChanges
// support, as changes.
func TestEditAcrossFiles(t *testing.T) {
	dir, res, comp := portfolio(t)
	for _, docChanges := range []bool{true, false} {
		c, _ := start(t, []string{dir}, func(p *protocol.InitializeParams) {
			p.Capabilities.Workspace.WorkspaceEdit.DocumentChanges = docChanges
		}, nil)
		c.open(comp, company, 7)
		c.wait(comp, "open", func(p protocol.PublishDiagnosticsParams) bool { return p.Version != nil })
		c.srv.engMu.Lock()
		f := c.srv.folders[0]
		v := f.view
		idx := newIndexes(c.srv, v)
		rf, cf := v.Portfolio.File("resellers/acme.hcl"), v.Portfolio.File("companies/c1.hcl")
		at := strings.Index(reseller, `"dtcm"`)
		edits := []langEdit{
			deletion(cf.Name, cf.Src, 0, 0, "# c\n"),
			deletion(rf.Name, rf.Src, at, at+len(`"dtcm"`), `"dtcm", "x"`),
		}
		we, ok := c.srv.workspaceEdit(v, idx, edits)
		c.srv.engMu.Unlock()
		if !ok {
			t.Fatal("no edit")
		}
		if docChanges {
			if len(we.DocumentChanges) != 2 || we.DocumentChanges[0].TextDocument.URI != uri.FromPath(comp) ||
				*we.DocumentChanges[0].TextDocument.Version != 7 || we.DocumentChanges[1].TextDocument.Version != nil {
				t.Errorf("documentChanges = %+v", we.DocumentChanges)
			}
			if got := applyEdits(t, reseller, we.DocumentChanges[1].Edits); !strings.Contains(got, `["dtcm", "x"]`) {
				t.Errorf("the reseller's edit gives %s", got)
			}
		} else if len(we.Changes) != 2 || len(we.Changes[uri.FromPath(res)]) != 1 || we.DocumentChanges != nil {
			t.Errorf("changes = %+v", we)
		}
	}
}

func TestFormatting(t *testing.T) {
	dir, _, comp := portfolio(t)
	messy := "company   \"c1\" {\r\n    name = \"Café 🎫\"\r\n  reseller = \"acme\"\r\n\r\n\r\n   feature_flags = [\"dtcm\"]\r\n}"
	c, _ := start(t, []string{dir}, nil, nil)
	c.open(comp, messy, 1)
	var edits []protocol.TextEdit
	c.call("textDocument/formatting", protocol.DocumentFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.FromPath(comp)}}, &edits)
	want, _ := format.Source("c1.hcl", []byte(messy))
	if got := applyEdits(t, messy, edits); got != string(want) {
		t.Errorf("formatting gives\n%q\nwant\n%q", got, want)
	}
	if len(edits) < 2 {
		t.Errorf("formatting replaced the document whole: %d edits", len(edits))
	}
	c.change(comp, 2, protocol.TextDocumentContentChangeEvent{Text: "company \"c1\" {\n  name = \n"})
	edits = nil
	c.call("textDocument/formatting", protocol.DocumentFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.FromPath(comp)}}, &edits)
	if len(edits) != 0 {
		t.Errorf("a document that does not parse gets edits: %+v", edits)
	}
}

// TestPanicInHandler: a panic answers with an error and a log line, and
// the server goes on.
func TestPanicInHandler(t *testing.T) {
	dir, _, comp := portfolio(t)
	var once sync.Once
	c, _ := start(t, []string{dir}, nil, func(method string) {
		if method == "textDocument/formatting" {
			panic("injected")
		}
		if method == "flush" {
			once.Do(func() { panic("injected in flush") })
		}
	})
	err := c.conn.Call(context.Background(), "textDocument/formatting", protocol.DocumentFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.FromPath(comp)}}, nil)
	if !isCode(err, jsonrpc2.CodeInternalError) {
		t.Errorf("a panicking handler answers %v, want InternalError", err)
	}
	if !strings.Contains(c.logs.String(), "panic in textDocument/formatting: injected") {
		t.Errorf("the log does not name the panic:\n%s", c.logs.String())
	}
	// The first flush panics on the debounce timer's goroutine: logged,
	// and the next change is taken.
	c.open(comp, company, 1)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(c.logs.String(), "panic while taking changes: injected in flush") {
		if time.Now().After(deadline) {
			t.Fatalf("the flush's panic is not logged:\n%s", c.logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	c.change(comp, 2, protocol.TextDocumentContentChangeEvent{Text: strings.Replace(company, `"acme"`, `"nobody"`, 1)})
	c.wait(comp, "the server still works", func(p protocol.PublishDiagnosticsParams) bool { return has(p, "unknown-reference") })
	// A malformed change is an error, not a panic.
	c.change(comp, 3, protocol.TextDocumentContentChangeEvent{Range: &protocol.Range{Start: protocol.Position{Line: 3}, End: protocol.Position{Line: 1}}, Text: "x"})
	c.call("shutdown", nil, nil)
	if strings.Contains(c.logs.String(), "panic in textDocument/didChange") {
		t.Error("a malformed change panicked")
	}
}

// TestCloseAndBadInput: closing an unsaved buffer returns the file to its
// contents on disk; URIs that name no file, positions past the end and
// changes of documents never opened are answered, not fatal.
func TestCloseAndBadInput(t *testing.T) {
	dir, _, comp := portfolio(t)
	c, _ := start(t, []string{dir}, nil, nil)
	c.open(comp, strings.Replace(company, `"acme"`, `"nobody"`, 1), 1)
	c.wait(comp, "the buffer's finding", func(p protocol.PublishDiagnosticsParams) bool { return has(p, "unknown-reference") })
	c.notify("textDocument/didClose", protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.FromPath(comp)}})
	c.wait(comp, "the file on disk is clean", func(p protocol.PublishDiagnosticsParams) bool { return len(p.Diagnostics) == 0 && p.Version == nil })

	for _, u := range []string{"untitled:Untitled-1", "file://server/share/x.hcl", "%zz"} {
		err := c.conn.Call(context.Background(), "textDocument/formatting", protocol.DocumentFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}}, nil)
		if !isCode(err, jsonrpc2.CodeInvalidParams) {
			t.Errorf("formatting %q: %v, want InvalidParams", u, err)
		}
	}
	far := protocol.Position{Line: 1 << 30, Character: 1 << 30}
	var actions []protocol.CodeAction
	c.call("textDocument/codeAction", protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.FromPath(comp)},
		Range: protocol.Range{Start: far, End: far}}, &actions)
	if err := c.conn.Call(context.Background(), "textDocument/codeAction", map[string]any{"textDocument": 5}, nil); !isCode(err, jsonrpc2.CodeInvalidParams) {
		t.Errorf("malformed parameters: %v, want InvalidParams", err)
	}
	c.change(filepath.Join(dir, "never-opened.hcl"), 2, protocol.TextDocumentContentChangeEvent{Text: "x"})
	c.open(comp, company, 3)
	c.change(comp, 4, protocol.TextDocumentContentChangeEvent{Range: &protocol.Range{Start: far, End: far}, Text: "\n# end\n"})
	c.wait(comp, "a change past the end appends", func(p protocol.PublishDiagnosticsParams) bool { return p.Version != nil && *p.Version == 4 })
	c.call("shutdown", nil, nil)
	if strings.Contains(c.logs.String(), "panic") {
		t.Errorf("a handler panicked:\n%s", c.logs.String())
	}
}

// TestSafeEdits: fix-all takes safe fixes only, of this file only, and
// never two that overlap.
func TestSafeEdits(t *testing.T) {
	edit := func(file string, from, to int, text string) lang.Edit {
		return lang.Edit{Range: hcl.Range{Filename: file, Start: hcl.Pos{Byte: from}, End: hcl.Pos{Byte: to}}, NewText: text}
	}
	ds := []lang.Diagnostic{
		{Fixes: []lang.Fix{{Safety: lang.Review, Edits: []lang.Edit{edit("a.hcl", 0, 1, "review")}}}},
		{Fixes: []lang.Fix{{Safety: lang.Safe, Edits: []lang.Edit{edit("a.hcl", 2, 3, "x"), edit("b.hcl", 0, 0, "other file")}}}},
		{Fixes: []lang.Fix{
			{Safety: lang.Review, Edits: []lang.Edit{edit("a.hcl", 4, 5, "review first")}},
			{Safety: lang.Safe, Edits: []lang.Edit{edit("a.hcl", 4, 6, "safe second")}},
		}},
		{Fixes: []lang.Fix{{Safety: lang.Safe, Edits: []lang.Edit{edit("a.hcl", 5, 7, "overlaps")}}}},
		{Fixes: []lang.Fix{{Safety: lang.Safe, Edits: []lang.Edit{edit("a.hcl", 8, 9, "last")}}}},
	}
	var got []string
	for _, e := range safeEdits("a.hcl", ds) {
		got = append(got, e.NewText)
	}
	if want := []string{"safe second", "last"}; !slices.Equal(got, want) {
		t.Errorf("safeEdits = %q, want %q", got, want)
	}
}
