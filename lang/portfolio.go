package lang

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Portfolio is every file of a configuration merged into one model, with
// the effective catalog. Declarations are kept even when their ID repeats
// (the checker reports duplicates); lists are ordered by ID and then by
// file and position, so nothing depends on the order files were read.
type Portfolio struct {
	Files            []*File
	Catalog          *Catalog
	Resellers        []*Reseller
	Companies        []*Company
	FeatureFlags     []*FeatureFlagDecl     // declared by operators
	Permissions      []*PermissionDecl      // declared by operators
	IntegrationTypes []*IntegrationTypeDecl // declared by operators

	resellers map[string]*Reseller
	companies map[string]*Company
	masksMu   sync.Mutex
	masks     map[string][]hcl.Range // computed per file on demand
}

// Load discovers, parses and assembles a portfolio. The error is for
// paths that cannot be read at all; everything else is a diagnostic.
func Load(paths []string, opts Options) (*Portfolio, error) {
	names, err := Discover(paths)
	if err != nil {
		return nil, err
	}
	files, err := LoadFiles(names, opts)
	if err != nil {
		return nil, err
	}
	return Assemble(files), nil
}

// Assemble merges decoded files into a portfolio.
func Assemble(files []*File) *Portfolio {
	files = slices.Clone(files)
	slices.SortFunc(files, func(a, b *File) int { return cmp.Compare(a.Name, b.Name) })
	p := &Portfolio{Files: files, resellers: map[string]*Reseller{}, companies: map[string]*Company{}, masks: map[string][]hcl.Range{}}
	for _, f := range files {
		p.Resellers = append(p.Resellers, f.Resellers...)
		p.Companies = append(p.Companies, f.Companies...)
		p.FeatureFlags = append(p.FeatureFlags, f.FeatureFlags...)
		p.Permissions = append(p.Permissions, f.Permissions...)
		p.IntegrationTypes = append(p.IntegrationTypes, f.IntegrationTypes...)
	}
	sortDecls(p.Resellers, func(r *Reseller) (string, hcl.Range) { return r.ID, r.DefRange })
	sortDecls(p.Companies, func(c *Company) (string, hcl.Range) { return c.ID, c.DefRange })
	sortDecls(p.FeatureFlags, func(f *FeatureFlagDecl) (string, hcl.Range) { return f.ID, f.DefRange })
	sortDecls(p.Permissions, func(f *PermissionDecl) (string, hcl.Range) { return f.ID, f.DefRange })
	sortDecls(p.IntegrationTypes, func(f *IntegrationTypeDecl) (string, hcl.Range) { return f.ID, f.DefRange })
	for _, r := range p.Resellers {
		if _, ok := p.resellers[r.ID]; !ok {
			p.resellers[r.ID] = r
		}
	}
	for _, c := range p.Companies {
		if _, ok := p.companies[c.ID]; !ok {
			p.companies[c.ID] = c
		}
	}
	p.Catalog = BuildCatalog(BuiltinCatalogFile(), p.FeatureFlags, p.Permissions, p.IntegrationTypes)
	for _, r := range p.Resellers {
		for _, in := range r.Integrations {
			in.Def = p.Catalog.Type(in.Type)
		}
	}
	for _, c := range p.Companies {
		for _, in := range c.Integrations {
			in.Def = p.Catalog.Type(in.Type)
		}
	}
	return p
}

func sortDecls[T any](s []T, key func(T) (string, hcl.Range)) {
	slices.SortStableFunc(s, func(a, b T) int {
		ia, ra := key(a)
		ib, rb := key(b)
		return cmp.Or(cmp.Compare(ia, ib), ComparePos(ra, rb))
	})
}

// ComparePos orders ranges by file name, then by start offset.
func ComparePos(a, b hcl.Range) int {
	return cmp.Or(cmp.Compare(a.Filename, b.Filename), cmp.Compare(a.Start.Byte, b.Start.Byte))
}

// Reseller returns the first declaration of a reseller, or nil.
func (p *Portfolio) Reseller(id string) *Reseller { return p.resellers[id] }

// Company returns the first declaration of a company, or nil.
func (p *Portfolio) Company(id string) *Company { return p.companies[id] }

// ResellerOf returns the company's reseller, or nil when unset or unknown.
func (p *Portfolio) ResellerOf(c *Company) *Reseller { return p.resellers[c.Reseller.Str()] }

// ParentOf returns the company's parent, or nil when unset or unknown.
func (p *Portfolio) ParentOf(c *Company) *Company {
	if c.Parent == nil {
		return nil
	}
	return p.companies[c.Parent.Str()]
}

// Diagnostics returns what loading found: syntax errors and the schema
// errors that need no catalog.
func (p *Portfolio) Diagnostics() []Diagnostic {
	var out []Diagnostic
	for _, f := range p.Files {
		out = append(out, f.Diagnostics...)
	}
	return out
}

// File returns the file with that display name, or nil.
func (p *Portfolio) File(name string) *File {
	i, ok := slices.BinarySearchFunc(p.Files, name, func(f *File, n string) int { return cmp.Compare(f.Name, n) })
	if !ok {
		return nil
	}
	return p.Files[i]
}

// Masks returns the ranges of a file that hold literal secret values and
// must never be shown, sorted by position.
// They are worked out when first asked for: only files with findings
// show snippets.
func (p *Portfolio) Masks(filename string) []hcl.Range {
	p.masksMu.Lock()
	defer p.masksMu.Unlock()
	ms, ok := p.masks[filename]
	if !ok {
		if f := p.File(filename); f != nil {
			ms = fileMasks(f)
		}
		p.masks[filename] = ms
	}
	return ms
}

// fileMasks records where literal values of credentials sit in a file. A
// value is masked unless the catalog knows its field as not secret, so a
// misspelt credential name still hides its value.
func fileMasks(f *File) []hcl.Range {
	var masks []hcl.Range
	add := func(t *IntegrationType, attrs Attrs, reseller bool) {
		for _, a := range attrs {
			if a.IsSecret || (t != nil && !t.IsSecretField(a.Name, reseller)) {
				continue
			}
			if a.Value.IsKnown() && !a.Value.IsNull() && a.Value.Type() == cty.Bool {
				continue // true or false gives nothing away, and hiding it hides typos
			}
			masks = append(masks, a.ValueRange)
		}
	}
	for _, r := range f.Resellers {
		for _, in := range r.Integrations {
			t := in.Def
			add(t, in.Attrs, true)
			for _, env := range in.Environments {
				add(t, env.Attrs, true)
			}
		}
	}
	for _, c := range f.Companies {
		for _, in := range c.Integrations {
			add(in.Def, in.Attrs, false)
		}
	}
	// What the loader could not decode (a file that does not parse, a
	// misspelt block type) is masked by name, without the catalog.
	if f.ParseFailed || len(f.Diagnostics) > 0 {
		masks = append(masks, LexicalMasks(f.Name, f.Src)...)
	}
	slices.SortFunc(masks, ComparePos)
	return masks
}

// secretWords mark attribute names whose literal values are hidden in
// files that do not parse, where the catalog cannot be consulted.
var secretWords = []string{"key", "secret", "token", "password", "private", "credential"}

// LexicalMasks finds, without decoding, the literal values of attributes
// whose names sound secret (api_key, client_secret, ...): in native syntax
// `name = "literal"` or a heredoc, in JSON `"name": "literal"`. It is the
// safety net for text the loader could not decode, where the catalog
// cannot say which values are secret.
func LexicalMasks(name string, src []byte) []hcl.Range {
	start := hcl.InitialPos
	if bytes.HasPrefix(src, utf8BOM) {
		src, start = src[len(utf8BOM):], hcl.Pos{Line: 1, Column: 1, Byte: len(utf8BOM)}
	}
	if strings.HasSuffix(name, ".json") {
		return jsonLexicalMasks(name, src, start.Byte)
	}
	toks, _ := hclsyntax.LexConfig(src, name, start)
	var out []hcl.Range
	for i := 0; i+2 < len(toks); i++ {
		if toks[i].Type != hclsyntax.TokenIdent || toks[i+1].Type != hclsyntax.TokenEqual || !secretSounding(string(toks[i].Bytes)) {
			continue
		}
		j := i + 2
		if toks[j].Type != hclsyntax.TokenOQuote && toks[j].Type != hclsyntax.TokenOHeredoc {
			continue
		}
		end := j + 1
		for end < len(toks) && toks[end].Type != hclsyntax.TokenCQuote && toks[end].Type != hclsyntax.TokenCHeredoc && toks[end].Type != hclsyntax.TokenNewline {
			end++
		}
		last := min(end, len(toks)-1)
		out = append(out, hcl.RangeBetween(toks[j].Range, toks[last].Range))
	}
	return out
}

func secretSounding(name string) bool {
	name = strings.ToLower(name)
	return slices.ContainsFunc(secretWords, func(w string) bool { return strings.Contains(name, w) })
}

// jsonLexicalMasks scans JSON text, broken or not, for string values that
// follow a secret-sounding key. Masks are applied by byte offset; lines are
// counted so the ranges sort and print sensibly, columns are not.
func jsonLexicalMasks(name string, src []byte, offset int) []hcl.Range {
	var out []hcl.Range
	key, line, counted := "", 1, 0
	for i := 0; i < len(src); i++ {
		if src[i] != '"' {
			continue
		}
		end := i + 1
		for end < len(src) && src[end] != '"' && src[end] != '\n' {
			if src[end] == '\\' {
				end++
			}
			end++
		}
		end = min(end+1, len(src)) // past the closing quote
		j := end
		for j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\r' || src[j] == '\n') {
			j++
		}
		if j < len(src) && src[j] == ':' {
			key = string(src[i+1 : max(i+1, end-1)])
		} else if secretSounding(key) {
			line += bytes.Count(src[counted:i], []byte("\n"))
			counted = i
			out = append(out, hcl.Range{Filename: name,
				Start: hcl.Pos{Line: line, Column: 1, Byte: offset + i}, End: hcl.Pos{Line: line, Column: 1, Byte: offset + end}})
			key = ""
		}
		i = end - 1
	}
	return out
}

// Source returns the text of a file of the portfolio (or of the built-in
// catalog), for snippets; nil when unknown.
func (p *Portfolio) Source(filename string) []byte {
	if filename == BuiltinCatalogName {
		return builtinCatalogSrc
	}
	if f := p.File(filename); f != nil {
		return f.Src
	}
	return nil
}
