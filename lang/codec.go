package lang

import (
	"encoding/binary"
	"errors"
	"math/big"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// The binary form of a decoded File, for the on-disk cache. It is written
// by hand for speed: reading an entry back must cost far less than
// parsing, and this codec measured 8 to 13 times faster than msgpack
// (cty ships a msgpack codec for its values). Ranges of the file itself
// are stored without their file name, positions as deltas, everything
// else as varints and length-prefixed strings.
//
// Each model type's fields are listed once, in its walker method below,
// which both writes an entry (cacheEncoder) and reads one back
// (cacheDecoder). codecVersion changes with any change to the layout;
// TestCodecFillsModel round-trips a model with every field set.
const codecVersion = 7

var errCodec = errors.New("corrupt cache entry")

// errUncacheable refuses to cache a file with a credential the entry
// could only hold as plaintext: entries never carry a literal secret.
var errUncacheable = errors.New("file holds a credential the cache cannot keep without its text")

// coder reads or writes one field. The encoder writes what the pointer
// holds; the decoder stores what it reads there.
type coder interface {
	int(*int)
	str(*string)
	bool(*bool)
	rng(*hcl.Range)
	typ(*cty.Type)
	val(*cty.Value)
	// credVal is val for a credential or setting of an integration block
	// (with its elements), whose value sits at r in the source. Which of
	// them are secret depends on a catalog that may sit in another file,
	// so no string or number is written: a string literal is kept as "the
	// literal at r", a number, list or object as "what the expression at r
	// decodes to", and read back from the source, which the reader holds
	// anyway (it is part of the entry's key).
	credVal(v *cty.Value, elems *[]Elem, r hcl.Range)
	// len writes a slice's length n and returns it, or returns the length
	// read.
	len(n int) int
	// inFile makes name the file whose ranges are written without it.
	inFile(name string)
	// cond writes a condition (a pointer is set, a range is the usual one)
	// and returns it, or returns the condition read.
	cond(c bool) bool
}

// walker visits every cached field of the model in the order of the
// layout. It is a value: credAttrs turns cred on for what it visits only.
//
// dec is set when decoding. The decoder fills freshly allocated objects
// and never reads a field before it has written it (see written).
type walker struct {
	coder
	cred bool
	dec  bool
}

// written makes n zero values whose memory has been written to. A fresh
// heap page that is first read maps the kernel's shared zero page, and the
// write after it costs a second fault and a TLB shootdown on every core
// running the process. The walker's methods take pointers, so each begins
// with a nil check that reads its object: on memory straight from the
// operating system that doubled the system time of a warm check (perf:
// do_wp_page and flush_tlb_mm_range under the decoder's first store to each
// page). Clearing writes every page first; it is kept out of line so the
// compiler cannot drop it as a clear of memory known to be zero.
//
//go:noinline
func written[E any](n int) []E {
	s := make([]E, n)
	clear(s)
	return s
}

// seq visits a slice of values.
func seq[S ~[]E, E any](w walker, s *S, visit func(walker, *E)) {
	if w.dec {
		// An empty slice stays nil, as the fresh object holds it.
		if n := w.len(0); n > 0 {
			v := S(written[E](n))
			for i := range v {
				visit(w, &v[i])
			}
			*s = v
		}
		return
	}
	w.len(len(*s))
	for i := range *s {
		visit(w, &(*s)[i])
	}
}

// ptrs visits a slice of pointers, none of them nil; the decoder makes
// the elements in one block, written before the slice refers to them.
func ptrs[S ~[]*E, E any](w walker, s *S, visit func(walker, *E)) {
	if w.dec {
		if n := w.len(0); n > 0 {
			block := written[E](n)
			v := make(S, n)
			for i := range block {
				visit(w, &block[i])
				v[i] = &block[i]
			}
			*s = v
		}
		return
	}
	w.len(len(*s))
	for _, p := range *s {
		visit(w, p)
	}
}

// optional visits a pointer that may be nil.
func optional[E any](w walker, p **E, visit func(walker, *E)) {
	if w.dec {
		if w.cond(false) {
			v := &written[E](1)[0]
			visit(w, v)
			*p = v
		}
		return
	}
	if w.cond(*p != nil) {
		visit(w, *p)
	}
}

func (w walker) file(f *File) {
	w.str(&f.CatalogVersion)
	w.bool(&f.JSON)
	w.bool(&f.ParseFailed)
	ptrs(w, &f.Resellers, walker.reseller)
	ptrs(w, &f.Companies, walker.company)
	ptrs(w, &f.FeatureFlags, walker.featureFlag)
	ptrs(w, &f.Permissions, walker.permission)
	ptrs(w, &f.IntegrationTypes, walker.integrationType)
	ptrs(w, &f.Ignores, walker.ignore)
	seq(w, &f.Diagnostics, walker.diagnostic)
}

func (w walker) decl(d *Decl) { w.rng(&d.Range); w.rng(&d.DefRange); w.rng(&d.LabelRange) }

// attr visits an optional attribute.
func (w walker) attr(p **Attr) { optional(w, p, walker.attrBody) }

func (w walker) attrBody(a *Attr) {
	w.str(&a.Name)
	w.rng(&a.NameRange)
	w.rng(&a.ValueRange)
	// The whole attribute almost always runs from its name to its value.
	if derived := hcl.RangeBetween(a.NameRange, a.ValueRange); w.cond(w.dec || a.Range == derived) {
		if w.dec {
			a.Range = derived
		}
	} else {
		w.rng(&a.Range)
	}
	if w.cred {
		w.credVal(&a.Value, &a.Elems, a.ValueRange)
	} else {
		w.val(&a.Value)
	}
	w.bool(&a.IsSecret)
	w.str(&a.Secret)
	if !w.cred {
		seq(w, &a.Elems, walker.elem)
	}
}

func (w walker) elem(el *Elem) { w.str(&el.Key); w.rng(&el.KeyRange); w.rng(&el.Range) }

// attrs visits a block's attributes, none of them nil (rules index them
// without checking).
func (w walker) attrs(as *Attrs) { ptrs(w, as, walker.attrBody) }

// credAttrs visits the attributes of an integration block: credentials
// and settings, whose values never reach the entry as text.
func (w walker) credAttrs(as *Attrs) {
	w.cred = true
	w.attrs(as)
}

func (w walker) list(p **List) { optional(w, p, walker.listBody) }

func (w walker) listBody(l *List) {
	w.attr(&l.Attr)
	w.bool(&l.Unknown)
	seq(w, &l.Items, walker.item)
}

func (w walker) item(it *Item) { w.str(&it.Value); w.rng(&it.Range) }

func (w walker) reseller(r *Reseller) {
	w.str(&r.ID)
	w.decl(&r.Decl)
	w.attr(&r.Name)
	w.list(&r.FeatureFlags)
	ptrs(w, &r.Integrations, walker.resellerIntegration)
}

// resellerIntegration leaves Def to Assemble, which resolves it against
// the whole catalog.
func (w walker) resellerIntegration(in *ResellerIntegration) {
	w.str(&in.Type)
	w.decl(&in.Decl)
	w.credAttrs(&in.Attrs)
	ptrs(w, &in.Environments, walker.environment)
}

func (w walker) environment(env *Environment) {
	w.str(&env.Name)
	w.decl(&env.Decl)
	w.credAttrs(&env.Attrs)
}

func (w walker) company(c *Company) {
	w.str(&c.ID)
	w.decl(&c.Decl)
	w.attr(&c.Name)
	w.attr(&c.Reseller)
	w.attr(&c.Parent)
	w.attr(&c.GlobalTransactions)
	w.list(&c.FeatureFlags)
	w.list(&c.Permissions)
	ptrs(w, &c.TaxBands, walker.taxBand)
	ptrs(w, &c.Integrations, walker.companyIntegration)
}

func (w walker) taxBand(tb *TaxBand) {
	w.str(&tb.ID)
	w.decl(&tb.Decl)
	w.attr(&tb.Rate)
	w.attr(&tb.Condition)
}

// companyIntegration leaves Def to Assemble, like resellerIntegration.
func (w walker) companyIntegration(in *CompanyIntegration) {
	w.str(&in.Type)
	w.decl(&in.Decl)
	w.credAttrs(&in.Attrs)
}

func (w walker) featureFlag(d *FeatureFlagDecl) {
	w.str(&d.ID)
	w.decl(&d.Decl)
	w.bool(&d.Builtin)
	w.attr(&d.Description)
	w.list(&d.ConflictsWith)
	w.list(&d.Enables)
}

func (w walker) permission(d *PermissionDecl) {
	w.str(&d.ID)
	w.decl(&d.Decl)
	w.bool(&d.Builtin)
	w.attr(&d.Description)
	w.attr(&d.RequiredFor)
}

func (w walker) integrationType(d *IntegrationTypeDecl) {
	w.str(&d.ID)
	w.decl(&d.Decl)
	w.bool(&d.Builtin)
	w.attr(&d.Name)
	w.attr(&d.Description)
	w.attr(&d.Category)
	w.attr(&d.FeatureFlag)
	w.attr(&d.Payment)
	w.list(&d.Permissions)
	optional(w, &d.Reseller, walker.resellerSpec)
	optional(w, &d.Company, walker.companySpec)
}

func (w walker) resellerSpec(s *ResellerSpecDecl) {
	w.decl(&s.Decl)
	w.list(&s.Environments)
	ptrs(w, &s.Credentials, walker.field)
}

func (w walker) companySpec(s *CompanySpecDecl) {
	w.decl(&s.Decl)
	ptrs(w, &s.Credentials, walker.field)
	ptrs(w, &s.Settings, walker.field)
}

func (w walker) field(f *FieldDecl) {
	w.str(&f.Name)
	w.decl(&f.Decl)
	// An operator's secret setting may have a default: its text is kept
	// out of the entry as an integration block's values are.
	w.credAttrs(&f.Attrs)
	w.typ(&f.Type)
	w.rng(&f.TypeRange)
}

func (w walker) ignore(ig *Ignore) {
	seq(w, &ig.Rules, walker.str)
	w.str(&ig.Reason)
	w.rng(&ig.Range)
	w.int(&ig.Line)
	w.int(&ig.LastLine)
	w.bool(&ig.BareReason)
}

func (w walker) diagnostic(d *Diagnostic) {
	w.str(&d.Rule)
	w.int((*int)(&d.Severity))
	w.str(&d.Summary)
	w.str(&d.Detail)
	w.rng(&d.Subject)
	seq(w, &d.Related, walker.related)
	seq(w, &d.Fixes, walker.fix)
}

func (w walker) related(r *Related) { w.str(&r.Message); w.rng(&r.Range) }

func (w walker) fix(f *Fix) {
	w.str(&f.Message)
	w.int((*int)(&f.Safety))
	seq(w, &f.Edits, walker.edit)
}

func (w walker) edit(e *Edit) { w.rng(&e.Range); w.str(&e.NewText) }

// encodeFile writes what a file decoded to (not its name, path or text).
func encodeFile(f *File) ([]byte, error) {
	e := &cacheEncoder{b: make([]byte, 0, len(f.Src)), file: f.Name, src: f.Src}
	e.uint(codecVersion)
	walker{coder: e}.file(f)
	return e.b, e.err
}

// decodeFile reads what encodeFile wrote, for the file of that name and
// source.
func decodeFile(name string, src, b []byte) (*File, error) {
	d := &cacheDecoder{b: b, src: src, file: name, intern: make(map[string]string, 256)}
	if d.uint() != codecVersion {
		return nil, errCodec
	}
	f := &File{Name: name}
	walker{coder: d, dec: true}.file(f)
	if d.err != nil || len(d.b) != 0 {
		return nil, errCodec
	}
	return f, nil
}

type cacheEncoder struct {
	b    []byte
	file string
	err  error
	last hcl.Pos // positions are written as deltas from the previous one
	src  []byte
}

func (e *cacheEncoder) uint(v uint64)    { e.b = binary.AppendUvarint(e.b, v) }
func (e *cacheEncoder) int(v *int)       { e.b = binary.AppendVarint(e.b, int64(*v)) }
func (e *cacheEncoder) str(s *string)    { e.string(*s) }
func (e *cacheEncoder) bool(v *bool)     { e.cond(*v) }
func (e *cacheEncoder) len(n int) int    { e.uint(uint64(n)); return n }
func (e *cacheEncoder) typ(t *cty.Type)  { e.ctyType(*t) }
func (e *cacheEncoder) val(v *cty.Value) { e.value(*v) }

func (e *cacheEncoder) inFile(name string) { e.file = name }

func (e *cacheEncoder) string(s string) { e.uint(uint64(len(s))); e.b = append(e.b, s...) }

func (e *cacheEncoder) cond(c bool) bool {
	if c {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
	return c
}

// pos writes a position relative to the previous one: most ranges sit a
// few bytes after the last, on the same line or the next, so each part
// takes a byte.
func (e *cacheEncoder) pos(p hcl.Pos) {
	e.b = binary.AppendVarint(e.b, int64(p.Byte-e.last.Byte))
	e.b = binary.AppendVarint(e.b, int64(p.Line-e.last.Line))
	if p.Line == e.last.Line {
		e.b = binary.AppendVarint(e.b, int64(p.Column-e.last.Column))
	} else {
		e.b = binary.AppendVarint(e.b, int64(p.Column))
	}
	e.last = p
}

func (e *cacheEncoder) rng(r *hcl.Range) {
	switch {
	case *r == hcl.Range{}:
		e.b = append(e.b, 0)
		return
	case r.Filename == e.file:
		e.b = append(e.b, 1)
	default:
		e.b = append(e.b, 2)
		e.string(r.Filename)
	}
	e.pos(r.Start)
	e.pos(r.End)
}

// Type tags.
const (
	tNil byte = iota
	tDynamic
	tString
	tNumber
	tBool
	tList
	tSet
	tMap
	tTuple
	tObject
)

func (e *cacheEncoder) ctyType(t cty.Type) {
	switch {
	case t == cty.NilType:
		e.b = append(e.b, tNil)
	case t == cty.DynamicPseudoType:
		e.b = append(e.b, tDynamic)
	case t == cty.String:
		e.b = append(e.b, tString)
	case t == cty.Number:
		e.b = append(e.b, tNumber)
	case t == cty.Bool:
		e.b = append(e.b, tBool)
	case t.IsListType():
		e.b = append(e.b, tList)
		e.ctyType(t.ElementType())
	case t.IsSetType():
		e.b = append(e.b, tSet)
		e.ctyType(t.ElementType())
	case t.IsMapType():
		e.b = append(e.b, tMap)
		e.ctyType(t.ElementType())
	case t.IsTupleType():
		e.b = append(e.b, tTuple)
		ets := t.TupleElementTypes()
		e.uint(uint64(len(ets)))
		for _, et := range ets {
			e.ctyType(et)
		}
	case t.IsObjectType():
		e.b = append(e.b, tObject)
		ats := t.AttributeTypes()
		names := make([]string, 0, len(ats))
		for n := range ats {
			names = append(names, n)
		}
		slices.Sort(names)
		e.uint(uint64(len(names)))
		for _, n := range names {
			e.string(n)
			e.ctyType(ats[n])
		}
	default:
		e.err = errors.New("cannot cache a value of type " + t.FriendlyName())
	}
}

// Value tags.
const (
	vNil byte = iota
	vUnknown
	vNull
	vString
	vNumber
	vTrue
	vFalse
	vCollection // list, set or map: type, then elements
	vTuple
	vObject
	vSourceString // a credential string: the literal at the attribute's ValueRange
	vSourceExpr   // a credential number, list or object: what the expression at ValueRange decodes to
	vSourceFlat   // a credential number, or flat list or object of literals: read back by the ranges written
)

func (e *cacheEncoder) value(v cty.Value) {
	switch {
	case v == cty.NilVal:
		e.b = append(e.b, vNil)
		return
	case !v.IsKnown():
		e.b = append(e.b, vUnknown)
		e.ctyType(v.Type())
		return
	case v.IsNull():
		e.b = append(e.b, vNull)
		e.ctyType(v.Type())
		return
	}
	t := v.Type()
	switch {
	case t == cty.String:
		e.b = append(e.b, vString)
		e.string(v.AsString())
	case t == cty.Number:
		g, err := v.AsBigFloat().GobEncode()
		if err != nil {
			e.err = err
		}
		e.b = append(e.b, vNumber)
		e.string(string(g))
	case t == cty.Bool:
		if v.True() {
			e.b = append(e.b, vTrue)
		} else {
			e.b = append(e.b, vFalse)
		}
	case t.IsListType() || t.IsSetType() || t.IsMapType():
		e.b = append(e.b, vCollection)
		e.ctyType(t)
		e.uint(uint64(v.LengthInt()))
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			if t.IsMapType() {
				e.string(k.AsString())
			}
			e.value(ev)
		}
	case t.IsTupleType():
		e.b = append(e.b, vTuple)
		e.uint(uint64(v.LengthInt()))
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			e.value(ev)
		}
	case t.IsObjectType():
		e.b = append(e.b, vObject)
		e.uint(uint64(v.LengthInt()))
		for it := v.ElementIterator(); it.Next(); { // in key order
			k, ev := it.Element()
			e.string(k.AsString())
			e.value(ev)
		}
	default:
		e.err = errors.New("cannot cache a value of type " + t.FriendlyName())
	}
}

func (e *cacheEncoder) credVal(v *cty.Value, elems *[]Elem, r hcl.Range) {
	switch {
	case *v == cty.NilVal || !v.IsKnown() || v.IsNull() || v.Type() == cty.Bool:
		// No text of the source: an absent, unknown or null value, or one
		// bit, unless its type names an object's keys. Only a collection
		// literal has elements.
		if (len(*elems) > 0 || *v != cty.NilVal && namesKeys(v.Type())) && e.err == nil {
			e.err = errUncacheable
		}
		e.value(*v)
	case v.Type() == cty.String:
		if lit, ok := sourceLiteral(e.src, r); ok && v.AsString() == lit && len(*elems) == 0 {
			e.b = append(e.b, vSourceString)
		} else if e.err == nil {
			e.err = errUncacheable
		}
	case e.flatSource(*v, *elems, r):
		// Written as a flat list or object of literals, each read back
		// from the source by its range (parsing the expression again
		// costs ten times as much).
	default:
		// The reader decodes the expression again and converts it to the
		// type the decoding gave it (an operator's settings are typed),
		// which is written only when it is not the expression's own and
		// names no object keys; it must come out as it did, elements
		// (object keys are text too) and all.
		ty := cty.DynamicPseudoType
		if sv, _, ok := sourceValue(e.file, e.src, r, ty); ok && !sv.Type().Equals(v.Type()) {
			ty = v.Type()
		}
		sv, se, ok := sourceValue(e.file, e.src, r, ty)
		if ok && !namesKeys(ty) && sv.RawEquals(*v) && slices.Equal(se, *elems) {
			e.b = append(e.b, vSourceExpr)
			e.ctyType(ty)
		} else if e.err == nil {
			e.err = errUncacheable
		}
	}
}

// flatSource writes a number, or a list or object whose elements are
// literals, as the ranges of its elements and keys (vSourceFlat), when
// reading those back gives exactly v; it reports whether it did.
func (e *cacheEncoder) flatSource(v cty.Value, elems []Elem, r hcl.Range) bool {
	object := v.Type().IsObjectType() || v.Type().IsMapType()
	var rs []hcl.Range
	if v.Type() == cty.Number {
		rs = []hcl.Range{r}
	} else if len(elems) > 0 {
		for _, el := range elems {
			if object != (el.KeyRange != hcl.Range{}) {
				return false
			}
			rs = append(rs, el.KeyRange, el.Range)
		}
	} else {
		return false
	}
	// As in vSourceExpr, the type only when it is not the literal's own.
	got, gotElems, ok := flatValue(e.src, v.Type() == cty.Number, object, rs, cty.DynamicPseudoType)
	if !ok {
		return false
	}
	ty := cty.DynamicPseudoType
	if !got.Type().Equals(v.Type()) {
		if ty = v.Type(); namesKeys(ty) {
			return false
		}
		if got, gotElems, ok = flatValue(e.src, false, object, rs, ty); !ok {
			return false
		}
	}
	if !got.RawEquals(v) || !slices.Equal(gotElems, elems) {
		return false
	}
	e.b = append(e.b, vSourceFlat)
	e.ctyType(ty)
	e.cond(v.Type() == cty.Number)
	e.cond(object)
	e.uint(uint64(len(rs)))
	for i := range rs {
		e.rng(&rs[i])
	}
	return true
}

// flatValue builds what flatSource wrote from the source: a number at
// rs[0], or the list or object of the literals at rs (key and value range
// pairs), converted to ty.
func flatValue(src []byte, number, object bool, rs []hcl.Range, ty cty.Type) (cty.Value, []Elem, bool) {
	if number {
		if len(rs) != 1 {
			return cty.NilVal, nil, false
		}
		v, ok := literalAt(src, rs[0])
		return v, nil, ok && v.Type() == cty.Number
	}
	if len(rs)%2 != 0 || len(rs) == 0 {
		return cty.NilVal, nil, false
	}
	elems := make([]Elem, len(rs)/2)
	vals := make([]cty.Value, len(elems))
	attrs := make(map[string]cty.Value, len(elems))
	for i := range elems {
		kr, vr := rs[2*i], rs[2*i+1]
		v, ok := literalAt(src, vr)
		if !ok {
			return cty.NilVal, nil, false
		}
		vals[i] = v
		elems[i] = Elem{KeyRange: kr, Range: vr}
		if !object {
			continue
		}
		k, ok := keyAt(src, kr)
		if _, dup := attrs[k]; !ok || dup {
			return cty.NilVal, nil, false
		}
		elems[i].Key, attrs[k] = k, v
	}
	v := cty.TupleVal(vals)
	if object {
		v = cty.ObjectVal(attrs)
	}
	if ty != cty.DynamicPseudoType {
		cv, err := convert.Convert(v, ty)
		if err != nil {
			return cty.NilVal, nil, false
		}
		v = cv
	}
	return v, elems, true
}

// literalAt reads the literal at r: a string without escapes, a number,
// true or false.
func literalAt(src []byte, r hcl.Range) (cty.Value, bool) {
	s, e := r.Start.Byte, r.End.Byte
	if s < 0 || e > len(src) || s >= e {
		return cty.NilVal, false
	}
	text := string(src[s:e])
	switch {
	case text[0] == '"':
		lit, ok := sourceLiteral(src, r)
		if !ok || strings.ContainsAny(lit, "\\\"$%") {
			return cty.NilVal, false
		}
		return cty.StringVal(lit), true
	case text == "true":
		return cty.True, true
	case text == "false":
		return cty.False, true
	}
	// A corrupt entry may point at any text: converting a number past the
	// limits could take hours.
	if summary, _ := numberLimit(text); summary != "" {
		return cty.NilVal, false
	}
	v, err := cty.ParseNumberVal(text)
	return v, err == nil
}

// keyAt reads an object key at r: a name, or a string without escapes.
func keyAt(src []byte, r hcl.Range) (string, bool) {
	s, e := r.Start.Byte, r.End.Byte
	if s < 0 || e > len(src) || s >= e {
		return "", false
	}
	if src[s] == '"' {
		lit, ok := sourceLiteral(src, r)
		return lit, ok && !strings.ContainsAny(lit, "\\\"$%")
	}
	for _, c := range src[s:e] {
		if !(c == '_' || c == '-' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return "", false
		}
	}
	return string(src[s:e]), true
}

// namesKeys reports whether a type holds an object type, whose attribute
// names are the keys of a value as written.
func namesKeys(t cty.Type) bool {
	switch {
	case t.IsObjectType():
		return true
	case t.IsCollectionType():
		return namesKeys(t.ElementType())
	case t.IsTupleType():
		return slices.ContainsFunc(t.TupleElementTypes(), namesKeys)
	}
	return false
}

// sourceValue decodes the attribute expression at r in the source of the
// file name as the file's decoding did, the value converted to ty, and
// its elements.
func sourceValue(name string, src []byte, r hcl.Range, ty cty.Type) (cty.Value, []Elem, bool) {
	s, end := r.Start.Byte, r.End.Byte
	if s < 0 || end > len(src) || s >= end {
		return cty.NilVal, nil, false
	}
	// A corrupt entry may point anywhere in the file: the parser must not
	// meet what it would overflow its stack on.
	if _, deep := tooDeep(name, src[s:end], r.Start); deep {
		return cty.NilVal, nil, false
	}
	var expr hcl.Expression
	var diags hcl.Diagnostics
	if strings.HasSuffix(name, ".json") {
		expr, diags = json.ParseExpressionWithStartPos(src[s:end], name, r.Start)
	} else {
		expr, diags = hclsyntax.ParseExpression(src[s:end], name, r.Start)
	}
	if diags.HasErrors() {
		return cty.NilVal, nil, false
	}
	d := &modelDecoder{file: &File{Name: name}}
	v, ok := d.eval(expr)
	if !ok || v.isSecret || len(d.file.Diagnostics) > 0 {
		return cty.NilVal, nil, false
	}
	cv, err := convert.Convert(v.val, ty)
	if err != nil {
		return cty.NilVal, nil, false
	}
	return cv, v.elems, true
}

// sourceLiteral is the text between the quotes of the string literal at
// r, when r is one; the caller compares it with the decoded value, so an
// escape or template makes it unusable rather than wrong.
func sourceLiteral(src []byte, r hcl.Range) (string, bool) {
	s, e := r.Start.Byte, r.End.Byte
	if s < 0 || e > len(src) || e-s < 2 || src[s] != '"' || src[e-1] != '"' {
		return "", false
	}
	return string(src[s+1 : e-1]), true
}

type cacheDecoder struct {
	b      []byte
	src    []byte
	file   string
	err    error
	last   hcl.Pos
	intern map[string]string
	// whole, when set, is the entry as one string: strings are cut from
	// it rather than allocated, for an entry of mostly unique strings (a
	// state's IDs) that is read whole and kept whole.
	whole string
}

func (d *cacheDecoder) fail() {
	if d.err == nil {
		d.err = errCodec
	}
	d.b = nil
}

func (d *cacheDecoder) uint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a length and refuses one the rest of the entry cannot hold,
// so a corrupt entry cannot ask for a huge allocation.
func (d *cacheDecoder) count() int {
	n := d.uint()
	if n > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *cacheDecoder) varint() int {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

func (d *cacheDecoder) byte() byte {
	if len(d.b) == 0 {
		d.fail()
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *cacheDecoder) inFile(name string) { d.file = name }
func (d *cacheDecoder) int(v *int)         { *v = d.varint() }
func (d *cacheDecoder) str(s *string)      { *s = d.string() }
func (d *cacheDecoder) bool(v *bool)       { *v = d.byte() == 1 }
func (d *cacheDecoder) cond(bool) bool     { return d.byte() == 1 }
func (d *cacheDecoder) len(int) int        { return d.count() }
func (d *cacheDecoder) typ(t *cty.Type)    { *t = d.ctyType() }
func (d *cacheDecoder) val(v *cty.Value)   { *v = d.value() }

// string reads a string. Short ones (names, keywords, IDs) repeat
// throughout a file, so they are shared rather than allocated each time.
func (d *cacheDecoder) string() string {
	n := d.count()
	if d.whole != "" {
		off := len(d.whole) - len(d.b)
		d.b = d.b[n:]
		return d.whole[off : off+n]
	}
	b := d.b[:n]
	d.b = d.b[n:]
	if n > 32 {
		return string(b)
	}
	if s, ok := d.intern[string(b)]; ok {
		return s
	}
	s := string(b)
	d.intern[s] = s
	return s
}

func (d *cacheDecoder) pos() hcl.Pos {
	p := hcl.Pos{Byte: d.last.Byte + d.varint(), Line: d.last.Line + d.varint()}
	if p.Line == d.last.Line {
		p.Column = d.last.Column + d.varint()
	} else {
		p.Column = d.varint()
	}
	d.last = p
	return p
}

func (d *cacheDecoder) rng(r *hcl.Range) {
	switch d.byte() {
	case 0:
		*r = hcl.Range{}
		return
	case 1:
		r.Filename = d.file
	case 2:
		r.Filename = d.string()
	default:
		d.fail()
		return
	}
	r.Start = d.pos()
	r.End = d.pos()
}

func (d *cacheDecoder) ctyType() cty.Type {
	switch d.byte() {
	case tNil:
		return cty.NilType
	case tDynamic:
		return cty.DynamicPseudoType
	case tString:
		return cty.String
	case tNumber:
		return cty.Number
	case tBool:
		return cty.Bool
	case tList:
		return cty.List(d.ctyType())
	case tSet:
		return cty.Set(d.ctyType())
	case tMap:
		return cty.Map(d.ctyType())
	case tTuple:
		ets := make([]cty.Type, d.count())
		for i := range ets {
			ets[i] = d.ctyType()
		}
		return cty.Tuple(ets)
	case tObject:
		n := d.count()
		ats := make(map[string]cty.Type, n)
		for range n {
			k := d.string()
			ats[k] = d.ctyType()
		}
		return cty.Object(ats)
	}
	d.fail()
	return cty.DynamicPseudoType
}

func (d *cacheDecoder) value() (v cty.Value) {
	defer func() {
		// cty panics on values that do not fit their type; a corrupt entry
		// must be refused, not crash the run.
		if recover() != nil {
			d.fail()
			v = cty.NilVal
		}
	}()
	switch d.byte() {
	case vNil:
		return cty.NilVal
	case vUnknown:
		return cty.UnknownVal(d.ctyType())
	case vNull:
		return cty.NullVal(d.ctyType())
	case vString:
		return cty.StringVal(d.string())
	case vNumber:
		f := new(big.Float)
		if err := f.GobDecode([]byte(d.string())); err != nil {
			d.fail()
			return cty.NilVal
		}
		return cty.NumberVal(f)
	case vTrue:
		return cty.True
	case vFalse:
		return cty.False
	case vCollection:
		t := d.ctyType()
		n := d.count()
		switch {
		case t.IsMapType():
			if n == 0 {
				return cty.MapValEmpty(t.ElementType())
			}
			m := make(map[string]cty.Value, n)
			for range n {
				k := d.string()
				m[k] = d.value()
			}
			return cty.MapVal(m)
		case t.IsListType() || t.IsSetType():
			if n == 0 {
				if t.IsSetType() {
					return cty.SetValEmpty(t.ElementType())
				}
				return cty.ListValEmpty(t.ElementType())
			}
			vs := make([]cty.Value, n)
			for i := range vs {
				vs[i] = d.value()
			}
			if t.IsSetType() {
				return cty.SetVal(vs)
			}
			return cty.ListVal(vs)
		}
	case vTuple:
		n := d.count()
		if n == 0 {
			return cty.EmptyTupleVal
		}
		vs := make([]cty.Value, n)
		for i := range vs {
			vs[i] = d.value()
		}
		return cty.TupleVal(vs)
	case vObject:
		n := d.count()
		if n == 0 {
			return cty.EmptyObjectVal
		}
		m := make(map[string]cty.Value, n)
		for range n {
			k := d.string()
			m[k] = d.value()
		}
		return cty.ObjectVal(m)
	}
	d.fail()
	return cty.NilVal
}

func (d *cacheDecoder) credVal(v *cty.Value, elems *[]Elem, r hcl.Range) {
	defer func() {
		// As in value: what a corrupt entry builds must not crash the run.
		if recover() != nil {
			d.fail()
			*v, *elems = cty.NilVal, nil
		}
	}()
	if len(d.b) == 0 || (d.b[0] != vSourceString && d.b[0] != vSourceExpr && d.b[0] != vSourceFlat) {
		*v = d.value()
		return
	}
	tag := d.b[0]
	d.b = d.b[1:]
	if tag == vSourceFlat {
		ty := d.ctyType()
		number, object := d.cond(false), d.cond(false)
		rs := make([]hcl.Range, d.count())
		for i := range rs {
			d.rng(&rs[i])
		}
		fv, fe, ok := flatValue(d.src, number, object, rs, ty)
		if !ok || d.err != nil {
			d.fail()
			return
		}
		*v, *elems = fv, fe
		return
	}
	if tag == vSourceExpr {
		ty := d.ctyType()
		sv, se, ok := sourceValue(d.file, d.src, r, ty)
		if !ok {
			d.fail()
		}
		*v, *elems = sv, se
		return
	}
	lit, ok := sourceLiteral(d.src, r)
	if !ok {
		d.fail()
	}
	*v = cty.StringVal(lit)
}
