package protocol

// TextDocumentPositionParams name a position of a document: what
// definition, hover, prepareRename and completion are asked at.
type TextDocumentPositionParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
	Position     Position               `json:"position"`
}

// ReferenceParams are textDocument/references'.
type ReferenceParams struct {
	TextDocumentPositionParams
	Context struct {
		IncludeDeclaration bool `json:"includeDeclaration"`
	} `json:"context"`
}

// DocumentSymbolParams are textDocument/documentSymbol's.
type DocumentSymbolParams struct {
	TextDocument TextDocumentIdentifier `json:"textDocument"`
}

// Symbol kinds the server uses.
const (
	SymbolModule    = 2
	SymbolNamespace = 3
	SymbolClass     = 5
	SymbolInterface = 11
	SymbolConstant  = 14
	SymbolBoolean   = 17
	SymbolKey       = 20
	SymbolStruct    = 23
)

// DocumentSymbol is one entry of a document's outline.
type DocumentSymbol struct {
	Name           string           `json:"name"`
	Detail         string           `json:"detail,omitempty"`
	Kind           int              `json:"kind"`
	Range          Range            `json:"range"`
	SelectionRange Range            `json:"selectionRange"`
	Children       []DocumentSymbol `json:"children,omitempty"`
}

// WorkspaceSymbolParams are workspace/symbol's.
type WorkspaceSymbolParams struct {
	Query string `json:"query"`
}

// SymbolInformation is a symbol found across the workspace.
type SymbolInformation struct {
	Name          string   `json:"name"`
	Kind          int      `json:"kind"`
	Location      Location `json:"location"`
	ContainerName string   `json:"containerName,omitempty"`
}

// RenameParams are textDocument/rename's.
type RenameParams struct {
	TextDocumentPositionParams
	NewName string `json:"newName"`
}

// PrepareRenameResult is the range a rename would retype and its text.
type PrepareRenameResult struct {
	Range       Range  `json:"range"`
	Placeholder string `json:"placeholder"`
}

// RenameOptions ask for prepareRename.
type RenameOptions struct {
	PrepareProvider bool `json:"prepareProvider"`
}

// MarkupContent is Markdown (or plain text) for the client to render.
type MarkupContent struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

// Markdown is MarkupContent's kind for Markdown.
const Markdown = "markdown"

// Hover is textDocument/hover's answer.
type Hover struct {
	Contents MarkupContent `json:"contents"`
	Range    *Range        `json:"range,omitempty"`
}

// Completion item kinds the server uses.
const (
	CompletionProperty  = 10
	CompletionValue     = 12
	CompletionKeyword   = 14
	CompletionReference = 18
	CompletionModule    = 9
)

// CompletionOptions say when a client asks for completion unprompted.
type CompletionOptions struct {
	TriggerCharacters []string `json:"triggerCharacters,omitempty"`
}

// CompletionItem is one proposal; TextEdit replaces what is typed of it.
type CompletionItem struct {
	Label         string         `json:"label"`
	Kind          int            `json:"kind,omitempty"`
	Detail        string         `json:"detail,omitempty"`
	Documentation *MarkupContent `json:"documentation,omitempty"`
	SortText      string         `json:"sortText,omitempty"`
	FilterText    string         `json:"filterText,omitempty"`
	TextEdit      *TextEdit      `json:"textEdit,omitempty"`
}

// CompletionList is textDocument/completion's answer.
type CompletionList struct {
	IsIncomplete bool             `json:"isIncomplete"`
	Items        []CompletionItem `json:"items"`
}

// CodeRequestFailed is the error code of a request the server
// understood but cannot carry out (a rename it refuses).
const CodeRequestFailed = -32803
