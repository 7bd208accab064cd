// Package checker runs the rules of tixcfg over a loaded portfolio. Every
// rule is generic over the catalog: no integration is known by name here.
package checker

import (
	"fmt"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"golang.org/x/sync/errgroup"

	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

// Rule is one check. It is data first, so that `tixcfg rules`, the README
// and SARIF's rule metadata are all printed from this one value.
type Rule struct {
	ID       string
	Severity lang.Severity
	// Since is the version of tixcfg that introduced the rule.
	Since string
	// ReportedBy says where the rule's findings are produced: by the
	// loader while it reads a file, or by the checker.
	ReportedBy string
	// URL is the rule's section of the rule reference, docs/rules.md; the
	// registry sets it from the ID.
	URL string
	// Doc is the one-line summary.
	Doc string
	// Details explains the rule and how to fix a finding.
	Details string
	// Fixes says which machine fixes its findings carry and how safe
	// they are; "" when none (tixcfg rules and docs/rules.md print it).
	Fixes string
	// Bad is a portfolio that fires the rule; Good is it fixed. They are
	// the files ruledocs/<ID>/bad.hcl and good.hcl, embedded; a test checks
	// both, so the documentation cannot drift from the code.
	Bad, Good string
	// Check reports findings; nil for rules reported elsewhere: syntax by
	// the loader, unused-ignore and ignore-reason while suppressions apply.
	Check func(*Pass)
}

// Pass is what one rule sees of one run.
type Pass struct {
	Rule      *Rule
	Portfolio *lang.Portfolio
	Catalog   *lang.Catalog
	Analysis  *Analysis
	out       []lang.Diagnostic
	// scope is the part of the portfolio the pass decides; nil means all
	// of it (Run). unit is the unit of the scope being decided, units the
	// unit of each finding in out (see Decide).
	scope *Scope
	unit  int32
	units []int32
}

// Report records a finding of the pass's rule; a zero severity means the
// rule's default.
func (p *Pass) Report(d lang.Diagnostic) {
	d.Rule = p.Rule.ID
	if d.Severity == 0 {
		d.Severity = p.Rule.Severity
	}
	p.out = append(p.out, d)
	p.units = append(p.units, p.unit)
}

// Reportf records a finding with a formatted summary and detail.
func (p *Pass) Reportf(subject hcl.Range, related []lang.Related, summary, detail string, args ...any) {
	p.Report(lang.Diagnostic{Summary: summary, Detail: fmt.Sprintf(detail, args...), Subject: subject, Related: related})
}

// Options select the rules that run.
type Options struct {
	// Disable turns rules off.
	Disable []string
	// EnableOnly, when not empty, runs only these rules (syntax errors are
	// always reported: nothing else is trustworthy without them).
	EnableOnly []string
}

// Enabled reports whether a rule runs under these options.
func (o Options) Enabled(id string) bool {
	if id == ruleid.Syntax {
		return true
	}
	if slices.Contains(o.Disable, id) {
		return false
	}
	return len(o.EnableOnly) == 0 || slices.Contains(o.EnableOnly, id)
}

// Result is the outcome of a run.
type Result struct {
	// Diagnostics are sorted, with suppressions applied.
	Diagnostics []lang.Diagnostic
	// Suppressed are the findings that ignore comments dropped, sorted:
	// what check may let pass, build still cannot write.
	Suppressed []lang.Diagnostic
	Analysis   *Analysis
}

// Run checks a portfolio: the loader's findings, then every enabled rule,
// then suppression comments.
func Run(p *lang.Portfolio, opts Options) *Result {
	a := Analyze(p)
	failed := map[string]bool{}
	for _, f := range p.Files {
		if f.ParseFailed {
			failed[f.Name] = true
		}
	}
	var diags []lang.Diagnostic
	for _, d := range Resolve(p.Diagnostics()) {
		if opts.Enabled(d.Rule) {
			diags = append(diags, d)
		}
	}
	layoutFixes(p, diags)
	var rules []*Rule
	for _, r := range registry {
		if r.Check != nil && opts.Enabled(r.ID) {
			rules = append(rules, r)
		}
	}
	passes := make([]*Pass, len(rules))
	var g errgroup.Group
	for i, r := range rules {
		passes[i] = &Pass{Rule: r, Portfolio: p, Catalog: p.Catalog, Analysis: a}
		g.Go(func() error { r.Check(passes[i]); return nil })
	}
	g.Wait()
	for _, ps := range passes {
		for _, d := range ps.out {
			// In a file that does not parse, what looks missing may only be
			// unparsed: trust nothing but the syntax errors there.
			if !failed[d.Subject.Filename] {
				diags = append(diags, d)
			}
		}
	}
	diags, suppressed := applyIgnores(p, p.Files, diags, opts)
	guardFixes(p, diags)
	guardFixes(p, suppressed)
	lang.SortDiagnostics(diags)
	lang.SortDiagnostics(suppressed)
	return &Result{Diagnostics: diags, Suppressed: suppressed, Analysis: a}
}

// Resolve gives the loader's findings their rules' severities, as Run
// reports them: the loader names a finding's rule, the registry decides how
// severe it is. A severity already set (a warning of HCL's own) stays. It
// returns a copy; the loader's slices are shared with its cache.
func Resolve(ds []lang.Diagnostic) []lang.Diagnostic {
	out := slices.Clone(ds)
	for i := range out {
		if out[i].Severity == 0 {
			if r := Lookup(out[i].Rule); r != nil {
				out[i].Severity = r.Severity
			}
		}
	}
	return out
}

// Rules returns the registry, sorted by ID.
func Rules() []*Rule { return slices.Clone(registry) }

// Lookup returns the rule with that ID, or nil.
func Lookup(id string) *Rule {
	for _, r := range registry {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// RuleIDs lists every rule ID, sorted.
func RuleIDs() []string {
	out := make([]string, len(registry))
	for i, r := range registry {
		out[i] = r.ID
	}
	return out
}
