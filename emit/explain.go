package emit

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// Integration statuses of `tixcfg explain`: the chain's state, with an
// enabled integration whose chain does not hold told apart as broken.
const (
	StatusEnabled = string(checker.Enabled)   // configured by the company, chain holds
	StatusBroken  = "broken"                  // configured by the company, but a link is missing
	StatusManaged = string(checker.Managed)   // the parent's, through global transactions
	StatusAvail   = string(checker.Available) // chain holds, not enabled
	StatusBlocked = string(checker.Blocked)   // chain does not hold, not enabled
)

// ExplainStatus renders the chain's state of one integration of a company.
func ExplainStatus(s *checker.IntegrationStatus) string {
	st := s.State()
	if st == checker.Enabled && !s.Holds() {
		return StatusBroken
	}
	return string(st)
}

var stepNames = map[checker.StepKind]string{
	checker.StepCredentials:    "credentials on reseller",
	checker.StepFlagOnReseller: "flag on reseller",
	checker.StepFlagOnCompany:  "flag on company",
	checker.StepPermissions:    "permissions",
	checker.StepConflicts:      "conflicts",
	checker.StepParent:         "parent management",
}

var stepMarks = map[checker.StepStatus]string{checker.Held: "✓", checker.Missing: "✗", checker.NotApplicable: "-"}

func statusLine(s *checker.IntegrationStatus) string {
	switch st := ExplainStatus(s); st {
	case StatusEnabled:
		return "enabled, every step holds"
	case StatusBroken:
		return "enabled, but a step is missing (tixcfg check reports it)"
	case StatusManaged:
		return fmt.Sprintf("managed by %q through global transactions", s.ManagedBy.ID)
	case StatusAvail:
		return "available: every step holds, not enabled"
	default:
		return "blocked"
	}
}

// WriteExplainText explains, for one company, every integration of the
// catalog step by step (or only the ones named in only), pointing at the
// file and line to change for each missing step.
func WriteExplainText(w io.Writer, cs *checker.CompanyStatus, only []string) error {
	c := cs.Company
	fmt.Fprintf(w, "Company %q", c.ID)
	if n := c.Name.Str(); n != "" {
		fmt.Fprintf(w, " (%s)", n)
	}
	fmt.Fprintf(w, " at %s\n", lang.Location(c.DefRange))
	fmt.Fprintf(w, "  reseller:      %s\n", dash(c.Reseller.Str()))
	if c.Parent != nil {
		gt := ""
		if c.GlobalTransactions.Bool() {
			gt = ", global transactions"
		}
		fmt.Fprintf(w, "  parent:        %s%s\n", c.Parent.Str(), gt)
	}
	fmt.Fprintf(w, "  feature flags: %s\n", dash(strings.Join(c.FeatureFlags.Values(), ", ")))
	fmt.Fprintf(w, "  permissions:   %s\n", dash(strings.Join(c.Permissions.Values(), ", ")))
	for _, s := range selected(cs, only) {
		fmt.Fprintf(w, "\n%s: %s\n", s.Type.ID, statusLine(s))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, st := range s.Steps() {
			loc := ""
			if st.Status == checker.Missing && st.Where.Filename != "" {
				loc = " → change " + lang.Location(st.Where)
			} else if st.Status == checker.Held && st.Where.Filename != "" {
				loc = " (" + lang.Location(st.Where) + ")"
			}
			fmt.Fprintf(tw, "  %s %s\t%s%s\n", stepMarks[st.Status], stepNames[st.Kind], st.Message(), loc)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

func selected(cs *checker.CompanyStatus, only []string) []*checker.IntegrationStatus {
	if len(only) == 0 {
		return cs.All()
	}
	// Each once, in catalog order, however often it is named.
	var out []*checker.IntegrationStatus
	for _, s := range cs.All() {
		if slices.Contains(only, s.Type.ID) {
			out = append(out, s)
		}
	}
	return out
}

// Wire structs of `tixcfg explain --format json`.
type (
	explainJSON struct {
		FormatVersion string                   `json:"format_version"`
		Company       explainCompanyJSON       `json:"company"`
		Integrations  []explainIntegrationJSON `json:"integrations"`
	}
	explainCompanyJSON struct {
		ID                 string     `json:"id"`
		Name               string     `json:"name"`
		Reseller           string     `json:"reseller"`
		Parent             string     `json:"parent,omitempty"`
		GlobalTransactions bool       `json:"global_transactions"`
		FeatureFlags       []string   `json:"feature_flags"`
		Permissions        []string   `json:"permissions"`
		Range              *jsonRange `json:"range"`
	}
	explainIntegrationJSON struct {
		Type      string            `json:"type"`
		Status    string            `json:"status"`
		Enabled   bool              `json:"enabled"`
		Holds     bool              `json:"chain_holds"`
		ManagedBy string            `json:"managed_by,omitempty"`
		Steps     []explainStepJSON `json:"steps"`
	}
	explainStepJSON struct {
		Step    string     `json:"step"`
		Status  string     `json:"status"`
		Message string     `json:"message"`
		Range   *jsonRange `json:"range,omitempty"`
	}
)

// WriteExplainJSON is WriteExplainText as JSON.
func WriteExplainJSON(w io.Writer, cs *checker.CompanyStatus, only []string) error {
	c := cs.Company
	out := explainJSON{FormatVersion: JSONFormatVersion, Integrations: []explainIntegrationJSON{},
		Company: explainCompanyJSON{ID: c.ID, Name: c.Name.Str(), Reseller: c.Reseller.Str(), Parent: parentID(c),
			GlobalTransactions: c.GlobalTransactions.Bool(), FeatureFlags: nonNil(c.FeatureFlags.Values()),
			Permissions: nonNil(c.Permissions.Values()), Range: toJSONRange(c.DefRange)}}
	for _, s := range selected(cs, only) {
		ij := explainIntegrationJSON{Type: s.Type.ID, Status: ExplainStatus(s), Enabled: s.Block != nil, Holds: s.Holds(), Steps: []explainStepJSON{}}
		if s.ManagedBy != nil {
			ij.ManagedBy = s.ManagedBy.ID
		}
		for _, st := range s.Steps() {
			ij.Steps = append(ij.Steps, explainStepJSON{Step: string(st.Kind), Status: string(st.Status), Message: st.Message(), Range: toJSONRange(st.Where)})
		}
		out.Integrations = append(out.Integrations, ij)
	}
	return encodeJSON(w, out)
}

func parentID(c *lang.Company) string {
	if c.Parent == nil {
		return ""
	}
	return c.Parent.Str()
}
