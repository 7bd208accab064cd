package checker

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"

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

// Step is one link of the chain for one company and integration. Steps are
// computed when asked for and their messages only when read, so deciding
// the chain of a large portfolio allocates next to nothing.
type Step struct {
	Kind   StepKind
	Status StepStatus
	// Where is the place that satisfies the step, or the place to change
	// when it is missing.
	Where  hcl.Range
	s      *IntegrationStatus
	code   stepCode
	detail string // the variable part of the message: missing names, a flag
	// missing lists the permissions a permissions step lacks.
	missing []string
}

// stepCode says which message a step carries.
type stepCode uint8

const (
	codeNone stepCode = iota
	codeNoReseller
	codeDecided
	codeHeld
	codeMissing
	codeNoBlock
	codeNoEnv
	codeManaged
	codeBadEnv         // the company selects an environment the type lacks
	codeCompanyMissing // the company's own credentials lack a field
	codeUnknownFlag    // the type's feature flag is not declared
	codeNoParent       // global transactions, but no parent attribute
	codeUnknownParent  // a parent up the chain is not defined
	codeCycle          // the parents come back around
	codeUnknownPerm    // a permission the type needs is not declared
)

// Analysis is the enablement chain decided for every company. Rules,
// `tixcfg explain` and the snapshot all read it, so they cannot disagree.
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
	// unmanaged says, when ManagedBy is nil on a global-transactions
	// company, where the parent chain breaks.
	unmanaged chainBreak
	// Active are the features (flags) active on the company, sorted by flag
	// and then by how they became active.
	Active []ActiveFeature
	// Enabled are the company's own integration blocks of known types (the
	// first block of each type), with settings resolved, in catalog order.
	Enabled []*IntegrationStatus
	p       *lang.Portfolio
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
	// ManagedBy is set when the integration is the company's only through
	// its parent (global transactions).
	ManagedBy *lang.Company
	cs        *CompanyStatus
}

// Steps returns the whole chain, in order.
func (s *IntegrationStatus) Steps() []Step {
	out := make([]Step, len(StepKinds))
	for i, k := range StepKinds {
		out[i] = s.Step(k)
	}
	return out
}

// Holds reports whether no link of the chain is missing.
func (s *IntegrationStatus) Holds() bool {
	for _, k := range StepKinds {
		if s.Step(k).Status == Missing {
			return false
		}
	}
	return true
}

// Step decides one link of the chain.
func (s *IntegrationStatus) Step(k StepKind) Step {
	c, t := s.cs.Company, s.Type
	var st Step
	switch {
	case k != StepConflicts && k != StepParent && t.Payment && c.GlobalTransactions.Bool():
		// The parent decides: its own chain is what matters, and the
		// company's flags and permissions do not.
		st = Step{Status: NotApplicable, code: codeDecided}
	case k == StepCredentials:
		st = s.credentialsStep()
	case k == StepFlagOnReseller:
		st = s.flagOnResellerStep()
	case k == StepFlagOnCompany:
		st = s.flagOnCompanyStep()
	case k == StepPermissions:
		st = s.permissionsStep()
	case k == StepConflicts:
		st = s.conflictsStep()
	case k == StepParent:
		st = s.parentStep()
	}
	st.Kind, st.s = k, s
	return st
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

// Integration returns the status of one integration type on the company.
func (cs *CompanyStatus) Integration(t string) *IntegrationStatus {
	for _, s := range cs.Enabled {
		if s.Type.ID == t {
			return s
		}
	}
	if typ := cs.p.Catalog.Type(t); typ != nil {
		return cs.newStatus(typ, nil)
	}
	return nil
}

// All returns the status of every integration type of the catalog, in
// catalog order.
func (cs *CompanyStatus) All() []*IntegrationStatus {
	out := make([]*IntegrationStatus, 0, len(cs.p.Catalog.Types))
	en := cs.Enabled
	for _, t := range cs.p.Catalog.Types {
		if len(en) > 0 && en[0].Type == t {
			out, en = append(out, en[0]), en[1:]
			continue
		}
		out = append(out, cs.newStatus(t, nil))
	}
	return out
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
	a := &Analysis{Companies: make([]*CompanyStatus, len(p.Companies)), byDecl: make(map[*lang.Company]*CompanyStatus, len(p.Companies))}
	all := make([]CompanyStatus, len(p.Companies))
	owners := paymentOwners(p)
	for i, c := range p.Companies {
		cs := &all[i]
		o := owners[c]
		*cs = CompanyStatus{Company: c, Reseller: p.ResellerOf(c), ManagedBy: o.by, unmanaged: o.chainBreak, p: p}
		a.Companies[i] = cs
		a.byDecl[c] = cs
	}
	// Companies are independent once every CompanyStatus exists (inherited
	// features read the parent's declaration, not its status): decide them
	// in parallel chunks.
	chunks := runtime.GOMAXPROCS(0)
	size := (len(a.Companies) + chunks - 1) / max(chunks, 1)
	var wg sync.WaitGroup
	for start := 0; start < len(a.Companies); start += size {
		part := a.Companies[start:min(start+size, len(a.Companies))]
		wg.Go(func() {
			for _, cs := range part {
				cs.Active = activeFeatures(p, cs)
				for _, in := range cs.Company.Integrations {
					if in.Def != nil && cs.Company.Integration(in.Type) == in {
						cs.Enabled = append(cs.Enabled, cs.newStatus(in.Def, in))
					}
				}
				slices.SortFunc(cs.Enabled, func(a, b *IntegrationStatus) int { return cmp.Compare(a.Type.ID, b.Type.ID) })
			}
		})
	}
	wg.Wait()
	return a
}

func (cs *CompanyStatus) newStatus(t *lang.IntegrationType, in *lang.CompanyIntegration) *IntegrationStatus {
	s := &IntegrationStatus{Type: t, Block: in, cs: cs}
	if in != nil {
		s.Settings = resolveSettings(t, in)
	}
	if len(t.Environments) > 0 {
		s.Environment = selectedEnvironment(t, s)
	}
	if cs.ManagedBy != nil && t.Payment && cs.ManagedBy.Integration(t.ID) != nil {
		s.ManagedBy = cs.ManagedBy
	}
	return s
}

// chainBreak is where the parent chain of a global-transactions company
// stops before reaching a company that runs its own payment integrations.
type chainBreak struct {
	// at is the company whose parent is missing or undefined, or, on a
	// cycle, the company whose parent attribute to change.
	at    *lang.Company
	cycle bool
}

// paymentOwner is what paymentOwners finds for one company.
type paymentOwner struct {
	by *lang.Company // nil on a cycle or a missing parent
	chainBreak
}

// paymentOwners maps each company with global transactions to the company
// whose payment integrations apply to it: up the parent chain to the first
// company without global transactions; when there is none (a cycle or a
// missing parent), to where the chain breaks. Each company is visited once,
// however long the chains.
func paymentOwners(p *lang.Portfolio) map[*lang.Company]paymentOwner {
	owners := map[*lang.Company]paymentOwner{}
	done := map[*lang.Company]bool{}
	for _, c := range p.Companies {
		if !c.GlobalTransactions.Bool() || done[c] {
			continue
		}
		var path []*lang.Company
		onPath := map[*lang.Company]int{}
		var owner paymentOwner
		cycleFrom := -1
		for cur := c; ; {
			onPath[cur] = len(path)
			path = append(path, cur)
			parent := p.ParentOf(cur)
			i, seen := onPath[parent]
			switch {
			case parent == nil:
				owner = paymentOwner{chainBreak: chainBreak{at: cur}}
			case seen:
				// Every company on the cycle is told to change its own
				// parent, as the parent rule reports it; one that only
				// leads into the cycle is sent to where it enters.
				owner, cycleFrom = paymentOwner{chainBreak: chainBreak{at: parent, cycle: true}}, i
			case done[parent]:
				owner = owners[parent]
			case !parent.GlobalTransactions.Bool():
				owner = paymentOwner{by: parent}
			default:
				cur = parent
				continue
			}
			break
		}
		for i, m := range path {
			o := owner
			if cycleFrom >= 0 && i >= cycleFrom {
				o.at = m
			}
			owners[m], done[m] = o, true
		}
	}
	return owners
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
		// A block the parent manages does not count: the parent's does.
		if t := in.Def; t != nil && t.FeatureFlag != "" && !managedBlock(p, c, t) {
			out = append(out, ActiveFeature{Flag: t.FeatureFlag, Via: ViaIntegration, Range: in.DefRange})
		}
	}
	if m := cs.ManagedBy; m != nil {
		for _, in := range m.Integrations {
			if t := in.Def; t != nil && t.Payment && t.FeatureFlag != "" {
				out = append(out, ActiveFeature{Flag: t.FeatureFlag, Via: ViaParent, Range: in.DefRange, From: m})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b ActiveFeature) int {
		return cmp.Or(cmp.Compare(a.Flag, b.Flag), cmp.Compare(viaRank(a.Via), viaRank(b.Via)), lang.ComparePos(a.Range, b.Range))
	})
	return out
}

// viaRank orders the reasons a feature is active: the company's own flag
// first, so a finding points at what the company wrote.
func viaRank(via string) int {
	switch via {
	case ViaFlag:
		return 0
	case ViaIntegration:
		return 1
	}
	return 2
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

// companyAttrWhere is the place to change a company's attribute: the
// attribute when written, else the company's header.
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
	return l != nil && l.Unknown
}

func listWhere(l *lang.List, fallback hcl.Range) hcl.Range {
	if l != nil && l.Attr != nil {
		return l.Attr.Range
	}
	return fallback
}

func (s *IntegrationStatus) credentialsStep() Step {
	t, c, r := s.Type, s.cs.Company, s.cs.Reseller
	if !t.ResellerProvides() {
		return s.companyCredentials(Step{Status: NotApplicable})
	}
	if r == nil {
		return noResellerStep(c)
	}
	if len(t.Environments) > 0 && !t.HasEnvironment(s.Environment) {
		// No reseller can provide it: the company's choice is the fault.
		where := c.DefRange
		if s.Block != nil {
			where = s.Block.DefRange
		}
		if es := t.EnvironmentSetting(); es != nil {
			if sv := s.Setting(es.Name); sv != nil && sv.Attr != nil {
				where = sv.Attr.ValueRange
			}
		}
		return Step{Status: Missing, code: codeBadEnv, Where: where}
	}
	rb := resellerIntegration(r, t.ID)
	if rb == nil {
		return Step{Status: Missing, code: codeNoBlock, Where: r.DefRange}
	}
	attrs, where := rb.Attrs, rb.DefRange
	if len(t.Environments) > 0 {
		e := environment(rb, s.Environment)
		if e == nil {
			return Step{Status: Missing, code: codeNoEnv, Where: rb.DefRange}
		}
		attrs, where = e.Attrs, e.DefRange
	}
	if missing := missingCredentials(t.ResellerCredentials, attrs); len(missing) > 0 {
		return Step{Status: Missing, code: codeMissing, Where: where, detail: strings.Join(missing, ", ")}
	}
	return s.companyCredentials(Step{Status: Held, code: codeHeld, Where: where})
}

// noResellerStep is a step that needs the company's reseller, which is not
// defined: it points at the value, where unknown-reference does.
func noResellerStep(c *lang.Company) Step {
	st := Step{Status: Missing, code: codeNoReseller, Where: c.DefRange}
	if c.Reseller != nil {
		st.Where = c.Reseller.ValueRange
	}
	return st
}

// companyCredentials returns st unless the company's own block lacks a
// credential it must give: that fails the chain as surely as the reseller's
// (incomplete-credentials or invalid-value reports it).
func (s *IntegrationStatus) companyCredentials(st Step) Step {
	b := s.Block
	if b == nil || managedBlock(s.cs.p, s.cs.Company, s.Type) {
		return st
	}
	missing := missingCredentials(s.Type.CompanyCredentials, b.Attrs)
	if len(missing) == 0 {
		return st
	}
	where := b.DefRange
	if a := b.Attrs.Get(missing[0]); a != nil {
		where = a.ValueRange // written but empty: invalid-value's place
	}
	return Step{Status: Missing, code: codeCompanyMissing, Where: where, detail: strings.Join(missing, ", ")}
}

// resellerLacks reports whether a missing credentials step is the
// reseller's to fix, not the company's.
func (st Step) resellerLacks() bool {
	return st.code == codeNoBlock || st.code == codeNoEnv || st.code == codeMissing
}

// missingCredentials lists the required fields absent or empty in attrs:
// either way the reseller does not provide them, so the chain breaks.
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

func (s *IntegrationStatus) flagOnResellerStep() Step {
	t, c, r := s.Type, s.cs.Company, s.cs.Reseller
	switch {
	case t.FeatureFlag == "":
		return Step{Status: NotApplicable}
	case s.cs.p.Catalog.Flag(t.FeatureFlag) == nil:
		return s.unknownFlagStep()
	case r == nil:
		return noResellerStep(c)
	}
	if it, ok := r.FeatureFlags.Find(t.FeatureFlag); ok {
		return Step{Status: Held, code: codeHeld, Where: it.Range}
	}
	return Step{Status: Missing, code: codeMissing, Where: listWhere(r.FeatureFlags, r.DefRange)}
}

func (s *IntegrationStatus) flagOnCompanyStep() Step {
	t, c := s.Type, s.cs.Company
	switch {
	case t.FeatureFlag == "":
		return Step{Status: NotApplicable}
	case s.cs.p.Catalog.Flag(t.FeatureFlag) == nil:
		return s.unknownFlagStep()
	}
	if it, ok := c.FeatureFlags.Find(t.FeatureFlag); ok {
		return Step{Status: Held, code: codeHeld, Where: it.Range}
	}
	return Step{Status: Missing, code: codeMissing, Where: listWhere(c.FeatureFlags, c.DefRange)}
}

// unknownFlagStep is a flag step of a type whose feature flag is not
// declared: no company or reseller can have it, and the fix is the
// integration_type's feature_flag, where unknown-reference points.
func (s *IntegrationStatus) unknownFlagStep() Step {
	st := Step{Status: Missing, code: codeUnknownFlag}
	if d := s.Type.Decl; d != nil && d.FeatureFlag != nil {
		st.Where = d.FeatureFlag.ValueRange
	}
	return st
}

func (s *IntegrationStatus) permissionsStep() Step {
	t, c := s.Type, s.cs.Company
	if len(t.Permissions) == 0 {
		return Step{Status: NotApplicable}
	}
	where := listWhere(c.Permissions, c.DefRange)
	var missing []string
	for _, perm := range t.Permissions {
		if !c.Permissions.Has(perm) {
			missing = append(missing, perm)
		}
		if s.cs.p.Catalog.Permission(perm) == nil {
			// No company can be given it before it is declared: the fix is
			// the type's list, where unknown-reference points.
			st := Step{Status: Missing, code: codeUnknownPerm, detail: perm}
			if d := t.Decl; d != nil {
				if it, ok := d.Permissions.Find(perm); ok {
					st.Where = it.Range
				}
			}
			return st
		}
	}
	if len(missing) > 0 {
		return Step{Status: Missing, code: codeMissing, Where: where, missing: missing}
	}
	return Step{Status: Held, code: codeHeld, Where: where}
}

func (s *IntegrationStatus) conflictsStep() Step {
	flag := s.cs.p.Catalog.Flag(s.Type.FeatureFlag)
	if flag == nil || len(flag.ConflictsWith) == 0 {
		return Step{Status: NotApplicable}
	}
	for _, other := range flag.ConflictsWith {
		if f, ok := s.cs.ActiveFlag(other); ok {
			return Step{Status: Missing, code: codeMissing, Where: f.Range, detail: other}
		}
	}
	return Step{Status: Held, code: codeHeld}
}

func (s *IntegrationStatus) parentStep() Step {
	t, c := s.Type, s.cs.Company
	switch {
	case !t.Payment:
		return Step{Status: NotApplicable}
	case !c.GlobalTransactions.Bool():
		st := Step{Status: Held, code: codeHeld}
		if c.GlobalTransactions != nil {
			st.Where = c.GlobalTransactions.Range
		}
		return st
	case s.ManagedBy != nil:
		return Step{Status: Held, code: codeManaged, Where: c.GlobalTransactions.Range}
	case s.cs.ManagedBy != nil:
		return Step{Status: Missing, code: codeMissing, Where: c.GlobalTransactions.Range}
	}
	// No company up the chain runs its own payment integrations: point
	// where the parent rule or unknown-reference reports the break.
	b := s.cs.unmanaged
	switch {
	case b.at == nil: // defensive: paymentOwners gives every such company a break
		return Step{Status: Missing, code: codeNoParent, Where: c.GlobalTransactions.Range}
	case b.cycle:
		return Step{Status: Missing, code: codeCycle, Where: b.at.Parent.ValueRange}
	case b.at.Parent == nil:
		return Step{Status: Missing, code: codeNoParent, Where: b.at.GlobalTransactions.Range}
	}
	return Step{Status: Missing, code: codeUnknownParent, Where: b.at.Parent.ValueRange}
}

// Message says in words what the step found.
func (st Step) Message() string {
	s := st.s
	if s == nil {
		return ""
	}
	t, c, r := s.Type, s.cs.Company, s.cs.Reseller
	switch st.code {
	case codeDecided:
		if s.cs.ManagedBy == nil {
			return "decided through global transactions, which here lead to no company (see parent management)"
		}
		return fmt.Sprintf("decided by %s, whose payment integrations apply", ownerName(s.cs))
	case codeNoReseller:
		if c.Reseller == nil {
			return fmt.Sprintf("company %q names no reseller", c.ID)
		}
		ids := make([]string, len(s.cs.p.Resellers))
		for i, r := range s.cs.p.Resellers {
			ids[i] = r.ID
		}
		msg := fmt.Sprintf("the company's reseller %q is not defined", c.Reseller.Str())
		if m := suggest(c.Reseller.Str(), ids); m != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", m)
		}
		return msg
	case codeUnknownFlag:
		return fmt.Sprintf("the feature flag %q of integration type %q is not declared", t.FeatureFlag, t.ID)
	case codeCompanyMissing:
		return fmt.Sprintf("company %q enables %s without %s", c.ID, t.ID, st.detail)
	case codeUnknownPerm:
		return fmt.Sprintf("the permission %q of integration type %q is not declared", st.detail, t.ID)
	}
	switch st.Kind {
	case StepCredentials:
		set := ""
		if s.Environment != "" {
			set = fmt.Sprintf(" (%s)", s.Environment)
		}
		switch st.code {
		case codeNoBlock:
			return fmt.Sprintf("reseller %q provides no %s credentials (%s)", r.ID, t.ID, strings.Join(t.ResellerAttributes(), ", "))
		case codeBadEnv:
			shown := fmt.Sprintf("the environment %q", s.Environment)
			if es := t.EnvironmentSetting(); es != nil && es.Secret {
				shown = "an environment" // a secret setting's value is never printed, even a wrong one
			}
			return fmt.Sprintf("company %q selects %s, but %s has only %s", c.ID, shown, t.ID, quoteList(t.Environments))
		case codeNoEnv:
			msg := fmt.Sprintf("reseller %q provides no %q credential set for %s", r.ID, s.Environment, t.ID)
			if alt := s.heldEnvironments(); len(alt) > 0 {
				msg += fmt.Sprintf("; %s = %s would hold", t.EnvironmentSetting().Name, strings.Join(quoted(alt), " or "))
			}
			return msg
		case codeMissing:
			return fmt.Sprintf("the %s credentials%s of reseller %q lack %s", t.ID, set, r.ID, st.detail)
		case codeHeld:
			return fmt.Sprintf("reseller %q provides the %s credentials%s", r.ID, t.ID, set)
		}
		return fmt.Sprintf("%s needs no reseller credentials", t.ID)
	case StepFlagOnReseller, StepFlagOnCompany:
		if st.code != codeHeld && st.code != codeMissing {
			return fmt.Sprintf("%s needs no feature flag", t.ID)
		}
		who := fmt.Sprintf("company %q", c.ID)
		if st.Kind == StepFlagOnReseller {
			who = fmt.Sprintf("reseller %q", r.ID)
		}
		if st.code == codeHeld {
			return fmt.Sprintf("%s has the feature flag %q", who, t.FeatureFlag)
		}
		return fmt.Sprintf("%s does not have the feature flag %q", who, t.FeatureFlag)
	case StepPermissions:
		switch st.code {
		case codeMissing:
			missing := st.missing
			return fmt.Sprintf("company %q lacks the %s %s", c.ID, pluralWord(len(missing), "permission"), quoteList(missing))
		case codeHeld:
			return fmt.Sprintf("company %q has the %s %s", c.ID, pluralWord(len(t.Permissions), "permission"), quoteList(t.Permissions))
		}
		return fmt.Sprintf("%s needs no permission", t.ID)
	case StepConflicts:
		switch st.code {
		case codeMissing:
			f, _ := s.cs.ActiveFlag(st.detail)
			return fmt.Sprintf("%q conflicts with %q, which is active on company %q because %s", t.FeatureFlag, st.detail, c.ID, f.Describe())
		case codeHeld:
			return fmt.Sprintf("nothing that conflicts with %q (%s) is active", t.FeatureFlag, strings.Join(s.cs.p.Catalog.Flag(t.FeatureFlag).ConflictsWith, ", "))
		}
		return fmt.Sprintf("%s conflicts with nothing", t.ID)
	case StepParent:
		switch st.code {
		case codeHeld:
			return fmt.Sprintf("company %q configures its own payment integrations", c.ID)
		case codeManaged:
			return fmt.Sprintf("company %q has global transactions: %s runs %s, and its settings apply here", c.ID, ownerName(s.cs), t.ID)
		case codeMissing:
			return fmt.Sprintf("company %q has global transactions: its payment integrations come from %s, which does not run %s", c.ID, ownerName(s.cs), t.ID)
		case codeNoParent:
			if at := s.cs.unmanaged.at; at != nil && at != c {
				return fmt.Sprintf("company %q has global transactions, but %q, the parent it takes them through, has global transactions and no parent", c.ID, at.ID)
			}
			return fmt.Sprintf("company %q has global transactions but no parent", c.ID)
		case codeUnknownParent:
			at := s.cs.unmanaged.at
			if at == c {
				return fmt.Sprintf("company %q has global transactions, but its parent %q is not defined", c.ID, at.Parent.Str())
			}
			return fmt.Sprintf("company %q has global transactions, but the parent of %q, through which it takes them, is %q, which is not defined", c.ID, at.ID, at.Parent.Str())
		case codeCycle:
			at := s.cs.unmanaged.at
			if at == c {
				return fmt.Sprintf("company %q has global transactions, but following parents from it comes back to it (a parent cycle)", c.ID)
			}
			return fmt.Sprintf("company %q has global transactions, but its parents lead into a parent cycle at %q", c.ID, at.ID)
		}
		return fmt.Sprintf("%s is not a payment integration", t.ID)
	}
	return ""
}

// heldEnvironments lists the other environments of the type in which the
// reseller's credential set is complete: what the company could select.
func (s *IntegrationStatus) heldEnvironments() []string {
	t, r := s.Type, s.cs.Reseller
	if r == nil || t.EnvironmentSetting() == nil {
		return nil
	}
	rb := resellerIntegration(r, t.ID)
	if rb == nil {
		return nil
	}
	var out []string
	for _, name := range t.Environments {
		if e := environment(rb, name); name != s.Environment && e != nil && len(missingCredentials(t.ResellerCredentials, e.Attrs)) == 0 {
			out = append(out, name)
		}
	}
	return out
}

func quoted(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = fmt.Sprintf("%q", n)
	}
	return out
}

func pluralWord(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
