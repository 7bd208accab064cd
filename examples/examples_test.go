// Package examples_test keeps the bundled examples honest: the portfolio
// must check clean and use every feature of the catalog, and each broken
// example must make its rule fire exactly where its `# want:` comments say.
package examples_test

import (
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

const (
	portfolioDir = "portfolio"
	brokenDir    = "broken"
)

// alsoFires lists, per broken example, the rules other than its own that
// may fire too because the mistake cannot be shown without them. Every
// entry needs a reason in a comment; none is needed today.
var alsoFires = map[string][]string{}

// check loads a folder the way `tixcfg check DIR` does and runs every rule;
// a folder that holds a .tixcfg-baseline.json is checked as `tixcfg check
// --baseline DIR/.tixcfg-baseline.json DIR` checks it.
func check(t *testing.T, dir string) (*lang.Portfolio, *checker.Result) {
	t.Helper()
	p, err := lang.Load([]string{dir}, lang.Options{})
	if err != nil {
		t.Fatalf("loading %s: %v", dir, err)
	}
	if len(p.Files) == 0 {
		t.Fatalf("%s holds no configuration files", dir)
	}
	res := checker.Run(p, checker.Options{})
	name := filepath.Join(dir, checker.DefaultBaselineFile)
	if data, err := os.ReadFile(name); err == nil {
		base, err := checker.ReadBaseline(filepath.ToSlash(name), data)
		if err != nil {
			t.Fatal(err)
		}
		c := checker.Compare(base, res.Diagnostics, checker.NewPlaces(p))
		res.Diagnostics = append(c.New, c.StaleDiagnostics(checker.Options{})...)
		lang.SortDiagnostics(res.Diagnostics)
	}
	return p, res
}

// describe prints a diagnostic the way an engineer wants to read it in a
// failing test: position, severity, rule, summary and detail.
func describe(d lang.Diagnostic) string {
	return fmt.Sprintf("%s:%d:%d: %s [%s] %s\n\t%s", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column,
		d.Severity, d.Rule, d.Summary, d.Detail)
}

func describeAll(ds []lang.Diagnostic) string {
	var sb strings.Builder
	for _, d := range ds {
		sb.WriteString(describe(d))
		sb.WriteByte('\n')
	}
	return sb.String()
}

func TestPortfolioChecksClean(t *testing.T) {
	_, res := check(t, portfolioDir)
	if len(res.Diagnostics) > 0 {
		t.Errorf("examples/portfolio must check clean, but tixcfg reports %d finding(s):\n%s", len(res.Diagnostics), describeAll(res.Diagnostics))
	}
}

// TestPortfolioUsesEveryFeature keeps the portfolio's promise that it shows
// every part of the effective catalog (built-in plus its own extensions),
// so a feature added to the catalog must be added to the example too.
func TestPortfolioUsesEveryFeature(t *testing.T) {
	p, res := check(t, portfolioDir)
	cat := p.Catalog

	t.Run("size", func(t *testing.T) {
		if len(p.Resellers) < 3 || len(p.Companies) < 12 {
			t.Errorf("the portfolio has %d resellers and %d companies; it promises at least 3 and 12", len(p.Resellers), len(p.Companies))
		}
	})

	t.Run("integration types", func(t *testing.T) {
		enabled, provided := map[string]bool{}, map[string]bool{}
		for _, c := range p.Companies {
			for _, in := range c.Integrations {
				enabled[in.Type] = true
			}
		}
		for _, r := range p.Resellers {
			for _, in := range r.Integrations {
				provided[in.Type] = true
			}
		}
		for _, ty := range cat.Types {
			if !enabled[ty.ID] {
				t.Errorf("no company enables integration type %q", ty.ID)
			}
			if ty.ResellerProvides() && !provided[ty.ID] {
				t.Errorf("no reseller provides credentials for integration type %q", ty.ID)
			}
		}
	})

	t.Run("feature flags and permissions", func(t *testing.T) {
		flags, perms := map[string]bool{}, map[string]bool{}
		for _, c := range p.Companies {
			for _, f := range c.FeatureFlags.Values() {
				flags[f] = true
			}
			for _, pm := range c.Permissions.Values() {
				perms[pm] = true
			}
		}
		for _, f := range cat.Flags {
			if !flags[f.ID] {
				t.Errorf("no company enables the feature flag %q", f.ID)
			}
		}
		for _, pm := range cat.Permissions {
			if !perms[pm.ID] {
				t.Errorf("no company has the permission %q", pm.ID)
			}
		}
	})

	t.Run("settings and company credentials", func(t *testing.T) {
		written := map[[2]string]bool{}
		for _, c := range p.Companies {
			for _, in := range c.Integrations {
				for _, a := range in.Attrs {
					written[[2]string{in.Type, a.Name}] = true
				}
			}
		}
		for _, ty := range cat.Types {
			for _, name := range ty.CompanyAttributes() {
				if !written[[2]string{ty.ID, name}] {
					t.Errorf("no company writes %q of integration %q", name, ty.ID)
				}
			}
		}
	})

	t.Run("allowed values and environments", func(t *testing.T) {
		inEffect := map[[3]string]bool{}
		for _, cs := range res.Analysis.Companies {
			for _, st := range cs.All() {
				for _, sv := range st.Settings {
					for _, v := range stringsOf(sv.Value) {
						inEffect[[3]string{st.Type.ID, sv.Name, v}] = true
					}
				}
			}
		}
		for _, ty := range cat.Types {
			for _, s := range ty.Settings {
				values := s.Allowed
				if s.SelectsEnvironment {
					values = ty.Environments
				}
				for _, v := range values {
					if !inEffect[[3]string{ty.ID, s.Name, v}] {
						t.Errorf("no company runs %s with %s = %q", ty.ID, s.Name, v)
					}
				}
			}
		}
		provided := map[[2]string]bool{}
		for _, r := range p.Resellers {
			for _, in := range r.Integrations {
				for _, e := range in.Environments {
					provided[[2]string{in.Type, e.Name}] = true
				}
			}
		}
		for _, ty := range cat.Types {
			for _, env := range ty.Environments {
				if !provided[[2]string{ty.ID, env}] {
					t.Errorf("no reseller provides the %q credentials of %s", env, ty.ID)
				}
			}
		}
	})

	t.Run("currencies", func(t *testing.T) {
		for _, ty := range cat.Types {
			for _, s := range ty.Settings {
				if s.Keys != lang.KeysISO4217 {
					continue
				}
				codes, units := map[string]bool{}, map[int]bool{}
				for _, c := range p.Companies {
					if in := c.Integration(ty.ID); in != nil {
						a := in.Attrs.Get(s.Name)
						if a == nil {
							continue
						}
						for _, e := range a.Elems {
							codes[e.Key] = true
							if n, ok := lang.CurrencyMinorUnits(e.Key); ok {
								units[n] = true
							}
						}
					}
				}
				if len(codes) < 2 {
					t.Errorf("%s.%s is written with %d currencies; the portfolio promises several", ty.ID, s.Name, len(codes))
				}
				// The built-in ones must show whole-number and cent currencies side by side.
				if ty.Builtin && (!units[0] || !units[2]) {
					t.Errorf("%s.%s should mix a currency without minor units (such as JPY) and one with two (such as AED); minor units seen: %v", ty.ID, s.Name, units)
				}
			}
		}
	})

	t.Run("conditional tax band", func(t *testing.T) {
		found := false
		for _, c := range p.Companies {
			for _, tb := range c.TaxBands {
				if tb.Condition == nil {
					continue
				}
				for _, f := range cat.Flags {
					if slices.Contains(f.Enables, lang.FeatureTaxBandCondition) && c.FeatureFlags.Has(f.ID) {
						found = true
					}
				}
			}
		}
		if !found {
			t.Error("no company with a conditional tax band flag has a tax band with a condition")
		}
	})

	t.Run("global transactions", func(t *testing.T) {
		found := false
		for _, cs := range res.Analysis.Companies {
			for _, st := range cs.All() {
				if st.ManagedBy != nil && st.Block == nil {
					found = true
				}
			}
		}
		if !found {
			t.Error("no global-transactions child takes a payment integration from its parent")
		}
	})

	t.Run("conflicts", func(t *testing.T) {
		for _, f := range cat.Flags {
			for _, other := range f.ConflictsWith {
				if !sidesUnderOneReseller(p, res.Analysis, f.ID, other) {
					t.Errorf("no reseller holds %q and %q with one company on each side", f.ID, other)
				}
			}
		}
	})

	t.Run("operator extensions", func(t *testing.T) {
		if len(p.IntegrationTypes) == 0 || len(p.FeatureFlags) == 0 || len(p.Permissions) == 0 {
			t.Fatalf("the portfolio declares %d integration types, %d feature flags and %d permissions; it promises at least one of each",
				len(p.IntegrationTypes), len(p.FeatureFlags), len(p.Permissions))
		}
		typed := false
		for _, d := range p.IntegrationTypes {
			ty := cat.Type(d.ID)
			if ty == nil || !ty.ResellerProvides() {
				continue
			}
			for _, s := range ty.Settings {
				if s.Type != cty.String {
					typed = true
				}
			}
		}
		if !typed {
			t.Error("no operator integration type has both reseller credentials and a typed (non-string) company setting")
		}
	})

	t.Run("layout", func(t *testing.T) {
		for _, r := range p.Resellers {
			want := "resellers/" + r.ID
			if got := configPath(t, r.DefRange); got != want {
				t.Errorf("reseller %q is declared in %s; operators keep it in %s.hcl", r.ID, got, want)
			}
		}
		for _, c := range p.Companies {
			want := "companies/" + c.Reseller.Str() + "/" + c.ID
			if got := configPath(t, c.DefRange); got != want {
				t.Errorf("company %q is declared in %s; operators keep it in %s.hcl", c.ID, got, want)
			}
		}
		hasJSON := false
		for _, f := range p.Files {
			hasJSON = hasJSON || f.JSON
		}
		if !hasJSON {
			t.Error("no file of the portfolio is written in HCL's JSON syntax (*.hcl.json)")
		}
	})

	t.Run("secret references", func(t *testing.T) {
		refs := 0
		checkRef := func(owner, reseller string, attrs lang.Attrs) {
			for _, a := range attrs {
				if !a.IsSecret {
					continue
				}
				refs++
				if !strings.HasPrefix(a.Secret, reseller+"/") {
					t.Errorf("%s: secret(%q) of %s should start with its reseller, %q", rangeString(a.ValueRange), a.Secret, owner, reseller+"/")
				}
			}
		}
		for _, r := range p.Resellers {
			for _, in := range r.Integrations {
				checkRef("reseller "+r.ID, r.ID, in.Attrs)
				for _, e := range in.Environments {
					checkRef("reseller "+r.ID, r.ID, e.Attrs)
				}
			}
		}
		jsonSecret := false
		for _, c := range p.Companies {
			for _, in := range c.Integrations {
				checkRef("company "+c.ID, c.Reseller.Str(), in.Attrs)
				if strings.HasSuffix(in.DefRange.Filename, ".hcl.json") && slices.ContainsFunc(in.Attrs, func(a *lang.Attr) bool { return a.IsSecret }) {
					jsonSecret = true
				}
			}
		}
		if refs == 0 {
			t.Error("the portfolio holds no secret references")
		}
		if !jsonSecret {
			t.Error(`no JSON-syntax file shows a secret reference ("${secret(\"ref\")}")`)
		}
	})
}

// stringsOf lists the strings of a string value or of a list of strings.
func stringsOf(v cty.Value) []string {
	if v == cty.NilVal || !v.IsWhollyKnown() || v.IsNull() {
		return nil
	}
	switch ty := v.Type(); {
	case ty == cty.String:
		return []string{v.AsString()}
	case (ty.IsListType() || ty.IsSetType()) && ty.ElementType() == cty.String:
		var out []string
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if !e.IsNull() {
				out = append(out, e.AsString())
			}
		}
		return out
	}
	return nil
}

// sidesUnderOneReseller reports whether some reseller holds both flags and
// has one company on which a is active and another on which b is.
func sidesUnderOneReseller(p *lang.Portfolio, a *checker.Analysis, flagA, flagB string) bool {
	for _, r := range p.Resellers {
		if !r.FeatureFlags.Has(flagA) || !r.FeatureFlags.Has(flagB) {
			continue
		}
		var onA, onB bool
		for _, cs := range a.Companies {
			if cs.Reseller != r {
				continue
			}
			_, hasA := cs.ActiveFlag(flagA)
			_, hasB := cs.ActiveFlag(flagB)
			onA = onA || (hasA && !hasB)
			onB = onB || (hasB && !hasA)
		}
		if onA && onB {
			return true
		}
	}
	return false
}

// configPath is the file of a declaration relative to the portfolio, with
// its .hcl or .hcl.json extension cut off.
func configPath(t *testing.T, r hcl.Range) string {
	t.Helper()
	rel, err := filepath.Rel(portfolioDir, r.Filename)
	if err != nil {
		t.Fatal(err)
	}
	rel = filepath.ToSlash(rel)
	return strings.TrimSuffix(strings.TrimSuffix(rel, ".json"), ".hcl")
}

func rangeString(r hcl.Range) string {
	return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
}

// want is a finding a broken example promises: a rule on a line of a file.
type want struct {
	file string
	line int
	rule string
}

func (w want) String() string { return fmt.Sprintf("%s:%d: %s", w.file, w.line, w.rule) }

// wants reads the `# want: RULE[, RULE]` comments of every native-syntax
// file under dir. Like an ignore comment, a want comment applies to its own
// line when it trails code, and to the next line when it stands alone.
func wants(t *testing.T, p *lang.Portfolio) map[want]bool {
	t.Helper()
	out := map[want]bool{}
	for _, f := range p.Files {
		if f.JSON {
			continue
		}
		toks, _ := hclsyntax.LexConfig(f.Src, f.Name, hcl.InitialPos)
		for i, tok := range toks {
			if tok.Type != hclsyntax.TokenComment {
				continue
			}
			text := strings.TrimSpace(strings.TrimLeft(string(tok.Bytes), "#/"))
			// want@FILE:LINE: points into a file that is not HCL (the
			// baseline file), FILE relative to this file's folder.
			if m := wantAt.FindStringSubmatch(text); m != nil {
				line, _ := strconv.Atoi(m[2])
				out[want{path.Join(path.Dir(f.Name), m[1]), line, strings.TrimSpace(m[3])}] = true
				continue
			}
			rest, ok := strings.CutPrefix(text, "want:")
			if !ok {
				continue
			}
			line := tok.Range.Start.Line + 1
			if i > 0 && toks[i-1].Type != hclsyntax.TokenNewline && toks[i-1].Type != hclsyntax.TokenComment && toks[i-1].Range.End.Line == tok.Range.Start.Line {
				line = tok.Range.Start.Line
			}
			for _, rule := range strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
				out[want{f.Name, line, rule}] = true
			}
		}
	}
	return out
}

var wantAt = regexp.MustCompile(`^want@([^:\s]+):(\d+): (\S+)$`)

func brokenExamples(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(brokenDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestEveryRuleHasBrokenExample(t *testing.T) {
	dirs := brokenExamples(t)
	for _, id := range checker.RuleIDs() {
		if !slices.Contains(dirs, id) {
			t.Errorf("rule %q has no example: add examples/broken/%s/ with a portfolio that makes it fire and a README.md", id, id)
		}
	}
	for _, d := range dirs {
		if checker.Lookup(d) == nil {
			t.Errorf("examples/broken/%s/ names no rule (see `tixcfg rules`)", d)
		}
	}
	for ex := range alsoFires {
		if !slices.Contains(dirs, ex) {
			t.Errorf("alsoFires names %q, which is no broken example", ex)
		}
	}
}

func TestBrokenExamples(t *testing.T) {
	for _, name := range brokenExamples(t) {
		t.Run(name, func(t *testing.T) {
			rule := checker.Lookup(name)
			if rule == nil {
				t.Skip("not a rule; TestEveryRuleHasBrokenExample reports it")
			}
			dir := filepath.Join(brokenDir, name)
			readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
			if err != nil {
				t.Errorf("every broken example explains itself in README.md: %v", err)
			} else if first, _, _ := strings.Cut(string(readme), "\n"); strings.TrimSpace(first) == "" {
				t.Error("the first line of README.md must say what is wrong and how to fix it")
			}

			p, res := check(t, dir)
			expected := wants(t, p)
			if !slices.ContainsFunc(slices.Collect(maps.Keys(expected)), func(w want) bool { return w.rule == name }) {
				t.Fatalf("no `# want: %s` comment marks where the rule must fire", name)
			}
			allowed := append([]string{name}, alsoFires[name]...)
			seen := map[want]bool{}
			fired, errors := false, 0
			for _, d := range res.Diagnostics {
				w := want{d.Subject.Filename, d.Subject.Start.Line, d.Rule}
				seen[w] = true
				fired = fired || d.Rule == name
				if d.Severity == lang.Error {
					errors++
				}
				switch {
				case !slices.Contains(allowed, d.Rule):
					t.Errorf("unexpected finding of another rule (list it in alsoFires with a reason if it cannot be avoided):\n%s", describe(d))
				case !expected[w]:
					t.Errorf("finding on a line no `# want: %s` comment marks:\n%s", d.Rule, describe(d))
				}
			}
			if !fired {
				t.Errorf("rule %s does not fire; tixcfg reports:\n%s", name, describeAll(res.Diagnostics))
			}
			for w := range expected {
				if !seen[w] {
					t.Errorf("a `# want:` comment expects %s, which tixcfg does not report; it reports:\n%s", w, describeAll(res.Diagnostics))
				}
			}
			// `tixcfg check` exits 1 under the default --fail-on error only
			// when there are errors: error rules must, warning rules must not.
			if rule.Severity == lang.Error && errors == 0 {
				t.Errorf("rule %s is an error, but the example yields no error, so check would exit 0", name)
			}
			if rule.Severity < lang.Error && errors > 0 {
				t.Errorf("rule %s is a warning; the example should yield no error, so check exits 0 by default, but has %d", name, errors)
			}
		})
	}
}
