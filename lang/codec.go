package lang

import (
	"encoding/binary"
	"errors"
	"math/big"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// The binary form of a decoded File, for the on-disk cache. It is written
// by hand because the model holds cty values, which no general encoder can
// reach into, and because reading it back must cost far less than parsing:
// ranges of the file itself are stored without their file name, everything
// else as varints and length-prefixed strings. codecVersion changes with
// any change to the layout (TestCodecCoversModel keeps that honest).
const codecVersion = 4

var errCodec = errors.New("corrupt cache entry")

// errUncacheable refuses to cache a file with a credential the entry
// could only hold as plaintext: entries never carry a literal secret.
var errUncacheable = errors.New("file holds a credential the cache cannot keep without its text")

type encoder struct {
	b    []byte
	file string
	err  error
	last hcl.Pos // positions are written as deltas from the previous one
	src  []byte
	// cred is set while writing credential attributes. Which of them are
	// secret depends on a catalog that may sit in another file, so none
	// is written as text: a string literal is kept as "the literal at
	// ValueRange" and read back from the source, which the reader holds
	// anyway (it is part of the entry's key).
	cred bool
}

func (e *encoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) int(v int)     { e.b = binary.AppendVarint(e.b, int64(v)) }
func (e *encoder) str(s string)  { e.uint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}

// pos writes a position relative to the previous one: most ranges sit a
// few bytes after the last, on the same line or the next, so each part
// takes a byte.
func (e *encoder) pos(p hcl.Pos) {
	e.int(p.Byte - e.last.Byte)
	e.int(p.Line - e.last.Line)
	if p.Line == e.last.Line {
		e.int(p.Column - e.last.Column)
	} else {
		e.int(p.Column)
	}
	e.last = p
}

func (e *encoder) rng(r hcl.Range) {
	switch {
	case r == hcl.Range{}:
		e.b = append(e.b, 0)
		return
	case r.Filename == e.file:
		e.b = append(e.b, 1)
	default:
		e.b = append(e.b, 2)
		e.str(r.Filename)
	}
	e.pos(r.Start)
	e.pos(r.End)
}

func (e *encoder) decl(d Decl) { e.rng(d.Range); e.rng(d.DefRange); e.rng(d.LabelRange) }

func (e *encoder) strs(s []string) {
	e.uint(uint64(len(s)))
	for _, x := range s {
		e.str(x)
	}
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

func (e *encoder) typ(t cty.Type) {
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
		e.typ(t.ElementType())
	case t.IsSetType():
		e.b = append(e.b, tSet)
		e.typ(t.ElementType())
	case t.IsMapType():
		e.b = append(e.b, tMap)
		e.typ(t.ElementType())
	case t.IsTupleType():
		e.b = append(e.b, tTuple)
		ets := t.TupleElementTypes()
		e.uint(uint64(len(ets)))
		for _, et := range ets {
			e.typ(et)
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
			e.str(n)
			e.typ(ats[n])
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
)

func (e *encoder) val(v cty.Value) {
	switch {
	case v == cty.NilVal:
		e.b = append(e.b, vNil)
		return
	case !v.IsKnown():
		e.b = append(e.b, vUnknown)
		e.typ(v.Type())
		return
	case v.IsNull():
		e.b = append(e.b, vNull)
		e.typ(v.Type())
		return
	}
	t := v.Type()
	switch {
	case t == cty.String:
		e.b = append(e.b, vString)
		e.str(v.AsString())
	case t == cty.Number:
		g, err := v.AsBigFloat().GobEncode()
		if err != nil {
			e.err = err
		}
		e.b = append(e.b, vNumber)
		e.str(string(g))
	case t == cty.Bool:
		if v.True() {
			e.b = append(e.b, vTrue)
		} else {
			e.b = append(e.b, vFalse)
		}
	case t.IsListType() || t.IsSetType() || t.IsMapType():
		e.b = append(e.b, vCollection)
		e.typ(t)
		e.uint(uint64(v.LengthInt()))
		for it := v.ElementIterator(); it.Next(); {
			k, ev := it.Element()
			if t.IsMapType() {
				e.str(k.AsString())
			}
			e.val(ev)
		}
	case t.IsTupleType():
		e.b = append(e.b, vTuple)
		e.uint(uint64(v.LengthInt()))
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			e.val(ev)
		}
	case t.IsObjectType():
		e.b = append(e.b, vObject)
		e.uint(uint64(v.LengthInt()))
		for it := v.ElementIterator(); it.Next(); { // in key order
			k, ev := it.Element()
			e.str(k.AsString())
			e.val(ev)
		}
	default:
		e.err = errors.New("cannot cache a value of type " + t.FriendlyName())
	}
}

func (e *encoder) attr(a *Attr) {
	if a == nil {
		e.bool(false)
		return
	}
	e.bool(true)
	e.str(a.Name)
	e.rng(a.NameRange)
	e.rng(a.ValueRange)
	// The whole attribute almost always runs from its name to its value.
	if derived := hcl.RangeBetween(a.NameRange, a.ValueRange); a.Range == derived {
		e.bool(true)
	} else {
		e.bool(false)
		e.rng(a.Range)
	}
	// Credentials are strings (the catalog types them so), so a string is
	// all a literal secret can be; settings of other types are kept.
	if e.cred && a.Value != cty.NilVal && a.Value.IsKnown() && !a.Value.IsNull() && a.Value.Type() == cty.String {
		if lit, ok := sourceLiteral(e.src, a.ValueRange); ok && a.Value.AsString() == lit {
			e.b = append(e.b, vSourceString)
		} else if e.err == nil {
			e.err = errUncacheable
		}
	} else {
		e.val(a.Value)
	}
	e.bool(a.IsSecret)
	e.str(a.Secret)
	e.uint(uint64(len(a.Elems)))
	for _, el := range a.Elems {
		e.str(el.Key)
		e.rng(el.KeyRange)
		e.rng(el.Range)
	}
}

func (e *encoder) attrs(as Attrs) {
	e.uint(uint64(len(as)))
	for _, a := range as {
		e.attr(a)
	}
}

// credAttrs writes the attributes of an integration block: credentials
// and settings, whose values never reach the entry as text.
func (e *encoder) credAttrs(as Attrs) {
	e.cred = true
	e.attrs(as)
	e.cred = false
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

func (e *encoder) list(l *List) {
	if l == nil {
		e.bool(false)
		return
	}
	e.bool(true)
	e.attr(l.Attr)
	e.bool(l.Unknown)
	e.uint(uint64(len(l.Items)))
	for _, it := range l.Items {
		e.str(it.Value)
		e.rng(it.Range)
	}
}

func (e *encoder) fields(fs []*FieldDecl) {
	e.uint(uint64(len(fs)))
	for _, f := range fs {
		e.str(f.Name)
		e.decl(f.Decl)
		e.attrs(f.Attrs)
		e.typ(f.Type)
		e.rng(f.TypeRange)
	}
}

// encodeFile writes what a file decoded to (not its name, path or text).
func encodeFile(f *File) ([]byte, error) {
	e := &encoder{b: make([]byte, 0, len(f.Src)), file: f.Name, src: f.Src}
	e.uint(codecVersion)
	e.str(f.CatalogVersion)
	e.bool(f.JSON)
	e.bool(f.ParseFailed)
	e.uint(uint64(len(f.Resellers)))
	for _, r := range f.Resellers {
		e.str(r.ID)
		e.decl(r.Decl)
		e.attr(r.Name)
		e.list(r.FeatureFlags)
		e.uint(uint64(len(r.Integrations)))
		for _, in := range r.Integrations {
			e.str(in.Type)
			e.decl(in.Decl)
			e.credAttrs(in.Attrs)
			e.uint(uint64(len(in.Environments)))
			for _, env := range in.Environments {
				e.str(env.Name)
				e.decl(env.Decl)
				e.credAttrs(env.Attrs)
			}
		}
	}
	e.uint(uint64(len(f.Companies)))
	for _, c := range f.Companies {
		e.str(c.ID)
		e.decl(c.Decl)
		e.attr(c.Name)
		e.attr(c.Reseller)
		e.attr(c.Parent)
		e.attr(c.GlobalTransactions)
		e.list(c.FeatureFlags)
		e.list(c.Permissions)
		e.uint(uint64(len(c.TaxBands)))
		for _, tb := range c.TaxBands {
			e.str(tb.ID)
			e.decl(tb.Decl)
			e.attr(tb.Rate)
			e.attr(tb.Condition)
		}
		e.uint(uint64(len(c.Integrations)))
		for _, in := range c.Integrations {
			e.str(in.Type)
			e.decl(in.Decl)
			e.credAttrs(in.Attrs)
		}
	}
	e.uint(uint64(len(f.FeatureFlags)))
	for _, d := range f.FeatureFlags {
		e.str(d.ID)
		e.decl(d.Decl)
		e.bool(d.Builtin)
		e.attr(d.Description)
		e.list(d.ConflictsWith)
		e.list(d.Enables)
	}
	e.uint(uint64(len(f.Permissions)))
	for _, d := range f.Permissions {
		e.str(d.ID)
		e.decl(d.Decl)
		e.bool(d.Builtin)
		e.attr(d.Description)
		e.attr(d.RequiredFor)
	}
	e.uint(uint64(len(f.IntegrationTypes)))
	for _, d := range f.IntegrationTypes {
		e.str(d.ID)
		e.decl(d.Decl)
		e.bool(d.Builtin)
		for _, a := range []*Attr{d.Name, d.Description, d.Category, d.FeatureFlag, d.Payment} {
			e.attr(a)
		}
		e.list(d.Permissions)
		e.bool(d.Reseller != nil)
		if d.Reseller != nil {
			e.decl(d.Reseller.Decl)
			e.list(d.Reseller.Environments)
			e.fields(d.Reseller.Credentials)
		}
		e.bool(d.Company != nil)
		if d.Company != nil {
			e.decl(d.Company.Decl)
			e.fields(d.Company.Credentials)
			e.fields(d.Company.Settings)
		}
	}
	e.uint(uint64(len(f.Ignores)))
	for _, ig := range f.Ignores {
		e.strs(ig.Rules)
		e.str(ig.Reason)
		e.rng(ig.Range)
		e.int(ig.Line)
		e.int(ig.LastLine)
		e.bool(ig.BareReason)
	}
	e.uint(uint64(len(f.Diagnostics)))
	for _, d := range f.Diagnostics {
		e.str(d.Rule)
		e.int(int(d.Severity))
		e.str(d.Summary)
		e.str(d.Detail)
		e.rng(d.Subject)
		e.uint(uint64(len(d.Related)))
		for _, r := range d.Related {
			e.str(r.Message)
			e.rng(r.Range)
		}
	}
	return e.b, e.err
}

type decoderBin struct {
	b      []byte
	src    []byte
	file   string
	err    error
	last   hcl.Pos
	intern map[string]string
}

func (d *decoderBin) fail() {
	if d.err == nil {
		d.err = errCodec
	}
	d.b = nil
}

func (d *decoderBin) uint() uint64 {
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
func (d *decoderBin) count() int {
	n := d.uint()
	if n > uint64(len(d.b)) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *decoderBin) int() int {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

func (d *decoderBin) byte() byte {
	if len(d.b) == 0 {
		d.fail()
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

// str reads a string. Short ones (names, keywords, IDs) repeat throughout
// a file, so they are shared rather than allocated each time.
func (d *decoderBin) str() string {
	n := d.count()
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

func (d *decoderBin) bool() bool { return d.byte() == 1 }

func (d *decoderBin) pos() hcl.Pos {
	p := hcl.Pos{Byte: d.last.Byte + d.int(), Line: d.last.Line + d.int()}
	if p.Line == d.last.Line {
		p.Column = d.last.Column + d.int()
	} else {
		p.Column = d.int()
	}
	d.last = p
	return p
}

func (d *decoderBin) rng() hcl.Range {
	var r hcl.Range
	switch d.byte() {
	case 0:
		return r
	case 1:
		r.Filename = d.file
	case 2:
		r.Filename = d.str()
	default:
		d.fail()
		return r
	}
	r.Start, r.End = d.pos(), d.pos()
	return r
}

func (d *decoderBin) decl() Decl { return Decl{Range: d.rng(), DefRange: d.rng(), LabelRange: d.rng()} }

func (d *decoderBin) strs() []string {
	n := d.count()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func (d *decoderBin) typ() cty.Type {
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
		return cty.List(d.typ())
	case tSet:
		return cty.Set(d.typ())
	case tMap:
		return cty.Map(d.typ())
	case tTuple:
		ets := make([]cty.Type, d.count())
		for i := range ets {
			ets[i] = d.typ()
		}
		return cty.Tuple(ets)
	case tObject:
		n := d.count()
		ats := make(map[string]cty.Type, n)
		for range n {
			k := d.str()
			ats[k] = d.typ()
		}
		return cty.Object(ats)
	}
	d.fail()
	return cty.DynamicPseudoType
}

func (d *decoderBin) val() (v cty.Value) {
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
		return cty.UnknownVal(d.typ())
	case vNull:
		return cty.NullVal(d.typ())
	case vString:
		return cty.StringVal(d.str())
	case vNumber:
		f := new(big.Float)
		if err := f.GobDecode([]byte(d.str())); err != nil {
			d.fail()
			return cty.NilVal
		}
		return cty.NumberVal(f)
	case vTrue:
		return cty.True
	case vFalse:
		return cty.False
	case vCollection:
		t := d.typ()
		n := d.count()
		switch {
		case t.IsMapType():
			if n == 0 {
				return cty.MapValEmpty(t.ElementType())
			}
			m := make(map[string]cty.Value, n)
			for range n {
				k := d.str()
				m[k] = d.val()
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
				vs[i] = d.val()
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
			vs[i] = d.val()
		}
		return cty.TupleVal(vs)
	case vObject:
		n := d.count()
		if n == 0 {
			return cty.EmptyObjectVal
		}
		m := make(map[string]cty.Value, n)
		for range n {
			k := d.str()
			m[k] = d.val()
		}
		return cty.ObjectVal(m)
	}
	d.fail()
	return cty.NilVal
}

func (d *decoderBin) attr() *Attr {
	if !d.bool() || d.err != nil {
		return nil
	}
	a := &Attr{Name: d.str(), NameRange: d.rng(), ValueRange: d.rng()}
	if d.bool() {
		a.Range = hcl.RangeBetween(a.NameRange, a.ValueRange)
	} else {
		a.Range = d.rng()
	}
	if len(d.b) > 0 && d.b[0] == vSourceString {
		d.b = d.b[1:]
		lit, ok := sourceLiteral(d.src, a.ValueRange)
		if !ok {
			d.fail()
		}
		a.Value = cty.StringVal(lit)
	} else {
		a.Value = d.val()
	}
	a.IsSecret, a.Secret = d.bool(), d.str()
	if n := d.count(); n > 0 {
		a.Elems = make([]Elem, n)
		for i := range a.Elems {
			a.Elems[i] = Elem{Key: d.str(), KeyRange: d.rng(), Range: d.rng()}
		}
	}
	return a
}

func (d *decoderBin) attrs() Attrs {
	n := d.count()
	out := make(Attrs, 0, n)
	for range n {
		if a := d.attr(); a != nil {
			out = append(out, a)
		}
	}
	return out
}

func (d *decoderBin) list() *List {
	if !d.bool() || d.err != nil {
		return nil
	}
	l := &List{Attr: d.attr(), Unknown: d.bool()}
	if n := d.count(); n > 0 {
		l.Items = make([]Item, n)
		for i := range l.Items {
			l.Items[i] = Item{Value: d.str(), Range: d.rng()}
		}
	}
	return l
}

func (d *decoderBin) fields() []*FieldDecl {
	n := d.count()
	var out []*FieldDecl
	for range n {
		out = append(out, &FieldDecl{Name: d.str(), Decl: d.decl(), Attrs: d.attrs(), Type: d.typ(), TypeRange: d.rng()})
	}
	return out
}

// decodeFile reads what encodeFile wrote, for the file of that name and
// source.
func decodeFile(name string, src, b []byte) (*File, error) {
	d := &decoderBin{b: b, src: src, file: name, intern: make(map[string]string, 256)}
	if d.uint() != codecVersion {
		return nil, errCodec
	}
	f := &File{Name: name, CatalogVersion: d.str(), JSON: d.bool(), ParseFailed: d.bool()}
	for range d.count() {
		r := &Reseller{ID: d.str(), Decl: d.decl(), Name: d.attr(), FeatureFlags: d.list()}
		for range d.count() {
			in := &ResellerIntegration{Type: d.str(), Decl: d.decl(), Attrs: d.attrs()}
			for range d.count() {
				in.Environments = append(in.Environments, &Environment{Name: d.str(), Decl: d.decl(), Attrs: d.attrs()})
			}
			r.Integrations = append(r.Integrations, in)
		}
		f.Resellers = append(f.Resellers, r)
	}
	for range d.count() {
		c := &Company{ID: d.str(), Decl: d.decl(), Name: d.attr(), Reseller: d.attr(), Parent: d.attr(),
			GlobalTransactions: d.attr(), FeatureFlags: d.list(), Permissions: d.list()}
		for range d.count() {
			c.TaxBands = append(c.TaxBands, &TaxBand{ID: d.str(), Decl: d.decl(), Rate: d.attr(), Condition: d.attr()})
		}
		for range d.count() {
			c.Integrations = append(c.Integrations, &CompanyIntegration{Type: d.str(), Decl: d.decl(), Attrs: d.attrs()})
		}
		f.Companies = append(f.Companies, c)
	}
	for range d.count() {
		f.FeatureFlags = append(f.FeatureFlags, &FeatureFlagDecl{ID: d.str(), Decl: d.decl(), Builtin: d.bool(),
			Description: d.attr(), ConflictsWith: d.list(), Enables: d.list()})
	}
	for range d.count() {
		f.Permissions = append(f.Permissions, &PermissionDecl{ID: d.str(), Decl: d.decl(), Builtin: d.bool(),
			Description: d.attr(), RequiredFor: d.attr()})
	}
	for range d.count() {
		t := &IntegrationTypeDecl{ID: d.str(), Decl: d.decl(), Builtin: d.bool(),
			Name: d.attr(), Description: d.attr(), Category: d.attr(), FeatureFlag: d.attr(), Payment: d.attr(), Permissions: d.list()}
		if d.bool() {
			t.Reseller = &ResellerSpecDecl{Decl: d.decl(), Environments: d.list(), Credentials: d.fields()}
		}
		if d.bool() {
			t.Company = &CompanySpecDecl{Decl: d.decl(), Credentials: d.fields(), Settings: d.fields()}
		}
		f.IntegrationTypes = append(f.IntegrationTypes, t)
	}
	for range d.count() {
		f.Ignores = append(f.Ignores, &Ignore{Rules: d.strs(), Reason: d.str(), Range: d.rng(), Line: d.int(), LastLine: d.int(), BareReason: d.bool()})
	}
	for range d.count() {
		dg := Diagnostic{Rule: d.str(), Severity: Severity(d.int()), Summary: d.str(), Detail: d.str(), Subject: d.rng()}
		for range d.count() {
			dg.Related = append(dg.Related, Related{Message: d.str(), Range: d.rng()})
		}
		f.Diagnostics = append(f.Diagnostics, dg)
	}
	if d.err != nil || len(d.b) != 0 {
		return nil, errCodec
	}
	return f, nil
}
