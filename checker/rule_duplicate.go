package checker

import (
	"fmt"
	"slices"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

var ruleDuplicate = &Rule{
	ID:         ruleid.Duplicate,
	Severity:   lang.Error,
	Since:      "v0.1.0",
	ReportedBy: "the loader, while it decodes each file: a block repeated inside a block, a repeated object key (lang/decode.go, lang/expr.go); the checker, across the files: IDs, integration blocks, environments and list items (checker/rule_duplicate.go)",
	Doc:        "Two resellers, companies, flags, permissions, integration types, tax bands, environments, integration blocks or list items with the same ID in one scope.",
	Details: `IDs are unique in their scope: resellers, companies, feature flags,
permissions and integration types across the whole portfolio (and against
the built-in catalog); tax bands and integration blocks within a company;
integration blocks within a reseller; environments within a reseller's
integration; items within a list. Every later occurrence (by file path, then
position) is reported, related to the first one.`,
	Fixes: "safe: remove a repeated list item, with the comma before it, or a repeated object key with its value (the first one is the one that counts).",
	Check: checkDuplicate,
}

// dupChecker remembers the first occurrence of each ID in one scope. Most
// scopes (a company's tax bands, a list) hold a handful of IDs, so they
// live in an inline array and a map is made only for large ones; the scope's
// words are formatted only for a finding. Checking a large portfolio makes
// next to no garbage this way.
type dupChecker struct {
	pass      *Pass
	kind      string
	scopeFmt  string
	scopeArgs [2]string
	nargs     int
	n         int
	small     [8]dupEntry
	big       map[string]hcl.Range
}

type dupEntry struct {
	id  string
	rng hcl.Range
}

// dups starts a scope; its words are fmt.Sprintf(scopeFmt, args...), with
// at most two args.
func (p *Pass) dups(kind, scopeFmt string, args ...string) dupChecker {
	d := dupChecker{pass: p, kind: kind, scopeFmt: scopeFmt}
	d.nargs = copy(d.scopeArgs[:], args)
	return d
}

func (d *dupChecker) lookup(id string) (hcl.Range, bool) {
	if d.big != nil {
		r, ok := d.big[id]
		return r, ok
	}
	for _, e := range d.small[:d.n] {
		if e.id == id {
			return e.rng, true
		}
	}
	return hcl.Range{}, false
}

func (d *dupChecker) add(id string, rng hcl.Range) {
	switch {
	case d.big != nil:
		d.big[id] = rng
	case d.n < len(d.small):
		d.small[d.n] = dupEntry{id, rng}
		d.n++
	default:
		d.big = make(map[string]hcl.Range, 2*len(d.small))
		for _, e := range d.small {
			d.big[e.id] = e.rng
		}
		d.big[id] = rng
	}
}

// see records one occurrence and reports it when it repeats an earlier
// one, saying whether it did.
func (d *dupChecker) see(id string, subject, decl hcl.Range) bool {
	prev, dup := d.lookup(id)
	if !dup {
		d.add(id, decl)
		return false
	}
	scope := d.scopeFmt
	if d.nargs > 0 {
		args := make([]any, d.nargs)
		for i := range args {
			args[i] = d.scopeArgs[i]
		}
		scope = fmt.Sprintf(d.scopeFmt, args...)
	}
	d.pass.Reportf(subject, []lang.Related{{Message: fmt.Sprintf("%s %q first defined here", d.kind, id), Range: prev}},
		fmt.Sprintf("Duplicate %s %q", d.kind, id),
		"The %s %q is already defined%s at %s; an ID may be used once.", d.kind, id, scope, lang.Location(prev))
	return true
}

// dupList reports the repeated items of a list.
func (p *Pass) dupList(l *lang.List, kind, scopeFmt string, args ...string) {
	if l == nil {
		return
	}
	d := p.dups(kind, scopeFmt, args...)
	for i, it := range l.Items {
		if d.see(it.Value, it.Range, it.Range) {
			p.attachFixes(listItemRemoval(p.Portfolio, l, i))
		}
	}
}

func checkDuplicate(pass *Pass) {
	p := pass.Portfolio
	builtin := lang.BuiltinCatalogFile()
	top := func(kind string) dupChecker { return pass.dups(kind, " in this portfolio") }

	// An ID repeated across the portfolio is reported at every declaration
	// but the first, which the portfolio's own lookup gives: each
	// declaration is judged on its own.
	for r := range pass.resellers() {
		if first := p.Reseller(r.ID); first != r {
			d := top("reseller")
			d.add(r.ID, first.DefRange)
			d.see(r.ID, r.LabelRange, r.DefRange)
		}
		integrations := pass.dups("integration block", " in reseller %q", r.ID)
		for _, in := range r.Integrations {
			integrations.see(in.Type, in.LabelRange, in.DefRange)
			envs := pass.dups("environment", " in integration %q of reseller %q", in.Type, r.ID)
			for _, e := range in.Environments {
				envs.see(e.Name, e.LabelRange, e.DefRange)
			}
		}
		pass.dupList(r.FeatureFlags, "feature flag", " in the feature_flags of reseller %q", r.ID)
	}
	for c := range pass.companies() {
		if first := p.Company(c.ID); first != c {
			d := top("company")
			d.add(c.ID, first.DefRange)
			d.see(c.ID, c.LabelRange, c.DefRange)
		}
		bands := pass.dups("tax band", " in company %q", c.ID)
		for _, tb := range c.TaxBands {
			bands.see(tb.ID, tb.LabelRange, tb.DefRange)
		}
		integrations := pass.dups("integration block", " in company %q", c.ID)
		for _, in := range c.Integrations {
			integrations.see(in.Type, in.LabelRange, in.DefRange)
			dupSettingItems(pass, c, in)
		}
		pass.dupList(c.FeatureFlags, "feature flag", " in the feature_flags of company %q", c.ID)
		pass.dupList(c.Permissions, "permission", " in the permissions of company %q", c.ID)
	}

	if !pass.catalog() {
		return
	}
	flags := top("feature flag")
	for _, f := range builtin.FeatureFlags {
		flags.add(f.ID, f.DefRange)
	}
	for _, f := range p.FeatureFlags {
		if builtinClash(pass, "feature flag", f.ID, f.LabelRange, &flags) {
			continue
		}
		flags.see(f.ID, f.LabelRange, f.DefRange)
		pass.dupList(f.ConflictsWith, "feature flag", " in conflicts_with of %q", f.ID)
	}
	perms := top("permission")
	for _, d := range builtin.Permissions {
		perms.add(d.ID, d.DefRange)
	}
	for _, d := range p.Permissions {
		if builtinClash(pass, "permission", d.ID, d.LabelRange, &perms) {
			continue
		}
		perms.see(d.ID, d.LabelRange, d.DefRange)
	}
	types := top("integration type")
	for _, d := range builtin.IntegrationTypes {
		types.add(d.ID, d.DefRange)
	}
	for _, d := range p.IntegrationTypes {
		if builtinClash(pass, "integration type", d.ID, d.LabelRange, &types) {
			continue
		}
		types.see(d.ID, d.LabelRange, d.DefRange)
		pass.dupList(d.Permissions, "permission", " in the permissions of %q", d.ID)
		if d.Reseller != nil {
			pass.dupList(d.Reseller.Environments, "environment", " in the environments of %q", d.ID)
			creds := pass.dups("reseller credential", " in integration type %q", d.ID)
			for _, f := range d.Reseller.Credentials {
				creds.see(f.Name, f.LabelRange, f.DefRange)
			}
		}
		if d.Company != nil {
			fields := pass.dups("company setting or credential", " in integration type %q", d.ID)
			all := append(slices.Clone(d.Company.Credentials), d.Company.Settings...)
			slices.SortFunc(all, func(a, b *lang.FieldDecl) int { return lang.ComparePos(a.DefRange, b.DefRange) })
			for _, f := range all {
				fields.see(f.Name, f.LabelRange, f.DefRange)
			}
		}
	}
}

// builtinClash reports an operator declaration that reuses a built-in ID.
func builtinClash(pass *Pass, kind, id string, subject hcl.Range, d *dupChecker) bool {
	prev, ok := d.lookup(id)
	if !ok || prev.Filename != lang.BuiltinCatalogName {
		return false
	}
	pass.Reportf(subject, nil, fmt.Sprintf("Duplicate %s %q", kind, id),
		"The %s %q is part of the built-in catalog (see `tixcfg catalog`); choose another ID for your own.", kind, id)
	return true
}

// dupSettingItems reports the repeated items of a company's list-typed
// settings (notify_on = ["rejection", "rejection"]), as for feature flags.
func dupSettingItems(pass *Pass, c *lang.Company, in *lang.CompanyIntegration) {
	if in.Def == nil {
		return
	}
	for _, a := range in.Attrs {
		s := in.Def.Setting(a.Name)
		// A secret setting's items are never printed, not even as repeats.
		if s == nil || s.Secret || !(s.Type.IsListType() || s.Type.IsSetType()) || len(a.Elems) < 2 {
			continue
		}
		seen := make(map[string]hcl.Range, len(a.Elems))
		forEachItem(a, s.Type.ElementType(), func(key string, rng hcl.Range) {
			prev, dup := seen[key]
			if !dup {
				seen[key] = rng
				return
			}
			pass.Reportf(rng, []lang.Related{{Message: fmt.Sprintf("%q first listed here", key), Range: prev}},
				fmt.Sprintf("Duplicate item %q", key),
				"%s of integration %q of company %q already lists %q at %s; each item may appear once.", a.Name, in.Type, c.ID, key, lang.Location(prev))
		})
	}
}
