package lsp

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tixcfg/tixcfg/internal/lsp/protocol"
	"github.com/tixcfg/tixcfg/internal/lsp/uri"
	"github.com/tixcfg/tixcfg/lang"
)

// navFiles is a portfolio over native and JSON files with IDs and text
// that are not ASCII before the positions asked about.
var navFiles = map[string]string{
	"resellers/acme.hcl": `reseller "acme" {
  name          = "Acme Tickets"
  feature_flags = ["dtcm", "refund_protect_group"]

  integration "refund_protect_group" {
    environment "live" {
      client_id     = "acme-live"
      client_secret = secret("acme/rpg-live-secret")
      api_key       = secret("acme/rpg-live-key")
      vendor_code   = "ACM01"
    }
  }
}
`,
	"companies/dubai.hcl": `# Dubai Live — café 🎭 before every position
company "dubai-live" {
  name          = "Dubai Live Events 🎭"
  reseller      = "acme"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]

  tax_band "standard" {
    rate = 5
  }

  integration "dtcm" {
    mode    = "live"
    api_key = secret("dubai-live/dtcm-api-key")
  }

  integration "refund_protect_group" {
    tax_band = "standard"
  }
}
`,
	"companies/kids.hcl.json": `{"company": {"dubai-kids": {
  "name": "Kids 🎈",
  "reseller": "acme",
  "parent": "dubai-live",
  "permissions": ["manage_integrations"]
}}}
`,
}

// navServer starts a server on navFiles, with the built-in catalog
// written under a cache folder of the test's own.
func navServer(t *testing.T) (*client, string) {
	t.Helper()
	dir := t.TempDir()
	for name, src := range navFiles {
		write(t, filepath.Join(dir, name), src)
	}
	cache := t.TempDir()
	c, _ := startWith(t, Options{Debounce: 10 * time.Millisecond, Load: lang.Options{Cache: &lang.Cache{Dir: cache}}}, []string{dir}, nil, nil)
	c.wait(filepath.Join(dir, "companies/dubai.hcl"), "the portfolio is loaded", func(protocol.PublishDiagnosticsParams) bool { return true })
	return c, dir
}

// pos is the position of the n-th needle in a file of navFiles (UTF-16),
// plus delta bytes.
func pos(t *testing.T, file, needle string, n, delta int) protocol.Position {
	t.Helper()
	text := navFiles[file]
	off := 0
	for i := 0; ; i++ {
		j := strings.Index(text[off:], needle)
		if j < 0 {
			t.Fatalf("%s: %q #%d not found", file, needle, n)
		}
		if i == n {
			return utf16Pos(text, off+j+delta, false)
		}
		off += j + len(needle)
	}
}

func docAt(dir, file string, p protocol.Position) protocol.TextDocumentPositionParams {
	return protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.FromPath(filepath.Join(dir, file))}, Position: p}
}

// covered is the text a location covers, read from its file.
func covered(t *testing.T, loc protocol.Location) string {
	t.Helper()
	path, err := uri.ToPath(loc.URI)
	if err != nil {
		t.Fatal(err)
	}
	text := read(t, path)
	edited := applyEdits(t, text, []protocol.TextEdit{{Range: loc.Range, NewText: "\x00"}})
	i := strings.IndexByte(edited, 0)
	return text[i : i+len(text)-len(edited)+1]
}

func TestNavDefinition(t *testing.T) {
	c, dir := navServer(t)
	for _, tc := range []struct {
		name, file, needle string
		n                  int
		wantFile, wantText string
	}{
		{"reseller after non-ASCII", "companies/dubai.hcl", `"acme"`, 0, "resellers/acme.hcl", `"acme"`},
		{"parent in JSON", "companies/kids.hcl.json", `"dubai-live"`, 0, "companies/dubai.hcl", `"dubai-live"`},
		{"tax band", "companies/dubai.hcl", `"standard"`, 1, "companies/dubai.hcl", `"standard"`},
		{"built-in flag", "companies/dubai.hcl", `"refund_protect_group"`, 0, "", `"refund_protect_group"`},
		{"built-in permission", "companies/kids.hcl.json", `"manage_integrations"`, 0, "", `"manage_integrations"`},
		{"built-in integration type", "companies/dubai.hcl", `"dtcm"`, 0, "", `"dtcm"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var locs []protocol.Location
			c.call("textDocument/definition", docAt(dir, tc.file, pos(t, tc.file, tc.needle, tc.n, 2)), &locs)
			if len(locs) != 1 {
				t.Fatalf("definition: %+v", locs)
			}
			path, _ := uri.ToPath(locs[0].URI)
			if tc.wantFile != "" && path != filepath.Join(dir, tc.wantFile) {
				t.Errorf("in %s, want %s", path, tc.wantFile)
			}
			if tc.wantFile == "" {
				fi, err := os.Stat(path)
				if err != nil || fi.Mode().Perm()&0o222 != 0 || !strings.Contains(path, string(filepath.Separator)+"catalog"+string(filepath.Separator)) {
					t.Errorf("built-in definition in %s (%v): want the read-only catalog under the cache folder", path, err)
				}
			}
			if got := covered(t, locs[0]); got != tc.wantText {
				t.Errorf("covers %q, want %q", got, tc.wantText)
			}
		})
	}
	var none []protocol.Location
	c.call("textDocument/definition", docAt(dir, "companies/dubai.hcl", pos(t, "companies/dubai.hcl", "Dubai Live Events", 0, 2)), &none)
	if none == nil || len(none) != 0 {
		t.Errorf("definition of a display name: %+v, want []", none)
	}
	// From inside the written catalog, which an editor opens read-only.
	var locs []protocol.Location
	c.call("textDocument/definition", docAt(dir, "companies/dubai.hcl", pos(t, "companies/dubai.hcl", `"dtcm"`, 0, 2)), &locs)
	catalog, _ := uri.ToPath(locs[0].URI)
	text := read(t, catalog)
	off := strings.Index(text, `feature_flag = "dtcm"`) + len(`feature_flag = "`)
	var flag []protocol.Location
	c.call("textDocument/definition", protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: locs[0].URI}, Position: utf16Pos(text, off, false)}, &flag)
	if len(flag) != 1 || covered(t, flag[0]) != `"dtcm"` || flag[0].Range.Start.Line == utf16Pos(text, off, false).Line {
		t.Errorf("definition inside the catalog: %+v", flag)
	}
}

func TestNavReferencesAndSymbols(t *testing.T) {
	c, dir := navServer(t)
	var refs []protocol.Location
	p := protocol.ReferenceParams{TextDocumentPositionParams: docAt(dir, "resellers/acme.hcl", pos(t, "resellers/acme.hcl", `"acme"`, 0, 1))}
	p.Context.IncludeDeclaration = true
	c.call("textDocument/references", p, &refs)
	var files []string
	for _, r := range refs {
		path, _ := uri.ToPath(r.URI)
		rel, _ := filepath.Rel(dir, path)
		files = append(files, filepath.ToSlash(rel))
		if covered(t, r) != `"acme"` {
			t.Errorf("reference %+v covers %q", r, covered(t, r))
		}
	}
	slices.Sort(files)
	if !slices.Equal(files, []string{"companies/dubai.hcl", "companies/kids.hcl.json", "resellers/acme.hcl"}) {
		t.Errorf("references in %q", files)
	}

	var syms []protocol.DocumentSymbol
	c.call("textDocument/documentSymbol", protocol.DocumentSymbolParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.FromPath(filepath.Join(dir, "companies/dubai.hcl"))}}, &syms)
	if len(syms) != 1 || syms[0].Name != "dubai-live" || syms[0].Kind != protocol.SymbolClass || len(syms[0].Children) != 3 {
		t.Fatalf("symbols %+v", syms)
	}
	if sel := syms[0].SelectionRange; sel.Start.Line != 1 || sel.Start.Character != 8 {
		t.Errorf("selection range %+v", sel)
	}
	var js []protocol.DocumentSymbol
	c.call("textDocument/documentSymbol", protocol.DocumentSymbolParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.FromPath(filepath.Join(dir, "companies/kids.hcl.json"))}}, &js)
	if len(js) != 1 || js[0].Name != "dubai-kids" || js[0].Range.End.Line != 5 {
		t.Errorf("JSON symbols %+v", js)
	}

	var ws []protocol.SymbolInformation
	c.call("workspace/symbol", protocol.WorkspaceSymbolParams{Query: "dub"}, &ws)
	var names []string
	for _, s := range ws {
		names = append(names, s.Name+"@"+s.ContainerName)
	}
	if !slices.Equal(names, []string{"dubai-kids@acme", "dubai-live@acme"}) {
		t.Errorf("workspace symbols %q", names)
	}
}

func TestNavRename(t *testing.T) {
	c, dir := navServer(t)
	// A reseller, from a reference in a file with non-ASCII text, across
	// native and JSON files.
	file := "companies/dubai.hcl"
	p := docAt(dir, file, pos(t, file, `"acme"`, 0, 3))
	var prep protocol.PrepareRenameResult
	c.call("textDocument/prepareRename", p, &prep)
	if prep.Placeholder != "acme" || prep.Range.Start != pos(t, file, `"acme"`, 0, 1) || prep.Range.End != pos(t, file, `"acme"`, 0, 5) {
		t.Errorf("prepareRename = %+v", prep)
	}
	var edit protocol.WorkspaceEdit
	c.call("textDocument/rename", protocol.RenameParams{TextDocumentPositionParams: p, NewName: "acmé"}, &edit)
	changes := byURI(edit)
	if len(changes) != 3 {
		t.Fatalf("rename edits %d files: %+v", len(changes), edit)
	}
	for u, edits := range changes {
		path, _ := uri.ToPath(u)
		got := applyEdits(t, read(t, path), edits)
		if strings.Contains(got, `"acme"`) || !strings.Contains(got, `"acmé"`) {
			t.Errorf("%s after the rename:\n%s", path, got)
		}
	}
	// A tax band: its block and its reference.
	var tb protocol.WorkspaceEdit
	c.call("textDocument/rename", protocol.RenameParams{TextDocumentPositionParams: docAt(dir, file, pos(t, file, `"standard"`, 0, 2)), NewName: "full"}, &tb)
	edits := byURI(tb)[uri.FromPath(filepath.Join(dir, file))]
	if got := applyEdits(t, navFiles[file], edits); len(edits) != 2 || !strings.Contains(got, `tax_band "full" {`) || !strings.Contains(got, `tax_band = "full"`) {
		t.Errorf("tax band rename: %+v\n%s", tb, got)
	}
	// Refused: built-in IDs, and what is not an ID.
	for _, tc := range []struct{ needle, why string }{
		{`"refund_protect_group"`, "built-in feature flag"},
		{`"manage_integrations"`, "built-in permission"},
		{`"dtcm"`, "integration type"},
		{`name`, "no ID here"},
	} {
		err := c.conn.Call(context.Background(), "textDocument/prepareRename", docAt(dir, file, pos(t, file, tc.needle, 0, 2)), &prep)
		if !isCode(err, protocol.CodeRequestFailed) || !strings.Contains(err.Error(), tc.why) {
			t.Errorf("prepareRename of %s: %v, want %q", tc.needle, err, tc.why)
		}
	}
	err := c.conn.Call(context.Background(), "textDocument/rename", protocol.RenameParams{TextDocumentPositionParams: p, NewName: "ac\u200bme"}, &edit)
	if !isCode(err, protocol.CodeRequestFailed) || !strings.Contains(err.Error(), "Invisible character") {
		t.Errorf("rename to an invisible character: %v", err)
	}
}

// byURI is a workspace edit's edits by document, as either form sends them.
func byURI(e protocol.WorkspaceEdit) map[string][]protocol.TextEdit {
	out := map[string][]protocol.TextEdit{}
	for u, es := range e.Changes {
		out[u] = append(out[u], es...)
	}
	for _, dc := range e.DocumentChanges {
		out[dc.TextDocument.URI] = append(out[dc.TextDocument.URI], dc.Edits...)
	}
	return out
}

func TestNavHover(t *testing.T) {
	c, dir := navServer(t)
	file := "companies/dubai.hcl"
	var h protocol.Hover
	c.call("textDocument/hover", docAt(dir, file, pos(t, file, `integration "dtcm"`, 0, 3)), &h)
	if h.Contents.Kind != protocol.Markdown || !strings.Contains(h.Contents.Value, "✗ **flag on company**") || !strings.Contains(h.Contents.Value, "→ change `companies/dubai.hcl:5:") {
		t.Errorf("hover on the integration block:\n%s", h.Contents.Value)
	}
	if h.Range == nil || h.Range.Start != pos(t, file, `integration "dtcm"`, 0, 0) {
		t.Errorf("hover range %+v", h.Range)
	}
	c.call("textDocument/hover", docAt(dir, file, pos(t, file, "mode", 0, 1)), &h)
	if !strings.Contains(h.Contents.Value, "allowed: `live`, `test`") {
		t.Errorf("hover on an attribute:\n%s", h.Contents.Value)
	}
	c.call("textDocument/hover", docAt(dir, "companies/kids.hcl.json", pos(t, "companies/kids.hcl.json", `"acme"`, 0, 2)), &h)
	if !strings.Contains(h.Contents.Value, "**reseller** `acme`: Acme Tickets") {
		t.Errorf("hover on a JSON reference:\n%s", h.Contents.Value)
	}
	var none *protocol.Hover
	c.call("textDocument/hover", docAt(dir, file, pos(t, file, "Dubai Live Events", 0, 2)), &none)
	if none != nil {
		t.Errorf("hover on a display name: %+v", none)
	}
}

func TestNavCompletion(t *testing.T) {
	c, dir := navServer(t)
	file := "companies/dubai.hcl"
	path := filepath.Join(dir, file)
	// An unsaved buffer that does not parse: the integration block is
	// open and its attribute half typed.
	buf := strings.Replace(navFiles[file], "    mode    = \"live\"\n", "    mo\n", 1)
	buf = strings.Replace(buf, "  integration \"refund_protect_group\" {\n    tax_band = \"standard\"\n  }\n}\n", "", 1)
	c.open(path, buf, 1)
	var list protocol.CompletionList
	c.call("textDocument/completion", docAt(dir, file, utf16Pos(buf, strings.Index(buf, "    mo\n")+6, false)), &list)
	var labels []string
	for _, it := range list.Items {
		labels = append(labels, it.Label)
	}
	if !slices.Equal(labels, []string{"mode"}) {
		t.Fatalf("completion in the integration block: %q", labels)
	}
	it := list.Items[0]
	if it.Kind != protocol.CompletionProperty || it.TextEdit == nil || it.TextEdit.NewText != "mode = " || it.Documentation == nil {
		t.Errorf("item %+v", it)
	}
	if got := applyEdits(t, buf, []protocol.TextEdit{*it.TextEdit}); !strings.Contains(got, "    mode = \n") {
		t.Errorf("applied:\n%s", got)
	}
	// In a JSON value's quotes.
	jf := "companies/kids.hcl.json"
	jbuf := strings.Replace(navFiles[jf], `"parent": "dubai-live"`, `"parent": "dubai-l`, 1)
	c.open(filepath.Join(dir, jf), jbuf, 1)
	c.call("textDocument/completion", docAt(dir, jf, utf16Pos(jbuf, strings.Index(jbuf, "dubai-l")+7, false)), &list)
	if len(list.Items) != 1 || list.Items[0].Label != "dubai-live" || list.Items[0].TextEdit.NewText != "dubai-live" {
		t.Errorf("JSON completion %+v", list.Items)
	}
}

// TestNavBadInput: positions past the end, documents outside the
// portfolio, URIs that are not file:// and malformed parameters get an
// empty answer or an error, never a dead server.
func TestNavBadInput(t *testing.T) {
	c, dir := navServer(t)
	far := docAt(dir, "companies/dubai.hcl", protocol.Position{Line: 99999, Character: 99999})
	for _, m := range []string{"textDocument/hover", "textDocument/definition", "textDocument/completion", "textDocument/references"} {
		var raw any
		c.call(m, far, &raw)
		c.call(m, docAt(dir, "nowhere.hcl", protocol.Position{}), &raw)
		if err := c.conn.Call(context.Background(), m, map[string]any{"textDocument": map[string]any{"uri": "untitled:1"}, "position": map[string]any{"line": 0, "character": 0}}, &raw); err != nil && !isCode(err, -32602) {
			t.Errorf("%s on an untitled document: %v", m, err)
		}
		if err := c.conn.Call(context.Background(), m, map[string]any{"position": "here"}, &raw); !isCode(err, -32602) {
			t.Errorf("%s with bad parameters: %v, want InvalidParams", m, err)
		}
	}
	if err := c.conn.Call(context.Background(), "textDocument/rename", protocol.RenameParams{TextDocumentPositionParams: far, NewName: "x"}, nil); !isCode(err, protocol.CodeRequestFailed) {
		t.Errorf("rename past the end: %v", err)
	}
	var syms []protocol.SymbolInformation
	c.call("workspace/symbol", protocol.WorkspaceSymbolParams{Query: "\x00🎭"}, &syms)
	// The server still answers.
	var h protocol.Hover
	c.call("textDocument/hover", docAt(dir, "companies/dubai.hcl", pos(t, "companies/dubai.hcl", "mode", 0, 1)), &h)
	if !strings.Contains(h.Contents.Value, "mode") {
		t.Errorf("after bad input: %+v", h)
	}
}
