package checker

// State is what the chain decides for one integration of one company:
// the one reading that explain, the snapshot and the language server share.
type State string

// The states of an integration. Enabled says only that the company
// configures it: whether its chain holds is Holds, and explain calls an
// enabled integration whose chain does not hold broken (check reports it).
const (
	// Enabled: the company's own integration block enables it.
	Enabled State = "enabled"
	// Available: the chain holds, but the company does not enable it.
	Available State = "available"
	// Managed: the company runs it through its parent's payment
	// integrations (global transactions), and its own chain holds.
	Managed State = "managed"
	// Blocked: not enabled, and the chain does not hold; or managed by
	// the parent, but stopped on this company (a conflict).
	Blocked State = "blocked"
)

// State classifies the integration.
func (s *IntegrationStatus) State() State {
	switch {
	case s.ManagedBy != nil && s.Holds():
		return Managed
	case s.ManagedBy != nil:
		return Blocked
	case s.Block != nil:
		return Enabled
	case s.Holds():
		return Available
	}
	return Blocked
}
