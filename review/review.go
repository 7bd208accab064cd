// Package review compares two versions of a portfolio for `tixcfg diff`:
// what a change does to which companies. Each side is a portfolio with
// its checker result (the working tree, a folder, a git revision read
// through review/gitrev) or a snapshot file only; Compare decides, from
// the enablement chain of both sides, which integrations each company
// gains or loses and why, what settings, flags, permissions, parents and
// credentials changed, which findings are new or fixed, and a headline
// with the blast radius of each changed reseller and flag.
//
// The model holds no secret value: a credential or secret setting is
// shown as its secret("...") reference, and one written as a literal
// only as changed (its comparison key is a hash that is never shown).
// Companies and resellers without a change are not listed. Every list is
// sorted, so the result depends only on the two sides.
package review

// Kind says whether an entity was added, removed or changed.
type Kind string

// Kinds of change.
const (
	Added   Kind = "added"
	Removed Kind = "removed"
	Changed Kind = "changed"
)

// SideName names a side of the comparison: a location is on one of them.
type SideName string

// The two sides.
const (
	Base SideName = "base"
	Head SideName = "head"
)

// State is an integration's state on a company, as the diff reads the
// chain: the company runs it (enabled, or managed through its parent's
// global transactions), could enable it (available), configures it but
// its chain does not hold or its manager does not run it (broken), or
// cannot have it (blocked).
type State string

// States, from the one a company has most of an integration down.
const (
	Enabled   State = "enabled"
	Managed   State = "managed"
	Available State = "available"
	Broken    State = "broken"
	Blocked   State = "blocked"
)

// level orders states for gain and loss: running, available, neither.
func (s State) level() int {
	switch s {
	case Enabled, Managed:
		return 2
	case Available:
		return 1
	}
	return 0
}

// Runs reports whether the company runs the integration in this state.
func (s State) Runs() bool { return s.level() == 2 }

// Effect is what an integration change does for a company.
type Effect string

// Effects.
const (
	Gain   Effect = "gain"
	Loss   Effect = "loss"
	Modify Effect = "changed" // same level: settings, credentials, or who manages it
)

// Loc is a place in a file of one side; File is "" when there is none
// (snapshot sides have no positions).
type Loc struct {
	Side         SideName
	File         string
	Line, Column int
}

// Value is a rendered value: Text is safe to print. Hidden marks a secret
// written as a literal, whose text is never kept; Set is false when the
// value is absent on that side.
type Value struct {
	Text   string
	Set    bool
	Hidden bool
}

// Change is one named value before and after.
type Change struct {
	Name          string
	Before, After Value
	Where         Loc
}

// Named is an item of a list (a flag, a permission) and where it is.
type Named struct {
	Name  string
	Where Loc
}

// Diff is the comparison of two sides.
type Diff struct {
	// Positions is false when a side is a snapshot: there are no file
	// positions, no reasons from the chain and no findings.
	Positions bool
	Resellers []*Reseller
	Companies []*Company
	// NewFindings are on the head side only, FixedFindings on the base
	// side only; both empty when Positions is false.
	NewFindings, FixedFindings []Finding
	Summary                    Summary
}

// Empty reports whether nothing changed.
func (d *Diff) Empty() bool {
	return len(d.Resellers) == 0 && len(d.Companies) == 0 && len(d.NewFindings) == 0 && len(d.FixedFindings) == 0
}

// Reseller is what changed on one reseller.
type Reseller struct {
	ID    string
	Kind  Kind
	Where Loc
	Name  *Change
	// FlagsAdded and FlagsRemoved are feature flags of the reseller.
	FlagsAdded, FlagsRemoved []Named
	// Sets are credential sets (an integration block, or one of its
	// environments) added or removed.
	Sets        []CredentialSet
	Credentials []Credential
}

// CredentialSet is a reseller's credentials for one integration type and,
// for types with environments, one environment.
type CredentialSet struct {
	Integration, Environment string
	Kind                     Kind
	Where                    Loc
}

// Credential is one credential that changed. Before and After are
// secret("...") references, plain values of credentials the catalog does
// not mark secret, or Hidden for a literal secret.
type Credential struct {
	Integration, Environment, Name string
	Kind                           Kind
	Secret                         bool
	Before, After                  Value
	Where                          Loc
}

// Company is what changed on one company.
type Company struct {
	ID    string
	Kind  Kind
	Where Loc
	// Reseller, Parent, GlobalTransactions and Name are set when they
	// changed (a company moved to another reseller or parent).
	Reseller, Parent, GlobalTransactions, Name *Change
	FlagsAdded, FlagsRemoved                   []Named
	PermissionsAdded, PermissionsRemoved       []Named
	// TaxBands are bands added, removed or changed (rate, condition).
	TaxBands []Change
	// Integrations are the integrations whose state, settings or
	// credentials changed; for an added or removed company, empty.
	Integrations []*Integration
	// Runs lists, for an added or removed company, what it runs on the
	// side where it exists.
	Runs []string
}

// Integration is a change of one integration on one company.
type Integration struct {
	Type          string
	Before, After State
	// ManagedByBefore and ManagedByAfter name the company whose payment
	// integration applies, for managed ones.
	ManagedByBefore, ManagedByAfter string
	Effect                          Effect
	// Reason says, from the chain, why the state changed, and Where is the
	// place that caused it; both empty in snapshot mode or when only
	// settings changed.
	Reason string
	Where  Loc
	// HeldAt is, for a loss, where the link that broke held on the base
	// side (the credential set or flag that was removed).
	HeldAt      Loc
	Settings    []Change
	Credentials []Credential
}

// Finding is a finding of one side.
type Finding struct {
	Rule, Severity, Summary string
	Where                   Loc
}

// Summary is the headline.
type Summary struct {
	ResellersAdded, ResellersRemoved, ResellersChanged int
	CompaniesAdded, CompaniesRemoved, CompaniesChanged int
	// CompaniesLosing and CompaniesGaining count companies that lose or
	// gain at least one integration.
	CompaniesLosing, CompaniesGaining int
	Losses, Gains                     []Tally
	// Radius is the blast radius of each changed reseller and flag.
	Radius                     []Radius
	NewFindings, FixedFindings int
}

// Tally counts the companies that gain or lose one integration, by the
// state it had (a loss) or has (a gain): running, or available.
type Tally struct {
	Integration string
	// Running counts companies that ran it (a loss) or run it (a gain);
	// Available those for which it was or is available only.
	Running, Available int
}

// Radius is how many listed companies a changed reseller or feature flag
// reaches: for a reseller, the companies under it (on either side) that
// changed; for a flag, the companies that gain or lose an integration the
// flag gates.
type Radius struct {
	Kind            string // "reseller" or "flag"
	ID              string
	Companies       int
	Losing, Gaining int
}
