package checker

import (
	"cmp"
	"slices"
)

// registry is every rule, sorted by ID. IDs are a public interface: never
// rename one.
var registry = sortRules([]*Rule{
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
})

func sortRules(rs []*Rule) []*Rule {
	slices.SortFunc(rs, func(a, b *Rule) int { return cmp.Compare(a.ID, b.ID) })
	return rs
}
