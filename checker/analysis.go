package checker

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"golang.org/x/sync/errgroup"

	"github.com/tixcfg/tixcfg/lang"
)

// StepKind names a link of the enablement chain.
type StepKind string

// The links of the enablement chain; the table chain orders them.
const (
	StepCredentials    StepKind = "credentials"
	StepFlagOnReseller StepKind = "flag_on_reseller"
	StepFlagOnCompany  StepKind = "flag_on_company"
	StepPermissions    StepKind = "permissions"
	StepConflicts      StepKind = "conflicts"
	StepParent         StepKind = "parent"
)

// StepKinds lists the chain in the order the platform walks it.
var StepKinds = func() []StepKind {
	out := make([]StepKind, len(chain))
	for i, d := range chain {
		out[i] = d.kind
	}
	return out
}()

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
// the chain of a large portfolio allocates next to nothing. A Step is a
// plain value: it carries what its message names, not the status it was
// decided from.
type Step struct {
	Kind   StepKind
	Status StepStatus
	// Where is the place that satisfies the step, or the place to change
	// when it is missing.
	Where hcl.Range
	out   *outcome // how the step ended, and the wording of that
	facts          // what the wording names
}

// Message says in words what the step found.
func (st Step) Message() string {
	if st.out == nil {
		return ""
	}
	return st.out.say(&st.facts)
}

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
	// What the chain reads of the rest of the portfolio, kept here rather
	// than the portfolio itself so that a status stays true, and can be
	// reused, in a later portfolio where nothing it reads changed (see
	// package engine): the catalog, whether the parent is defined, and the
	// reseller IDs to suggest when the company's own is not.
	cat         *lang.Catalog
	hasParent   bool
	resellerIDs func() []string
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
	out := make([]Step, len(chain))
	for i := range chain {
		out[i] = chain[i].step(s)
	}
	return out
}

// Holds reports whether no link of the chain is missing.
func (s *IntegrationStatus) Holds() bool {
	for i := range chain {
		if chain[i].step(s).Status == Missing {
			return false
		}
	}
	return true
}

// Step decides one link of the chain.
func (s *IntegrationStatus) Step(k StepKind) Step {
	for i := range chain {
		if chain[i].kind == k {
			return chain[i].step(s)
		}
	}
	return Step{Kind: k}
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
func (a *Analysis) Of(c *lang.Company) *CompanyStatus {
	if a.byDecl != nil {
		return a.byDecl[c]
	}
	// An analysis put together from parts (NewAnalysis) has no map: the
	// companies are in portfolio order, so search them.
	i, _ := slices.BinarySearchFunc(a.Companies, c, func(cs *CompanyStatus, c *lang.Company) int {
		return cmp.Or(cmp.Compare(cs.Company.ID, c.ID), lang.ComparePos(cs.Company.DefRange, c.DefRange))
	})
	for ; i < len(a.Companies) && a.Companies[i].Company.ID == c.ID; i++ {
		if a.Companies[i].Company == c {
			return a.Companies[i]
		}
	}
	return nil
}

// NewAnalysis puts an analysis together from statuses decided apart
// (AnalyzeSome), in portfolio order: what an incremental engine keeps.
func NewAnalysis(companies []*CompanyStatus) *Analysis {
	return &Analysis{Companies: companies}
}

// Integration returns the status of one integration type on the company.
func (cs *CompanyStatus) Integration(t string) *IntegrationStatus {
	for _, s := range cs.Enabled {
		if s.Type.ID == t {
			return s
		}
	}
	if typ := cs.cat.Type(t); typ != nil {
		return cs.newStatus(typ, nil)
	}
	return nil
}

// All returns the status of every integration type of the catalog, in
// catalog order.
func (cs *CompanyStatus) All() []*IntegrationStatus {
	out := make([]*IntegrationStatus, 0, len(cs.cat.Types))
	en := cs.Enabled
	for _, t := range cs.cat.Types {
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
	if f := cs.activeFlag(flag); f != nil {
		return *f, true
	}
	return ActiveFeature{}, false
}

func (cs *CompanyStatus) activeFlag(flag string) *ActiveFeature {
	for i := range cs.Active {
		if cs.Active[i].Flag == flag {
			return &cs.Active[i]
		}
	}
	return nil
}

// Analyze decides the chain of every company.
func Analyze(p *lang.Portfolio) *Analysis {
	a := &Analysis{Companies: AnalyzeSome(p, p.Companies), byDecl: make(map[*lang.Company]*CompanyStatus, len(p.Companies))}
	for _, cs := range a.Companies {
		a.byDecl[cs.Company] = cs
	}
	return a
}

// AnalyzeSome decides the chain of some companies of a portfolio, exactly
// as Analyze decides them among all: a company's chain reads its own
// declaration, its reseller, its parent chain and the catalog, never
// another company's chain.
func AnalyzeSome(p *lang.Portfolio, companies []*lang.Company) []*CompanyStatus {
	return AnalyzeWith(p, companies, nil)
}

// AnalyzeWith is AnalyzeSome with the portfolio's reseller IDs, in its
// order, given by resellerIDs (nil: read from p): a chain whose reseller is
// undefined suggests one of them, and p may hold only part of the
// portfolio (see Scope.IDs).
func AnalyzeWith(p *lang.Portfolio, companies []*lang.Company, resellerIDs func() []string) []*CompanyStatus {
	if resellerIDs == nil {
		resellerIDs = portfolioIDs(p, "reseller")
	}
	out := make([]*CompanyStatus, len(companies))
	all := make([]CompanyStatus, len(companies))
	owners := paymentOwners(p, companies)
	for i, c := range companies {
		cs := &all[i]
		o := owners[c]
		*cs = CompanyStatus{Company: c, Reseller: p.ResellerOf(c), ManagedBy: o.by, unmanaged: o.chainBreak, cat: p.Catalog, hasParent: p.ParentOf(c) != nil}
		if cs.Reseller == nil {
			cs.resellerIDs = resellerIDs
		}
		out[i] = cs
	}
	// Companies are independent once every CompanyStatus exists (inherited
	// features read the parent's declaration, not its status): decide them
	// in parallel chunks.
	chunks := runtime.GOMAXPROCS(0)
	if len(out) < smallScope {
		chunks = 1
	}
	size := (len(out) + chunks - 1) / max(chunks, 1)
	var g errgroup.Group
	for start := 0; start < len(out); start += size {
		part := out[start:min(start+size, len(out))]
		g.Go(func() error {
			for _, cs := range part {
				cs.Active = activeFeatures(p, cs)
				for _, in := range cs.Company.Integrations {
					if in.Def != nil && cs.Company.Integration(in.Type) == in {
						cs.Enabled = append(cs.Enabled, cs.newStatus(in.Def, in))
					}
				}
				slices.SortFunc(cs.Enabled, func(a, b *IntegrationStatus) int { return cmp.Compare(a.Type.ID, b.Type.ID) })
			}
			return nil
		})
	}
	g.Wait()
	return out
}

// managed reports whether the company's block of type t is its parent's
// to manage (see managedBlock).
func (cs *CompanyStatus) managed(t *lang.IntegrationType) bool {
	return t != nil && t.Payment && cs.Company.GlobalTransactions.Bool() && cs.hasParent
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

// paymentOwners maps each of the companies with global transactions (and
// every company up their parent chains) to the company whose payment
// integrations apply to it: up the parent chain to the first company
// without global transactions; when there is none (a cycle or a missing
// parent), to where the chain breaks. Each company is visited once,
// however long the chains.
func paymentOwners(p *lang.Portfolio, companies []*lang.Company) map[*lang.Company]paymentOwner {
	return paymentOwnersInto(p, companies, map[*lang.Company]paymentOwner{}, map[*lang.Company]bool{})
}

// paymentOwnersInto is paymentOwners adding to what earlier calls on the
// same portfolio found (see ChainMemo).
func paymentOwnersInto(p *lang.Portfolio, companies []*lang.Company, owners map[*lang.Company]paymentOwner, done map[*lang.Company]bool) map[*lang.Company]paymentOwner {
	for _, c := range companies {
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
func ownerName(f *facts) string {
	switch {
	case f.owner != nil:
		return fmt.Sprintf("%q", f.owner.ID)
	case f.company.Parent != nil:
		return fmt.Sprintf("%q", f.company.Parent.Str())
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

// chain is the enablement chain, in the order the platform walks it. Each
// link is one stepDef: to add a link, add its StepKind, its outcomes and its
// decide function beside them, and its row here.
var chain = [...]stepDef{
	{kind: StepCredentials, parentDecides: true, decide: decideCredentials},
	flagStep(StepFlagOnReseller, resellerFlags),
	flagStep(StepFlagOnCompany, companyFlags),
	{kind: StepPermissions, parentDecides: true, decide: decidePermissions},
	{kind: StepConflicts, decide: decideConflicts},
	{kind: StepParent, decide: decideParent},
}

// stepDef is one link of the chain.
type stepDef struct {
	kind StepKind
	// parentDecides says that for a payment integration of a company with
	// global transactions the parent's chain decides the link: the
	// company's own flags and permissions do not matter.
	parentDecides bool
	// decide returns the link's outcome for one integration of a company,
	// with the place it names and the facts its wording needs.
	decide func(s *IntegrationStatus) Step
}

func (d *stepDef) step(s *IntegrationStatus) Step {
	var st Step
	if d.parentDecides && s.Type.Payment && s.cs.Company.GlobalTransactions.Bool() {
		st = s.result(decidedByParent, hcl.Range{})
	} else {
		st = d.decide(s)
	}
	st.Kind = d.kind
	return st
}

// outcome is one way a link can end: its status, and its wording, which is
// only spelled out when a message is read.
type outcome struct {
	status StepStatus
	say    func(f *facts) string
}

// facts is what a step's wording names, taken when the step is decided.
type facts struct {
	typ      *lang.IntegrationType
	company  *lang.Company
	reseller *lang.Reseller
	env      string        // the environment the company selects, if the type has any
	owner    *lang.Company // the company whose payment integrations apply (CompanyStatus.ManagedBy)
	// breakAt is where the parent chain breaks, for the parent step's
	// outcomes of a chain that leads to no company.
	breakAt *lang.Company
	// names are the missing credentials or permissions, or the flags the
	// type's flag conflicts with.
	names []string
	name  string         // an undeclared permission
	cause *ActiveFeature // the active feature a conflict comes from
	// resellerIDs are the portfolio's, to suggest for an undefined one.
	resellerIDs func() []string
}

// result is a step that ended in o, pointing at where.
func (s *IntegrationStatus) result(o *outcome, where hcl.Range) Step {
	return Step{Status: o.status, Where: where, out: o, facts: facts{
		typ: s.Type, company: s.cs.Company, reseller: s.cs.Reseller, env: s.Environment, owner: s.cs.ManagedBy,
	}}
}

// Outcomes more than one link reaches.
var (
	decidedByParent = &outcome{NotApplicable, func(f *facts) string {
		if f.owner == nil {
			return "decided through global transactions, which here lead to no company (see parent management)"
		}
		return fmt.Sprintf("decided by %s, whose payment integrations apply", ownerName(f))
	}}
	resellerUndefined = &outcome{Missing, func(f *facts) string {
		c := f.company
		if c.Reseller == nil {
			return fmt.Sprintf("company %q names no reseller", c.ID)
		}
		msg := fmt.Sprintf("the company's reseller %q is not defined", c.Reseller.Str())
		if m := suggest(c.Reseller.Str(), f.resellerIDs()); m != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", m)
		}
		return msg
	}}
)

// noReseller is a step that needs the company's reseller, which is not
// defined: it points at the value, where unknown-reference does.
func (s *IntegrationStatus) noReseller() Step {
	c := s.cs.Company
	where := c.DefRange
	if c.Reseller != nil {
		where = c.Reseller.ValueRange
	}
	st := s.result(resellerUndefined, where)
	st.resellerIDs = s.cs.resellerIDs
	return st
}

// The credentials link: the reseller provides the type's credentials, in
// the environment the company selects, and the company's own block gives
// those it must.
var (
	credsNotNeeded = &outcome{NotApplicable, func(f *facts) string {
		return fmt.Sprintf("%s needs no reseller credentials", f.typ.ID)
	}}
	credsHeld = &outcome{Held, func(f *facts) string {
		return fmt.Sprintf("reseller %q provides the %s credentials%s", f.reseller.ID, f.typ.ID, envSuffix(f.env))
	}}
	credsBadEnv = &outcome{Missing, func(f *facts) string {
		t := f.typ
		shown := fmt.Sprintf("the environment %q", f.env)
		if es := t.EnvironmentSetting(); es != nil && es.Secret {
			shown = "an environment" // a secret setting's value is never printed, even a wrong one
		}
		return fmt.Sprintf("company %q selects %s, but %s has only %s", f.company.ID, shown, t.ID, quoteList(t.Environments))
	}}
	credsNoBlock = &outcome{Missing, func(f *facts) string {
		return fmt.Sprintf("reseller %q provides no %s credentials (%s)", f.reseller.ID, f.typ.ID, strings.Join(f.typ.ResellerAttributes(), ", "))
	}}
	credsNoEnv = &outcome{Missing, func(f *facts) string {
		msg := fmt.Sprintf("reseller %q provides no %q credential set for %s", f.reseller.ID, f.env, f.typ.ID)
		if alt := heldEnvironments(f); len(alt) > 0 {
			msg += fmt.Sprintf("; %s = %s would hold", f.typ.EnvironmentSetting().Name, strings.Join(quoted(alt), " or "))
		}
		return msg
	}}
	credsLack = &outcome{Missing, func(f *facts) string {
		return fmt.Sprintf("the %s credentials%s of reseller %q lack %s", f.typ.ID, envSuffix(f.env), f.reseller.ID, strings.Join(f.names, ", "))
	}}
	credsCompanyLacks = &outcome{Missing, func(f *facts) string {
		return fmt.Sprintf("company %q enables %s without %s", f.company.ID, f.typ.ID, strings.Join(f.names, ", "))
	}}
)

func decideCredentials(s *IntegrationStatus) Step {
	t, r := s.Type, s.cs.Reseller
	switch {
	case !t.ResellerProvides():
		return s.companyCredentials(credsNotNeeded, hcl.Range{})
	case r == nil:
		return s.noReseller()
	case len(t.Environments) > 0 && !t.HasEnvironment(s.Environment):
		// No reseller can provide it: the company's choice is the fault.
		return s.result(credsBadEnv, s.environmentWhere())
	}
	rb := resellerIntegration(r, t.ID)
	if rb == nil {
		return s.result(credsNoBlock, r.DefRange)
	}
	attrs, where := rb.Attrs, rb.DefRange
	if len(t.Environments) > 0 {
		e := environment(rb, s.Environment)
		if e == nil {
			return s.result(credsNoEnv, rb.DefRange)
		}
		attrs, where = e.Attrs, e.DefRange
	}
	if missing := missingCredentials(t.ResellerCredentials, attrs); len(missing) > 0 {
		st := s.result(credsLack, where)
		st.names = missing
		return st
	}
	return s.companyCredentials(credsHeld, where)
}

// environmentWhere is the place of the company's choice of environment:
// the setting's value when written, else its block or the company.
func (s *IntegrationStatus) environmentWhere() hcl.Range {
	where := s.cs.Company.DefRange
	if s.Block != nil {
		where = s.Block.DefRange
	}
	if es := s.Type.EnvironmentSetting(); es != nil {
		if sv := s.Setting(es.Name); sv != nil && sv.Attr != nil {
			where = sv.Attr.ValueRange
		}
	}
	return where
}

// companyCredentials ends the step in o unless the company's own block
// lacks a credential it must give: that fails the chain as surely as the
// reseller's (incomplete-credentials or invalid-value reports it).
func (s *IntegrationStatus) companyCredentials(o *outcome, where hcl.Range) Step {
	b := s.Block
	if b == nil || s.cs.managed(s.Type) {
		return s.result(o, where)
	}
	missing := missingCredentials(s.Type.CompanyCredentials, b.Attrs)
	if len(missing) == 0 {
		return s.result(o, where)
	}
	where = b.DefRange
	if a := b.Attrs.Get(missing[0]); a != nil {
		where = a.ValueRange // written but empty: invalid-value's place
	}
	st := s.result(credsCompanyLacks, where)
	st.names = missing
	return st
}

// resellerLacks reports whether a missing credentials step is the
// reseller's to fix, not the company's.
func (st Step) resellerLacks() bool {
	return st.out == credsNoBlock || st.out == credsNoEnv || st.out == credsLack
}

// envSuffix names the selected environment after "credentials", if any.
func envSuffix(env string) string {
	if env == "" {
		return ""
	}
	return fmt.Sprintf(" (%s)", env)
}

// heldEnvironments lists the other environments of the type in which the
// reseller's credential set is complete: what the company could select.
func heldEnvironments(f *facts) []string {
	t, r := f.typ, f.reseller
	if r == nil || t.EnvironmentSetting() == nil {
		return nil
	}
	rb := resellerIntegration(r, t.ID)
	if rb == nil {
		return nil
	}
	var out []string
	for _, name := range t.Environments {
		if e := environment(rb, name); name != f.env && e != nil && len(missingCredentials(t.ResellerCredentials, e.Attrs)) == 0 {
			out = append(out, name)
		}
	}
	return out
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

// The flag links: the type's feature flag is in the feature_flags of the
// reseller, and of the company. One definition serves both, given where
// the flag must be.
var (
	flagNotNeeded = &outcome{NotApplicable, func(f *facts) string {
		return fmt.Sprintf("%s needs no feature flag", f.typ.ID)
	}}
	// flagUndeclared: no company or reseller can have the flag, and the fix
	// is the integration_type's feature_flag, where unknown-reference points.
	flagUndeclared = &outcome{Missing, func(f *facts) string {
		return fmt.Sprintf("the feature flag %q of integration type %q is not declared", f.typ.FeatureFlag, f.typ.ID)
	}}
)

// flagHolder is where a flag link looks for the type's feature flag.
type flagHolder struct {
	// flags returns the holder's feature flags and declaration; ok is false
	// when the holder is not defined (the company's reseller).
	flags func(s *IntegrationStatus) (l *lang.List, decl hcl.Range, ok bool)
	// name names the holder in a message.
	name func(f *facts) string
}

var (
	resellerFlags = flagHolder{
		flags: func(s *IntegrationStatus) (*lang.List, hcl.Range, bool) {
			if r := s.cs.Reseller; r != nil {
				return r.FeatureFlags, r.DefRange, true
			}
			return nil, hcl.Range{}, false
		},
		name: func(f *facts) string { return fmt.Sprintf("reseller %q", f.reseller.ID) },
	}
	companyFlags = flagHolder{
		flags: func(s *IntegrationStatus) (*lang.List, hcl.Range, bool) {
			c := s.cs.Company
			return c.FeatureFlags, c.DefRange, true
		},
		name: func(f *facts) string { return fmt.Sprintf("company %q", f.company.ID) },
	}
)

// flagStep is the link that the type's feature flag is on h.
func flagStep(kind StepKind, h flagHolder) stepDef {
	held := &outcome{Held, func(f *facts) string {
		return fmt.Sprintf("%s has the feature flag %q", h.name(f), f.typ.FeatureFlag)
	}}
	lacks := &outcome{Missing, func(f *facts) string {
		return fmt.Sprintf("%s does not have the feature flag %q", h.name(f), f.typ.FeatureFlag)
	}}
	decide := func(s *IntegrationStatus) Step {
		t := s.Type
		switch {
		case t.FeatureFlag == "":
			return s.result(flagNotNeeded, hcl.Range{})
		case s.cs.cat.Flag(t.FeatureFlag) == nil:
			var where hcl.Range
			if d := t.Decl; d != nil && d.FeatureFlag != nil {
				where = d.FeatureFlag.ValueRange
			}
			return s.result(flagUndeclared, where)
		}
		l, decl, ok := h.flags(s)
		if !ok {
			return s.noReseller()
		}
		if it, ok := l.Find(t.FeatureFlag); ok {
			return s.result(held, it.Range)
		}
		return s.result(lacks, listWhere(l, decl))
	}
	return stepDef{kind: kind, parentDecides: true, decide: decide}
}

// The permissions link: the company has every permission the type needs.
var (
	permsNotNeeded = &outcome{NotApplicable, func(f *facts) string {
		return fmt.Sprintf("%s needs no permission", f.typ.ID)
	}}
	permsHeld = &outcome{Held, func(f *facts) string {
		return fmt.Sprintf("company %q has the %s %s", f.company.ID, pluralWord(len(f.typ.Permissions), "permission"), quoteList(f.typ.Permissions))
	}}
	permsLack = &outcome{Missing, func(f *facts) string {
		return fmt.Sprintf("company %q lacks the %s %s", f.company.ID, pluralWord(len(f.names), "permission"), quoteList(f.names))
	}}
	// permUndeclared: no company can be given it before it is declared,
	// and the fix is the type's list, where unknown-reference points.
	permUndeclared = &outcome{Missing, func(f *facts) string {
		return fmt.Sprintf("the permission %q of integration type %q is not declared", f.name, f.typ.ID)
	}}
)

func decidePermissions(s *IntegrationStatus) Step {
	t, c := s.Type, s.cs.Company
	if len(t.Permissions) == 0 {
		return s.result(permsNotNeeded, hcl.Range{})
	}
	var missing []string
	for _, perm := range t.Permissions {
		if !c.Permissions.Has(perm) {
			missing = append(missing, perm)
		}
		if s.cs.cat.Permission(perm) == nil {
			var where hcl.Range
			if d := t.Decl; d != nil {
				if it, ok := d.Permissions.Find(perm); ok {
					where = it.Range
				}
			}
			st := s.result(permUndeclared, where)
			st.name = perm
			return st
		}
	}
	where := listWhere(c.Permissions, c.DefRange)
	if len(missing) > 0 {
		st := s.result(permsLack, where)
		st.names = missing
		return st
	}
	return s.result(permsHeld, where)
}

// The conflicts link: nothing the type's flag conflicts with is active on
// the company.
var (
	conflictsNone = &outcome{NotApplicable, func(f *facts) string {
		return fmt.Sprintf("%s conflicts with nothing", f.typ.ID)
	}}
	conflictsHeld = &outcome{Held, func(f *facts) string {
		return fmt.Sprintf("nothing that conflicts with %q (%s) is active", f.typ.FeatureFlag, strings.Join(f.names, ", "))
	}}
	conflictsActive = &outcome{Missing, func(f *facts) string {
		return fmt.Sprintf("%q conflicts with %q, which is active on company %q because %s", f.typ.FeatureFlag, f.cause.Flag, f.company.ID, f.cause.Describe())
	}}
)

func decideConflicts(s *IntegrationStatus) Step {
	flag := s.cs.cat.Flag(s.Type.FeatureFlag)
	if flag == nil || len(flag.ConflictsWith) == 0 {
		return s.result(conflictsNone, hcl.Range{})
	}
	for _, other := range flag.ConflictsWith {
		if f := s.cs.activeFlag(other); f != nil {
			st := s.result(conflictsActive, f.Range)
			st.cause = f
			return st
		}
	}
	st := s.result(conflictsHeld, hcl.Range{})
	st.names = flag.ConflictsWith
	return st
}

// The parent link: a payment integration is the company's own, or, with
// global transactions, the company up the parent chain that runs its own
// payment integrations runs it.
var (
	parentNotPayment = &outcome{NotApplicable, func(f *facts) string {
		return fmt.Sprintf("%s is not a payment integration", f.typ.ID)
	}}
	parentOwn = &outcome{Held, func(f *facts) string {
		return fmt.Sprintf("company %q configures its own payment integrations", f.company.ID)
	}}
	parentManaged = &outcome{Held, func(f *facts) string {
		return fmt.Sprintf("company %q has global transactions: %s runs %s, and its settings apply here", f.company.ID, ownerName(f), f.typ.ID)
	}}
	parentNotRun = &outcome{Missing, func(f *facts) string {
		return fmt.Sprintf("company %q has global transactions: its payment integrations come from %s, which does not run %s", f.company.ID, ownerName(f), f.typ.ID)
	}}
	parentNone = &outcome{Missing, func(f *facts) string {
		c, at := f.company, f.breakAt
		if at != nil && at != c {
			return fmt.Sprintf("company %q has global transactions, but %q, the parent it takes them through, has global transactions and no parent", c.ID, at.ID)
		}
		return fmt.Sprintf("company %q has global transactions but no parent", c.ID)
	}}
	parentUndefined = &outcome{Missing, func(f *facts) string {
		c, at := f.company, f.breakAt
		if at == c {
			return fmt.Sprintf("company %q has global transactions, but its parent %q is not defined", c.ID, at.Parent.Str())
		}
		return fmt.Sprintf("company %q has global transactions, but the parent of %q, through which it takes them, is %q, which is not defined", c.ID, at.ID, at.Parent.Str())
	}}
	parentCycle = &outcome{Missing, func(f *facts) string {
		c, at := f.company, f.breakAt
		if at == c {
			return fmt.Sprintf("company %q has global transactions, but following parents from it comes back to it (a parent cycle)", c.ID)
		}
		return fmt.Sprintf("company %q has global transactions, but its parents lead into a parent cycle at %q", c.ID, at.ID)
	}}
)

func decideParent(s *IntegrationStatus) Step {
	gt := s.cs.Company.GlobalTransactions
	switch {
	case !s.Type.Payment:
		return s.result(parentNotPayment, hcl.Range{})
	case !gt.Bool():
		var where hcl.Range
		if gt != nil {
			where = gt.Range
		}
		return s.result(parentOwn, where)
	case s.ManagedBy != nil:
		return s.result(parentManaged, gt.Range)
	case s.cs.ManagedBy != nil:
		return s.result(parentNotRun, gt.Range)
	}
	return s.brokenParentChain()
}

// brokenParentChain is the parent link when no company up the chain runs
// its own payment integrations: it points where the parent rule or
// unknown-reference reports the break.
func (s *IntegrationStatus) brokenParentChain() Step {
	b := s.cs.unmanaged
	var st Step
	switch {
	case b.at == nil: // defensive: paymentOwners gives every such company a break
		st = s.result(parentNone, s.cs.Company.GlobalTransactions.Range)
	case b.cycle:
		st = s.result(parentCycle, b.at.Parent.ValueRange)
	case b.at.Parent == nil:
		st = s.result(parentNone, b.at.GlobalTransactions.Range)
	default:
		st = s.result(parentUndefined, b.at.Parent.ValueRange)
	}
	st.breakAt = b.at
	return st
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
