// Package ruleid names every rule of tixcfg. The loader (lang) reports the
// findings of some rules while it parses and decodes, the checker those of
// the rest; both name them here, below both, so that neither spells an ID
// by hand. IDs are a public interface (suppression comments, --disable,
// SARIF): never rename one.
//
// What a rule means, its severity and its documentation are the checker's
// registry; this package is only the names.
package ruleid

// The rule IDs, sorted.
const (
	Conflict              = "conflict"
	ConfusableID          = "confusable-id"
	CredentialLiteral     = "credential-literal"
	Duplicate             = "duplicate"
	FlagNotOnReseller     = "flag-not-on-reseller"
	FlagRequired          = "flag-required"
	IgnoreReason          = "ignore-reason"
	IncompleteCredentials = "incomplete-credentials"
	InvalidValue          = "invalid-value"
	ManagedByParent       = "managed-by-parent"
	Parent                = "parent"
	PermissionRequired    = "permission-required"
	ResellerCredentials   = "reseller-credentials"
	Schema                = "schema"
	StaleBaseline         = "stale-baseline"
	Syntax                = "syntax"
	UnknownReference      = "unknown-reference"
	UnusedIgnore          = "unused-ignore"
)
