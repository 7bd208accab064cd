package lsp

import (
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/engine"
	"github.com/tixcfg/tixcfg/internal/lsp/protocol"
	"github.com/tixcfg/tixcfg/internal/lsp/uri"
	"github.com/tixcfg/tixcfg/lang"
)

// publish sends the findings of every file whose findings differ between
// two views of a folder, and of the files in force (the documents just
// edited, whose version must follow). A nil old view is a folder just
// opened: files without findings need no publish then. It returns the
// number of files published. engMu is held.
func (s *Server) publish(f *folder, old, cur *engine.View, force map[string]bool) int {
	idx := newIndexes(s, cur)
	n := 0
	for _, name := range engine.Affected(old, cur) {
		if old == nil && len(cur.Diagnostics(name)) == 0 && !force[name] {
			continue
		}
		s.publishFile(f, old, cur, name, idx)
		delete(force, name)
		n++
	}
	for _, name := range sortedKeys(force) {
		s.publishFile(f, old, cur, name, idx)
		n++
	}
	return n
}

func (s *Server) publishFile(f *folder, old, cur *engine.View, name string, idx *indexes) {
	path := cur.Path(name)
	if path == "" && old != nil {
		path = old.Path(name)
	}
	if path == "" {
		return
	}
	path, _ = filepath.Abs(path)
	u, version := s.docURI(f, path)
	ds := cur.Diagnostics(name)
	out := make([]protocol.Diagnostic, 0, len(ds))
	for _, d := range ds {
		out = append(out, s.toDiagnostic(d, idx))
	}
	f.shown[u] = len(out) > 0
	s.notify("textDocument/publishDiagnostics", protocol.PublishDiagnosticsParams{URI: u, Version: version, Diagnostics: out})
}

// docURI is the URI of a file as the client spells it: an open
// document's own, else the folder's URI joined with the relative path. The
// version is the open document's the engine holds, or nil.
func (s *Server) docURI(f *folder, path string) (string, *int32) {
	s.mu.Lock()
	d := s.docs[path]
	var version *int32
	if d != nil && d.applied >= 0 {
		v := d.applied
		version = &v
	}
	s.mu.Unlock()
	if d != nil {
		return d.uri, version
	}
	if rel, err := filepath.Rel(f.path, path); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return uri.Join(f.uri, rel), nil
	}
	return uri.FromPath(path), nil
}

// indexes are the line indexes of one view's files, built as needed.
type indexes struct {
	s     *Server
	view  *engine.View
	lines map[string]*lines
}

func newIndexes(s *Server, v *engine.View) *indexes {
	return &indexes{s: s, view: v, lines: map[string]*lines{}}
}

// of returns the index of the file with that display name, or nil.
func (x *indexes) of(name string) *lines {
	if l, ok := x.lines[name]; ok {
		return l
	}
	var l *lines
	if file := x.view.Portfolio.File(name); file != nil {
		l = newLines(file.Src, x.s.utf8)
	}
	x.lines[name] = l
	return l
}

// location is a range of the view as the client names it.
func (x *indexes) location(r hcl.Range) (protocol.Location, bool) {
	l := x.of(r.Filename)
	if l == nil {
		return protocol.Location{}, false
	}
	path, _ := filepath.Abs(x.view.Path(r.Filename))
	var f *folder
	x.s.mu.Lock()
	for _, g := range x.s.folders {
		if within(g.path, path) {
			f = g
			break
		}
	}
	x.s.mu.Unlock()
	var u string
	if f != nil {
		u, _ = x.s.docURI(f, path)
	} else {
		u = uri.FromPath(path)
	}
	return protocol.Location{URI: u, Range: l.rangeOf(r.Start.Byte, r.End.Byte)}, true
}

// toDiagnostic converts a finding. Its summary and detail are the ones
// every output prints, which never hold a secret value: the loader masks
// them, and no snippet of source is sent.
func (s *Server) toDiagnostic(d lang.Diagnostic, idx *indexes) protocol.Diagnostic {
	out := protocol.Diagnostic{Code: d.Rule, Source: "tixcfg", Message: d.Summary}
	if d.Detail != "" {
		out.Message += "\n\n" + d.Detail
	}
	if l := idx.of(d.Subject.Filename); l != nil {
		out.Range = l.rangeOf(d.Subject.Start.Byte, d.Subject.End.Byte)
	}
	sev := d.Severity
	r := checker.Lookup(d.Rule)
	if r != nil {
		out.CodeDescription = &protocol.CodeDescription{Href: r.URL}
		if sev == 0 {
			sev = r.Severity
		}
	}
	switch sev {
	case lang.Error:
		out.Severity = protocol.SeverityError
	case lang.Warning:
		out.Severity = protocol.SeverityWarning
	default:
		out.Severity = protocol.SeverityInformation
	}
	for _, rel := range d.Related {
		if loc, ok := idx.location(rel.Range); ok {
			out.RelatedInformation = append(out.RelatedInformation, protocol.DiagnosticRelatedInformation{Location: loc, Message: rel.Message})
		}
	}
	return out
}
