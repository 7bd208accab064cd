package lsp

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aymanbagabas/go-udiff"

	"github.com/tixcfg/tixcfg/engine"
	"github.com/tixcfg/tixcfg/format"
	"github.com/tixcfg/tixcfg/internal/lsp/protocol"
	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

// at is an open or portfolio file as the engine holds it, with the
// folder and view it was found in.
type at struct {
	f    *folder
	view *engine.View
	name string
	file *lang.File
}

// locate finds the file a request names in the folders' current views.
// engMu is held and pending changes are flushed, so that the view holds
// the text of the document's current version.
func (s *Server) locate(u string) (at, bool) {
	path, err := s.docPath(u)
	if err != nil {
		return at{}, false
	}
	s.mu.Lock()
	folders := slices.Clone(s.folders)
	d := s.docs[path]
	s.mu.Unlock()
	for _, f := range folders {
		if f.ws == nil || f.view == nil || !f.ws.Contains(path) {
			continue
		}
		name := lang.DisplayName(f.path, path)
		file := f.view.Portfolio.File(name)
		if file == nil {
			continue
		}
		if d != nil && !bytes.Equal(d.text, file.Src) {
			return at{}, false // the engine did not take the buffer
		}
		return at{f: f, view: f.view, name: name, file: file}, true
	}
	return at{}, false
}

// wants reports whether a code action of kind is asked for: "only" lists
// kinds whose sub-kinds count too (source covers source.fixAll.tixcfg).
func wants(only []string, kind string) bool {
	if len(only) == 0 {
		return true
	}
	return slices.ContainsFunc(only, func(o string) bool { return kind == o || strings.HasPrefix(kind, o+".") })
}

// unsuppressible are the rules a tixcfg:ignore comment cannot silence or
// that are about the comments themselves.
var unsuppressible = []string{ruleid.Syntax, ruleid.UnusedIgnore, ruleid.IgnoreReason}

func (s *Server) codeAction(p protocol.CodeActionParams) ([]protocol.CodeAction, error) {
	s.engMu.Lock()
	defer s.engMu.Unlock()
	s.flushLocked()
	out := []protocol.CodeAction{}
	a, ok := s.locate(p.TextDocument.URI)
	if !ok {
		return out, nil
	}
	idx := newIndexes(s, a.view)
	l := idx.of(a.name)
	from, to := l.offset(p.Range.Start), l.offset(p.Range.End)
	if wants(p.Context.Only, protocol.QuickFix) {
		for _, d := range a.view.Diagnostics(a.name) {
			if d.Subject.Start.Byte > to || d.Subject.End.Byte < from {
				continue
			}
			pd := s.toDiagnostic(d, idx)
			for i, fix := range d.Fixes {
				edit, ok := s.workspaceEdit(a.view, idx, fix.Edits)
				if !ok {
					continue
				}
				title := fix.Message
				if fix.Safety == lang.Review {
					title += " (review)"
				}
				out = append(out, protocol.CodeAction{Title: title, Kind: protocol.QuickFix, Diagnostics: []protocol.Diagnostic{pd}, IsPreferred: i == 0, Edit: edit})
			}
			if slices.Contains(unsuppressible, d.Rule) {
				continue
			}
			if edit, ok := s.workspaceEdit(a.view, idx, []lang.Edit{suppression(a.file, d)}); ok {
				out = append(out, protocol.CodeAction{Title: "Suppress " + d.Rule + " with # tixcfg:ignore", Kind: protocol.QuickFix, Diagnostics: []protocol.Diagnostic{pd}, Edit: edit})
			}
		}
	}
	if wants(p.Context.Only, protocol.SourceFixAll) {
		if action, ok := s.fixAll(a, idx); ok {
			out = append(out, action)
		}
	}
	return out, nil
}

// suppression inserts "# tixcfg:ignore RULE -- " on its own line above the
// finding's, indented as that line is; the reason is left for the person
// to write, and ignore-reason reports it until they do.
func suppression(file *lang.File, d lang.Diagnostic) lang.Edit {
	src := file.Src
	start := min(d.Subject.Start.Byte, len(src))
	lineStart := bytes.LastIndexByte(src[:start], '\n') + 1
	indent := lineStart
	for indent < len(src) && (src[indent] == ' ' || src[indent] == '\t') {
		indent++
	}
	eol := "\n"
	if nl := bytes.IndexByte(src[lineStart:], '\n'); nl > 0 && src[lineStart+nl-1] == '\r' {
		eol = "\r\n"
	}
	text := string(src[lineStart:indent]) + "# tixcfg:ignore " + d.Rule + " -- " + eol
	return lang.Edit{Range: lang.Deletion(file.Name, src, lineStart, lineStart).Range, NewText: text}
}

// fixAll is the first safe fix of each of the file's findings that edits
// only this file, as the first round of `tixcfg fix` chooses them (a fix
// that overlaps one taken waits for the next save): what fix-on-save runs.
// Only the fixes' own edits are sent, which the checker has made sure
// never write a secret value.
func (s *Server) fixAll(a at, idx *indexes) (protocol.CodeAction, bool) {
	if a.file.JSON || a.file.ParseFailed {
		return protocol.CodeAction{}, false
	}
	taken := safeEdits(a.name, a.view.Diagnostics(a.name))
	if len(taken) == 0 {
		return protocol.CodeAction{}, false
	}
	edit, ok := s.workspaceEdit(a.view, idx, taken)
	if !ok {
		return protocol.CodeAction{}, false
	}
	return protocol.CodeAction{Title: "Fix all safe tixcfg findings", Kind: protocol.SourceFixAll, Edit: edit}, true
}

// safeEdits chooses, for each finding in order, its first safe fix whose
// edits all lie in the file name and overlap no fix already chosen.
func safeEdits(name string, ds []lang.Diagnostic) []lang.Edit {
	var taken []lang.Edit
	for _, d := range ds {
		for _, fix := range d.Fixes {
			if fix.Safety != lang.Safe {
				continue
			}
			if slices.ContainsFunc(fix.Edits, func(e lang.Edit) bool {
				return e.Range.Filename != name || slices.ContainsFunc(taken, e.Overlaps)
			}) {
				continue
			}
			taken = append(taken, fix.Edits...)
			break
		}
	}
	return taken
}

// diffEdits are the smallest edits that turn the file's text into src, so
// that an editor keeps the cursor and marks outside them.
func diffEdits(file *lang.File, src []byte) []lang.Edit {
	var out []lang.Edit
	for _, e := range udiff.Bytes(file.Src, src) {
		ed := lang.Deletion(file.Name, file.Src, e.Start, e.End)
		ed.NewText = e.New
		out = append(out, ed)
	}
	return out
}

// workspaceEdit converts edits of the view's files, grouped by file. ok
// is false when an edit names a file the view does not hold.
func (s *Server) workspaceEdit(v *engine.View, idx *indexes, edits []lang.Edit) (*protocol.WorkspaceEdit, bool) {
	edits = slices.Clone(edits)
	lang.SortEdits(edits)
	byURI := map[string][]protocol.TextEdit{}
	var order []string
	versions := map[string]*int32{}
	for _, e := range edits {
		l := idx.of(e.Range.Filename)
		if l == nil {
			return nil, false
		}
		loc, _ := idx.location(e.Range)
		if _, seen := byURI[loc.URI]; !seen {
			order = append(order, loc.URI)
			path, _ := filepath.Abs(v.Path(e.Range.Filename))
			s.mu.Lock()
			if d := s.docs[path]; d != nil {
				ver := d.version
				versions[loc.URI] = &ver
			}
			s.mu.Unlock()
		}
		byURI[loc.URI] = append(byURI[loc.URI], protocol.TextEdit{Range: loc.Range, NewText: e.NewText})
	}
	if len(order) == 0 {
		return nil, false
	}
	s.mu.Lock()
	docChanges := s.docChanges
	s.mu.Unlock()
	if !docChanges {
		return &protocol.WorkspaceEdit{Changes: byURI}, true
	}
	out := &protocol.WorkspaceEdit{}
	for _, u := range order {
		out.DocumentChanges = append(out.DocumentChanges, protocol.TextDocumentEdit{
			TextDocument: protocol.OptionalVersionedTextDocumentIdentifier{URI: u, Version: versions[u]},
			Edits:        byURI[u],
		})
	}
	return out, true
}

// formatting lays the document out as `tixcfg fmt` would. A document that
// does not parse, or is in JSON syntax, gets no edits: fmt leaves those
// files as they are too.
func (s *Server) formatting(p protocol.DocumentFormattingParams) ([]protocol.TextEdit, error) {
	path, err := s.docPath(p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	out := []protocol.TextEdit{}
	s.mu.Lock()
	d := s.docs[path]
	var src []byte
	if d != nil {
		src = d.text
	}
	s.mu.Unlock()
	if d == nil || strings.HasSuffix(path, ".hcl.json") {
		return out, nil
	}
	formatted, diags := format.Source(filepath.Base(path), src)
	if formatted == nil {
		s.log.Printf("textDocument/formatting: %s does not parse (%d syntax errors); left as it is", p.TextDocument.URI, len(diags))
		return out, nil
	}
	file := &lang.File{Name: filepath.Base(path), Src: src}
	l := newLines(src, s.utf8)
	for _, e := range diffEdits(file, formatted) {
		out = append(out, protocol.TextEdit{Range: l.rangeOf(e.Range.Start.Byte, e.Range.End.Byte), NewText: e.NewText})
	}
	return out, nil
}
