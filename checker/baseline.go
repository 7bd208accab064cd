package checker

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"

	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

// BaselineFormatVersion is the version of the baseline file format. A
// file of another version is refused, never half understood.
const BaselineFormatVersion = 1

// DefaultBaselineFile is where `tixcfg baseline write` writes and what the
// README tells `check --baseline` to read.
const DefaultBaselineFile = ".tixcfg-baseline.json"

var ruleStaleBaseline = &Rule{
	ID:         ruleid.StaleBaseline,
	Severity:   lang.Warning,
	Since:      "v0.2.0",
	ReportedBy: "the checker, when check or build compares the findings with a baseline file (--baseline), after every other rule (checker/baseline.go)",
	Doc:        "A baseline entry that matches no finding any more.",
	Details: `A baseline (tixcfg baseline write) records the findings a portfolio had
when it adopted tixcfg, so that check --baseline reports only new ones. An
entry is matched by its rule, its logical place in the portfolio (such as
company/dubai-live/integration/dtcm) and its summary, never by file or
line; its count says how many findings it stands for. When fewer findings
match than it counts (the finding was fixed, or its company removed), the
entry is reported at its line in the baseline file, as an unused ignore is,
so that a finding fixed once cannot come back unnoticed. Remove such
entries with tixcfg baseline write --prune, which adds none. Entries of
rules turned off with --disable or --enable-only are not judged.`,
}

// Baseline is a baseline file: the findings a portfolio is allowed to keep.
type Baseline struct {
	FormatVersion int             `json:"format_version"`
	Findings      []BaselineEntry `json:"findings"`
	// Name is the display name of the file it was read from, "" when made.
	Name string `json:"-"`
	// Src is the file as read, so that a report can show an entry's line.
	Src   []byte `json:"-"`
	lines *lines
}

// BaselineEntry stands for Count findings of one rule at one place with
// one summary.
type BaselineEntry struct {
	Rule  string `json:"rule"`
	Place string `json:"place"`
	// Message is the findings' summary, which identifies them as well and
	// tells a reviewer what was accepted. Summaries never hold a secret.
	Message string `json:"message"`
	Count   int    `json:"count"`
	// Range is the entry in the file it was read from.
	Range hcl.Range `json:"-"`
}

func (e BaselineEntry) key() string {
	return Fingerprint(e.Rule, e.Place, e.Message)
}

// NewBaseline records diags, whose places pl gives, as a baseline: one
// entry per rule, place and summary, sorted by place, rule and message.
func NewBaseline(diags []lang.Diagnostic, pl *Places) *Baseline {
	b := &Baseline{FormatVersion: BaselineFormatVersion, Findings: []BaselineEntry{}}
	at := map[string]int{}
	for _, d := range diags {
		e := BaselineEntry{Rule: d.Rule, Place: pl.Of(d), Message: NormalizeSummary(d.Summary), Count: 1}
		if i, ok := at[e.key()]; ok {
			b.Findings[i].Count++
			continue
		}
		at[e.key()] = len(b.Findings)
		b.Findings = append(b.Findings, e)
	}
	b.sort()
	return b
}

func (b *Baseline) sort() {
	slices.SortFunc(b.Findings, func(x, y BaselineEntry) int {
		return cmp.Or(cmp.Compare(x.Place, y.Place), cmp.Compare(x.Rule, y.Rule), cmp.Compare(x.Message, y.Message))
	})
}

// Marshal is the file `tixcfg baseline write` writes: indented JSON, no
// HTML escaping, a final line break, one entry per finding kind, sorted,
// so that the same findings give the same bytes and a review diff shows
// only what changed.
func (b *Baseline) Marshal() []byte {
	out := &Baseline{FormatVersion: BaselineFormatVersion, Findings: slices.Clone(b.Findings)}
	if out.Findings == nil {
		out.Findings = []BaselineEntry{}
	}
	out.sort()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		panic(err) // strings and ints only
	}
	return buf.Bytes()
}

// ReadBaseline parses a baseline file named name (its display name, which
// stale-baseline findings point into). Errors name the file and the line.
func ReadBaseline(name string, data []byte) (*Baseline, error) {
	b := &Baseline{Name: name, Src: data}
	fail := func(off int64, format string, args ...any) error {
		p := posAt(data, int(off))
		return fmt.Errorf("%s:%d:%d: %s", name, p.Line, p.Column, fmt.Sprintf(format, args...))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var valueStart int64
	bad := func(err error) error {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return fail(se.Offset, "not a baseline file: %v", err)
		case errors.As(err, &te):
			// The decoder counts from the value it was decoding.
			return fail(valueStart+te.Offset, "not a baseline file: %s%s is not %s", field(te.Field), te.Value, te.Type)
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			return fail(int64(len(data)), "not a baseline file: it ends too early")
		}
		return fail(dec.InputOffset(), "not a baseline file: %v", err)
	}
	if tok, err := dec.Token(); err != nil {
		return nil, bad(err)
	} else if tok != json.Delim('{') {
		return nil, fail(0, "not a baseline file: want a JSON object with format_version and findings")
	}
	version := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, bad(err)
		}
		switch tok {
		case "format_version":
			at := int64(skipSeparators(data, int(dec.InputOffset())))
			valueStart = at
			if err := dec.Decode(&b.FormatVersion); err != nil {
				return nil, bad(err)
			}
			if b.FormatVersion != BaselineFormatVersion {
				return nil, fail(at, "format_version %d is not %d, the one this tixcfg reads: write the baseline again with this tixcfg", b.FormatVersion, BaselineFormatVersion)
			}
			version = true
		case "findings":
			if err := b.readEntries(dec, fail, bad, &valueStart); err != nil {
				return nil, err
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, bad(err)
			}
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, bad(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fail(dec.InputOffset(), "not a baseline file: more follows its object")
	}
	if !version {
		return nil, fail(0, "not a baseline file: no format_version")
	}
	return b, nil
}

func (b *Baseline) readEntries(dec *json.Decoder, fail func(int64, string, ...any) error, bad func(error) error, valueStart *int64) error {
	if tok, err := dec.Token(); err != nil {
		return bad(err)
	} else if tok == nil {
		return nil
	} else if tok != json.Delim('[') {
		return fail(dec.InputOffset(), "findings must be a list")
	}
	for dec.More() {
		start := skipSeparators(b.Src, int(dec.InputOffset()))
		*valueStart = int64(start)
		var e BaselineEntry
		if err := dec.Decode(&e); err != nil {
			return bad(err)
		}
		e.Range = b.entryRange(start, int(dec.InputOffset()))
		switch {
		case e.Rule == "" || e.Place == "":
			return fail(int64(start), "a finding needs a rule and a place")
		case e.Count < 1:
			return fail(int64(start), "the count of a finding is at least 1, not %d", e.Count)
		}
		b.Findings = append(b.Findings, e)
	}
	_, err := dec.Token()
	if err != nil {
		return bad(err)
	}
	return nil
}

// entryRange is where a finding of the entry at src[start:end] points:
// its place's line, which says what the entry is about, or the entry's
// opening brace when it has none that can be found. A key inside a string
// is escaped, so "place" between quotes is the key.
func (b *Baseline) entryRange(start, end int) hcl.Range {
	from, to := start, start+1
	if i := bytes.Index(b.Src[start:end], []byte(`"place"`)); i >= 0 {
		from = start + i
		to = from + bytes.IndexByte(append(b.Src[from:end:end], '\n'), '\n')
		to = from + len(bytes.TrimRight(b.Src[from:to], " \t\r,"))
	}
	if b.lines == nil {
		b.lines = newLines(b.Src)
	}
	return hcl.Range{Filename: b.Name, Start: b.lines.pos(from), End: b.lines.pos(to)}
}

func field(name string) string {
	if name == "" {
		return ""
	}
	return name + ": "
}

// skipSeparators skips the white space, commas and colons a decoder
// leaves before the next value, so that a message points at the value.
func skipSeparators(src []byte, off int) int {
	for off < len(src) && bytes.IndexByte([]byte(" \t\r\n,:"), src[off]) >= 0 {
		off++
	}
	return off
}

// posAt is the position of byte off of src: columns count characters.
func posAt(src []byte, off int) hcl.Pos {
	return newLines(src).pos(off)
}

// lines finds positions in a file without counting from its start each
// time: a baseline of 100,000 entries would take quadratic time.
type lines struct {
	src    []byte
	starts []int
}

func newLines(src []byte) *lines {
	l := &lines{src: src, starts: []int{0}}
	for i, c := range src {
		if c == '\n' {
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

func (l *lines) pos(off int) hcl.Pos {
	off = min(max(off, 0), len(l.src))
	i, found := slices.BinarySearch(l.starts, off)
	if !found {
		i--
	}
	return hcl.Pos{Line: i + 1, Column: 1 + utf8.RuneCount(l.src[l.starts[i]:off]), Byte: off}
}

// StaleEntry is a baseline entry of which Missing findings are gone.
type StaleEntry struct {
	BaselineEntry
	Missing int
}

// Comparison is the findings of a run told apart by a baseline.
type Comparison struct {
	// New are the findings the baseline does not hold, Unchanged those it
	// does, each in the order given.
	New, Unchanged []lang.Diagnostic
	// Stale are the entries that fewer findings match than they count.
	Stale []StaleEntry
}

// Compare tells diags apart by b. Of the findings that share a rule,
// place and summary, the first Count (in the order given, which Run sorts
// by file and position) are the baseline's; any more are new.
func Compare(b *Baseline, diags []lang.Diagnostic, pl *Places) *Comparison {
	left := map[string]int{}
	for _, e := range b.Findings {
		left[e.key()] += e.Count
	}
	c := &Comparison{}
	for _, d := range diags {
		k := Fingerprint(d.Rule, pl.Of(d), d.Summary)
		if left[k] > 0 {
			left[k]--
			c.Unchanged = append(c.Unchanged, d)
		} else {
			c.New = append(c.New, d)
		}
	}
	for _, e := range b.Findings {
		k := e.key()
		if n := min(left[k], e.Count); n > 0 {
			left[k] -= n
			c.Stale = append(c.Stale, StaleEntry{e, n})
		}
	}
	return c
}

// StaleDiagnostics reports c's stale entries as stale-baseline findings
// at their lines in the baseline file; entries of rules opts turns off
// are not judged, as their findings were not looked for.
func (c *Comparison) StaleDiagnostics(opts Options) []lang.Diagnostic {
	if !opts.Enabled(ruleStaleBaseline.ID) {
		return nil
	}
	var out []lang.Diagnostic
	for _, e := range c.Stale {
		known := Lookup(e.Rule) != nil
		if known && !opts.Enabled(e.Rule) {
			continue
		}
		detail := fmt.Sprintf("No %s finding %q is at %s any more: the baseline would hide it if it came back. Run tixcfg baseline write --prune to drop what is fixed.", e.Rule, e.Message, e.Place)
		switch {
		case !known:
			detail = fmt.Sprintf("%q is no rule of tixcfg (see `tixcfg rules`), so this entry matches nothing; run tixcfg baseline write --prune to drop it.", e.Rule)
		case e.Missing < e.Count:
			detail = fmt.Sprintf("The entry counts %d %s findings %q at %s; %d of them are no longer found, and the baseline would hide them if they came back. Run tixcfg baseline write --prune to lower the count.", e.Count, e.Rule, e.Message, e.Place, e.Missing)
		}
		d := lang.Diagnostic{Rule: ruleStaleBaseline.ID, Severity: ruleStaleBaseline.Severity, Subject: e.Range,
			Summary: fmt.Sprintf("Stale baseline entry for %s at %s", e.Rule, e.Place), Detail: detail}
		out = append(out, d)
	}
	return out
}

// Prune is b without what no finding of diags matches any more: each
// entry's count lowered to the findings it still matches, entries that
// match none dropped, nothing added. Entries of rules opts turns off are
// kept as they are: their findings were not looked for.
func Prune(b *Baseline, diags []lang.Diagnostic, pl *Places, opts Options) *Baseline {
	found := map[string]int{}
	for _, d := range diags {
		found[Fingerprint(d.Rule, pl.Of(d), d.Summary)]++
	}
	out := &Baseline{FormatVersion: BaselineFormatVersion, Findings: []BaselineEntry{}}
	for _, e := range b.Findings {
		e.Range = hcl.Range{}
		if Lookup(e.Rule) != nil && !opts.Enabled(e.Rule) {
			out.Findings = append(out.Findings, e)
			continue
		}
		k := e.key()
		if n := min(found[k], e.Count); n > 0 {
			found[k] -= n
			e.Count = n
			out.Findings = append(out.Findings, e)
		}
	}
	out.sort()
	return out
}
