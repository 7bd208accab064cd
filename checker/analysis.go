package checker

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/tixcfg/tixcfg/lang"
)

// StepKind names a link of the enablement chain.
type StepKind string

// The enablement chain, in the order the platform walks it.
const (
	StepCredentials    StepKind = "credentials"
	StepFlagOnReseller StepKind = "flag_on_reseller"
	StepFlagOnCompany  StepKind = "flag_on_company"
	StepPermissions    StepKind = "permissions"
	StepConflicts      StepKind = "conflicts"
	StepParent         StepKind = "parent"
)

// StepKinds lists the chain in order.
var StepKinds = []StepKind{StepCredentials, StepFlagOnReseller, StepFlagOnCompany, StepPermissions, StepConflicts, StepParent}

// StepStatus says whether a link holds.
type StepStatus string

// Step statuses.
const (
	Held          StepStatus = "held"
	Missing       StepStatus = "missing"
	NotApplicable StepStatus = "not_applicable"
)

// Step is one link of the chain for one company and integration.
type Step struct {
	Kind    StepKind
	Status  StepStatus
	Message string
	// Where is the place that satisfies the step, or the place to change
	// when it is missing.
	Where hcl.Range
}

// Analysis is the enablement chain decided for every company and
// integration type. Rules, `tixcfg explain` and the snapshot all read it,
// so they cannot disagree.
type Analysis struct {
	// Companies holds every company declaration in portfolio order.
	Companies []*CompanyStatus
	byDecl    map[*lang.Company]*CompanyStatus
}

// CompanyStatus is the chain of one company.
type CompanyStatus struct {
	Company  *lang.Company
	Reseller *lang.Reseller
	// ManagedBy is, for a company with global transactions, the ancestor
	// whose payment integrations apply to it; nil otherwise or on a cycle.
	ManagedBy *lang.Company
	// Active are the features (flags) active on the company, sorted by flag
	// and then by how they became active.
	Active []ActiveFeature
	// Integrations has one entry per catalog integration type, in catalog order.
	Integrations []*IntegrationStatus
}

// How a feature became active on a company.
const (
	ViaFlag        = "feature_flags"
	ViaIntegration = "integration"
	ViaParent      = "parent"
)

// ActiveFeature is a flag that is in effect on a company, and why.
type ActiveFeature struct {
	Flag  string
	Via   string
	Range hcl.Range
	// From is the company whose integration makes it active through
	// global transactions, for Via == ViaParent.
	From *lang.Company
}

// Describe says in words why a feature is active.
func (f ActiveFeature) Describe() string {
	switch f.Via {
	case ViaIntegration:
		return fmt.Sprintf("the integration %q is enabled", f.Flag)
	case ViaParent:
		return fmt.Sprintf("it runs on %q, whose payment integrations apply through global transactions", f.From.ID)
	}
	return fmt.Sprintf("%q is in feature_flags", f.Flag)
}

// IntegrationStatus is the chain of one integration type on one company.
type IntegrationStatus struct {
	Type *lang.IntegrationType
	// Block is the company's own integration block; nil when not enabled.
	Block *lang.CompanyIntegration
	// Settings are the block's values typed against the catalog, with
	// defaults filled in; empty when not enabled.
	Settings []*SettingValue
	// Environment is the reseller credential set the company selects (or
	// would select by default); "" when the type has none.
	Environment string
	Steps       []Step
	// ManagedBy is set when the integration is the company's only through
	// its parent (global transactions).
	ManagedBy *lang.Company
}

// Holds reports whether no link of the chain is missing.
func (s *IntegrationStatus) Holds() bool {
	for _, st := range s.Steps {
		if st.Status == Missing {
			return false
		}
	}
	return true
}

// Step returns the step of that kind.
func (s *IntegrationStatus) Step(k StepKind) *Step {
	for i := range s.Steps {
		if s.Steps[i].Kind == k {
			return &s.Steps[i]
		}
	}
	return nil
}

// Setting returns the resolved value of a setting, or nil.
func (s *IntegrationStatus) Setting(name string) *SettingValue {
	for _, sv := range s.Settings {
		if sv.Name == name {
			return sv
		}
	}
	return nil
}

// Of returns the analysis of a company declaration.
func (a *Analysis) Of(c *lang.Company) *CompanyStatus { return a.byDecl[c] }

// Integration returns the status of one integration type.
func (cs *CompanyStatus) Integration(t string) *IntegrationStatus {
	for _, s := range cs.Integrations {
		if s.Type.ID == t {
			return s
		}
	}
	return nil
}

// ActiveFlag returns the first reason a flag is active, if it is.
func (cs *CompanyStatus) ActiveFlag(flag string) (ActiveFeature, bool) {
	for _, f := range cs.Active {
		if f.Flag == flag {
			return f, true
		}
	}
	return ActiveFeature{}, false
}

// Analyze decides the chain of every company.
func Analyze(p *lang.Portfolio) *Analysis {
	a := &Analysis{byDecl: make(map[*lang.Company]*CompanyStatus, len(p.Companies))}
	for _, c := range p.Companies {
		cs := &CompanyStatus{Company: c, Reseller: p.ResellerOf(c), ManagedBy: managedBy(p, c)}
		a.Companies = append(a.Companies, cs)
		a.byDecl[c] = cs
	}
	for _, cs := range a.Companies {
		cs.Active = activeFeatures(p, cs)
		for _, t := range p.Catalog.Types {
			cs.Integrations = append(cs.Integrations, integrationStatus(p, cs, t))
		}
	}
	return a
}

// managedBy follows global transactions up the parent chain to the first
// company that configures its own payment integrations.
func managedBy(p *lang.Portfolio, c *lang.Company) *lang.Company {
	seen := map[*lang.Company]bool{c: true}
	cur := c
	for cur.GlobalTransactions.Bool() {
		parent := p.ParentOf(cur)
		if parent == nil || seen[parent] {
			return nil
		}
		seen[parent] = true
		cur = parent
	}
	if cur == c {
		return nil
	}
	return cur
}

func activeFeatures(p *lang.Portfolio, cs *CompanyStatus) []ActiveFeature {
	var out []ActiveFeature
	c := cs.Company
	if c.FeatureFlags != nil {
		for _, it := range c.FeatureFlags.Items {
			out = append(out, ActiveFeature{Flag: it.Value, Via: ViaFlag, Range: it.Range})
		}
	}
	for _, in := range c.Integrations {
		if t := p.Catalog.Type(in.Type); t != nil && t.FeatureFlag != "" {
			out = append(out, ActiveFeature{Flag: t.FeatureFlag, Via: ViaIntegration, Range: in.DefRange})
		}
	}
	if m := cs.ManagedBy; m != nil {
		for _, in := range m.Integrations {
			if t := p.Catalog.Type(in.Type); t != nil && t.Payment && t.FeatureFlag != "" {
				out = append(out, ActiveFeature{Flag: t.FeatureFlag, Via: ViaParent, Range: in.DefRange, From: m})
			}
		}
	}
	via := map[string]int{ViaFlag: 0, ViaIntegration: 1, ViaParent: 2}
	slices.SortStableFunc(out, func(a, b ActiveFeature) int {
		return cmp.Or(cmp.Compare(a.Flag, b.Flag), cmp.Compare(via[a.Via], via[b.Via]), lang.ComparePos(a.Range, b.Range))
	})
	return out
}

func integrationStatus(p *lang.Portfolio, cs *CompanyStatus, t *lang.IntegrationType) *IntegrationStatus {
	c, r := cs.Company, cs.Reseller
	s := &IntegrationStatus{Type: t, Block: c.Integration(t.ID)}
	if s.Block != nil {
		s.Settings = resolveSettings(t, s.Block)
	}
	if len(t.Environments) > 0 {
		s.Environment = selectedEnvironment(t, s)
	}
	if cs.ManagedBy != nil && t.Payment && cs.ManagedBy.Integration(t.ID) != nil {
		s.ManagedBy = cs.ManagedBy
	}
	if t.Payment && c.GlobalTransactions.Bool() {
		// The parent decides: its own chain is what matters, and the
		// company's flags and permissions do not.
		decided := func(k StepKind) Step {
			return Step{Kind: k, Status: NotApplicable, Message: fmt.Sprintf("decided by %s, whose payment integrations apply", ownerName(cs))}
		}
		s.Steps = []Step{decided(StepCredentials), decided(StepFlagOnReseller), decided(StepFlagOnCompany), decided(StepPermissions),
			conflictsStep(p, t, cs), parentStep(t, cs)}
		return s
	}
	s.Steps = []Step{
		credentialsStep(t, c, r, s.Environment),
		flagOnResellerStep(t, c, r),
		flagOnCompanyStep(t, c),
		permissionsStep(t, c),
		conflictsStep(p, t, cs),
		parentStep(t, cs),
	}
	return s
}

// ownerName names the company whose payment integrations apply to a
// global-transactions company, quoted.
func ownerName(cs *CompanyStatus) string {
	switch {
	case cs.ManagedBy != nil:
		return fmt.Sprintf("%q", cs.ManagedBy.ID)
	case cs.Company.Parent != nil:
		return fmt.Sprintf("%q", cs.Company.Parent.Str())
	}
	return "its parent"
}

func selectedEnvironment(t *lang.IntegrationType, s *IntegrationStatus) string {
	es := t.EnvironmentSetting()
	if es == nil {
		return t.Environments[0]
	}
	if sv := s.Setting(es.Name); sv != nil && sv.Value != cty.NilVal && sv.Value.Type() == cty.String {
		return sv.Value.AsString()
	}
	if es.Default != cty.NilVal && es.Default.Type() == cty.String {
		return es.Default.AsString()
	}
	return t.Environments[0]
}

// declWhere is the place to point at for a change to a block: its header.
func companyAttrWhere(c *lang.Company, a *lang.Attr) hcl.Range {
	if a != nil {
		return a.Range
	}
	return c.DefRange
}

// inBrokenFile reports whether a declaration sits in a file that does not
// parse, where what it seems to lack may only be unparsed.
func inBrokenFile(p *lang.Portfolio, decl hcl.Range) bool {
	f := p.File(decl.Filename)
	return f != nil && f.ParseFailed
}

// unknownList reports whether a list attribute is written but could not be
// decoded (a schema finding says why), so nothing may be inferred from
// what it seems to lack.
func unknownList(l *lang.List) bool {
	return l != nil && l.Attr != nil && !l.Attr.Value.IsWhollyKnown()
}

func listWhere(l *lang.List, fallback hcl.Range) hcl.Range {
	if l != nil && l.Attr != nil {
		return l.Attr.Range
	}
	return fallback
}

func credentialsStep(t *lang.IntegrationType, c *lang.Company, r *lang.Reseller, env string) Step {
	st := Step{Kind: StepCredentials}
	switch {
	case !t.ResellerProvides():
		st.Status, st.Message = NotApplicable, fmt.Sprintf("%s needs no reseller credentials", t.ID)
		return st
	case r == nil:
		st.Status, st.Message, st.Where = Missing, fmt.Sprintf("the company's reseller %q is not defined", c.Reseller.Str()), companyAttrWhere(c, c.Reseller)
		return st
	}
	rb := resellerIntegration(r, t.ID)
	if rb == nil {
		st.Status, st.Where = Missing, r.DefRange
		st.Message = fmt.Sprintf("reseller %q provides no %s credentials (%s)", r.ID, t.ID, strings.Join(t.ResellerAttributes(), ", "))
		return st
	}
	attrs, set := rb.Attrs, ""
	where := rb.DefRange
	if len(t.Environments) > 0 {
		e := environment(rb, env)
		if e == nil {
			st.Status, st.Where = Missing, rb.DefRange
			st.Message = fmt.Sprintf("reseller %q provides no %q credential set for %s", r.ID, env, t.ID)
			return st
		}
		attrs, set, where = e.Attrs, fmt.Sprintf(" (%s)", env), e.DefRange
	}
	if missing := missingCredentials(t.ResellerCredentials, attrs); len(missing) > 0 {
		st.Status, st.Where = Missing, where
		st.Message = fmt.Sprintf("the %s credentials%s of reseller %q lack %s", t.ID, set, r.ID, strings.Join(missing, ", "))
		return st
	}
	st.Status, st.Where = Held, where
	st.Message = fmt.Sprintf("reseller %q provides the %s credentials%s", r.ID, t.ID, set)
	return st
}

// missingCredentials lists the required fields absent or empty in attrs.
func missingCredentials(fields []*lang.Field, attrs lang.Attrs) []string {
	var out []string
	for _, f := range fields {
		if f.Required && !present(attrs.Get(f.Name)) {
			out = append(out, f.Name)
		}
	}
	return out
}

// present reports whether a credential is given: a secret reference or a
// non-empty value.
func present(a *lang.Attr) bool {
	if a == nil {
		return false
	}
	if a.IsSecret {
		return true
	}
	if !a.Value.IsKnown() || a.Value.IsNull() {
		return false
	}
	return a.Value.Type() != cty.String || strings.TrimSpace(a.Value.AsString()) != ""
}

func resellerIntegration(r *lang.Reseller, t string) *lang.ResellerIntegration {
	for _, in := range r.Integrations {
		if in.Type == t {
			return in
		}
	}
	return nil
}

func environment(rb *lang.ResellerIntegration, name string) *lang.Environment {
	for _, e := range rb.Environments {
		if e.Name == name {
			return e
		}
	}
	return nil
}

func flagOnResellerStep(t *lang.IntegrationType, c *lang.Company, r *lang.Reseller) Step {
	st := Step{Kind: StepFlagOnReseller}
	switch {
	case t.FeatureFlag == "":
		st.Status, st.Message = NotApplicable, fmt.Sprintf("%s needs no feature flag", t.ID)
	case r == nil:
		st.Status, st.Message, st.Where = Missing, fmt.Sprintf("the company's reseller %q is not defined", c.Reseller.Str()), companyAttrWhere(c, c.Reseller)
	default:
		if it, ok := r.FeatureFlags.Find(t.FeatureFlag); ok {
			st.Status, st.Where = Held, it.Range
			st.Message = fmt.Sprintf("reseller %q has the feature flag %q", r.ID, t.FeatureFlag)
		} else {
			st.Status, st.Where = Missing, listWhere(r.FeatureFlags, r.DefRange)
			st.Message = fmt.Sprintf("reseller %q does not have the feature flag %q", r.ID, t.FeatureFlag)
		}
	}
	return st
}

func flagOnCompanyStep(t *lang.IntegrationType, c *lang.Company) Step {
	st := Step{Kind: StepFlagOnCompany}
	if t.FeatureFlag == "" {
		st.Status, st.Message = NotApplicable, fmt.Sprintf("%s needs no feature flag", t.ID)
		return st
	}
	if it, ok := c.FeatureFlags.Find(t.FeatureFlag); ok {
		st.Status, st.Where = Held, it.Range
		st.Message = fmt.Sprintf("company %q has the feature flag %q", c.ID, t.FeatureFlag)
	} else {
		st.Status, st.Where = Missing, listWhere(c.FeatureFlags, c.DefRange)
		st.Message = fmt.Sprintf("company %q does not have the feature flag %q", c.ID, t.FeatureFlag)
	}
	return st
}

func permissionsStep(t *lang.IntegrationType, c *lang.Company) Step {
	st := Step{Kind: StepPermissions, Where: listWhere(c.Permissions, c.DefRange)}
	if len(t.Permissions) == 0 {
		st.Status, st.Message = NotApplicable, fmt.Sprintf("%s needs no permission", t.ID)
		return st
	}
	var missing []string
	for _, perm := range t.Permissions {
		if !c.Permissions.Has(perm) {
			missing = append(missing, perm)
		}
	}
	if len(missing) > 0 {
		st.Status = Missing
		st.Message = fmt.Sprintf("company %q lacks the permission %s", c.ID, quoteList(missing))
		return st
	}
	st.Status = Held
	st.Message = fmt.Sprintf("company %q has the permission %s", c.ID, quoteList(t.Permissions))
	return st
}

func conflictsStep(p *lang.Portfolio, t *lang.IntegrationType, cs *CompanyStatus) Step {
	st := Step{Kind: StepConflicts}
	flag := p.Catalog.Flag(t.FeatureFlag)
	if flag == nil || len(flag.ConflictsWith) == 0 {
		st.Status, st.Message = NotApplicable, fmt.Sprintf("%s conflicts with nothing", t.ID)
		return st
	}
	for _, other := range flag.ConflictsWith {
		if f, ok := cs.ActiveFlag(other); ok {
			st.Status, st.Where = Missing, f.Range
			st.Message = fmt.Sprintf("%q conflicts with %q, which is active on company %q because %s", t.FeatureFlag, other, cs.Company.ID, f.Describe())
			return st
		}
	}
	st.Status = Held
	st.Message = fmt.Sprintf("nothing that conflicts with %q (%s) is active", t.FeatureFlag, strings.Join(flag.ConflictsWith, ", "))
	return st
}

func parentStep(t *lang.IntegrationType, cs *CompanyStatus) Step {
	st := Step{Kind: StepParent}
	c := cs.Company
	switch {
	case !t.Payment:
		st.Status, st.Message = NotApplicable, fmt.Sprintf("%s is not a payment integration", t.ID)
	case !c.GlobalTransactions.Bool():
		st.Status, st.Message = Held, fmt.Sprintf("company %q configures its own payment integrations", c.ID)
		if c.GlobalTransactions != nil {
			st.Where = c.GlobalTransactions.Range
		}
	case cs.ManagedBy != nil && cs.ManagedBy.Integration(t.ID) != nil:
		st.Status, st.Where = Missing, c.GlobalTransactions.Range
		st.Message = fmt.Sprintf("company %q has global transactions: %s runs %s and its settings apply here", c.ID, ownerName(cs), t.ID)
	default:
		st.Status, st.Where = Missing, c.GlobalTransactions.Range
		st.Message = fmt.Sprintf("company %q has global transactions: its payment integrations come from %s, which does not run %s", c.ID, ownerName(cs), t.ID)
	}
	return st
}
