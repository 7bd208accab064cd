package lang

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/agext/levenshtein"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/tixcfg/tixcfg/ruleid"
)

var (
	listOfString = cty.List(cty.String)

	topSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
		{Type: "reseller", LabelNames: []string{"id"}},
		{Type: "company", LabelNames: []string{"id"}},
		{Type: "feature_flag", LabelNames: []string{"id"}},
		{Type: "integration_type", LabelNames: []string{"id"}},
		{Type: "permission", LabelNames: []string{"id"}},
	}}
	builtinTopSchema = &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{{Name: "catalog_version", Required: true}},
		Blocks:     topSchema.Blocks,
	}
	resellerSchema = &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{{Name: "name"}, {Name: "feature_flags"}},
		Blocks:     []hcl.BlockHeaderSchema{{Type: "integration", LabelNames: []string{"type"}}},
	}
	resellerIntegrationSchema = &hcl.BodySchema{
		Blocks: []hcl.BlockHeaderSchema{{Type: "environment", LabelNames: []string{"name"}}},
	}
	companySchema = &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{
			{Name: "name"}, {Name: "reseller", Required: true}, {Name: "parent"},
			{Name: "global_transactions"}, {Name: "feature_flags"}, {Name: "permissions"},
		},
		Blocks: []hcl.BlockHeaderSchema{
			{Type: "tax_band", LabelNames: []string{"id"}},
			{Type: "integration", LabelNames: []string{"type"}},
		},
	}
	taxBandSchema = &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{{Name: "rate", Required: true}, {Name: "condition"}},
	}
	featureFlagSchema = &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{{Name: "description"}, {Name: "conflicts_with"}, {Name: "enables"}},
	}
	permissionSchema = &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{{Name: "description"}, {Name: "required_for"}},
	}
	integrationTypeSchema = &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{
			{Name: "name"}, {Name: "description"}, {Name: "category", Required: true},
			{Name: "feature_flag"}, {Name: "payment"}, {Name: "permissions"},
		},
		Blocks: []hcl.BlockHeaderSchema{{Type: "reseller"}, {Type: "company"}},
	}
	resellerSpecSchema = &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{{Name: "environments"}},
		Blocks:     []hcl.BlockHeaderSchema{{Type: "credential", LabelNames: []string{"name"}}},
	}
	companySpecSchema = &hcl.BodySchema{
		Blocks: []hcl.BlockHeaderSchema{
			{Type: "credential", LabelNames: []string{"name"}},
			{Type: "setting", LabelNames: []string{"name"}},
		},
	}
	credentialSchema = &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{{Name: "description"}, {Name: "secret"}, {Name: "required"}},
	}
	settingSchema = &hcl.BodySchema{
		Attributes: []hcl.AttributeSchema{
			{Name: "type"}, {Name: "description"}, {Name: "secret"}, {Name: "required"},
			{Name: "default"}, {Name: "allowed"}, {Name: "minimum"}, {Name: "maximum"},
			{Name: "integer"}, {Name: "keys"}, {Name: "references"}, {Name: "selects_environment"},
		},
	}
)

// modelDecoder turns one parsed file into model nodes, collecting
// diagnostics instead of stopping at the first one. (The cache's codec
// decodes its own binary entries; this one decodes HCL.)
type modelDecoder struct {
	file *File
}

// add records diagnostics. In a file that does not parse only syntax
// errors are kept: the parser's recovery leaves blocks cut short or nested
// wrongly, and what they seem to lack or misplace is noise.
func (d *modelDecoder) add(ds ...Diagnostic) {
	for _, dg := range ds {
		if !d.file.ParseFailed || dg.Rule == ruleid.Syntax {
			d.file.Diagnostics = append(d.file.Diagnostics, dg)
		}
	}
}

// report records a finding of a rule the loader reports. It leaves the
// severity zero: the checker's registry gives each rule's.
func (d *modelDecoder) report(rule string, rng hcl.Range, summary, detail string) {
	d.add(Diagnostic{Rule: rule, Summary: summary, Detail: detail, Subject: rng})
}

func (d *modelDecoder) content(body hcl.Body, schema *hcl.BodySchema) *hcl.BodyContent {
	c, hds := body.Content(schema)
	diags := fromHCL(ruleid.Schema, hds)
	for i := range diags {
		d.renameFix(&diags[i], body, schema)
	}
	d.add(diags...)
	for _, b := range c.Blocks {
		for i, l := range b.Labels {
			if i < len(b.LabelRanges) {
				d.checkID(l, b.LabelRanges[i])
			}
		}
	}
	// A null value counts as absent (see attr), which HCL cannot know.
	for _, as := range schema.Attributes {
		if a := c.Attributes[as.Name]; as.Required && a != nil && d.numbersOK(a.Expr) && isNull(a.Expr) {
			d.report(ruleid.Schema, a.Expr.Range(), "Missing required attribute",
				fmt.Sprintf("The attribute %q is required; null counts as leaving it out.", as.Name))
		}
	}
	return c
}

// isNull reports whether an expression is the literal null, without
// evaluating anything else.
func isNull(expr hcl.Expression) bool {
	switch e := expr.(type) {
	case *hclsyntax.LiteralValueExpr:
		return e.Val.IsNull()
	case hclsyntax.Expression:
		return false
	}
	v, hds := expr.Value(nil) // JSON syntax
	return !hds.HasErrors() && v.IsNull()
}

func declOf(b *hcl.Block) Decl {
	dcl := Decl{Range: b.DefRange, DefRange: b.DefRange, LabelRange: b.DefRange}
	if len(b.LabelRanges) > 0 {
		dcl.LabelRange = b.LabelRanges[0]
	}
	if sb, ok := b.Body.(*hclsyntax.Body); ok {
		dcl.Range = hcl.RangeBetween(b.TypeRange, sb.SrcRange)
	}
	return dcl
}

func label(b *hcl.Block) string {
	if len(b.Labels) == 0 {
		return ""
	}
	return b.Labels[0]
}

// decodeBody decodes the top level of one file.
func (d *modelDecoder) decodeBody(body hcl.Body, builtin bool) {
	schema := topSchema
	if builtin {
		schema = builtinTopSchema
	}
	c := d.content(body, schema)
	if a := c.Attributes["catalog_version"]; a != nil {
		d.file.CatalogVersion = d.attr(a, cty.String).Str()
	}
	for _, b := range c.Blocks {
		switch b.Type {
		case "reseller":
			d.file.Resellers = append(d.file.Resellers, d.reseller(b))
		case "company":
			d.file.Companies = append(d.file.Companies, d.company(b))
		case "feature_flag":
			d.file.FeatureFlags = append(d.file.FeatureFlags, d.featureFlag(b, builtin))
		case "permission":
			d.file.Permissions = append(d.file.Permissions, d.permission(b, builtin))
		case "integration_type":
			d.file.IntegrationTypes = append(d.file.IntegrationTypes, d.integrationType(b, builtin))
		}
	}
}

// attr evaluates an attribute and converts it to ty; cty.DynamicPseudoType
// keeps the value as written (integration settings are typed later, against
// the catalog). A null value counts as absent.
func (d *modelDecoder) attr(a *hcl.Attribute, ty cty.Type) *Attr {
	if a == nil {
		return nil
	}
	out := &Attr{Name: a.Name, Range: a.Range, NameRange: a.NameRange, ValueRange: a.Expr.Range()}
	v, ok := d.eval(a.Expr)
	if !ok {
		out.Value = cty.UnknownVal(ty)
		return out
	}
	out.Elems = v.elems
	if v.isSecret {
		if ty != cty.DynamicPseudoType {
			d.report(ruleid.Schema, out.ValueRange, "secret() is not allowed here",
				fmt.Sprintf("%q is not a credential; secret(\"...\") is only for credentials inside integration blocks.", a.Name))
			out.Value = cty.UnknownVal(ty)
			return out
		}
		out.IsSecret, out.Secret, out.Value = true, v.secret, cty.NullVal(cty.String)
		return out
	}
	if v.val.IsNull() {
		return nil
	}
	if ty == cty.DynamicPseudoType {
		out.Value = v.val
		return out
	}
	cv, err := convert.Convert(v.val, ty)
	if err != nil {
		d.report(ruleid.Schema, out.ValueRange, "Incorrect attribute value type",
			fmt.Sprintf("Inappropriate value for attribute %q: %s required, got %s.", a.Name, ty.FriendlyName(), v.val.Type().FriendlyName()))
		out.Value = cty.UnknownVal(ty)
		return out
	}
	out.Value = cv
	return out
}

// list decodes a list of strings, keeping each element's range. It types
// the elements one by one: cty's conversion of a whole tuple to a list
// unifies element types in quadratic time, which a list of 100,000 flags
// would turn into minutes.
func (d *modelDecoder) list(a *hcl.Attribute) *List {
	at := d.attr(a, cty.DynamicPseudoType)
	if at == nil {
		return nil
	}
	l := &List{Attr: at}
	v := at.Value
	switch {
	case at.IsSecret:
		d.report(ruleid.Schema, at.ValueRange, "secret() is not allowed here",
			fmt.Sprintf("%q is not a credential; secret(\"...\") is only for credentials inside integration blocks.", a.Name))
		l.Unknown, at.Value = true, cty.UnknownVal(listOfString)
		return l
	case !v.IsWhollyKnown():
		l.Unknown = true
		return l
	case !v.Type().IsTupleType() && !v.Type().IsListType() && !v.Type().IsSetType():
		d.report(ruleid.Schema, at.ValueRange, "Incorrect attribute value type",
			fmt.Sprintf("Inappropriate value for attribute %q: list of string required, got %s.", a.Name, v.Type().FriendlyName()))
		l.Unknown, at.Value = true, cty.UnknownVal(listOfString)
		return l
	}
	l.Items = make([]Item, 0, v.LengthInt())
	i := 0
	for it := v.ElementIterator(); it.Next(); i++ {
		_, ev := it.Element()
		rng := at.ValueRange
		if i < len(at.Elems) {
			rng = at.Elems[i].Range
		}
		if ev.IsNull() {
			d.report(ruleid.Schema, rng, "Null list element", fmt.Sprintf("The elements of %q must be strings.", a.Name))
			continue
		}
		sv, err := convert.Convert(ev, cty.String)
		if err != nil {
			d.report(ruleid.Schema, rng, "Incorrect list element type", fmt.Sprintf("The elements of %q must be strings, not %s.", a.Name, ev.Type().FriendlyName()))
			l.Unknown = true
			continue
		}
		l.Items = append(l.Items, Item{Value: sv.AsString(), Range: rng})
	}
	at.Elems = nil // the items hold the ranges; a list need not keep them twice
	return l
}

// attrs decodes every attribute of a body whose names are open-ended
// (integration settings and credentials) in source order.
func (d *modelDecoder) attrs(body hcl.Body) Attrs {
	hattrs, hds := body.JustAttributes()
	d.add(fromHCL(ruleid.Schema, hds)...)
	return d.decodeAttrs(hattrs, nil)
}

// decodeAttrs decodes attributes in source order, each converted to the
// type typeOf gives it (nil typeOf, or cty.DynamicPseudoType: kept as
// written, to be typed against the catalog later). typeOf returns
// cty.NilType for an attribute it decodes itself, which is left out, as
// is a null value (see attr).
func (d *modelDecoder) decodeAttrs(hattrs hcl.Attributes, typeOf func(*hcl.Attribute) cty.Type) Attrs {
	sorted := sortedAttributes(hattrs)
	out := make(Attrs, 0, len(sorted))
	for _, a := range sorted {
		ty := cty.DynamicPseudoType
		if typeOf != nil {
			ty = typeOf(a)
		}
		if ty == cty.NilType {
			continue
		}
		if at := d.attr(a, ty); at != nil {
			out = append(out, at)
		}
	}
	return out
}

func (d *modelDecoder) reseller(b *hcl.Block) *Reseller {
	r := &Reseller{ID: label(b), Decl: declOf(b)}
	c := d.content(b.Body, resellerSchema)
	r.Name = d.attr(c.Attributes["name"], cty.String)
	r.FeatureFlags = d.list(c.Attributes["feature_flags"])
	for _, ib := range c.Blocks {
		r.Integrations = append(r.Integrations, d.resellerIntegration(ib))
	}
	return r
}

// resellerIntegration decodes credentials given directly or per
// environment. hclsyntax's JustAttributes rejects the environment blocks
// that PartialContent set aside, so native bodies are walked directly.
func (d *modelDecoder) resellerIntegration(ib *hcl.Block) *ResellerIntegration {
	ri := &ResellerIntegration{Type: label(ib), Decl: declOf(ib)}
	env := func(eb *hcl.Block) {
		ri.Environments = append(ri.Environments, &Environment{Name: label(eb), Decl: declOf(eb), Attrs: d.attrs(eb.Body)})
	}
	sb, native := ib.Body.(*hclsyntax.Body)
	if !native {
		ic, remain, hds := ib.Body.PartialContent(resellerIntegrationSchema)
		d.add(fromHCL(ruleid.Schema, hds)...)
		for _, eb := range ic.Blocks {
			env(eb)
		}
		ri.Attrs = d.attrs(remain)
		return ri
	}
	for _, b := range sb.Blocks {
		hb := b.AsHCLBlock()
		switch {
		case b.Type != "environment":
			d.report(ruleid.Schema, b.TypeRange, fmt.Sprintf("Unsupported block type %q", b.Type),
				"Only environment blocks may appear in a reseller's integration block.")
		case len(b.Labels) != 1:
			d.report(ruleid.Schema, b.TypeRange, "Environment block needs one label",
				"Name the credential set: environment \"live\" { ... }.")
		default:
			env(hb)
		}
	}
	attrs := make(hcl.Attributes, len(sb.Attributes))
	for name, a := range sb.Attributes {
		attrs[name] = a.AsHCLAttribute()
	}
	ri.Attrs = d.decodeAttrs(attrs, nil)
	return ri
}

func (d *modelDecoder) company(b *hcl.Block) *Company {
	co := &Company{ID: label(b), Decl: declOf(b)}
	c := d.content(b.Body, companySchema)
	co.Name = d.attr(c.Attributes["name"], cty.String)
	co.Reseller = d.attr(c.Attributes["reseller"], cty.String)
	co.Parent = d.attr(c.Attributes["parent"], cty.String)
	co.GlobalTransactions = d.attr(c.Attributes["global_transactions"], cty.Bool)
	co.FeatureFlags = d.list(c.Attributes["feature_flags"])
	co.Permissions = d.list(c.Attributes["permissions"])
	for _, cb := range c.Blocks {
		switch cb.Type {
		case "tax_band":
			tc := d.content(cb.Body, taxBandSchema)
			co.TaxBands = append(co.TaxBands, &TaxBand{ID: label(cb), Decl: declOf(cb),
				Rate: d.attr(tc.Attributes["rate"], cty.Number), Condition: d.attr(tc.Attributes["condition"], cty.String)})
		case "integration":
			co.Integrations = append(co.Integrations, &CompanyIntegration{Type: label(cb), Decl: declOf(cb), Attrs: d.attrs(cb.Body)})
		}
	}
	return co
}

func (d *modelDecoder) featureFlag(b *hcl.Block, builtin bool) *FeatureFlagDecl {
	c := d.content(b.Body, featureFlagSchema)
	return &FeatureFlagDecl{ID: label(b), Decl: declOf(b), Builtin: builtin,
		Description: d.attr(c.Attributes["description"], cty.String), ConflictsWith: d.list(c.Attributes["conflicts_with"]),
		Enables: d.list(c.Attributes["enables"])}
}

func (d *modelDecoder) permission(b *hcl.Block, builtin bool) *PermissionDecl {
	c := d.content(b.Body, permissionSchema)
	return &PermissionDecl{ID: label(b), Decl: declOf(b), Builtin: builtin,
		Description: d.attr(c.Attributes["description"], cty.String), RequiredFor: d.attr(c.Attributes["required_for"], cty.String)}
}

func (d *modelDecoder) integrationType(b *hcl.Block, builtin bool) *IntegrationTypeDecl {
	c := d.content(b.Body, integrationTypeSchema)
	t := &IntegrationTypeDecl{ID: label(b), Decl: declOf(b), Builtin: builtin,
		Name:        d.attr(c.Attributes["name"], cty.String),
		Description: d.attr(c.Attributes["description"], cty.String),
		Category:    d.attr(c.Attributes["category"], cty.String),
		FeatureFlag: d.attr(c.Attributes["feature_flag"], cty.String),
		Payment:     d.attr(c.Attributes["payment"], cty.Bool),
		Permissions: d.list(c.Attributes["permissions"]),
	}
	for _, sb := range c.Blocks {
		if (sb.Type == "reseller" && t.Reseller != nil) || (sb.Type == "company" && t.Company != nil) {
			d.add(Diagnostic{Rule: ruleid.Duplicate, Summary: fmt.Sprintf("Duplicate %s block", sb.Type),
				Detail:  fmt.Sprintf("An integration type has at most one %s block; merge the two.", sb.Type),
				Subject: sb.DefRange})
			continue
		}
		switch sb.Type {
		case "reseller":
			sc := d.content(sb.Body, resellerSpecSchema)
			t.Reseller = &ResellerSpecDecl{Decl: declOf(sb), Environments: d.list(sc.Attributes["environments"])}
			for _, fb := range sc.Blocks {
				t.Reseller.Credentials = append(t.Reseller.Credentials, d.field(fb, credentialSchema))
			}
		case "company":
			sc := d.content(sb.Body, companySpecSchema)
			t.Company = &CompanySpecDecl{Decl: declOf(sb)}
			for _, fb := range sc.Blocks {
				if fb.Type == "credential" {
					t.Company.Credentials = append(t.Company.Credentials, d.field(fb, credentialSchema))
				} else {
					t.Company.Settings = append(t.Company.Settings, d.field(fb, settingSchema))
				}
			}
		}
	}
	return t
}

func (d *modelDecoder) field(b *hcl.Block, schema *hcl.BodySchema) *FieldDecl {
	c := d.content(b.Body, schema)
	f := &FieldDecl{Name: label(b), Decl: declOf(b), Type: cty.String}
	f.Attrs = d.decodeAttrs(c.Attributes, func(a *hcl.Attribute) cty.Type {
		switch a.Name {
		case "type":
			// A type constraint is not a value: typeexpr reads it.
			ty, hds := typeexpr.TypeConstraint(a.Expr)
			d.add(fromHCL(ruleid.Schema, hds)...)
			if !hds.HasErrors() {
				f.Type, f.TypeRange = ty, a.Expr.Range()
			}
			return cty.NilType
		case "description", "keys", "references":
			return cty.String
		case "secret", "required", "integer", "selects_environment":
			return cty.Bool
		case "minimum", "maximum":
			return cty.Number
		case "allowed":
			return listOfString
		}
		return cty.DynamicPseudoType
	})
	return f
}

// checkID refuses an ID with a character that cannot be seen: control
// characters (NUL among them) and format characters such as zero-width
// spaces and joiners and bidirectional overrides (Unicode Cc and Cf). Two
// IDs that print the same must not be two IDs.
func (d *modelDecoder) checkID(id string, rng hcl.Range) {
	for i, r := range id {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			d.report(ruleid.Schema, rng, "Invisible character in ID",
				fmt.Sprintf("The ID holds U+%04X at byte %d, a control, zero-width or format character that does not show; IDs must be visible text.", r, i))
			return
		}
	}
}

// renameFix gives HCL's finding of an unsupported attribute or block type
// the safe fix of renaming it to the name the message suggests, when that
// is the one name of the schema that close and, for an attribute, the body
// does not have it yet. The checker lays the edit out (checker.Run).
func (d *modelDecoder) renameFix(dg *Diagnostic, body hcl.Body, schema *hcl.BodySchema) {
	sb, ok := body.(*hclsyntax.Body)
	if !ok || d.file.JSON {
		return
	}
	var names []string
	attr := strings.HasPrefix(dg.Summary, "Unsupported attribute")
	switch {
	case attr:
		for _, a := range schema.Attributes {
			names = append(names, a.Name)
		}
	case dg.Summary == "Unsupported block type":
		for _, b := range schema.Blocks {
			names = append(names, b.Type)
		}
	default:
		return
	}
	_, hint, _ := strings.Cut(dg.Detail, "Did you mean ")
	q, err := strconv.QuotedPrefix(hint)
	if err != nil {
		return
	}
	want, err := strconv.Unquote(q)
	r := dg.Subject
	if err != nil || r.Start.Byte < 0 || r.End.Byte > len(d.file.Src) || r.Start.Byte >= r.End.Byte {
		return
	}
	name := string(d.file.Src[r.Start.Byte:r.End.Byte])
	if !hclsyntax.ValidIdentifier(name) || !hclsyntax.ValidIdentifier(want) || uniqueClose(name, names) != want {
		return
	}
	if _, taken := sb.Attributes[want]; attr && taken {
		return
	}
	dg.Fixes = []Fix{{Message: fmt.Sprintf("rename %q to %q", name, want), Safety: Safe, Edits: []Edit{{Range: r, NewText: want}}}}
}

// uniqueClose is the name within two edits of name that is closer than
// every other, or "".
func uniqueClose(name string, names []string) string {
	best, bestDist, ties := "", 3, 0
	for _, n := range names {
		switch dist := levenshtein.Distance(name, n, nil); {
		case dist < bestDist:
			best, bestDist, ties = n, dist, 1
		case dist == bestDist && n != best:
			ties++
		}
	}
	if ties != 1 {
		return ""
	}
	return best
}
