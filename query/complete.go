package query

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/lang"
)

// CompletionKind says what a completion inserts.
type CompletionKind string

// Completion kinds.
const (
	CompleteBlock     CompletionKind = "block"
	CompleteAttribute CompletionKind = "attribute"
	CompleteValue     CompletionKind = "value"
	CompleteReference CompletionKind = "reference"
)

// CompletionItem is one proposal. Items come in the order to show them.
type CompletionItem struct {
	Label  string
	Kind   CompletionKind
	Detail string
	// Documentation is Markdown.
	Documentation string
	// InsertText replaces Replace; Snippet, when set, is the same in the
	// snippet syntax editors share (${1}, $0).
	InsertText, Snippet string
	// Replace is what the user has typed of the item so far (empty at the
	// cursor when nothing).
	Replace hcl.Range
}

// Complete proposes what may stand at a byte offset of a buffer: block
// types where a block may open, the attributes of the block being edited
// (of its integration type inside an integration block), allowed values,
// reseller and company IDs, the flags the company's reseller has,
// permissions, the company's tax bands and the integration types a
// company could enable. src is the editor's text, which need not parse:
// the context is read from the tokens before the cursor, and the
// portfolio (the last one loaded) supplies IDs and the chain. nil src
// means the portfolio's own text of the file. In a JSON file the cursor
// must be inside a string, a key or a value: what is proposed is the
// text between the quotes.
func (ix *Index) Complete(file string, src []byte, offset int) []CompletionItem {
	if src == nil {
		src = ix.source(file)
	}
	if offset < 0 || offset > len(src) {
		return nil
	}
	isJSON := strings.HasSuffix(file, ".json")
	var cx *cursor
	if isJSON {
		cx = scanJSONContext(file, src, offset)
	} else {
		cx = scanContext(file, src, offset)
	}
	if cx == nil {
		return nil
	}
	c := &completer{ix: ix, cx: cx, src: src}
	var out []CompletionItem
	switch cx.where {
	case atKey:
		out = c.keys()
	case atValue:
		out = c.values()
	case atLabel:
		out = c.labels()
	}
	// Only what matches the prefix typed, keeping the order.
	prefix := strings.ToLower(cx.prefix)
	out = slices.DeleteFunc(out, func(it CompletionItem) bool { return !strings.HasPrefix(strings.ToLower(it.Label), prefix) })
	for i := range out {
		out[i].Replace = cx.replace
		if isJSON {
			// A key is the name alone, inside the quotes typed already.
			out[i].InsertText, out[i].Snippet = out[i].Label, ""
		}
	}
	return out
}

type position int

const (
	atKey   position = iota + 1 // start of a statement: attribute or block
	atValue                     // after `name =`, inside a list or string too
	atLabel                     // a block's first label
)

// frame is an open block: its type and labels as written.
type frame struct {
	typ    string
	labels []string
	start  int // byte offset of the header; -1 in JSON, whose text is not scanned
}

func (f frame) label() string {
	if len(f.labels) == 0 {
		return ""
	}
	return f.labels[0]
}

// cursor is where the cursor stands: the open blocks and what of a
// statement is typed.
type cursor struct {
	file   string
	blocks []frame
	where  position
	// name is the attribute of a value or the block type of a label.
	name string
	// quoted is set inside a string: values are inserted bare.
	quoted bool
	// prefix is what is typed of the word at the cursor; replace its range.
	prefix  string
	replace hcl.Range
	// written are the attributes already set in the innermost block
	// before the cursor.
	written []string
}

// scanContext reads the tokens before the cursor: which blocks are open,
// and what of a statement is typed.
func scanContext(file string, src []byte, offset int) *cursor {
	start := hcl.InitialPos
	body := src[:offset]
	if bytes.HasPrefix(body, utf8BOM) {
		body, start = body[len(utf8BOM):], hcl.Pos{Line: 1, Column: 1, Byte: len(utf8BOM)}
	}
	toks := lexLines(body, file, start)
	cx := &cursor{file: file}
	var stmt hclsyntax.Tokens
	var written [][]string
	depth := 0
	for _, tok := range toks {
		switch tok.Type {
		case hclsyntax.TokenEOF:
			continue
		case hclsyntax.TokenNewline:
			if depth == 0 {
				stmt = stmt[:0]
				continue
			}
		case hclsyntax.TokenComment:
			if !bytes.HasSuffix(tok.Bytes, []byte("\n")) && tok.Range.End.Byte == offset && !bytes.HasSuffix(tok.Bytes, []byte("*/")) {
				return nil // the cursor is in a comment
			}
			if depth == 0 && bytes.HasSuffix(tok.Bytes, []byte("\n")) {
				stmt = stmt[:0]
			}
			continue
		case hclsyntax.TokenOBrace:
			if depth == 0 {
				if f, ok := header(stmt); ok {
					cx.blocks = append(cx.blocks, f)
					written = append(written, nil)
					stmt = stmt[:0]
					continue
				}
			}
			depth++
		case hclsyntax.TokenCBrace:
			if depth == 0 {
				if len(cx.blocks) > 0 {
					cx.blocks, written = cx.blocks[:len(cx.blocks)-1], written[:len(written)-1]
				}
				stmt = stmt[:0]
				continue
			}
			depth--
		case hclsyntax.TokenOBrack, hclsyntax.TokenOParen, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			depth++
		case hclsyntax.TokenCBrack, hclsyntax.TokenCParen, hclsyntax.TokenTemplateSeqEnd:
			depth = max(depth-1, 0)
		case hclsyntax.TokenEqual:
			if depth == 0 && len(stmt) == 1 && stmt[0].Type == hclsyntax.TokenIdent && len(written) > 0 {
				written[len(written)-1] = append(written[len(written)-1], string(stmt[0].Bytes))
			}
		}
		stmt = append(stmt, tok)
	}
	if len(written) > 0 {
		cx.written = append(written[len(written)-1], writtenAfter(file, src, offset)...)
	}
	cx.replace = hcl.Range{Filename: file, Start: lang.PosAt(src, offset), End: lang.PosAt(src, offset)}
	n := len(stmt)
	var last hclsyntax.Token
	if n > 0 {
		last = stmt[n-1]
		if (last.Type == hclsyntax.TokenIdent || last.Type == hclsyntax.TokenQuotedLit) && last.Range.End.Byte == offset {
			cx.prefix, cx.replace = string(last.Bytes), last.Range
		}
	}
	inString := n > 0 && (last.Type == hclsyntax.TokenOQuote || (last.Type == hclsyntax.TokenQuotedLit && n > 1 && stmt[n-2].Type == hclsyntax.TokenOQuote))
	switch {
	case n == 0 || (n == 1 && last.Type == hclsyntax.TokenIdent && cx.prefix != ""):
		cx.where = atKey
	case n >= 2 && stmt[0].Type == hclsyntax.TokenIdent && stmt[1].Type == hclsyntax.TokenEqual:
		cx.where, cx.name, cx.quoted = atValue, string(stmt[0].Bytes), inString
		bare := last.Type == hclsyntax.TokenEqual || last.Type == hclsyntax.TokenOBrack || last.Type == hclsyntax.TokenComma ||
			(last.Type == hclsyntax.TokenIdent && cx.prefix != "")
		if !inString && !bare {
			return nil // after a finished value
		}
	case n >= 2 && stmt[0].Type == hclsyntax.TokenIdent && stmt[1].Type == hclsyntax.TokenOQuote && inString && (n == 2 || n == 3):
		cx.where, cx.name, cx.quoted = atLabel, string(stmt[0].Bytes), true
	default:
		return nil
	}
	return cx
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// writtenAfter lists the attributes set after the cursor in the block it
// stands in, up to the brace that closes that block, skipping the rest
// of the cursor's own line (the word being typed).
func writtenAfter(file string, src []byte, offset int) []string {
	nl := bytes.IndexByte(src[offset:], '\n')
	if nl < 0 {
		return nil
	}
	from := offset + nl
	toks := lexLines(src[from:], file, lang.PosAt(src, from))
	var out []string
	depth, lineStart := 0, true
	for i, tok := range toks {
		switch tok.Type {
		case hclsyntax.TokenOBrace, hclsyntax.TokenOBrack, hclsyntax.TokenOParen, hclsyntax.TokenTemplateInterp, hclsyntax.TokenTemplateControl:
			depth++
		case hclsyntax.TokenCBrace, hclsyntax.TokenCBrack, hclsyntax.TokenCParen, hclsyntax.TokenTemplateSeqEnd:
			if depth == 0 {
				return out
			}
			depth--
		case hclsyntax.TokenIdent:
			if depth == 0 && lineStart && i+1 < len(toks) && toks[i+1].Type == hclsyntax.TokenEqual {
				out = append(out, string(tok.Bytes))
			}
		}
		lineStart = tok.Type == hclsyntax.TokenNewline || (tok.Type == hclsyntax.TokenComment && bytes.HasSuffix(tok.Bytes, []byte("\n")))
	}
	return out
}

// lexLines lexes as HCL does, except that a string left open at the end
// of a line ends there: mid-typing, a missing quote must not turn the
// rest of the file into one string.
func lexLines(src []byte, file string, start hcl.Pos) hclsyntax.Tokens {
	var out hclsyntax.Tokens
	base := start.Byte
	for {
		toks, _ := hclsyntax.LexConfig(src[start.Byte-base:], file, start)
		i := slices.IndexFunc(toks, func(t hclsyntax.Token) bool { return t.Type == hclsyntax.TokenQuotedNewline })
		if i < 0 {
			return append(out, toks...)
		}
		nl := toks[i]
		nl.Type = hclsyntax.TokenNewline
		out = append(append(out, toks[:i]...), nl)
		start = nl.Range.End
	}
}

// header reads a block header: a type and labels (quoted or bare), no `=`.
func header(stmt hclsyntax.Tokens) (frame, bool) {
	if len(stmt) == 0 || stmt[0].Type != hclsyntax.TokenIdent {
		return frame{}, false
	}
	f := frame{typ: string(stmt[0].Bytes), start: stmt[0].Range.Start.Byte}
	for i := 1; i < len(stmt); i++ {
		switch t := stmt[i]; t.Type {
		case hclsyntax.TokenIdent:
			f.labels = append(f.labels, string(t.Bytes))
		case hclsyntax.TokenOQuote:
			lbl := ""
			if i+1 < len(stmt) && stmt[i+1].Type == hclsyntax.TokenQuotedLit {
				lbl = string(stmt[i+1].Bytes)
				i++
			}
			if i+1 >= len(stmt) || stmt[i+1].Type != hclsyntax.TokenCQuote {
				return frame{}, false
			}
			i++
			f.labels = append(f.labels, lbl)
		default:
			return frame{}, false
		}
	}
	return f, true
}

type completer struct {
	ix  *Index
	cx  *cursor
	src []byte
}

// path is the open block types joined, e.g. "company/integration".
func (c *completer) path() string {
	var ts []string
	for _, f := range c.cx.blocks {
		ts = append(ts, f.typ)
	}
	return strings.Join(ts, "/")
}

func (c *completer) block(i int) frame {
	if i < len(c.cx.blocks) {
		return c.cx.blocks[i]
	}
	return frame{}
}

// attrSpec is an attribute the language defines, with how to write it.
type attrSpec struct {
	name, ty, doc string
}

var (
	topBlocks = []string{"reseller", "company", "feature_flag", "integration_type", "permission"}
	langAttrs = map[string][]attrSpec{
		"reseller": {{"name", "string", languageDoc["reseller.name"]}, {"feature_flags", "list", languageDoc["reseller.feature_flags"]}},
		"company": {{"name", "string", languageDoc["company.name"]}, {"reseller", "string", languageDoc["company.reseller"]},
			{"parent", "string", languageDoc["company.parent"]}, {"global_transactions", "bool", languageDoc["company.global_transactions"]},
			{"feature_flags", "list", languageDoc["company.feature_flags"]}, {"permissions", "list", languageDoc["company.permissions"]}},
		"company/tax_band":                     {{"rate", "number", languageDoc["tax_band.rate"]}, {"condition", "string", languageDoc["tax_band.condition"]}},
		"feature_flag":                         {{"description", "string", ""}, {"conflicts_with", "list", ""}, {"enables", "list", ""}},
		"permission":                           {{"description", "string", ""}, {"required_for", "string", ""}},
		"integration_type":                     {{"name", "string", ""}, {"description", "string", ""}, {"category", "string", ""}, {"feature_flag", "string", ""}, {"payment", "bool", ""}, {"permissions", "list", ""}},
		"integration_type/reseller":            {{"environments", "list", ""}},
		"integration_type/reseller/credential": {{"description", "string", ""}, {"secret", "bool", ""}, {"required", "bool", ""}},
		"integration_type/company/credential":  {{"description", "string", ""}, {"secret", "bool", ""}, {"required", "bool", ""}},
		"integration_type/company/setting": {{"type", "type", ""}, {"description", "string", ""}, {"secret", "bool", ""}, {"required", "bool", ""},
			{"default", "any", ""}, {"allowed", "list", ""}, {"minimum", "number", ""}, {"maximum", "number", ""}, {"integer", "bool", ""},
			{"keys", "string", ""}, {"references", "string", ""}, {"selects_environment", "bool", ""}},
	}
	langBlocks = map[string][]string{
		"":                          topBlocks,
		"reseller":                  {"integration"},
		"reseller/integration":      {"environment"},
		"company":                   {"tax_band", "integration"},
		"integration_type":          {"reseller", "company"},
		"integration_type/reseller": {"credential"},
		"integration_type/company":  {"credential", "setting"},
	}
	// unlabelled blocks take no label.
	unlabelled = map[string]bool{"integration_type/reseller": true, "integration_type/company": true}
)

func blockItem(typ string, labelled bool) CompletionItem {
	it := CompletionItem{Label: typ, Kind: CompleteBlock, Detail: "block", InsertText: typ}
	if labelled {
		it.Snippet = typ + " \"${1}\" {\n  $0\n}"
	} else {
		it.Snippet = typ + " {\n  $0\n}"
	}
	return it
}

func attrItem(name, ty, detail, doc string) CompletionItem {
	it := CompletionItem{Label: name, Kind: CompleteAttribute, Detail: detail, Documentation: doc, InsertText: name + " = "}
	switch ty {
	case "string":
		it.Snippet = name + " = \"$0\""
	case "list":
		it.Snippet = name + " = [$0]"
	default:
		it.Snippet = name + " = $0"
	}
	return it
}

// keys proposes the attributes and blocks of the innermost block.
func (c *completer) keys() []CompletionItem {
	path := c.path()
	var out []CompletionItem
	add := func(it CompletionItem) {
		if it.Kind != CompleteAttribute || !slices.Contains(c.cx.written, it.Label) {
			out = append(out, it)
		}
	}
	switch path {
	case "company/integration":
		if t := c.ix.Portfolio.Catalog.Type(c.block(1).label()); t != nil {
			for _, name := range t.CompanyAttributes() {
				h := c.ix.hoverSetting(t, t.ID, &lang.Attr{Name: name}, false)
				ty := "string"
				if s := t.Setting(name); s != nil && !s.Type.Equals(cty.String) {
					ty = "any"
				}
				add(attrItem(name, ty, fieldDetail(t, name, false), h.Markdown))
			}
		}
	case "reseller/integration", "reseller/integration/environment":
		t := c.ix.Portfolio.Catalog.Type(c.block(1).label())
		if t == nil {
			break
		}
		if path == "reseller/integration" && len(t.Environments) > 0 {
			add(blockItem("environment", true))
			break
		}
		for _, name := range t.ResellerAttributes() {
			h := c.ix.hoverSetting(t, t.ID, &lang.Attr{Name: name}, true)
			add(attrItem(name, "string", fieldDetail(t, name, true), h.Markdown))
		}
	default:
		for _, a := range langAttrs[path] {
			add(attrItem(a.name, a.ty, a.ty, a.doc))
		}
		for _, b := range langBlocks[path] {
			add(blockItem(b, !unlabelled[path+"/"+b]))
		}
	}
	return out
}

func fieldDetail(t *lang.IntegrationType, name string, reseller bool) string {
	secret := ""
	if t.IsSecretField(name, reseller) {
		secret = ", secret"
	}
	if s := t.Setting(name); s != nil && !reseller {
		req := "optional"
		if s.Required {
			req = "required"
		}
		return fmt.Sprintf("setting: %s, %s%s", s.Type.FriendlyName(), req, secret)
	}
	return "credential" + secret
}

// values proposes what an attribute may be set to.
func (c *completer) values() []CompletionItem {
	p := c.ix.Portfolio
	cat := p.Catalog
	path, name := c.path(), c.cx.name
	var out []CompletionItem
	val := func(v string, kind CompletionKind, detail, doc string) {
		it := CompletionItem{Label: v, Kind: kind, Detail: detail, Documentation: doc, InsertText: v, Replace: c.cx.replace}
		if !c.cx.quoted {
			it.InsertText = hclQuote(v)
		}
		out = append(out, it)
	}
	bools := func() {
		if !c.cx.quoted {
			for _, b := range []string{"true", "false"} {
				out = append(out, CompletionItem{Label: b, Kind: CompleteValue, Detail: "bool", InsertText: b, Replace: c.cx.replace})
			}
		}
	}
	flags := func(ids []string) {
		for _, id := range ids {
			f := cat.Flag(id)
			if f == nil {
				val(id, CompleteReference, "feature flag (not in the catalog)", "")
				continue
			}
			val(id, CompleteReference, "feature flag", c.ix.describe(Symbol{Kind: KindFlag, ID: id}))
		}
	}
	allFlags := func() []string {
		var ids []string
		for _, f := range cat.Flags {
			ids = append(ids, f.ID)
		}
		return ids
	}
	perms := func() {
		for _, pm := range cat.Permissions {
			val(pm.ID, CompleteReference, "permission", c.ix.describe(Symbol{Kind: KindPermission, ID: pm.ID}))
		}
	}
	switch path + "." + name {
	case "company.reseller":
		for _, r := range p.Resellers {
			if !slices.ContainsFunc(out, func(it CompletionItem) bool { return it.Label == r.ID }) {
				val(r.ID, CompleteReference, "reseller "+r.Name.Str(), c.ix.describe(Symbol{Kind: KindReseller, ID: r.ID}))
			}
		}
	case "company.parent":
		self := c.block(0).label()
		for _, co := range p.Companies {
			if co.ID != self && !slices.ContainsFunc(out, func(it CompletionItem) bool { return it.Label == co.ID }) {
				val(co.ID, CompleteReference, "company "+co.Name.Str(), c.ix.describe(Symbol{Kind: KindCompany, ID: co.ID}))
			}
		}
	case "company.global_transactions", "integration_type.payment":
		bools()
	case "company.feature_flags":
		if r := p.Reseller(c.companyReseller()); r != nil {
			flags(r.FeatureFlags.Values())
		}
	case "reseller.feature_flags", "feature_flag.conflicts_with", "integration_type.feature_flag":
		flags(allFlags())
	case "company.permissions", "integration_type.permissions":
		perms()
	case "feature_flag.enables":
		val(lang.FeatureTaxBandCondition, CompleteValue, "language feature", "")
	case "permission.required_for":
		val(lang.RequiredForAll, CompleteValue, "every integration", "")
		val(lang.RequiredForPayment, CompleteValue, "payment integrations", "")
	case "integration_type/company/setting.keys":
		val(lang.KeysISO4217, CompleteValue, "ISO 4217 currency codes", "")
	case "integration_type/company/setting.references":
		val(lang.ReferenceTaxBand, CompleteValue, "a tax band of the company", "")
	case "integration_type/reseller/credential.secret", "integration_type/reseller/credential.required",
		"integration_type/company/credential.secret", "integration_type/company/credential.required",
		"integration_type/company/setting.secret", "integration_type/company/setting.required",
		"integration_type/company/setting.integer", "integration_type/company/setting.selects_environment":
		bools()
	case "company/integration." + name:
		t := cat.Type(c.block(1).label())
		if t == nil {
			break
		}
		s := t.Setting(name)
		if s == nil {
			break
		}
		switch {
		case s.References == lang.ReferenceTaxBand:
			for _, tb := range c.taxBands() {
				val(tb, CompleteReference, "tax band", c.ix.describe(Symbol{Kind: KindTaxBand, ID: tb, Scope: c.block(0).label()}))
			}
		case len(s.Allowed) > 0:
			for _, a := range s.Allowed {
				detail := "allowed value"
				if s.Default != cty.NilVal && s.Default.Type() == cty.String && s.Default.AsString() == a {
					detail = "allowed value (default)"
				}
				val(a, CompleteValue, detail, "")
			}
		case s.Type.Equals(cty.Bool):
			bools()
		}
	}
	return out
}

var (
	resellerAttr  = regexp.MustCompile(`(?m)^\s*reseller\s*=\s*"([^"\n]*)"`)
	taxBandHeader = regexp.MustCompile(`(?m)^\s*tax_band\s+"([^"\n]*)"`)
	topHeader     = regexp.MustCompile(`(?m)^(reseller|company|feature_flag|integration_type|permission)\b`)
)

// companyText is the buffer's text of the company being edited, from its
// header up to the next top-level block: it may not parse, or not be
// loaded yet.
func (c *completer) companyText() []byte {
	start := c.block(0).start
	if start < 0 || start >= len(c.src) {
		return nil
	}
	rest := c.src[start:]
	if len(rest) == 0 {
		return nil
	}
	if i := topHeader.FindIndex(rest[1:]); i != nil {
		rest = rest[:i[0]+1]
	}
	return rest
}

// companyReseller is the reseller of the company being edited: as the
// buffer writes it (it may not be loaded yet), else as loaded.
func (c *completer) companyReseller() string {
	f := c.block(0)
	if m := resellerAttr.FindSubmatch(c.companyText()); m != nil {
		return string(m[1])
	}
	if co := c.ix.Portfolio.Company(f.label()); co != nil {
		return co.Reseller.Str()
	}
	return ""
}

// taxBands are the tax bands of the company being edited, as the buffer
// declares them and as loaded.
func (c *completer) taxBands() []string {
	f := c.block(0)
	var out []string
	for _, m := range taxBandHeader.FindAllSubmatch(c.companyText(), -1) {
		out = append(out, string(m[1]))
	}
	if co := c.ix.Portfolio.Company(f.label()); co != nil {
		for _, tb := range co.TaxBands {
			out = append(out, tb.ID)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// labels proposes a block's first label: the integration types a company
// could enable (those whose chain holds first) or a reseller could
// provide, and a reseller integration's environments.
func (c *completer) labels() []CompletionItem {
	p := c.ix.Portfolio
	cat := p.Catalog
	path := c.path()
	var out []CompletionItem
	lbl := func(v, detail, doc string) {
		out = append(out, CompletionItem{Label: v, Kind: CompleteReference, Detail: detail, Documentation: doc, InsertText: v, Replace: c.cx.replace})
	}
	switch path + "/" + c.cx.name {
	case "company/integration":
		co := p.Company(c.block(0).label())
		var cs *checker.CompanyStatus
		if co != nil && c.ix.Analysis != nil {
			cs = c.ix.Analysis.Of(co)
		}
		if cs == nil {
			for _, t := range cat.Types {
				lbl(t.ID, t.Name, c.ix.describe(Symbol{Kind: KindIntegrationType, ID: t.ID}))
			}
			break
		}
		var blocked []CompletionItem
		for _, s := range cs.All() {
			if s.Block != nil || s.ManagedBy != nil {
				continue // enabled already, or the parent's to configure
			}
			var b strings.Builder
			emit.WriteExplainMarkdown(&b, s, c.ix.where)
			doc := b.String()
			if s.State() == checker.Available {
				lbl(s.Type.ID, "available: every step holds", doc)
				continue
			}
			detail := "blocked"
			for _, st := range s.Steps() {
				if st.Status == checker.Missing {
					detail = "blocked: " + st.Message()
					break
				}
			}
			blocked = append(blocked, CompletionItem{Label: s.Type.ID, Kind: CompleteReference, Detail: detail, Documentation: doc, InsertText: s.Type.ID, Replace: c.cx.replace})
		}
		out = append(out, blocked...)
	case "reseller/integration":
		r := p.Reseller(c.block(0).label())
		for _, t := range cat.Types {
			if !t.ResellerProvides() || (r != nil && slices.ContainsFunc(r.Integrations, func(in *lang.ResellerIntegration) bool { return in.Type == t.ID })) {
				continue
			}
			lbl(t.ID, t.Name, c.ix.describe(Symbol{Kind: KindIntegrationType, ID: t.ID}))
		}
	case "reseller/integration/environment":
		if t := cat.Type(c.block(1).label()); t != nil {
			for _, e := range t.Environments {
				lbl(e, "credential set of "+t.ID, "")
			}
		}
	}
	return out
}

// jsonFrame is an open object or array of a JSON buffer.
type jsonFrame struct {
	object bool
	key    string // the member the container is the value of
	cur    string // in an object: the member being written
	// expectKey is set in an object where the next string is a key.
	expectKey bool
	written   []string
}

// scanJSONContext is scanContext for HCL's JSON syntax: the members open
// around the cursor, read as blocks the way HCL reads them (a block type,
// its label, its body), and whether the cursor is in a key or a value.
func scanJSONContext(file string, src []byte, offset int) *cursor {
	var stack []jsonFrame
	top := func() *jsonFrame {
		if len(stack) == 0 {
			return &jsonFrame{}
		}
		return &stack[len(stack)-1]
	}
	under := func() string {
		if t := top(); t.object {
			return t.cur
		} else if len(stack) > 0 {
			return t.key // an array of objects is one block each, under the array's member
		}
		return ""
	}
	for i := 0; i < offset; i++ {
		switch c := src[i]; c {
		case '{', '[':
			stack = append(stack, jsonFrame{object: c == '{', key: under(), expectKey: c == '{'})
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ',':
			if t := top(); t.object {
				t.expectKey, t.cur = true, ""
			}
		case ':':
			top().expectKey = false
		case '"':
			end := i + 1
			for end < offset && src[end] != '"' && src[end] != '\n' {
				if src[end] == '\\' {
					end++
				}
				end++
			}
			if end >= offset {
				return jsonCursor(file, src, offset, stack, i)
			}
			if t := top(); t.object && t.expectKey {
				t.cur = string(src[i+1 : end])
				t.written = append(t.written, t.cur)
			}
			i = end
		}
	}
	return nil // JSON keys and values are strings: outside one there is nothing to offer
}

// jsonCursor reads the context of a cursor inside the string that opens
// at quote.
func jsonCursor(file string, src []byte, offset int, stack []jsonFrame, quote int) *cursor {
	if len(stack) == 0 {
		return nil
	}
	inner := stack[len(stack)-1]
	inKey := inner.object && inner.expectKey
	cx := &cursor{file: file, quoted: true, prefix: string(src[quote+1 : offset]),
		replace: hcl.Range{Filename: file, Start: lang.PosAt(src, quote+1), End: lang.PosAt(src, offset)}}
	// The members leading to the innermost object, arrays skipped.
	var keys []string
	for _, f := range stack[1:] {
		if f.object {
			keys = append(keys, f.key)
		}
	}
	attr := inner.cur
	if !inner.object {
		attr = inner.key // a list's element: the array is the member's value
	}
	path, labelOf := "", ""
	for i := 0; i < len(keys); i++ {
		k := keys[i]
		if !slices.Contains(langBlocks[path], k) {
			return nil // inside an attribute's object value
		}
		next := strings.TrimPrefix(path+"/"+k, "/")
		if unlabelled[next] {
			cx.blocks, path = append(cx.blocks, frame{typ: k, start: -1}), next
			continue
		}
		if i+1 == len(keys) {
			labelOf = k // the object of labels
			break
		}
		cx.blocks, path = append(cx.blocks, frame{typ: k, labels: []string{keys[i+1]}, start: -1}), next
		i++
	}
	switch {
	case labelOf != "" && inKey:
		cx.where, cx.name = atLabel, labelOf
	case labelOf != "":
		return nil
	case inKey:
		cx.where, cx.written = atKey, inner.written
	default:
		cx.where, cx.name = atValue, attr
	}
	return cx
}
