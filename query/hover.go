package query

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/lang"
)

// Hover is what an editor shows for a position: Markdown, and the range
// it is about.
//
// Invariant: no hover holds a value written in an integration block or a
// catalog default of a secret; it documents names, and quotes source text
// only where the portfolio's masks hold nothing (Portfolio.Masks).
type Hover struct {
	Markdown string
	Range    hcl.Range
}

// Hover answers for a position: on a company's integration block header,
// the chain of that integration as `tixcfg explain` decides it; on an
// attribute's name, its documentation (from the catalog for integration
// attributes); on an ID, what it names.
func (ix *Index) Hover(file string, offset int) (Hover, bool) {
	p := ix.Portfolio
	file = ix.internal(file)
	for _, c := range p.Companies {
		if !inFile(c.Range, file, offset) && !inFile(c.DefRange, file, offset) && !inFile(c.LabelRange, file, offset) {
			continue
		}
		for _, in := range c.Integrations {
			if contains(in.DefRange, file, offset) || contains(in.LabelRange, file, offset) {
				return ix.hoverIntegration(c, in), true
			}
			for _, a := range in.Attrs {
				if contains(a.NameRange, file, offset) {
					return ix.hoverSetting(in.Def, in.Type, a, false), true
				}
			}
		}
		for _, tb := range c.TaxBands {
			for _, a := range []*lang.Attr{tb.Rate, tb.Condition} {
				if a != nil && contains(a.NameRange, file, offset) {
					return Hover{Markdown: languageDoc["tax_band."+a.Name], Range: ix.Shown(a.NameRange)}, true
				}
			}
		}
		for _, a := range []*lang.Attr{c.Name, c.Reseller, c.Parent, c.GlobalTransactions, listAttr(c.FeatureFlags), listAttr(c.Permissions)} {
			if a != nil && contains(a.NameRange, file, offset) {
				return Hover{Markdown: languageDoc["company."+a.Name], Range: ix.Shown(a.NameRange)}, true
			}
		}
	}
	for _, r := range p.Resellers {
		if !inFile(r.Range, file, offset) && !inFile(r.LabelRange, file, offset) {
			continue
		}
		for _, in := range r.Integrations {
			attrs := slices.Clone(in.Attrs)
			for _, env := range in.Environments {
				attrs = append(attrs, env.Attrs...)
			}
			for _, a := range attrs {
				if contains(a.NameRange, file, offset) {
					return ix.hoverSetting(in.Def, in.Type, a, true), true
				}
			}
		}
		for _, a := range []*lang.Attr{r.Name, listAttr(r.FeatureFlags)} {
			if a != nil && contains(a.NameRange, file, offset) {
				return Hover{Markdown: languageDoc["reseller."+a.Name], Range: ix.Shown(a.NameRange)}, true
			}
		}
	}
	if o, ok := ix.At(file, offset); ok {
		return Hover{Markdown: ix.describe(o.Symbol), Range: o.Range}, true
	}
	return Hover{}, false
}

// inFile is contains for a block's range, which HCL's JSON syntax cuts to
// its opening brace: a JSON block is searched whatever the offset.
func inFile(r hcl.Range, file string, offset int) bool {
	if r.Filename != file {
		return false
	}
	return r.End.Byte-r.Start.Byte <= 1 || contains(r, file, offset)
}

func listAttr(l *lang.List) *lang.Attr {
	if l == nil {
		return nil
	}
	return l.Attr
}

// languageDoc documents the attributes the language itself defines.
var languageDoc = map[string]string{
	"company.name":                "**name** (string, optional): the company's display name.",
	"company.reseller":            "**reseller** (string, required): the ID of the reseller whose platform credentials and feature flags the company uses.",
	"company.parent":              "**parent** (string, optional): the ID of the parent company.",
	"company.global_transactions": "**global\\_transactions** (bool, optional, default false): take every payment integration from the parent; needs `parent`.",
	"company.feature_flags":       "**feature\\_flags** (list of string, optional): flags enabled on the company; each must be enabled on its reseller.",
	"company.permissions":         "**permissions** (list of string, optional): the company's permissions (`manage_integrations` is needed by every integration).",
	"reseller.name":               "**name** (string, optional): the reseller's display name.",
	"reseller.feature_flags":      "**feature\\_flags** (list of string, optional): flags the reseller offers its companies.",
	"tax_band.rate":               "**rate** (number, required): the tax band's rate in percent.",
	"tax_band.condition":          "**condition** (string, optional): a condition the runtime evaluates; needs a flag that enables `tax_band.condition` (`conditional_tax_bands`).",
}

func (ix *Index) hoverIntegration(c *lang.Company, in *lang.CompanyIntegration) Hover {
	var b strings.Builder
	h := Hover{Range: ix.Shown(in.DefRange)}
	if in.Def == nil {
		fmt.Fprintf(&b, "**integration** `%s`: no integration type of that ID exists (unknown-reference).", in.Type)
		h.Markdown = b.String()
		return h
	}
	fmt.Fprintf(&b, "**%s** on company `%s`\n\n", emit.MarkdownEscape(in.Def.Name), c.ID)
	if cs := ix.status(c); cs != nil {
		if s := cs.Integration(in.Type); s != nil {
			emit.WriteExplainMarkdown(&b, s, ix.where)
			b.WriteString("\n")
		}
	}
	b.WriteString(ix.describe(Symbol{Kind: KindIntegrationType, ID: in.Type}))
	h.Markdown = b.String()
	return h
}

// status is a company's chain, nil without an analysis.
func (ix *Index) status(c *lang.Company) *checker.CompanyStatus {
	if ix.Analysis == nil {
		return nil
	}
	return ix.Analysis.Of(c)
}

// where renders a place in a hover.
func (ix *Index) where(r hcl.Range) string { return "`" + lang.Location(ix.Shown(r)) + "`" }

// hoverSetting documents an attribute of an integration block from the
// catalog. It never reads the attribute's value.
func (ix *Index) hoverSetting(t *lang.IntegrationType, typ string, a *lang.Attr, reseller bool) Hover {
	h := Hover{Range: ix.Shown(a.NameRange)}
	name := emit.MarkdownEscape(a.Name)
	if t == nil {
		h.Markdown = fmt.Sprintf("**%s**: `%s` is not an integration type of the catalog.", name, typ)
		return h
	}
	var b strings.Builder
	var f *lang.Field
	var s *lang.Setting
	if reseller {
		f = t.ResellerCredential(a.Name)
	} else if s = t.Setting(a.Name); s != nil {
		f = &s.Field
	} else {
		f = t.CompanyCredential(a.Name)
	}
	side := "company"
	if reseller {
		side = "reseller"
	}
	if f == nil {
		fmt.Fprintf(&b, "**%s**: not an attribute of `%s` on the %s side (schema).", name, typ, side)
		if attrs := sideAttrs(t, reseller); len(attrs) > 0 {
			fmt.Fprintf(&b, " It takes: %s.", codeList(attrs))
		}
		h.Markdown = b.String()
		return h
	}
	kind := "credential"
	ty := "string"
	if s != nil {
		kind, ty = "setting", s.Type.FriendlyName()
	}
	req := "optional"
	if f.Required {
		req = "required"
	}
	fmt.Fprintf(&b, "**%s**: %s of `%s` (%s)\n\n", name, kind, typ, side)
	fmt.Fprintf(&b, "- type: `%s`, %s\n", ty, req)
	if f.Secret {
		b.WriteString("- secret: yes; write `secret(\"...\")`, never the value\n")
	} else {
		b.WriteString("- secret: no\n")
	}
	if s != nil {
		if len(s.Allowed) > 0 {
			fmt.Fprintf(&b, "- allowed: %s\n", codeList(s.Allowed))
		}
		if s.Default != cty.NilVal && !s.Secret {
			fmt.Fprintf(&b, "- default: `%s`\n", strings.TrimSpace(string(hclwrite.TokensForValue(s.Default).Bytes())))
		}
		if s.Minimum != nil {
			fmt.Fprintf(&b, "- minimum: %s\n", lang.Decimal(s.Minimum))
		}
		if s.Maximum != nil {
			fmt.Fprintf(&b, "- maximum: %s\n", lang.Decimal(s.Maximum))
		}
		if s.Integer {
			b.WriteString("- whole numbers only\n")
		}
		if s.Keys == lang.KeysISO4217 {
			b.WriteString("- keys: ISO 4217 currency codes\n")
		}
		if s.References == lang.ReferenceTaxBand {
			b.WriteString("- refers to one of the company's tax bands\n")
		}
		if s.SelectsEnvironment {
			b.WriteString("- selects the reseller's credential set\n")
		}
	}
	if f.Description != "" {
		fmt.Fprintf(&b, "\n%s\n", emit.MarkdownEscape(f.Description))
	}
	h.Markdown = b.String()
	return h
}

func sideAttrs(t *lang.IntegrationType, reseller bool) []string {
	if reseller {
		return t.ResellerAttributes()
	}
	return t.CompanyAttributes()
}

func codeList(ss []string) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = "`" + s + "`"
	}
	return strings.Join(out, ", ")
}

// describe says what an ID names: its declaration and what matters of it.
func (ix *Index) describe(s Symbol) string {
	p := ix.Portfolio
	var b strings.Builder
	declared := func(r hcl.Range, builtin bool) {
		if builtin {
			fmt.Fprintf(&b, "\n\nBuilt in (%s).", ix.where(r))
		} else {
			fmt.Fprintf(&b, "\n\nDeclared at %s.", ix.where(r))
		}
	}
	unknown := func() string {
		return fmt.Sprintf("**%s** `%s`: not declared anywhere (unknown-reference).", kindWords[s.Kind], s.ID)
	}
	switch s.Kind {
	case KindReseller:
		r := p.Reseller(s.ID)
		if r == nil {
			return unknown()
		}
		fmt.Fprintf(&b, "**reseller** `%s`", r.ID)
		if n := r.Name.Str(); n != "" {
			fmt.Fprintf(&b, ": %s", emit.MarkdownEscape(n))
		}
		fmt.Fprintf(&b, "\n\n- feature flags: %s", orNone(codeList(r.FeatureFlags.Values())))
		var types []string
		for _, in := range r.Integrations {
			types = append(types, in.Type)
		}
		fmt.Fprintf(&b, "\n- provides credentials for: %s", orNone(codeList(types)))
		n := 0
		for _, c := range p.Companies {
			if c.Reseller.Str() == r.ID {
				n++
			}
		}
		fmt.Fprintf(&b, "\n- companies: %d", n)
		declared(r.LabelRange, false)
	case KindCompany:
		c := p.Company(s.ID)
		if c == nil {
			return unknown()
		}
		fmt.Fprintf(&b, "**company** `%s`", c.ID)
		if n := c.Name.Str(); n != "" {
			fmt.Fprintf(&b, ": %s", emit.MarkdownEscape(n))
		}
		fmt.Fprintf(&b, "\n\n- reseller: %s", orNone(codeList(nonEmpty(c.Reseller.Str()))))
		if c.Parent != nil {
			fmt.Fprintf(&b, "\n- parent: %s", orNone(codeList(nonEmpty(c.Parent.Str()))))
		}
		if c.GlobalTransactions.Bool() {
			b.WriteString("\n- global transactions: payment integrations come from the parent")
		}
		var types []string
		for _, in := range c.Integrations {
			types = append(types, in.Type)
		}
		fmt.Fprintf(&b, "\n- integrations: %s", orNone(codeList(types)))
		if cs := ix.status(c); cs != nil {
			// The chain's state of each, as explain names it.
			var states, could []string
			for _, s := range cs.All() {
				switch st := emit.ExplainStatus(s); st {
				case emit.StatusAvail:
					could = append(could, "`"+s.Type.ID+"`")
				case emit.StatusEnabled, emit.StatusBroken, emit.StatusManaged:
					states = append(states, fmt.Sprintf("`%s` %s", s.Type.ID, st))
				}
			}
			if len(states) > 0 {
				fmt.Fprintf(&b, "\n- chain: %s", strings.Join(states, ", "))
			}
			fmt.Fprintf(&b, "\n- could enable now: %s", orNone(strings.Join(could, ", ")))
		}
		declared(c.LabelRange, false)
	case KindFlag:
		f := p.Catalog.Flag(s.ID)
		if f == nil {
			return unknown()
		}
		fmt.Fprintf(&b, "**feature flag** `%s`", f.ID)
		if f.Description != "" {
			fmt.Fprintf(&b, ": %s", emit.MarkdownEscape(f.Description))
		}
		if len(f.ConflictsWith) > 0 {
			fmt.Fprintf(&b, "\n\n- conflicts with: %s", codeList(f.ConflictsWith))
		}
		if len(f.Enables) > 0 {
			fmt.Fprintf(&b, "\n- enables: %s", codeList(f.Enables))
		}
		var needs []string
		for _, t := range p.Catalog.Types {
			if t.FeatureFlag == f.ID {
				needs = append(needs, t.ID)
			}
		}
		if len(needs) > 0 {
			fmt.Fprintf(&b, "\n- needed by: %s", codeList(needs))
		}
		declared(f.Decl.LabelRange, f.Builtin)
	case KindPermission:
		pm := p.Catalog.Permission(s.ID)
		if pm == nil {
			return unknown()
		}
		fmt.Fprintf(&b, "**permission** `%s`", pm.ID)
		if pm.Description != "" {
			fmt.Fprintf(&b, ": %s", emit.MarkdownEscape(pm.Description))
		}
		if pm.RequiredFor != "" {
			fmt.Fprintf(&b, "\n\n- required for: `%s`", pm.RequiredFor)
		}
		declared(pm.Decl.LabelRange, pm.Builtin)
	case KindTaxBand:
		c := p.Company(s.Scope)
		var tb *lang.TaxBand
		if c != nil {
			tb = c.TaxBand(s.ID)
		}
		if tb == nil {
			return fmt.Sprintf("**tax band** `%s`: company `%s` declares no tax band of that ID (unknown-reference).", s.ID, s.Scope)
		}
		fmt.Fprintf(&b, "**tax band** `%s` of company `%s`", tb.ID, c.ID)
		if t := ix.sourceText(tb.Rate); t != "" {
			fmt.Fprintf(&b, "\n\n- rate: `%s`", t)
		}
		if t := ix.sourceText(tb.Condition); t != "" {
			fmt.Fprintf(&b, "\n- condition: `%s`", strings.ReplaceAll(t, "`", "'"))
		}
		declared(tb.LabelRange, false)
	case KindIntegrationType:
		t := p.Catalog.Type(s.ID)
		if t == nil {
			return unknown()
		}
		fmt.Fprintf(&b, "**integration type** `%s`: %s", t.ID, emit.MarkdownEscape(t.Name))
		if t.Description != "" {
			fmt.Fprintf(&b, "\n\n%s", emit.MarkdownEscape(t.Description))
		}
		fmt.Fprintf(&b, "\n\n- category: `%s`", t.Category)
		fmt.Fprintf(&b, "\n- feature flag: %s", orNone(codeList(nonEmpty(t.FeatureFlag))))
		fmt.Fprintf(&b, "\n- permissions: %s", orNone(codeList(t.Permissions)))
		if t.Payment {
			b.WriteString("\n- payment integration: a global-transactions child takes it from its parent")
		}
		res := t.ResellerAttributes()
		if len(t.Environments) > 0 {
			fmt.Fprintf(&b, "\n- reseller provides, per environment %s: %s", codeList(t.Environments), orNone(codeList(res)))
		} else {
			fmt.Fprintf(&b, "\n- reseller provides: %s", orNone(codeList(res)))
		}
		fmt.Fprintf(&b, "\n- company configures: %s", orNone(codeList(t.CompanyAttributes())))
		declared(t.Decl.LabelRange, t.Builtin)
	}
	return b.String()
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// sourceText is an attribute's value as written, or "" when absent, on
// more than one line, or where a mask of the portfolio lies over it.
func (ix *Index) sourceText(a *lang.Attr) string {
	if a == nil {
		return ""
	}
	r := a.ValueRange
	src := ix.Portfolio.Source(r.Filename)
	if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte >= r.End.Byte || r.Start.Line != r.End.Line {
		return ""
	}
	for _, m := range ix.Portfolio.Masks(r.Filename) {
		if m.Start.Byte < r.End.Byte && r.Start.Byte < m.End.Byte {
			return ""
		}
	}
	return string(src[r.Start.Byte:r.End.Byte])
}
