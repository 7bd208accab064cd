package checker

import (
	"cmp"
	"embed"
	"slices"
)

// DocsURL is the rule reference, generated from this registry; each rule
// has an anchor there named by its ID.
const DocsURL = "https://github.com/tixcfg/tixcfg/blob/main/docs/rules.md"

// ruleDocs holds each rule's Bad and Good examples as files, so that they
// are portfolios an editor, `tixcfg fmt` and `tixcfg check` read as such.
//
//go:embed ruledocs
var ruleDocs embed.FS

// registry is every rule, sorted by ID. IDs are a public interface: never
// rename one.
var registry = documented([]*Rule{
	ruleSyntax,
	ruleSchema,
	ruleDuplicate,
	ruleUnknownReference,
	ruleInvalidValue,
	ruleIncompleteCredentials,
	ruleResellerCredentials,
	ruleFlagNotOnReseller,
	ruleFlagRequired,
	rulePermissionRequired,
	ruleManagedByParent,
	ruleParent,
	ruleConflict,
	ruleConfusableID,
	ruleCredentialLiteral,
	ruleUnusedIgnore,
	ruleIgnoreReason,
	ruleStaleBaseline,
})

// documented sorts the rules and gives each its URL and examples. A
// missing example file leaves the example empty, which
// TestRegistryMetadata refuses.
func documented(rs []*Rule) []*Rule {
	slices.SortFunc(rs, func(a, b *Rule) int { return cmp.Compare(a.ID, b.ID) })
	for _, r := range rs {
		r.URL = DocsURL + "#" + r.ID
		bad, _ := ruleDocs.ReadFile("ruledocs/" + r.ID + "/bad.hcl")
		good, _ := ruleDocs.ReadFile("ruledocs/" + r.ID + "/good.hcl")
		r.Bad, r.Good = string(bad), string(good)
	}
	return rs
}
