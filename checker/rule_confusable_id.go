package checker

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/mtibben/confusables"
	"golang.org/x/text/unicode/runenames"

	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

var ruleConfusableID = &Rule{
	ID:       ruleid.ConfusableID,
	Severity: lang.Warning,
	// New in this release: the version after the v0.1.0 of the others.
	Since:      "v0.2.0",
	ReportedBy: "the checker, over the whole portfolio (checker/rule_confusable_id.go)",
	Doc:        "An ID that looks like another one of its kind (such as a Cyrillic а for a Latin a) but is not the same.",
	Details: `Two IDs that print alike are two different IDs to tixcfg and the runtime,
but not to the people who read and review the config: a company pointing at
reseller "аcme" (with a Cyrillic а) is not under "acme". IDs are compared by
their skeletons from Unicode's confusable detection (UTS #39): resellers,
companies, feature flags, permissions and integration types across the
portfolio and the built-in catalog, tax bands within a company. The ID made
of ASCII only, or else the first by file path and position, is taken as the
existing one; the other is reported, related to it. Rename it, or reuse the
existing ID if the same thing was meant.`,
	Check: checkConfusableID,
}

// asciiSkeleton maps the ASCII characters that UTS #39 maps, for the
// common all-ASCII ID; a test checks it against the full skeleton.
var asciiSkeleton = strings.NewReplacer("`", "'", `"`, "''", "|", "l", "1", "l", "I", "l", "0", "O", "m", "rn",
	"%", confusables.Skeleton("%"))

// skeleton is the UTS #39 skeleton of an ID.
func skeleton(id string) string {
	for i := 0; i < len(id); i++ {
		if id[i] >= utf8.RuneSelf {
			return confusables.Skeleton(id)
		}
	}
	return asciiSkeleton.Replace(id)
}

type idDecl struct {
	id  string
	rng hcl.Range // the label
	def hcl.Range // where the existing one is shown
}

// confusableScope reports, among the IDs of one kind in one scope, each
// that has the skeleton of another.
func confusableScope(pass *Pass, kind string, builtin, decls []idDecl, only *hcl.Range) {
	if len(builtin)+len(decls) < 2 {
		return
	}
	ascii := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] >= utf8.RuneSelf {
				return false
			}
		}
		return true
	}
	decls = slices.Clone(decls)
	slices.SortStableFunc(decls, func(a, b idDecl) int {
		return cmp.Or(-cmp.Compare(b2i(ascii(a.id)), b2i(ascii(b.id))), lang.ComparePos(a.rng, b.rng))
	})
	first := make(map[string]idDecl, len(builtin)+len(decls))
	for _, d := range builtin {
		first[skeleton(d.id)] = d
	}
	for _, d := range decls {
		sk := skeleton(d.id)
		prev, ok := first[sk]
		switch {
		case !ok:
			first[sk] = d
		case prev.id != d.id && (only == nil || d.rng == *only): // the same ID twice is a duplicate, not a look-alike
			pass.Reportf(d.rng, []lang.Related{{Message: fmt.Sprintf("%s %s defined here", kind, label(prev.id)), Range: prev.def}},
				fmt.Sprintf("%s %s looks like %s", upperFirst(kind), label(d.id), label(prev.id)),
				"The %s %s is not %s (defined at %s) but prints like it%s; rename one, or use %s if the same was meant.",
				kind, label(d.id), label(prev.id), lang.Location(prev.def), differingRune(d.id, prev.id), label(prev.id))
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func upperFirst(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// differingRune names the first character of id that other lacks, such as
// ": it holds U+0430 CYRILLIC SMALL LETTER A".
func differingRune(id, other string) string {
	for _, r := range id {
		if !strings.ContainsRune(other, r) {
			return fmt.Sprintf(": it holds U+%04X %s", r, runenames.Name(r))
		}
	}
	return ""
}

func checkConfusableID(pass *Pass) {
	p := pass.Portfolio
	builtin := lang.BuiltinCatalogFile()
	var resellers, companies, flags, perms, types, builtinFlags, builtinPerms, builtinTypes []idDecl
	for r := range pass.resellers() {
		if pass.scope != nil {
			lookAlikes(pass, "reseller", r.ID, r.LabelRange)
			continue
		}
		resellers = append(resellers, idDecl{r.ID, r.LabelRange, r.DefRange})
	}
	for c := range pass.companies() {
		if pass.scope != nil {
			lookAlikes(pass, "company", c.ID, c.LabelRange)
		} else {
			companies = append(companies, idDecl{c.ID, c.LabelRange, c.DefRange})
		}
		if len(c.TaxBands) > 1 {
			var bands []idDecl
			for _, tb := range c.TaxBands {
				bands = append(bands, idDecl{tb.ID, tb.LabelRange, tb.DefRange})
			}
			confusableScope(pass, "tax band", nil, bands, nil)
		}
	}
	if pass.scope == nil {
		confusableScope(pass, "reseller", nil, resellers, nil)
		confusableScope(pass, "company", nil, companies, nil)
	}
	if !pass.catalog() {
		return
	}
	for _, f := range builtin.FeatureFlags {
		builtinFlags = append(builtinFlags, idDecl{f.ID, f.LabelRange, f.DefRange})
	}
	for _, f := range p.FeatureFlags {
		flags = append(flags, idDecl{f.ID, f.LabelRange, f.DefRange})
	}
	for _, d := range builtin.Permissions {
		builtinPerms = append(builtinPerms, idDecl{d.ID, d.LabelRange, d.DefRange})
	}
	for _, d := range p.Permissions {
		perms = append(perms, idDecl{d.ID, d.LabelRange, d.DefRange})
	}
	for _, d := range builtin.IntegrationTypes {
		builtinTypes = append(builtinTypes, idDecl{d.ID, d.LabelRange, d.DefRange})
	}
	for _, d := range p.IntegrationTypes {
		types = append(types, idDecl{d.ID, d.LabelRange, d.DefRange})
	}
	confusableScope(pass, "feature flag", builtinFlags, flags, nil)
	confusableScope(pass, "permission", builtinPerms, perms, nil)
	confusableScope(pass, "integration type", builtinTypes, types, nil)
}

// lookAlikes reports the reseller or company declaration with that ID and
// label if it looks like another of its kind: judged among the
// declarations that share its skeleton, which is what the whole-portfolio
// comparison would find for it.
func lookAlikes(pass *Pass, kind, id string, label hcl.Range) {
	sk := skeleton(id)
	var group []LookAlike
	if pass.scope.LookAlikes != nil {
		group = pass.scope.LookAlikes(kind, sk)
	} else {
		group = LookAlikesOf(pass.Portfolio, kind, sk)
	}
	if len(group) < 2 {
		return
	}
	decls := make([]idDecl, len(group))
	for i, g := range group {
		decls[i] = idDecl{g.ID, g.LabelRange, g.DefRange}
	}
	confusableScope(pass, kind, nil, decls, &label)
}

// Skeleton is the form confusable-id compares IDs by: two IDs that print
// alike have the same skeleton.
func Skeleton(id string) string { return skeleton(id) }

// LookAlikesOf returns the reseller ("reseller") or company ("company")
// declarations of p whose ID has skeleton sk, scanning every ID.
func LookAlikesOf(p *lang.Portfolio, kind, sk string) []LookAlike {
	var out []LookAlike
	if kind == "reseller" {
		for _, r := range p.Resellers {
			if skeleton(r.ID) == sk {
				out = append(out, LookAlike{r.ID, r.LabelRange, r.DefRange})
			}
		}
		return out
	}
	for _, c := range p.Companies {
		if skeleton(c.ID) == sk {
			out = append(out, LookAlike{c.ID, c.LabelRange, c.DefRange})
		}
	}
	return out
}
