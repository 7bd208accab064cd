package checker

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/tixcfg/tixcfg/lang"
)

// ignoreRemoval is the fix of an ignore comment none of whose rules is in
// use: remove it, with its whole line when it stands alone, else with the
// blanks before it. A comment that still suppresses something gets none:
// removing it would bring that finding back.
func ignoreRemoval(p *lang.Portfolio, ig *lang.Ignore, used map[string]bool, opts Options) []lang.Fix {
	for _, r := range ig.Rules {
		if Lookup(r) != nil && r != ruleSyntax.ID && (!opts.Enabled(r) || used[r]) {
			return nil
		}
	}
	f := p.File(ig.Range.Filename)
	if f == nil || f.JSON {
		return nil
	}
	src := f.Src
	from, to := ig.Range.Start.Byte, ig.Range.End.Byte
	if from < 0 || to > len(src) || from > to {
		return nil
	}
	lineStart := bytes.LastIndexByte(src[:from], '\n') + 1
	if len(bytes.TrimLeft(src[lineStart:from], " \t")) == 0 {
		from = lineStart
		if rest := src[to:]; bytes.HasPrefix(rest, []byte("\r\n")) {
			to += 2
		} else if len(rest) > 0 && rest[0] == '\n' {
			to++
		}
	} else {
		for from > lineStart && (src[from-1] == ' ' || src[from-1] == '\t') {
			from--
		}
	}
	return []lang.Fix{{Message: "remove the ignore comment", Safety: lang.Safe,
		Edits: []lang.Edit{lang.Deletion(f.Name, src, from, to)}}}
}

// listItemRemoval is the fix of the repeated item i of a list: remove it
// with the comma before it (see removeListItem).
func listItemRemoval(p *lang.Portfolio, l *lang.List, i int) []lang.Fix {
	if i < 1 {
		return nil
	}
	e := edits{p: p}
	e.add(removeListItem(p, l, i))
	return e.fix("remove the repeated "+strconv.Quote(l.Items[i].Value), lang.Safe)
}

// attachFixes gives the finding the pass reported last its fixes.
func (p *Pass) attachFixes(fs []lang.Fix) {
	if len(p.out) > 0 {
		p.out[len(p.out)-1].Fixes = fs
	}
}

// The attributes of a company and a reseller that come before a list in
// the canonical order, where a new list attribute goes after them.
func companyFlagsBefore(c *lang.Company) []*lang.Attr {
	return []*lang.Attr{c.Name, c.Reseller, c.Parent, c.GlobalTransactions}
}

func companyPermissionsBefore(c *lang.Company) []*lang.Attr {
	before := companyFlagsBefore(c)
	if c.FeatureFlags != nil {
		before = append(before, c.FeatureFlags.Attr)
	}
	return before
}

// blockRemoval is the fix that removes a block; it changes what runs.
func blockRemoval(p *lang.Portfolio, d lang.Decl, msg string) []lang.Fix {
	e := edits{p: p}
	e.add(removeBlock(p, d))
	return e.fix(msg, lang.Review)
}

// flagFixes resolve a missing feature flag: add it to the company (and to
// its reseller, which must have it first), or, for an integration block,
// remove the block.
func flagFixes(p *lang.Portfolio, flag string, c *lang.Company, r *lang.Reseller, block *lang.CompanyIntegration) []lang.Fix {
	e := edits{p: p}
	msg := fmt.Sprintf("add %q to the feature_flags of company %q", flag, c.ID)
	e.add(addToList(p, c.FeatureFlags, c.Decl, companyFlagsBefore(c), "feature_flags", []string{flag}))
	if r != nil && !r.FeatureFlags.Has(flag) {
		e.add(addToList(p, r.FeatureFlags, r.Decl, []*lang.Attr{r.Name}, "feature_flags", []string{flag}))
		msg += fmt.Sprintf(" and of reseller %q", r.ID)
	}
	out := e.fix(msg, lang.Review)
	if block != nil {
		out = append(out, blockRemoval(p, block.Decl, fmt.Sprintf("remove the integration %q block", block.Type))...)
	}
	return out
}

// flagNotOnResellerFixes: add the company's flag to its reseller, or
// remove it from the company (item i of its feature_flags).
func flagNotOnResellerFixes(p *lang.Portfolio, c *lang.Company, r *lang.Reseller, i int) []lang.Fix {
	if i < 0 {
		return nil
	}
	flag := c.FeatureFlags.Items[i].Value
	add := edits{p: p}
	add.add(addToList(p, r.FeatureFlags, r.Decl, []*lang.Attr{r.Name}, "feature_flags", []string{flag}))
	rm := edits{p: p}
	rm.add(removeListItem(p, c.FeatureFlags, i))
	return append(add.fix(fmt.Sprintf("add %q to the feature_flags of reseller %q", flag, r.ID), lang.Review),
		rm.fix(fmt.Sprintf("remove %q from the feature_flags of company %q", flag, c.ID), lang.Review)...)
}

// itemIndex is the index of an item of l, by its place.
func itemIndex(l *lang.List, it lang.Item) int {
	for i, x := range l.Items {
		if x.Range == it.Range {
			return i
		}
	}
	return -1
}

// permissionFixes add the permissions a company lacks.
func permissionFixes(p *lang.Portfolio, c *lang.Company, missing []string) []lang.Fix {
	e := edits{p: p}
	e.add(addToList(p, c.Permissions, c.Decl, companyPermissionsBefore(c), "permissions", missing))
	return e.fix(fmt.Sprintf("add %s to the permissions of company %q", quoteList(missing), c.ID), lang.Review)
}

// managedFixes resolve a payment block a parent manages: remove it, or
// turn global transactions off.
func managedFixes(p *lang.Portfolio, c *lang.Company, in *lang.CompanyIntegration) []lang.Fix {
	out := blockRemoval(p, in.Decl, fmt.Sprintf("remove the integration %q block", in.Type))
	if gt := c.GlobalTransactions; gt != nil {
		e := edits{p: p}
		e.add(replaceRange(p, gt.ValueRange, "false"))
		out = append(out, e.fix(fmt.Sprintf("set global_transactions = false on company %q", c.ID), lang.Review)...)
	}
	return out
}

// renameFix renames what r holds to name: a quoted string when quoted,
// else a bare name (an attribute's). Safety is the rule's call: a
// misspelt attribute is safe, a reference changes what runs.
func renameFix(p *lang.Portfolio, r hcl.Range, from, name string, quoted bool, safety lang.Safety) []lang.Fix {
	e := edits{p: p}
	if quoted {
		e.add(replaceQuoted(p, r, name))
	} else if hclsyntax.ValidIdentifier(name) {
		e.add(replaceRange(p, r, name))
	} else {
		return nil
	}
	return e.fix(fmt.Sprintf("rename %s to %s", label(from), label(name)), safety)
}

// secretRef is the reference a fix writes for a credential: owner,
// integration, environment when there is one, and field.
func secretRef(parts ...string) string {
	var kept []string
	for _, s := range parts {
		if s != "" {
			kept = append(kept, s)
		}
	}
	return fmt.Sprintf("secret(%s)", hclString(strings.Join(kept, "/")))
}

// secretLiteralFix replaces a literal secret with a reference. The edit
// covers the literal and writes only the reference, so the literal is in
// no fix's text.
func secretLiteralFix(p *lang.Portfolio, a *lang.Attr, ref string) []lang.Fix {
	e := edits{p: p}
	e.add(replaceRange(p, a.ValueRange, ref))
	return e.fix(fmt.Sprintf("replace the literal with %s, which must exist in the secret store", ref), lang.Review)
}

// credentialFixes give a reseller the credentials it lacks for type t, as
// secret references, when every one of them is a secret: no fix writes a
// placeholder value. env is the environment the company selects.
func credentialFixes(p *lang.Portfolio, st Step, r *lang.Reseller, t *lang.IntegrationType, env string) []lang.Fix {
	var names []string
	switch st.out {
	case credsNoBlock, credsNoEnv:
		for _, f := range t.ResellerCredentials {
			if f.Required {
				names = append(names, f.Name)
			}
		}
	case credsLack:
		names = st.names
	default:
		return nil
	}
	if len(names) == 0 {
		return nil
	}
	var lines []string
	for _, n := range names {
		if f := t.ResellerCredential(n); f == nil || !f.Secret || !hclsyntax.ValidIdentifier(n) {
			return nil
		}
		lines = append(lines, n+" = "+secretRef(r.ID, t.ID, env, n))
	}
	e := edits{p: p}
	rb := resellerIntegration(r, t.ID)
	switch st.out {
	case credsNoBlock:
		block := []string{"integration " + hclString(t.ID) + " {"}
		if env != "" {
			block = append(block, "  environment "+hclString(env)+" {")
			for _, l := range lines {
				block = append(block, "    "+l)
			}
			block = append(block, "  }")
		} else {
			for _, l := range lines {
				block = append(block, "  "+l)
			}
		}
		e.add(appendBlock(p, r.Decl, append(block, "}")))
	case credsNoEnv:
		block := []string{"environment " + hclString(env) + " {"}
		for _, l := range lines {
			block = append(block, "  "+l)
		}
		e.add(appendBlock(p, rb.Decl, append(block, "}")))
	default:
		d, attrs := rb.Decl, rb.Attrs
		if env != "" {
			en := environment(rb, env)
			d, attrs = en.Decl, en.Attrs
		}
		for _, a := range attrs {
			if t.ResellerCredential(a.Name) == nil {
				return nil // a misspelt field, schema's to rename first
			}
		}
		var absent []string
		for i, n := range names {
			if a := attrs.Get(n); a != nil {
				e.add(replaceRange(p, a.ValueRange, secretRef(r.ID, t.ID, env, n))) // written empty
			} else {
				absent = append(absent, lines[i])
			}
		}
		if len(absent) > 0 {
			var last *lang.Attr
			if len(attrs) > 0 {
				last = attrs[len(attrs)-1]
				for _, a := range attrs {
					if a.Range.End.Byte > last.Range.End.Byte {
						last = a
					}
				}
			}
			e.add(insertLines(p, d, last, absent))
		}
	}
	return e.fix(fmt.Sprintf("give reseller %q the %s credentials %s as secret references, which must exist in the secret store", r.ID, t.ID, strings.Join(names, ", ")), lang.Review)
}

// caseFix corrects the case of a value (or of an object key) that is one
// allowed value written in another case, and only one: it changes nothing
// that runs, the value as written was invalid. r holds the value quoted,
// or, with quoted false, a key that may be written bare.
func caseFix(p *lang.Portfolio, r hcl.Range, value string, allowed []string, quoted bool) []lang.Fix {
	match := ""
	for _, v := range allowed {
		if strings.EqualFold(v, value) && v != value {
			if match != "" && match != v {
				return nil
			}
			match = v
		}
	}
	if match == "" {
		return nil
	}
	f := editFile(p, r)
	if f == nil {
		return nil
	}
	e := edits{p: p}
	if !quoted && len(f.Src) > r.Start.Byte && f.Src[r.Start.Byte] != '"' {
		if string(f.Src[r.Start.Byte:r.End.Byte]) != value || !hclsyntax.ValidIdentifier(match) {
			return nil
		}
		e.add(replaceRange(p, r, match))
	} else {
		e.add(replaceQuoted(p, r, match))
	}
	return e.fix(fmt.Sprintf("write %s", label(match)), lang.Safe)
}
