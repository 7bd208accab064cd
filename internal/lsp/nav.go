package lsp

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/sourcegraph/jsonrpc2"

	"github.com/tixcfg/tixcfg/engine"
	"github.com/tixcfg/tixcfg/internal/lsp/protocol"
	"github.com/tixcfg/tixcfg/internal/lsp/uri"
	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/query"
)

// navState holds what navigation needs beside the views: the query
// index of each folder's current view, built on the first request after
// an edit, and where the built-in catalog was written for editors to
// open. Its zero value is ready.
type navState struct {
	mu      sync.Mutex
	indexes map[*engine.View]*query.Index
	once    sync.Once
	builtin string // "" when it could not be written
}

// builtinPath writes the embedded catalog under the cache folder once.
func (s *Server) builtinPath() string {
	s.nav.once.Do(func() {
		dir := ""
		if c := s.opts.Load.Cache; c != nil {
			dir = c.Dir
		} else if d, err := lang.DefaultCacheDir(os.Getenv); err == nil {
			dir = d
		} else {
			dir = filepath.Join(os.TempDir(), "tixcfg")
		}
		p, err := query.WriteBuiltinCatalog(dir)
		if err != nil {
			s.log.Printf("built-in catalog: %v; definitions of built-in IDs are not shown", err)
			return
		}
		s.nav.builtin = p
	})
	return s.nav.builtin
}

// queryIndex returns the index of a view, dropping those of views no
// folder holds any more.
func (s *Server) queryIndex(v *engine.View) *query.Index {
	builtin := s.builtinPath()
	s.nav.mu.Lock()
	defer s.nav.mu.Unlock()
	if ix := s.nav.indexes[v]; ix != nil {
		return ix
	}
	s.mu.Lock()
	live := map[*engine.View]bool{}
	for _, f := range s.folders {
		live[f.view] = true
	}
	s.mu.Unlock()
	for old := range s.nav.indexes {
		if !live[old] {
			delete(s.nav.indexes, old)
		}
	}
	if s.nav.indexes == nil {
		s.nav.indexes = map[*engine.View]*query.Index{}
	}
	ix := query.New(v.Portfolio, v.Result.Analysis)
	ix.BuiltinPath = builtin
	s.nav.indexes[v] = ix
	return ix
}

// navAt is a request's document: its file in a folder's view (or the
// written built-in catalog), the index, and the line index to convert
// positions with.
type navAt struct {
	at
	ix    *query.Index
	idx   *indexes
	lines *lines
}

// navLocate finds the document a request names. engMu is held.
func (s *Server) navLocate(u string) (navAt, bool) {
	s.flushLocked()
	if a, ok := s.locate(u); ok {
		idx := newIndexes(s, a.view)
		return navAt{at: a, ix: s.queryIndex(a.view), idx: idx, lines: idx.of(a.name)}, true
	}
	// The built-in catalog, opened from a definition: any folder's
	// index answers for it.
	path, err := uri.ToPath(u)
	if err != nil || path != s.builtinPath() || path == "" {
		return navAt{}, false
	}
	s.mu.Lock()
	folders := slices.Clone(s.folders)
	s.mu.Unlock()
	for _, f := range folders {
		if f.view != nil {
			return navAt{at: at{f: f, view: f.view, name: path}, ix: s.queryIndex(f.view), idx: newIndexes(s, f.view),
				lines: newLines(lang.BuiltinCatalogSource(), s.utf8)}, true
		}
	}
	return navAt{}, false
}

// location converts a range of the answer: a file of the view, or the
// written built-in catalog.
func (n navAt) location(s *Server, r hcl.Range) (protocol.Location, bool) {
	if r.Filename != "" && r.Filename == n.ix.BuiltinPath {
		return protocol.Location{URI: uri.FromPath(r.Filename), Range: newLines(lang.BuiltinCatalogSource(), s.utf8).rangeOf(r.Start.Byte, r.End.Byte)}, true
	}
	return n.idx.location(r)
}

func (n navAt) locations(s *Server, rs []hcl.Range) []protocol.Location {
	out := []protocol.Location{}
	for _, r := range rs {
		if loc, ok := n.location(s, r); ok {
			out = append(out, loc)
		}
	}
	return out
}

func (s *Server) definition(p protocol.TextDocumentPositionParams) ([]protocol.Location, error) {
	s.engMu.Lock()
	defer s.engMu.Unlock()
	n, ok := s.navLocate(p.TextDocument.URI)
	if !ok {
		return []protocol.Location{}, nil
	}
	decls, _ := n.ix.Definition(n.name, n.lines.offset(p.Position))
	return n.locations(s, decls), nil
}

func (s *Server) references(p protocol.ReferenceParams) ([]protocol.Location, error) {
	s.engMu.Lock()
	defer s.engMu.Unlock()
	n, ok := s.navLocate(p.TextDocument.URI)
	if !ok {
		return []protocol.Location{}, nil
	}
	return n.locations(s, n.ix.References(n.name, n.lines.offset(p.Position), p.Context.IncludeDeclaration)), nil
}

// symbolKind picks the protocol's kind for what an outline entry is.
func symbolKind(k query.Kind, detail string) int {
	switch k {
	case query.KindReseller:
		return protocol.SymbolNamespace
	case query.KindCompany:
		return protocol.SymbolClass
	case query.KindTaxBand:
		return protocol.SymbolConstant
	case query.KindFlag:
		return protocol.SymbolBoolean
	case query.KindPermission:
		return protocol.SymbolKey
	case query.KindIntegrationType:
		if detail == "integration" {
			return protocol.SymbolModule
		}
	}
	return protocol.SymbolStruct
}

func (s *Server) documentSymbol(p protocol.DocumentSymbolParams) ([]protocol.DocumentSymbol, error) {
	s.engMu.Lock()
	defer s.engMu.Unlock()
	n, ok := s.navLocate(p.TextDocument.URI)
	if !ok {
		return []protocol.DocumentSymbol{}, nil
	}
	var conv func([]query.DocSymbol) []protocol.DocumentSymbol
	conv = func(ss []query.DocSymbol) []protocol.DocumentSymbol {
		out := make([]protocol.DocumentSymbol, 0, len(ss))
		for _, d := range ss {
			out = append(out, protocol.DocumentSymbol{Name: d.Name, Detail: d.Detail, Kind: symbolKind(d.Kind, d.Detail),
				Range:          n.lines.rangeOf(d.Range.Start.Byte, d.Range.End.Byte),
				SelectionRange: n.lines.rangeOf(d.SelectionRange.Start.Byte, d.SelectionRange.End.Byte),
				Children:       conv(d.Children)})
		}
		return out
	}
	return conv(n.ix.DocumentSymbols(n.name)), nil
}

// workspaceSymbol searches every folder's portfolio; the first folders'
// matches come first, at most query.DefaultSymbolLimit in all.
func (s *Server) workspaceSymbol(p protocol.WorkspaceSymbolParams) ([]protocol.SymbolInformation, error) {
	s.engMu.Lock()
	defer s.engMu.Unlock()
	s.flushLocked()
	s.mu.Lock()
	folders := slices.Clone(s.folders)
	s.mu.Unlock()
	out := []protocol.SymbolInformation{}
	for _, f := range folders {
		if f.view == nil {
			continue
		}
		n := navAt{ix: s.queryIndex(f.view), idx: newIndexes(s, f.view)}
		for _, ws := range n.ix.WorkspaceSymbols(p.Query, query.DefaultSymbolLimit-len(out)) {
			if loc, ok := n.location(s, ws.SelectionRange); ok {
				out = append(out, protocol.SymbolInformation{Name: ws.Name, Kind: symbolKind(ws.Kind, ""), Location: loc, ContainerName: ws.Container})
			}
		}
		if len(out) >= query.DefaultSymbolLimit {
			break
		}
	}
	return out, nil
}

// refused turns query's refusal into the error the client shows.
func refused(err error) error {
	var re *query.RenameError
	if errors.As(err, &re) {
		return &jsonrpc2.Error{Code: protocol.CodeRequestFailed, Message: re.Msg}
	}
	return err
}

func (s *Server) prepareRename(p protocol.TextDocumentPositionParams) (*protocol.PrepareRenameResult, error) {
	s.engMu.Lock()
	defer s.engMu.Unlock()
	n, ok := s.navLocate(p.TextDocument.URI)
	if !ok {
		return nil, &jsonrpc2.Error{Code: protocol.CodeRequestFailed, Message: "The document is not part of a portfolio."}
	}
	r, id, err := n.ix.PrepareRename(n.name, n.lines.offset(p.Position))
	if err != nil {
		return nil, refused(err)
	}
	return &protocol.PrepareRenameResult{Range: n.lines.rangeOf(r.Start.Byte, r.End.Byte), Placeholder: id}, nil
}

func (s *Server) rename(p protocol.RenameParams) (*protocol.WorkspaceEdit, error) {
	s.engMu.Lock()
	defer s.engMu.Unlock()
	n, ok := s.navLocate(p.TextDocument.URI)
	if !ok {
		return nil, &jsonrpc2.Error{Code: protocol.CodeRequestFailed, Message: "The document is not part of a portfolio."}
	}
	edits, err := n.ix.Rename(n.name, n.lines.offset(p.Position), p.NewName)
	if err != nil {
		return nil, refused(err)
	}
	if len(edits) == 0 {
		return &protocol.WorkspaceEdit{Changes: map[string][]protocol.TextEdit{}}, nil
	}
	edit, ok := s.workspaceEdit(n.view, n.idx, edits)
	if !ok {
		return nil, &jsonrpc2.Error{Code: protocol.CodeRequestFailed, Message: fmt.Sprintf("The rename touches a file outside the portfolio of %s.", n.f.uri)}
	}
	return edit, nil
}

func (s *Server) hover(p protocol.TextDocumentPositionParams) (*protocol.Hover, error) {
	s.engMu.Lock()
	defer s.engMu.Unlock()
	n, ok := s.navLocate(p.TextDocument.URI)
	if !ok {
		return nil, nil
	}
	h, ok := n.ix.Hover(n.name, n.lines.offset(p.Position))
	if !ok {
		return nil, nil
	}
	out := &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: h.Markdown}}
	if h.Range.Filename == n.name {
		r := n.lines.rangeOf(h.Range.Start.Byte, h.Range.End.Byte)
		out.Range = &r
	}
	return out, nil
}

var completionKinds = map[query.CompletionKind]int{
	query.CompleteBlock: protocol.CompletionKeyword, query.CompleteAttribute: protocol.CompletionProperty,
	query.CompleteValue: protocol.CompletionValue, query.CompleteReference: protocol.CompletionReference,
}

// completion answers from the document's text as the engine holds it
// (pending changes are taken first), which need not parse.
func (s *Server) completion(p protocol.TextDocumentPositionParams) (protocol.CompletionList, error) {
	s.engMu.Lock()
	defer s.engMu.Unlock()
	out := protocol.CompletionList{Items: []protocol.CompletionItem{}}
	n, ok := s.navLocate(p.TextDocument.URI)
	if !ok || n.file == nil {
		return out, nil
	}
	for i, it := range n.ix.Complete(n.name, n.file.Src, n.lines.offset(p.Position)) {
		ci := protocol.CompletionItem{Label: it.Label, Kind: completionKinds[it.Kind], Detail: it.Detail,
			SortText: fmt.Sprintf("%04d", i), FilterText: it.Label,
			TextEdit: &protocol.TextEdit{Range: n.lines.rangeOf(it.Replace.Start.Byte, it.Replace.End.Byte), NewText: it.InsertText}}
		if it.Documentation != "" {
			ci.Documentation = &protocol.MarkupContent{Kind: protocol.Markdown, Value: it.Documentation}
		}
		out.Items = append(out.Items, ci)
	}
	return out, nil
}
