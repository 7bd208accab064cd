package lang

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"

	"github.com/tixcfg/tixcfg/ruleid"
)

// secretType is the capsule that secret("ref") returns in JSON syntax, where
// expressions are evaluated by HCL itself; the native-syntax path recognises
// the call without evaluating it.
var secretType = cty.Capsule("secret", reflect.TypeOf(""))

// secretFunc is the only function of the language: secret("ref") marks a
// value as resolved by the runtime, so it is never inlined in config.
var secretFunc = function.New(&function.Spec{
	Description: "A reference to a secret held by the runtime platform.",
	Params:      []function.Parameter{{Name: "ref", Type: cty.String}},
	Type:        function.StaticReturnType(secretType),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		ref := args[0].AsString()
		if strings.TrimSpace(ref) == "" {
			return cty.NilVal, function.NewArgErrorf(0, "the secret reference must not be empty")
		}
		return cty.CapsuleVal(secretType, &ref), nil
	},
})

// evalContext holds no variables: the language is plain data plus secret().
var evalContext = &hcl.EvalContext{Functions: map[string]function.Function{"secret": secretFunc}}

// value is the result of evaluating one attribute expression.
type value struct {
	val      cty.Value
	elems    []Elem
	secret   string
	isSecret bool
}

// eval turns an attribute expression into a value. The language is plain
// data, so native-syntax expressions are walked rather than evaluated: that
// rejects variables, operators, conditionals, for expressions and
// interpolation with a precise message, and is cheaper than evaluation.
func (d *modelDecoder) eval(expr hcl.Expression) (value, bool) {
	if se, ok := expr.(hclsyntax.Expression); ok {
		if call, ok := unparen(se).(*hclsyntax.FunctionCallExpr); ok && call.Name == "secret" {
			return d.secretCall(call)
		}
		v, ok := d.lit(se)
		if !ok {
			return value{}, false
		}
		return value{val: v, elems: d.elems(se)}, true
	}
	// JSON syntax: HCL evaluates its string templates itself.
	if !d.jsonNumbersOK(expr, true) {
		return value{}, false
	}
	v, hds := expr.Value(evalContext)
	if hds.HasErrors() {
		d.add(fromHCL(ruleid.Schema, hds)...)
		return value{}, false
	}
	if hasNUL(v) {
		d.report(ruleid.Schema, expr.Range(), "NUL character in string", nulDetail)
		return value{}, false
	}
	if v.Type() == secretType {
		return value{secret: *(v.EncapsulatedValue().(*string)), isSecret: true}, true
	}
	if hasCapsule(v) {
		d.report(ruleid.Schema, expr.Range(), "Misplaced secret()", "secret(\"...\") must be the whole value of an attribute, not part of a list or object.")
		return value{}, false
	}
	return value{val: v, elems: d.elems(expr)}, true
}

// nulDetail explains why a NUL byte is refused: C-based consumers of the
// snapshot would cut the string there, so two tools would read two values.
const nulDetail = "The string holds a NUL character (\\u0000), which programs written in C read as the end of the string; remove it."

// hasNUL reports whether a JSON-syntax value holds a string (or a secret
// reference) with a NUL character.
func hasNUL(v cty.Value) bool {
	if !v.IsKnown() || v.IsNull() {
		return false
	}
	switch {
	case v.Type() == cty.String:
		return strings.IndexByte(v.AsString(), 0) >= 0
	case v.Type() == secretType:
		return strings.IndexByte(*(v.EncapsulatedValue().(*string)), 0) >= 0
	case v.CanIterateElements():
		for it := v.ElementIterator(); it.Next(); {
			if k, e := it.Element(); hasNUL(k) || hasNUL(e) {
				return true
			}
		}
	}
	return false
}

func hasCapsule(v cty.Value) bool {
	if !v.IsKnown() || v.IsNull() {
		return false
	}
	if v.Type().IsCapsuleType() {
		return true
	}
	if v.CanIterateElements() {
		for it := v.ElementIterator(); it.Next(); {
			if _, e := it.Element(); hasCapsule(e) {
				return true
			}
		}
	}
	return false
}

func unparen(e hclsyntax.Expression) hclsyntax.Expression {
	for {
		p, ok := e.(*hclsyntax.ParenthesesExpr)
		if !ok {
			return e
		}
		e = p.Expression
	}
}

func (d *modelDecoder) secretCall(call *hclsyntax.FunctionCallExpr) (value, bool) {
	rng := call.Range()
	if len(call.Args) != 1 || call.ExpandFinal {
		d.report(ruleid.Schema, rng, "Invalid secret() call", "secret takes exactly one argument, the reference of the secret: secret(\"acme/google-maps\").")
		return value{}, false
	}
	v, ok := d.lit(call.Args[0])
	if !ok {
		return value{}, false
	}
	if v.Type() != cty.String || v.IsNull() || strings.TrimSpace(v.AsString()) == "" {
		d.report(ruleid.Schema, call.Args[0].Range(), "Invalid secret reference", "The argument of secret() must be a non-empty quoted string, such as secret(\"acme/google-maps\").")
		return value{}, false
	}
	return value{secret: v.AsString(), isSecret: true}, true
}

// lit evaluates a native-syntax literal: strings without interpolation,
// numbers, bools, null, and lists and objects of those.
func (d *modelDecoder) lit(e hclsyntax.Expression) (cty.Value, bool) {
	switch e := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		if !d.numberOK(e) {
			return cty.NilVal, false
		}
		return e.Val, true
	case *hclsyntax.ParenthesesExpr:
		return d.lit(e.Expression)
	case *hclsyntax.TemplateExpr:
		var sb strings.Builder
		for _, p := range e.Parts {
			l, ok := p.(*hclsyntax.LiteralValueExpr)
			if !ok || l.Val.Type() != cty.String {
				d.report(ruleid.Schema, p.Range(), "Interpolation is not allowed", "Values are plain literals: write the string without ${...} or %{...}.")
				return cty.NilVal, false
			}
			sb.WriteString(l.Val.AsString())
		}
		if strings.IndexByte(sb.String(), 0) >= 0 {
			d.report(ruleid.Schema, e.Range(), "NUL character in string", nulDetail)
			return cty.NilVal, false
		}
		if d.isHeredoc(e) {
			// A heredoc's line ends are those of the checkout (CRLF under
			// git's autocrlf on Windows): the value, the snapshot and its
			// digest must not depend on them.
			return cty.StringVal(strings.ReplaceAll(sb.String(), "\r\n", "\n")), true
		}
		return cty.StringVal(sb.String()), true
	case *hclsyntax.TemplateWrapExpr:
		d.report(ruleid.Schema, e.Range(), "Interpolation is not allowed", "Values are plain literals: write the value itself instead of \"${...}\".")
		return cty.NilVal, false
	case *hclsyntax.UnaryOpExpr:
		if e.Op == hclsyntax.OpNegate {
			if l, ok := unparen(e.Val).(*hclsyntax.LiteralValueExpr); ok && l.Val.Type() == cty.Number {
				if !d.numberOK(l) {
					return cty.NilVal, false
				}
				return l.Val.Negate(), true
			}
		}
	case *hclsyntax.TupleConsExpr:
		if len(e.Exprs) == 0 {
			return cty.EmptyTupleVal, true
		}
		vals := make([]cty.Value, len(e.Exprs))
		ok := true
		for i, x := range e.Exprs {
			var good bool
			vals[i], good = d.lit(x)
			if !good {
				vals[i], ok = cty.DynamicVal, false
			}
		}
		return cty.TupleVal(vals), ok
	case *hclsyntax.ObjectConsExpr:
		if len(e.Items) == 0 {
			return cty.EmptyObjectVal, true
		}
		attrs := make(map[string]cty.Value, len(e.Items))
		first := make(map[string]hcl.Range, len(e.Items))
		ok := true
		for i, item := range e.Items {
			key, kok := d.key(item.KeyExpr)
			v, vok := d.lit(item.ValueExpr)
			if !kok || !vok {
				ok = false
				continue
			}
			if prev, dup := first[key]; dup {
				d.add(Diagnostic{Rule: ruleid.Duplicate,
					// The key is not repeated: it may be part of a secret,
					// which the snippet masks and a summary would not.
					Summary: "Duplicate key",
					Detail:  fmt.Sprintf("This key is already set on line %d; each key may appear once.", prev.Start.Line),
					Subject: item.KeyExpr.Range(), Related: []Related{{Message: "first set here", Range: prev}},
					Fixes: d.itemRemoval(e.Items, i)})
				continue
			}
			first[key] = item.KeyExpr.Range()
			attrs[key] = v
		}
		return cty.ObjectVal(attrs), ok
	case *hclsyntax.FunctionCallExpr:
		if e.Name == "secret" {
			d.report(ruleid.Schema, e.Range(), "Misplaced secret()", "secret(\"...\") must be the whole value of an attribute, not part of a list or object.")
		} else {
			d.report(ruleid.Schema, e.NameRange, fmt.Sprintf("Unknown function %q", e.Name), "The only function of the language is secret(\"ref\").")
		}
		return cty.NilVal, false
	case *hclsyntax.ScopeTraversalExpr:
		// The bare word is not repeated: it may be a secret written
		// without its quotes.
		d.report(ruleid.Schema, e.Range(), "Variables are not allowed",
			"A bare word is a reference, but values are plain literals: to write a string, put it in quotes.")
		return cty.NilVal, false
	case *hclsyntax.ForExpr:
		d.report(ruleid.Schema, e.Range(), "For expressions are not allowed", "Values are plain literals: write the list or object out.")
		return cty.NilVal, false
	case *hclsyntax.ConditionalExpr:
		d.report(ruleid.Schema, e.Range(), "Conditional expressions are not allowed", "Values are plain literals: write the value that applies.")
		return cty.NilVal, false
	}
	d.report(ruleid.Schema, e.Range(), "Only literal values are allowed", "Values are plain literals: strings, numbers, bools, lists and objects of those, and secret(\"ref\").")
	return cty.NilVal, false
}

// key evaluates an object key: a bare name or a literal string.
func (d *modelDecoder) key(k hclsyntax.Expression) (string, bool) {
	if kw := hcl.ExprAsKeyword(k); kw != "" {
		return kw, true
	}
	if ck, ok := k.(*hclsyntax.ObjectConsKeyExpr); ok {
		k = ck.Wrapped
	}
	v, ok := d.lit(k)
	if !ok {
		return "", false
	}
	if v.IsNull() || v.Type() != cty.String {
		d.report(ruleid.Schema, k.Range(), "Invalid object key", "An object key must be a name or a quoted string.")
		return "", false
	}
	return v.AsString(), true
}

// elems records the ranges of the elements of a list or object literal.
func (d *modelDecoder) elems(expr hcl.Expression) []Elem {
	switch e := expr.(type) {
	case *hclsyntax.ParenthesesExpr:
		return d.elems(e.Expression)
	case *hclsyntax.TupleConsExpr:
		out := make([]Elem, len(e.Exprs))
		for i, x := range e.Exprs {
			out[i] = Elem{Range: x.Range()}
		}
		return out
	case *hclsyntax.ObjectConsExpr:
		out := make([]Elem, 0, len(e.Items))
		seen := make(map[string]bool, len(e.Items))
		for _, item := range e.Items {
			key := hcl.ExprAsKeyword(item.KeyExpr)
			if key == "" {
				if v, diags := item.KeyExpr.Value(nil); !diags.HasErrors() && v.Type() == cty.String && !v.IsNull() {
					key = v.AsString()
				}
			}
			// A repeated key is reported by lit, which keeps the first
			// value; so do the elements, or the value would be judged twice.
			if !seen[key] {
				seen[key] = true
				out = append(out, Elem{Key: key, KeyRange: item.KeyExpr.Range(), Range: item.ValueExpr.Range()})
			}
		}
		return out
	case hclsyntax.Expression:
		return nil
	}
	// JSON syntax.
	if list, diags := hcl.ExprList(expr); !diags.HasErrors() {
		out := make([]Elem, len(list))
		for i, x := range list {
			out[i] = Elem{Range: x.Range()}
		}
		return out
	}
	if pairs, diags := hcl.ExprMap(expr); !diags.HasErrors() {
		out := make([]Elem, 0, len(pairs))
		seen := make(map[string]bool, len(pairs))
		for _, p := range pairs {
			k, diags := p.Key.Value(nil)
			if diags.HasErrors() || k.Type() != cty.String || k.IsNull() {
				continue
			}
			if key := k.AsString(); !seen[key] {
				seen[key] = true
				out = append(out, Elem{Key: key, KeyRange: p.Key.Range(), Range: p.Value.Range()})
			}
		}
		return out
	}
	return nil
}

// numberOK checks a native-syntax number literal, as written, against the
// bounds of numberLimit before anything converts it.
func (d *modelDecoder) numberOK(l *hclsyntax.LiteralValueExpr) bool {
	if l.Val.Type() != cty.Number {
		return true
	}
	r := l.SrcRange
	if r.Start.Byte < 0 || r.End.Byte > len(d.file.Src) || r.Start.Byte >= r.End.Byte {
		return true
	}
	return d.numberTextOK(d.file.Src[r.Start.Byte:r.End.Byte], r)
}

func (d *modelDecoder) numberTextOK(lit []byte, r hcl.Range) bool {
	// Short literals without an exponent are within bounds: the common
	// case needs no string.
	if len(lit) <= 16 && !bytes.ContainsAny(lit, "eE") {
		return true
	}
	if summary, detail := numberLimit(string(lit)); summary != "" {
		d.report(ruleid.InvalidValue, r, summary, detail)
		return false
	}
	return true
}

// numbersOK answers, without reporting, whether a JSON-syntax value may be
// evaluated: isNull evaluates it before eval reports what is wrong.
func (d *modelDecoder) numbersOK(expr hcl.Expression) bool {
	if _, native := expr.(hclsyntax.Expression); native {
		return true
	}
	return d.jsonNumbersOK(expr, false)
}

// jsonNumbersOK checks every number literal in a JSON-syntax value's
// source, and inside its string templates, against the bounds of
// numberLimit: HCL converts JSON numbers, and a template's ${...}
// formats them, as soon as the value is evaluated. report says whether a
// literal out of bounds is reported or only answered.
func (d *modelDecoder) jsonNumbersOK(expr hcl.Expression, report bool) bool {
	r := expr.Range()
	src := d.file.Src
	if r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte >= r.End.Byte {
		return true
	}
	ok := true
	pos := r.Start // tracks i
	i, end := r.Start.Byte, r.End.Byte
	advance := func(to int) {
		for ; i < to; i++ {
			switch c := src[i]; {
			case c == '\n':
				pos.Line, pos.Column = pos.Line+1, 1
			case c < 0x80 || c >= 0xC0: // the first byte of a character
				pos.Column++
			}
		}
		pos.Byte = i
	}
	inTemplate := false // inside a string that holds ${ or %{
	for i < end {
		c := src[i]
		switch {
		case inTemplate && c == '"':
			inTemplate = false
		case c == '"':
			j := i + 1
			for j < end && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			body := src[i+1 : min(j, end)]
			inTemplate = bytes.Contains(body, []byte("${")) || bytes.Contains(body, []byte("%{"))
			if !inTemplate {
				advance(min(j+1, end))
				continue
			}
			advance(i + 1) // scan the template's text for numbers
			continue
		case inTemplate && c == '\\':
			advance(min(i+2, end))
			continue
		case c == '-' || '0' <= c && c <= '9':
			if i > r.Start.Byte && isWordByte(src[i-1]) {
				break
			}
			j := i + 1
			for j < end && (isWordByte(src[j]) || src[j] == '.' || (src[j] == '-' || src[j] == '+') && (src[j-1] == 'e' || src[j-1] == 'E')) {
				j++
			}
			start := pos
			advance(j)
			if !d.numberTextOKQuiet(src[start.Byte:j], hcl.Range{Filename: r.Filename, Start: start, End: pos}, report) {
				ok = false
			}
			continue
		}
		advance(i + 1)
	}
	return ok
}

func (d *modelDecoder) numberTextOKQuiet(lit []byte, r hcl.Range, report bool) bool {
	if !report {
		if len(lit) <= 16 && !bytes.ContainsAny(lit, "eE") {
			return true
		}
		summary, _ := numberLimit(string(lit))
		return summary == ""
	}
	return d.numberTextOK(lit, r)
}

func isWordByte(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}

// isHeredoc reports whether a template is written as a heredoc (<<EOF);
// in a quoted string, a carriage return can only be an escape the author
// wrote on purpose.
func (d *modelDecoder) isHeredoc(e *hclsyntax.TemplateExpr) bool {
	b := e.SrcRange.Start.Byte
	return b >= 0 && b+2 <= len(d.file.Src) && d.file.Src[b] == '<' && d.file.Src[b+1] == '<'
}

// itemRemoval is the fix of the repeated key of object item i: remove the
// item with the separator before it (see ElementDeletion). The first of
// the keys is the one that counts, so removing the later changes nothing
// that runs. Its text is not repeated anywhere, as it may be a secret's.
func (d *modelDecoder) itemRemoval(items []hclsyntax.ObjectConsItem, i int) []Fix {
	f := d.file
	if f.JSON || i < 1 || i >= len(items) {
		return nil
	}
	e, ok := ElementDeletion(f.Name, f.Src, items[i-1].ValueExpr.Range().End.Byte, items[i].KeyExpr.Range().Start.Byte, items[i].ValueExpr.Range().End.Byte)
	if !ok {
		return nil
	}
	return []Fix{{Message: "remove the repeated key", Safety: Safe, Edits: []Edit{e}}}
}
