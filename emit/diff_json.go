package emit

import (
	_ "embed"
	"io"

	"github.com/tixcfg/tixcfg/review"
)

// DiffFormatVersion is the version of `tixcfg diff --format json`; it
// follows the snapshot's rule: additive changes keep it.
const DiffFormatVersion = "1.0"

// DiffSchema is the JSON Schema (draft 2020-12) of the diff JSON format,
// printed by `tixcfg schema diff`.
//
//go:embed diff.schema.json
var DiffSchema []byte

// Wire structs of the diff JSON format, apart from the model so that the
// model can change without changing the format.
type (
	diffJSON struct {
		FormatVersion string              `json:"format_version"`
		Base          diffSourceJSON      `json:"base"`
		Head          diffSourceJSON      `json:"head"`
		Positions     bool                `json:"positions"`
		Note          string              `json:"note,omitempty"`
		Summary       diffSummaryJSON     `json:"summary"`
		Resellers     []diffResellerJSON  `json:"resellers"`
		Companies     []diffCompanyJSON   `json:"companies"`
		Findings      diffFindingsSetJSON `json:"findings"`
	}
	diffSourceJSON struct {
		Kind     string `json:"kind"`
		Label    string `json:"label"`
		Revision string `json:"revision,omitempty"`
	}
	diffSummaryJSON struct {
		ResellersAdded   int              `json:"resellers_added"`
		ResellersRemoved int              `json:"resellers_removed"`
		ResellersChanged int              `json:"resellers_changed"`
		CompaniesAdded   int              `json:"companies_added"`
		CompaniesRemoved int              `json:"companies_removed"`
		CompaniesChanged int              `json:"companies_changed"`
		CompaniesLosing  int              `json:"companies_losing"`
		CompaniesGaining int              `json:"companies_gaining"`
		Losses           []diffTallyJSON  `json:"losses"`
		Gains            []diffTallyJSON  `json:"gains"`
		BlastRadius      []diffRadiusJSON `json:"blast_radius"`
		NewFindings      int              `json:"new_findings"`
		FixedFindings    int              `json:"fixed_findings"`
	}
	diffTallyJSON struct {
		Integration string `json:"integration"`
		Running     int    `json:"running"`
		Available   int    `json:"available"`
	}
	diffRadiusJSON struct {
		Kind      string `json:"kind"`
		ID        string `json:"id"`
		Companies int    `json:"companies"`
		Losing    int    `json:"losing"`
		Gaining   int    `json:"gaining"`
	}
	diffLocJSON struct {
		Side   string `json:"side"`
		File   string `json:"file"`
		Line   int    `json:"line"`
		Column int    `json:"column"`
	}
	// diffValueJSON is null when unset, {"text": ...} when shown, and
	// {"hidden": true} for a literal secret.
	diffValueJSON struct {
		Text   *string `json:"text,omitempty"`
		Hidden bool    `json:"hidden,omitempty"`
	}
	diffChangeJSON struct {
		Name     string         `json:"name"`
		Before   *diffValueJSON `json:"before"`
		After    *diffValueJSON `json:"after"`
		Location *diffLocJSON   `json:"location"`
	}
	diffNamedJSON struct {
		Name     string       `json:"name"`
		Location *diffLocJSON `json:"location"`
	}
	diffSetJSON struct {
		Integration string       `json:"integration"`
		Environment string       `json:"environment,omitempty"`
		Kind        string       `json:"kind"`
		Location    *diffLocJSON `json:"location"`
	}
	diffCredentialJSON struct {
		Integration string         `json:"integration"`
		Environment string         `json:"environment,omitempty"`
		Name        string         `json:"name"`
		Kind        string         `json:"kind"`
		Secret      bool           `json:"secret"`
		Before      *diffValueJSON `json:"before"`
		After       *diffValueJSON `json:"after"`
		Location    *diffLocJSON   `json:"location"`
	}
	diffResellerJSON struct {
		ID                  string               `json:"id"`
		Kind                string               `json:"kind"`
		Location            *diffLocJSON         `json:"location"`
		Name                *diffChangeJSON      `json:"name"`
		FeatureFlagsAdded   []diffNamedJSON      `json:"feature_flags_added"`
		FeatureFlagsRemoved []diffNamedJSON      `json:"feature_flags_removed"`
		CredentialSets      []diffSetJSON        `json:"credential_sets"`
		Credentials         []diffCredentialJSON `json:"credentials"`
	}
	diffCompanyJSON struct {
		ID                  string                `json:"id"`
		Kind                string                `json:"kind"`
		Location            *diffLocJSON          `json:"location"`
		Name                *diffChangeJSON       `json:"name"`
		Reseller            *diffChangeJSON       `json:"reseller"`
		Parent              *diffChangeJSON       `json:"parent"`
		GlobalTransactions  *diffChangeJSON       `json:"global_transactions"`
		FeatureFlagsAdded   []diffNamedJSON       `json:"feature_flags_added"`
		FeatureFlagsRemoved []diffNamedJSON       `json:"feature_flags_removed"`
		PermissionsAdded    []diffNamedJSON       `json:"permissions_added"`
		PermissionsRemoved  []diffNamedJSON       `json:"permissions_removed"`
		TaxBands            []diffChangeJSON      `json:"tax_bands"`
		Integrations        []diffIntegrationJSON `json:"integrations"`
		Runs                []string              `json:"runs"`
	}
	diffIntegrationJSON struct {
		Type            string               `json:"type"`
		Effect          string               `json:"effect"`
		Before          string               `json:"before"`
		After           string               `json:"after"`
		ManagedByBefore *string              `json:"managed_by_before"`
		ManagedByAfter  *string              `json:"managed_by_after"`
		Reason          *string              `json:"reason"`
		Location        *diffLocJSON         `json:"location"`
		HeldAt          *diffLocJSON         `json:"held_at"`
		Settings        []diffChangeJSON     `json:"settings"`
		Credentials     []diffCredentialJSON `json:"credentials"`
	}
	diffFindingsSetJSON struct {
		New   []diffFindingJSON `json:"new"`
		Fixed []diffFindingJSON `json:"fixed"`
	}
	diffFindingJSON struct {
		Rule     string       `json:"rule"`
		Severity string       `json:"severity"`
		Summary  string       `json:"summary"`
		Location *diffLocJSON `json:"location"`
	}
)

func writeDiffJSON(w io.Writer, d *review.Diff, meta DiffMeta) error {
	s := d.Summary
	out := diffJSON{FormatVersion: DiffFormatVersion, Base: sourceJSON(meta.Base), Head: sourceJSON(meta.Head), Positions: d.Positions,
		Summary: diffSummaryJSON{ResellersAdded: s.ResellersAdded, ResellersRemoved: s.ResellersRemoved, ResellersChanged: s.ResellersChanged,
			CompaniesAdded: s.CompaniesAdded, CompaniesRemoved: s.CompaniesRemoved, CompaniesChanged: s.CompaniesChanged,
			CompaniesLosing: s.CompaniesLosing, CompaniesGaining: s.CompaniesGaining,
			Losses: tallyJSON(s.Losses), Gains: tallyJSON(s.Gains), BlastRadius: []diffRadiusJSON{},
			NewFindings: s.NewFindings, FixedFindings: s.FixedFindings},
		Resellers: []diffResellerJSON{}, Companies: []diffCompanyJSON{},
		Findings: diffFindingsSetJSON{New: findingsJSON(d.NewFindings), Fixed: findingsJSON(d.FixedFindings)}}
	if !d.Positions {
		out.Note = snapshotNote
	}
	for _, r := range s.Radius {
		out.Summary.BlastRadius = append(out.Summary.BlastRadius, diffRadiusJSON{r.Kind, r.ID, r.Companies, r.Losing, r.Gaining})
	}
	for _, r := range d.Resellers {
		rj := diffResellerJSON{ID: r.ID, Kind: string(r.Kind), Location: locJSON(r.Where), Name: changeJSON(r.Name),
			FeatureFlagsAdded: namedJSON(r.FlagsAdded), FeatureFlagsRemoved: namedJSON(r.FlagsRemoved),
			CredentialSets: []diffSetJSON{}, Credentials: credentialsJSON(r.Credentials)}
		for _, cs := range r.Sets {
			rj.CredentialSets = append(rj.CredentialSets, diffSetJSON{cs.Integration, cs.Environment, string(cs.Kind), locJSON(cs.Where)})
		}
		out.Resellers = append(out.Resellers, rj)
	}
	for _, c := range d.Companies {
		cj := diffCompanyJSON{ID: c.ID, Kind: string(c.Kind), Location: locJSON(c.Where), Name: changeJSON(c.Name),
			Reseller: changeJSON(c.Reseller), Parent: changeJSON(c.Parent), GlobalTransactions: changeJSON(c.GlobalTransactions),
			FeatureFlagsAdded: namedJSON(c.FlagsAdded), FeatureFlagsRemoved: namedJSON(c.FlagsRemoved),
			PermissionsAdded: namedJSON(c.PermissionsAdded), PermissionsRemoved: namedJSON(c.PermissionsRemoved),
			TaxBands: changesJSON(c.TaxBands), Integrations: []diffIntegrationJSON{}, Runs: nonNil(c.Runs)}
		for _, in := range c.Integrations {
			cj.Integrations = append(cj.Integrations, diffIntegrationJSON{Type: in.Type, Effect: string(in.Effect),
				Before: string(in.Before), After: string(in.After), ManagedByBefore: optStr(in.ManagedByBefore),
				ManagedByAfter: optStr(in.ManagedByAfter), Reason: optStr(in.Reason), Location: locJSON(in.Where), HeldAt: locJSON(in.HeldAt),
				Settings: changesJSON(in.Settings), Credentials: credentialsJSON(in.Credentials)})
		}
		out.Companies = append(out.Companies, cj)
	}
	return encodeJSON(w, out)
}

func sourceJSON(s DiffSource) diffSourceJSON { return diffSourceJSON(s) }

func optStr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func locJSON(l review.Loc) *diffLocJSON {
	if l.File == "" {
		return nil
	}
	return &diffLocJSON{string(l.Side), l.File, l.Line, l.Column}
}

func valueJSON(v review.Value) *diffValueJSON {
	switch {
	case !v.Set:
		return nil
	case v.Hidden:
		return &diffValueJSON{Hidden: true}
	}
	t := v.Text
	return &diffValueJSON{Text: &t}
}

func changeJSON(c *review.Change) *diffChangeJSON {
	if c == nil {
		return nil
	}
	return &diffChangeJSON{c.Name, valueJSON(c.Before), valueJSON(c.After), locJSON(c.Where)}
}

func changesJSON(cs []review.Change) []diffChangeJSON {
	out := []diffChangeJSON{}
	for i := range cs {
		out = append(out, *changeJSON(&cs[i]))
	}
	return out
}

func namedJSON(ns []review.Named) []diffNamedJSON {
	out := []diffNamedJSON{}
	for _, n := range ns {
		out = append(out, diffNamedJSON{n.Name, locJSON(n.Where)})
	}
	return out
}

func credentialsJSON(cs []review.Credential) []diffCredentialJSON {
	out := []diffCredentialJSON{}
	for _, c := range cs {
		out = append(out, diffCredentialJSON{c.Integration, c.Environment, c.Name, string(c.Kind), c.Secret,
			valueJSON(c.Before), valueJSON(c.After), locJSON(c.Where)})
	}
	return out
}

func tallyJSON(ts []review.Tally) []diffTallyJSON {
	out := []diffTallyJSON{}
	for _, t := range ts {
		out = append(out, diffTallyJSON{t.Integration, t.Running, t.Available})
	}
	return out
}

func findingsJSON(fs []review.Finding) []diffFindingJSON {
	out := []diffFindingJSON{}
	for _, f := range fs {
		out = append(out, diffFindingJSON{f.Rule, f.Severity, f.Summary, locJSON(f.Where)})
	}
	return out
}
