package query

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/mtibben/confusables"

	"github.com/tixcfg/tixcfg/lang"
)

// renamable are the kinds whose IDs the operator owns. An integration
// type's ID is the platform's: renaming it would not rename the
// integration.
var renamable = map[Kind]bool{KindReseller: true, KindCompany: true, KindFlag: true, KindPermission: true, KindTaxBand: true}

// RenameError says why a position cannot be renamed or a name not used.
type RenameError struct{ Msg string }

func (e *RenameError) Error() string { return e.Msg }

func refuse(format string, args ...any) error {
	return &RenameError{Msg: fmt.Sprintf(format, args...)}
}

// PrepareRename returns the ID at a position and the range an editor
// lets the user retype (the ID without its quotes), or why it cannot be
// renamed: not an ID, an integration type, or built in.
func (ix *Index) PrepareRename(file string, offset int) (hcl.Range, string, error) {
	o, err := ix.renameTarget(file, offset)
	if err != nil {
		return hcl.Range{}, "", err
	}
	return inner(ix.source(file), o.Range), o.ID, nil
}

func (ix *Index) renameTarget(file string, offset int) (Occurrence, error) {
	o, ok := ix.At(file, offset)
	if !ok {
		return o, refuse("There is no ID here to rename.")
	}
	if !renamable[o.Kind] {
		return o, refuse("%q is an integration type: its ID is the platform's and cannot be renamed here.", o.ID)
	}
	if ix.builtin(o.Symbol) {
		return o, refuse("%q is a built-in %s of the catalog and cannot be renamed.", o.ID, kindWords[o.Kind])
	}
	decl := false
	for _, d := range ix.Occurrences(o.Symbol) {
		decl = decl || d.Decl
	}
	if !decl {
		return o, refuse("%q is not declared anywhere (unknown-reference reports it); rename what it should refer to instead.", o.ID)
	}
	return o, nil
}

var kindWords = map[Kind]string{KindReseller: "reseller", KindCompany: "company", KindFlag: "feature flag",
	KindPermission: "permission", KindTaxBand: "tax band", KindIntegrationType: "integration type"}

// builtin reports whether the catalog's built-in declarations hold s.
func (ix *Index) builtin(s Symbol) bool {
	c := ix.Portfolio.Catalog
	switch s.Kind {
	case KindFlag:
		f := c.Flag(s.ID)
		return f != nil && f.Builtin
	case KindPermission:
		pm := c.Permission(s.ID)
		return pm != nil && pm.Builtin
	case KindIntegrationType:
		t := c.Type(s.ID)
		return t != nil && t.Builtin
	}
	return false
}

// Rename returns the edits that rename the ID at a position to name in
// every file: its declarations and every reference. The name must be one
// the loader accepts as an ID and not be taken by another of the same
// kind (in a tax band's company, for a tax band).
func (ix *Index) Rename(file string, offset int, name string) ([]lang.Edit, error) {
	o, err := ix.renameTarget(file, offset)
	if err != nil {
		return nil, err
	}
	if name == o.ID {
		return nil, nil
	}
	// The model of a file that does not parse is cut short where it
	// stops: a reference after that point would be left behind.
	for _, f := range ix.Portfolio.Files {
		if f.ParseFailed {
			return nil, refuse("%s does not parse, so a rename could miss what it holds; fix its syntax first.", f.Name)
		}
	}
	if err := validID(name); err != nil {
		return nil, err
	}
	if ix.taken(Symbol{o.Kind, name, o.Scope}) {
		return nil, refuse("A %s %q exists already; renaming would merge the two.", kindWords[o.Kind], name)
	}
	if other, ok := ix.lookalike(o.Symbol, name); ok {
		return nil, refuse("%q looks like the %s %q but is not the same ID (confusable-id would report it); pick a name that reads differently.", name, kindWords[o.Kind], other)
	}
	var edits []lang.Edit
	for _, occ := range ix.Occurrences(o.Symbol) {
		if occ.Builtin {
			continue
		}
		src := ix.Portfolio.Source(occ.Range.Filename)
		f := ix.Portfolio.File(occ.Range.Filename)
		e, err := spell(src, occ.Range, name, f != nil && f.JSON)
		if err != nil {
			return nil, err
		}
		edits = append(edits, e)
	}
	lang.SortEdits(edits)
	for i := 1; i < len(edits); i++ {
		if edits[i].Overlaps(edits[i-1]) {
			return nil, refuse("Two occurrences of %q overlap at %s; the file needs fixing first.", o.ID, lang.Location(edits[i].Range))
		}
	}
	return edits, nil
}

// taken reports whether an ID is declared, built in or by the portfolio.
func (ix *Index) taken(s Symbol) bool {
	p := ix.Portfolio
	switch s.Kind {
	case KindReseller:
		return p.Reseller(s.ID) != nil
	case KindCompany:
		return p.Company(s.ID) != nil
	case KindFlag:
		return p.Catalog.Flag(s.ID) != nil
	case KindPermission:
		return p.Catalog.Permission(s.ID) != nil
	case KindTaxBand:
		for _, c := range p.Companies {
			if c.ID == s.Scope && c.TaxBand(s.ID) != nil {
				return true
			}
		}
	}
	return false
}

// lookalike returns an ID of s's kind and scope, other than s itself,
// that prints like name: the same skeleton by Unicode's confusable
// detection (UTS #39), as the confusable-id rule compares them.
func (ix *Index) lookalike(s Symbol, name string) (string, bool) {
	p := ix.Portfolio
	var ids []string
	switch s.Kind {
	case KindReseller:
		for _, r := range p.Resellers {
			ids = append(ids, r.ID)
		}
	case KindCompany:
		for _, c := range p.Companies {
			ids = append(ids, c.ID)
		}
	case KindFlag:
		for _, f := range p.Catalog.Flags {
			ids = append(ids, f.ID)
		}
	case KindPermission:
		for _, pm := range p.Catalog.Permissions {
			ids = append(ids, pm.ID)
		}
	case KindTaxBand:
		if c := p.Company(s.Scope); c != nil {
			for _, tb := range c.TaxBands {
				ids = append(ids, tb.ID)
			}
		}
	}
	sk := confusables.Skeleton(name)
	for _, id := range ids {
		if id != s.ID && confusables.Skeleton(id) == sk {
			return id, true
		}
	}
	return "", false
}

// validID refuses a name the loader would not take as the same ID: it
// decodes a block labelled with it, so the loader's own rules (no
// control, zero-width or format characters) decide.
func validID(name string) error {
	if strings.TrimSpace(name) == "" {
		return refuse("The new name is empty.")
	}
	if strings.TrimSpace(name) != name {
		return refuse("The new name %q starts or ends with white space.", name)
	}
	f := lang.ParseFile("rename.hcl", []byte("reseller "+hclQuote(name)+" {}\n"))
	for _, d := range f.Diagnostics {
		return refuse("%q is not a valid ID: %s. %s", name, d.Summary, d.Detail)
	}
	if len(f.Resellers) != 1 || f.Resellers[0].ID != name {
		return refuse("%q is not a valid ID.", name)
	}
	return nil
}

// hclQuote writes s as a native-syntax string literal: only what HCL
// would read as an escape or a template is escaped.
func hclQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "${", "$${", "%{", "%%{", "\n", `\n`, "\r", `\r`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}

// spell is the edit that writes name over the occurrence at r: inside the
// quotes when it is quoted (JSON or native), bare when it was written as
// a bare identifier and name is one too.
func spell(src []byte, r hcl.Range, name string, isJSON bool) (lang.Edit, error) {
	if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte >= r.End.Byte {
		return lang.Edit{}, refuse("The occurrence at %s lies outside its file.", lang.Location(r))
	}
	text := src[r.Start.Byte:r.End.Byte]
	quoted := len(text) >= 2 && text[0] == '"' && text[len(text)-1] == '"'
	switch {
	case quoted && isJSON:
		b, _ := json.Marshal(name)
		return lang.Edit{Range: inner(src, r), NewText: string(b[1 : len(b)-1])}, nil
	case quoted:
		q := hclQuote(name)
		return lang.Edit{Range: inner(src, r), NewText: q[1 : len(q)-1]}, nil
	case !isJSON && hclsyntax.ValidIdentifier(string(text)):
		if hclsyntax.ValidIdentifier(name) {
			return lang.Edit{Range: r, NewText: name}, nil
		}
		return lang.Edit{Range: r, NewText: hclQuote(name)}, nil
	}
	return lang.Edit{}, refuse("The ID at %s is not written as a plain string; rename it by hand.", lang.Location(r))
}

// inner is r without its quotes when src quotes it there.
func inner(src []byte, r hcl.Range) hcl.Range {
	if r.Start.Byte < 0 || r.End.Byte > len(src) || r.End.Byte-r.Start.Byte < 2 {
		return r
	}
	if src[r.Start.Byte] != '"' || src[r.End.Byte-1] != '"' {
		return r
	}
	// A quote is one byte and one column, and a string literal one line.
	out := r
	out.Start.Byte, out.Start.Column = r.Start.Byte+1, r.Start.Column+1
	out.End.Byte, out.End.Column = r.End.Byte-1, r.End.Column-1
	return out
}
