package emit

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// SARIF constants. The schema is the OASIS one of 2.1.0 with its errata,
// which GitHub code scanning and Microsoft's validator both accept.
const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	// InformationURI is where tixcfg is documented.
	InformationURI = "https://github.com/tixcfg/tixcfg"
	// srcRoot is the base of every relative artifact URI: the folder tixcfg
	// ran in, whose relative display names are the files' names.
	srcRoot = "%SRCROOT%"
	// FingerprintKey names tixcfg's partial fingerprint. GitHub reserves
	// primaryLocationLineHash and recomputes it, so ours has its own key.
	FingerprintKey = "tixcfg/v1"
	// PlaceFingerprintKey names the second one: the finding's rule,
	// logical place and summary (checker.Fingerprint) and its occurrence,
	// which stays when the finding's company moves to another file.
	PlaceFingerprintKey = "tixcfg/v2"
)

// Wire structs of SARIF 2.1.0: the subset tixcfg fills. They are kept here
// rather than taken from a SARIF library so the output carries no empty
// arrays or -1 placeholders, only what GitHub reads.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                        `json:"tool"`
		OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds"`
		ColumnKind         string                           `json:"columnKind"`
		Results            []sarifResult                    `json:"results"`
		Invocations        []sarifInvocation                `json:"invocations,omitempty"`
	}
	// sarifInvocation carries the diagnostics that have no place in a
	// file: GitHub rejects a result without a location.
	sarifInvocation struct {
		ExecutionSuccessful bool                `json:"executionSuccessful"`
		Notifications       []sarifNotification `json:"toolExecutionNotifications"`
	}
	sarifNotification struct {
		Level          string        `json:"level"`
		Message        sarifMessage  `json:"message"`
		AssociatedRule *sarifRuleRef `json:"associatedRule,omitempty"`
	}
	sarifRuleRef struct {
		ID    string `json:"id"`
		Index int    `json:"index"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string             `json:"id"`
		Name                 string             `json:"name,omitempty"`
		ShortDescription     sarifMessage       `json:"shortDescription"`
		FullDescription      sarifMessage       `json:"fullDescription"`
		HelpURI              string             `json:"helpUri"`
		Help                 sarifMessage       `json:"help"`
		DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	}
	sarifMessage struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifConfiguration struct {
		Level string `json:"level"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           *int              `json:"ruleIndex,omitempty"`
		Level               string            `json:"level"`
		Message             sarifMessage      `json:"message"`
		Locations           []sarifLocation   `json:"locations,omitempty"`
		RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		Fixes               []sarifFix        `json:"fixes,omitempty"`
		BaselineState       string            `json:"baselineState,omitempty"`
	}
	sarifLocation struct {
		ID               *int          `json:"id,omitempty"`
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
		Message          *sarifMessage `json:"message,omitempty"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Region           *sarifRegion          `json:"region,omitempty"`
	}
	sarifArtifactLocation struct {
		URI         string        `json:"uri,omitempty"`
		URIBaseID   string        `json:"uriBaseId,omitempty"`
		Description *sarifMessage `json:"description,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine"`
		EndColumn   int `json:"endColumn"`
	}
)

// sarifLevel maps a severity to SARIF's result level.
func sarifLevel(s lang.Severity) string {
	switch s {
	case lang.Error:
		return "error"
	case lang.Warning:
		return "warning"
	}
	return "note"
}

// WriteSARIF writes one SARIF 2.1.0 run as GitHub code scanning ingests it:
// every rule of the registry with its documentation, and per diagnostic a
// result with a repo-relative location, related locations and a partial
// fingerprint that survives edits elsewhere in the file. A diagnostic
// that no file of the repository holds becomes a tool notification.
func WriteSARIF(w io.Writer, diags []lang.Diagnostic, sources Sources, meta Meta) error {
	src := indexed(sources)
	rules := checker.Rules()
	index := make(map[string]int, len(rules))
	driver := sarifDriver{Name: "tixcfg", Version: sarifToolVersion(meta.Version), InformationURI: InformationURI, Rules: make([]sarifRule, len(rules))}
	for i, r := range rules {
		index[r.ID] = i
		driver.Rules[i] = sarifRuleOf(r)
	}
	run := sarifRun{
		Tool: sarifTool{Driver: driver},
		OriginalURIBaseIDs: map[string]sarifArtifactLocation{srcRoot: {Description: &sarifMessage{
			Text: "The folder tixcfg ran in (normally the repository root); file names are relative to it."}}},
		ColumnKind: "utf16CodeUnits",
		Results:    make([]sarifResult, 0, len(diags)),
	}
	fp := fingerprinter{seen: map[string]int{}}
	places := placeFingerprinter{place: meta.Place, seen: map[string]int{}}
	var notes []sarifNotification
	for _, sd := range withStates(diags, meta) {
		d := sd.Diagnostic
		i, known := index[d.Rule]
		loc, ok := sarifLocationOf(d.Subject, src)
		if !ok && sd.state == baselineUnchanged {
			continue // not reported, and no alert to keep open
		}
		if !ok {
			n := sarifNotification{Level: sarifLevel(d.Severity), Message: sarifMessage{Text: sentence(d.Summary, d.Detail)}}
			if known {
				n.AssociatedRule = &sarifRuleRef{ID: d.Rule, Index: i}
			}
			notes = append(notes, n)
			continue
		}
		res := sarifResult{RuleID: d.Rule, Level: sarifLevel(d.Severity), Message: sarifMessage{Text: sentence(d.Summary, d.Detail)},
			Locations: []sarifLocation{loc}, PartialFingerprints: map[string]string{FingerprintKey: fp.of(d, src), PlaceFingerprintKey: places.of(d)},
			Fixes: sarifFixesOf(d.Fixes, src), BaselineState: sd.state}
		if known {
			res.RuleIndex = &i
		}
		for _, rel := range d.Related {
			loc, ok := sarifLocationOf(rel.Range, src)
			if !ok {
				continue
			}
			id := len(res.RelatedLocations) + 1
			loc.ID, loc.Message = &id, &sarifMessage{Text: sentence(rel.Message, "")}
			res.RelatedLocations = append(res.RelatedLocations, loc)
		}
		run.Results = append(run.Results, res)
	}
	if notes != nil {
		run.Invocations = []sarifInvocation{{ExecutionSuccessful: true, Notifications: notes}}
	}
	return encodeJSON(w, sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

// sarifRuleOf describes a rule from the registry, the one source of the
// rule documentation.
func sarifRuleOf(r *checker.Rule) sarifRule {
	name := pascalCase(r.ID)
	if strings.EqualFold(name, r.ID) {
		// SARIF wants a name only when it says more than the ID.
		name = ""
	}
	return sarifRule{
		ID:               r.ID,
		Name:             name,
		ShortDescription: sarifMessage{Text: r.Doc},
		FullDescription:  sarifMessage{Text: r.Doc + " " + strings.Join(strings.Fields(r.Details), " ")},
		HelpURI:          r.URL,
		Help: sarifMessage{
			Text: ruleDocText(r),
			Markdown: "**" + r.Doc + "**\n\n" + r.Details + "\n\nReported by " + r.ReportedBy + ".\n\nFails:\n\n```hcl\n" + ensureNewline(r.Bad) +
				"```\n\nPasses:\n\n```hcl\n" + ensureNewline(r.Good) + "```\n",
		},
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(r.Severity)},
	}
}

func ensureNewline(s string) string {
	if s != "" && !strings.HasSuffix(s, "\n") {
		return s + "\n"
	}
	return s
}

// sarifToolVersion makes a version SARIF viewers can compare: numeric
// first, so "v1.2.0" is given as "1.2.0" and an unreleased "devel" build as
// "0.0.0-devel".
func sarifToolVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	if v == "" || v[0] < '0' || v[0] > '9' {
		v = strings.TrimSuffix("0.0.0-"+v, "-")
	}
	return v
}

// pascalCase turns a rule ID into the readable name SARIF viewers show,
// "unknown-reference" into "UnknownReference".
func pascalCase(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// sentence joins a summary and a detail into message text that reads as
// whole sentences, as SARIF viewers expect.
func sentence(summary, detail string) string {
	s := strings.TrimSpace(summary)
	if s != "" && !strings.ContainsAny(s[len(s)-1:], ".?!") {
		s += "."
	}
	if detail = strings.TrimSpace(detail); detail != "" {
		s += " " + detail
	}
	return s
}

// sarifArtifact locates a file: a relative display name below %SRCROOT%,
// an absolute one as a file URI. The built-in catalog is no file of the
// repository, so it has no artifact location.
func sarifArtifact(name string) (sarifArtifactLocation, bool) {
	switch {
	case name == "" || name == lang.BuiltinCatalogName:
		return sarifArtifactLocation{}, false
	case path.IsAbs(name) || (len(name) > 2 && name[1] == ':' && name[2] == '/'):
		if !strings.HasPrefix(name, "/") {
			name = "/" + name // a Windows drive path
		}
		return sarifArtifactLocation{URI: (&url.URL{Scheme: "file", Path: name}).String()}, true
	}
	return sarifArtifactLocation{URI: (&url.URL{Path: name}).String(), URIBaseID: srcRoot}, true
}

func sarifLocationOf(r hcl.Range, src *indexedSources) (sarifLocation, bool) {
	art, ok := sarifArtifact(r.Filename)
	if !ok {
		return sarifLocation{}, false
	}
	loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: art}}
	if r.Start.Line >= 1 {
		text := src.index(r.Filename)
		end := r.End
		if end.Line < r.Start.Line || (end.Line == r.Start.Line && end.Byte < r.Start.Byte) {
			end = r.Start
		}
		loc.PhysicalLocation.Region = &sarifRegion{
			StartLine: r.Start.Line, StartColumn: text.utf16Column(r.Start),
			EndLine: end.Line, EndColumn: text.utf16Column(end),
		}
	}
	return loc, true
}

// fingerprinter computes partial fingerprints: a hash of the rule, the
// file and the subject's source line (masked, so no hash is taken of a
// secret; trimmed, so re-indenting keeps it), then the occurrence of that
// hash so far. Line numbers are left out, so lines added above a finding
// do not make it new.
type fingerprinter struct {
	seen map[string]int
}

func (f *fingerprinter) of(d lang.Diagnostic, src *indexedSources) string {
	h := sha256.New()
	io.WriteString(h, d.Rule+"\x00"+d.Subject.Filename+"\x00")
	if line, _, ok := src.index(d.Subject.Filename).maskedLine(src.Masks(d.Subject.Filename), d.Subject.Start.Byte); ok && d.Subject.Start.Line >= 1 {
		h.Write([]byte(strings.TrimSpace(string(line))))
	} else {
		// No source to anchor on: the message is what identifies it.
		io.WriteString(h, d.Summary)
	}
	sum := hex.EncodeToString(h.Sum(nil)[:16])
	f.seen[sum]++
	return sum + ":" + strconv.Itoa(f.seen[sum])
}

// SARIF's baselineState values tixcfg writes. A fixed finding ("absent")
// is never written: a report for upload lists what is there.
const (
	baselineNew       = "new"
	baselineUnchanged = "unchanged"
)

// stated is a diagnostic with its baselineState ("" when not compared).
type stated struct {
	lang.Diagnostic
	state string
}

// withStates merges the new and the unchanged findings of a compared run
// in the order a run without the comparison lists them, so that both
// fingerprints' occurrences count the same.
func withStates(diags []lang.Diagnostic, meta Meta) []stated {
	out := make([]stated, 0, len(diags)+len(meta.Unchanged))
	state := ""
	if meta.ComparedWith != "" {
		state = baselineNew
	}
	for _, d := range diags {
		out = append(out, stated{d, state})
	}
	if meta.ComparedWith == "" || len(meta.Unchanged) == 0 {
		return out
	}
	for _, d := range meta.Unchanged {
		out = append(out, stated{d, baselineUnchanged})
	}
	slices.SortStableFunc(out, func(a, b stated) int { return lang.CompareDiagnostics(a.Diagnostic, b.Diagnostic) })
	return out
}

// placeFingerprinter computes the tixcfg/v2 partial fingerprints: the
// finding's fingerprint, then its occurrence among findings sharing it.
type placeFingerprinter struct {
	place func(lang.Diagnostic) string
	seen  map[string]int
}

func (f *placeFingerprinter) of(d lang.Diagnostic) string {
	place := "file/" + d.Subject.Filename
	if f.place != nil {
		place = f.place(d)
	}
	sum := checker.Fingerprint(d.Rule, place, d.Summary)
	f.seen[sum]++
	return sum + ":" + strconv.Itoa(f.seen[sum])
}
