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

	resellers index[Reseller]
	companies index[Company]
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

// Assemble merges decoded files into a portfolio. It resolves the
// integration blocks of files fresh from the loader in place; a file
// assembled before against another catalog is copied instead, so that the
// earlier portfolio, which may still be read, never sees it change.
func Assemble(files []*File) *Portfolio {
	p := assemble(files, nil)
	if !slices.ContainsFunc(p.Files, func(f *File) bool { return resolvedElsewhere(f, p.Catalog) }) {
		for _, f := range p.Files {
			resolveDefs(f, p.Catalog)
		}
		return p
	}
	return reassemble(p)
}

// reassemble is p assembled again from copies of its files wherever their
// blocks' types are not p's catalog's.
func reassemble(p *Portfolio) *Portfolio {
	copies := make([]*File, len(p.Files))
	for i, f := range p.Files {
		copies[i] = withDefs(f, p.Catalog)
	}
	return assemble(copies, p.Catalog)
}

// assemble merges files into a portfolio with the catalog given (nil: the
// one their declarations make), leaving their blocks unresolved.
func assemble(files []*File, cat *Catalog) *Portfolio {
	files = slices.Clone(files)
	slices.SortFunc(files, func(a, b *File) int { return cmp.Compare(a.Name, b.Name) })
	p := &Portfolio{Files: files, resellers: index[Reseller]{base: map[string]*Reseller{}}, companies: index[Company]{base: map[string]*Company{}}, masks: map[string][]hcl.Range{}}
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
		if _, ok := p.resellers.base[r.ID]; !ok {
			p.resellers.base[r.ID] = r
		}
	}
	for _, c := range p.Companies {
		if _, ok := p.companies.base[c.ID]; !ok {
			p.companies.base[c.ID] = c
		}
	}
	p.Catalog = cat
	if cat == nil {
		p.Catalog = BuildCatalog(BuiltinCatalogFile(), p.FeatureFlags, p.Permissions, p.IntegrationTypes)
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
func (p *Portfolio) Reseller(id string) *Reseller { return p.resellers.get(id) }

// Company returns the first declaration of a company, or nil.
func (p *Portfolio) Company(id string) *Company { return p.companies.get(id) }

// ResellerOf returns the company's reseller, or nil when unset or unknown.
func (p *Portfolio) ResellerOf(c *Company) *Reseller { return p.resellers.get(c.Reseller.Str()) }

// ParentOf returns the company's parent, or nil when unset or unknown.
func (p *Portfolio) ParentOf(c *Company) *Company {
	if c.Parent == nil {
		return nil
	}
	return p.companies.get(c.Parent.Str())
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

// FileNames lists the files by name, in order.
func (p *Portfolio) FileNames() []string {
	names := make([]string, len(p.Files))
	for i, f := range p.Files {
		names[i] = f.Name
	}
	return names
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
			ms = p.fileMasks(f)
		}
		p.masks[filename] = ms
	}
	return ms
}

// fileMasks records where literal values of credentials sit in a file. A
// value is masked unless the catalog knows its field as not secret, so a
// misspelt credential name still hides its value.
func (p *Portfolio) fileMasks(f *File) []hcl.Range {
	// plain holds the values judged not secret, which the lexical safety
	// net below need not hide.
	var masks, plain []hcl.Range
	add := func(t *IntegrationType, attrs Attrs, reseller bool) {
		for _, a := range attrs {
			if a.IsSecret || (t != nil && !t.IsSecretField(a.Name, reseller)) {
				plain = append(plain, a.ValueRange)
				continue
			}
			if a.Literal(cty.Bool) {
				plain = append(plain, a.ValueRange)
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
	// A default declared for a secret field is a literal secret too (the
	// schema rule refuses it; it must not show while it says so).
	for _, t := range f.IntegrationTypes {
		if t.Company == nil {
			continue
		}
		for _, fd := range t.Company.Settings {
			if def := fd.Attrs.Get("default"); def != nil && fd.Attrs.Get("secret").Bool() {
				masks = append(masks, def.ValueRange)
			}
		}
	}
	// What the loader could not decode (a file that does not parse, a
	// duplicate attribute, a misspelt block type) is masked without the
	// model: every value inside an integration block, and elsewhere the
	// values of names the effective catalog or the wording marks secret.
	if f.ParseFailed || len(f.Diagnostics) > 0 {
		slices.SortFunc(plain, ComparePos)
		for _, m := range lexicalMasks(f.Name, f.Src, p.Catalog, true) {
			if !within(plain, m) {
				masks = append(masks, m)
			}
		}
	}
	slices.SortFunc(masks, ComparePos)
	return masks
}

// within reports whether m lies inside one of the ranges, which are sorted
// and do not overlap (attribute values).
func within(ranges []hcl.Range, m hcl.Range) bool {
	i, _ := slices.BinarySearchFunc(ranges, m.Start.Byte, func(r hcl.Range, b int) int { return cmp.Compare(r.Start.Byte, b) })
	if i < len(ranges) && ranges[i].Start.Byte == m.Start.Byte {
		return m.End.Byte <= ranges[i].End.Byte
	}
	return i > 0 && m.End.Byte <= ranges[i-1].End.Byte
}

// secretWords mark attribute names whose literal values are hidden in
// text the loader did not decode, beside the catalog's secret fields.
var secretWords = []string{"key", "secret", "token", "password", "private", "credential"}

// LexicalMasks finds, without decoding, the literal values of attributes
// whose names are secret: a secret field of cat (nil: the built-in
// catalog), a name that sounds secret (api_key, client_secret, ...), or a
// setting's default. In native syntax it masks the whole expression after
// `name =`, in JSON the value after `"name":`. It is the safety net for
// text the loader did not decode into the model.
func LexicalMasks(name string, src []byte, cat *Catalog) []hcl.Range {
	return lexicalMasks(name, src, cat, false)
}

// lexicalMasks is LexicalMasks; with inIntegrations it also masks every
// value inside an integration block (bare true and false aside), for text
// where the loader failed and the field a value belongs to is in doubt.
func lexicalMasks(name string, src []byte, cat *Catalog, inIntegrations bool) []hcl.Range {
	if cat == nil {
		cat = builtinCatalog()
	}
	secret := func(attr string) bool { return attr == "default" || secretSounding(attr) || cat.secretName(attr) }
	start := hcl.InitialPos
	if bytes.HasPrefix(src, utf8BOM) {
		src, start = src[len(utf8BOM):], hcl.Pos{Line: 1, Column: 1, Byte: len(utf8BOM)}
	}
	if strings.HasSuffix(name, ".json") {
		return jsonLexicalMasks(name, src, start.Byte, secret, inIntegrations)
	}
	toks, _ := hclsyntax.LexConfig(src, name, start)
	inside := integrationTokens(toks)
	var out []hcl.Range
	for i := 0; i+2 < len(toks); i++ {
		if toks[i].Type != hclsyntax.TokenIdent || toks[i+1].Type != hclsyntax.TokenEqual {
			continue
		}
		if !secret(string(toks[i].Bytes)) && !(inIntegrations && inside[i]) {
			continue
		}
		j := i + 2
		last := expressionEnd(toks, j)
		if last < j {
			continue
		}
		if toks[j].Type == hclsyntax.TokenIdent && string(toks[j].Bytes) == "secret" && j+1 < last && toks[j+1].Type == hclsyntax.TokenOParen && toks[last].Type == hclsyntax.TokenCParen {
			i = last
			continue // a reference to the secret store, not a secret
		}
		if last == j && toks[j].Type == hclsyntax.TokenIdent && !secret(string(toks[i].Bytes)) {
			if w := string(toks[j].Bytes); w == "true" || w == "false" {
				continue // gives nothing away, as in fileMasks
			}
		}
		out = append(out, hcl.RangeBetween(toks[j].Range, toks[last].Range))
		i = last
	}
	return out
}

// expressionEnd returns the index of the last token of the expression
// that starts at toks[j]: up to the end of its line, or of the brackets
// it opens, whichever comes later; j-1 when there is none. A bracket that
// is never closed runs to the end of the file: better too much hidden.
func expressionEnd(toks hclsyntax.Tokens, j int) int {
	depth, last := 0, j-1
	for k := j; k < len(toks); k++ {
		switch toks[k].Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			depth++
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen, hclsyntax.TokenTemplateSeqEnd:
			if depth == 0 {
				return last // the end of the enclosing block, on the same line
			}
			depth--
		case hclsyntax.TokenNewline, hclsyntax.TokenEOF:
			if depth == 0 {
				return last
			}
			continue
		case hclsyntax.TokenComment:
			if depth == 0 {
				return last
			}
			continue
		}
		last = k
	}
	return last
}

// integrationTokens marks the tokens that sit inside an `integration`
// block (at any depth), by the block headers the lexer shows: an
// identifier that starts a line and reaches a "{" without an "=".
func integrationTokens(toks hclsyntax.Tokens) []bool {
	inside := make([]bool, len(toks))
	var stack []bool
	lineStart, header := true, ""
	for k, tok := range toks {
		cur := len(stack) > 0 && stack[len(stack)-1]
		inside[k] = cur
		switch tok.Type {
		case hclsyntax.TokenOBrace:
			stack = append(stack, cur || header == "integration")
			header = ""
		case hclsyntax.TokenCBrace:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			header = ""
		case hclsyntax.TokenEqual:
			header = ""
		case hclsyntax.TokenIdent:
			if lineStart {
				header = string(tok.Bytes)
			}
		case hclsyntax.TokenNewline:
			header = ""
		}
		lineStart = tok.Type == hclsyntax.TokenNewline || tok.Type == hclsyntax.TokenOBrace || tok.Type == hclsyntax.TokenCBrace
	}
	return inside
}

func secretSounding(name string) bool {
	name = strings.ToLower(name)
	return slices.ContainsFunc(secretWords, func(w string) bool { return strings.Contains(name, w) })
}

// jsonLexicalMasks scans JSON text, broken or not, for the values that
// follow a secret key, and with inIntegrations every value nested under
// an "integration" key. Masks are applied by byte offset; lines are
// counted so the ranges sort and print sensibly, columns are not.
func jsonLexicalMasks(name string, src []byte, offset int, secret func(string) bool, inIntegrations bool) []hcl.Range {
	var out []hcl.Range
	line, counted := 1, 0
	mask := func(s, e int) {
		line += bytes.Count(src[counted:s], []byte("\n"))
		counted = s
		out = append(out, hcl.Range{Filename: name,
			Start: hcl.Pos{Line: line, Column: 1, Byte: offset + s}, End: hcl.Pos{Line: line, Column: 1, Byte: offset + e}})
	}
	// key is the member name the next value belongs to; inside an array,
	// the array's own. A frame per open object or array remembers it.
	type frame struct {
		key                  string
		array, integ, secret bool
	}
	var stack []frame
	key := ""
	top := func() frame {
		if len(stack) == 0 {
			return frame{}
		}
		return stack[len(stack)-1]
	}
	isSecret := func() bool { return secret(key) || top().secret || (inIntegrations && top().integ) }
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '{', '[':
			stack = append(stack, frame{key: key, array: c == '[', integ: top().integ || key == "integration", secret: top().secret || secret(key)})
			if c == '{' {
				key = ""
			}
			continue
		case '}', ']':
			if len(stack) > 0 {
				key, stack = top().key, stack[:len(stack)-1]
			}
			continue
		case ',':
			if !top().array {
				key = ""
			}
			continue
		case ' ', '\t', '\r', '\n', ':':
			continue
		case '"':
		default:
			// A number, true, false or null; true, false and null give
			// nothing away.
			end := i
			for end < len(src) && !strings.ContainsRune(" \t\r\n,:{}[]\"", rune(src[end])) {
				end++
			}
			if w := string(src[i:end]); isSecret() && w != "true" && w != "false" && w != "null" {
				mask(i, end)
			}
			i = max(end, i+1) - 1
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
		if j < len(src) && src[j] == ':' && !top().array {
			key = string(src[i+1 : max(i+1, end-1)])
		} else if isSecret() {
			mask(i, end)
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
