package checker_test

// Rule fixtures: testdata/rules/<rule>/ holds the fixtures of one rule,
// and every rule of checker.RuleIDs() has such a folder. A fixture (a
// "case") is either
//
//   - a file <case>.hcl (or <case>.hcl.json): a portfolio by itself, or
//   - a folder <case>/: every *.hcl and *.hcl.json below it forms one
//     portfolio, for findings across files.
//
// Each case is loaded with lang.Load and checked with checker.Run and the
// default options, and its diagnostics must be exactly the expected ones.
// Expectations are comments in native-syntax files, found with HCL's own
// lexer, so text inside a string or a heredoc never counts as one:
//
//	# want: RULE "regexp" [RULE "regexp" ...]
//	    a diagnostic of RULE whose subject starts on this line;
//	# want+N: RULE "regexp" ...
//	    the same, for the line N lines below the comment: for a line that
//	    cannot carry a trailing comment, inside a heredoc or one that
//	    already ends in a comment of its own, such as a tixcfg:ignore;
//	# want@PATH:LINE: RULE "regexp" ...
//	    the same, for line LINE of another file of the case, PATH relative
//	    to the case folder: for *.hcl.json files, which have no comments.
//
// `//` works like `#`; block comments are never expectations. The regexp is
// a Go string literal, double- or back-quoted, matched against the
// diagnostic's summary + " " + detail. Each expectation matches exactly one
// diagnostic, so two findings of one rule on one line need two pairs. A
// comment that starts with "want" followed by ':', '+' or '@' must be a
// well-formed expectation, so a typo cannot silently turn one into prose.
//
// A case whose name starts with "ok_" is a near-miss: it must carry no
// expectation, and so must check completely clean. Every other case must
// expect at least one diagnostic. Each rule folder needs at least one case
// that expects its rule and at least one near-miss.
//
// Beyond the expectations, every diagnostic must name a registered rule,
// carry that rule's severity, have ranges that lie inside their file with
// line and column agreeing with the byte offset, and never repeat a literal
// secret value (what Portfolio.Masks hides in snippets).

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

const rulesDir = "../testdata/rules"

// fixtureCase is one portfolio of a rule folder.
type fixtureCase struct {
	rule string
	name string // file or folder name inside the rule folder
	path string // what lang.Load is given
	base string // the folder display names are relative to
	show string // base as the failure messages show it
}

// display turns a diagnostic's file name into a path relative to the
// checker package, so a failure can be opened from the test output.
func (c fixtureCase) display(file string) string {
	if file == "" {
		return "(no file)"
	}
	if file == lang.BuiltinCatalogName {
		return file
	}
	return filepath.ToSlash(filepath.Join(c.show, file))
}

func (c fixtureCase) String() string {
	return filepath.ToSlash(filepath.Join(rulesDir, c.rule, c.name))
}

func (c fixtureCase) nearMiss() bool { return strings.HasPrefix(c.name, "ok_") }

// fixtureCases lists the cases of one rule folder, sorted by name.
func fixtureCases(t *testing.T, rule string) []fixtureCase {
	t.Helper()
	dir := filepath.Join(rulesDir, rule)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	// lang.DisplayName wants an absolute base folder.
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []fixtureCase
	for _, e := range entries {
		path := filepath.Join(abs, e.Name())
		switch {
		case e.IsDir():
			out = append(out, fixtureCase{rule: rule, name: e.Name(), path: path, base: path, show: filepath.Join(dir, e.Name())})
		case strings.HasSuffix(e.Name(), goldenSuffix):
			// a fix golden, checked with its file (checkFixGolden)
		case lang.IsConfigFile(e.Name()):
			out = append(out, fixtureCase{rule: rule, name: e.Name(), path: path, base: abs, show: dir})
		default:
			t.Errorf("%s: not a fixture: a case is a *.hcl or *.hcl.json file or a folder", filepath.Join(dir, e.Name()))
		}
	}
	return out
}

// expectation is one RULE "regexp" pair of a want comment.
type expectation struct {
	file  string // display name, as in diagnostics
	line  int
	rule  string
	re    *regexp.Regexp
	where string // the comment that says so, for messages
}

var wantDirective = regexp.MustCompile(`^want(?:\+(\d+)|@([^:\s]+):(\d+))?:(.*)$`)

// expectations reads the want comments of every native-syntax file.
func expectations(c fixtureCase, p *lang.Portfolio, others ...string) ([]*expectation, []error) {
	var out []*expectation
	var errs []error
	files := map[string]bool{}
	for _, name := range others {
		files[name] = true
	}
	for _, f := range p.Files {
		files[f.Name] = true
	}
	for _, f := range p.Files {
		if f.JSON {
			continue
		}
		src, start := f.Src, hcl.InitialPos
		if bytes.HasPrefix(src, []byte("\xEF\xBB\xBF")) {
			src, start = src[3:], hcl.Pos{Line: 1, Column: 1, Byte: 3}
		}
		toks, _ := hclsyntax.LexConfig(src, f.Name, start)
		for _, tok := range toks {
			if tok.Type != hclsyntax.TokenComment {
				continue
			}
			text := string(tok.Bytes)
			switch {
			case strings.HasPrefix(text, "#"):
				text = text[1:]
			case strings.HasPrefix(text, "//"):
				text = text[2:]
			default:
				continue
			}
			text = strings.TrimSpace(text)
			if !strings.HasPrefix(text, "want") || len(text) == 4 || !strings.ContainsRune(":+@", rune(text[4])) {
				continue
			}
			where := fmt.Sprintf("%s:%d", c.display(f.Name), tok.Range.Start.Line)
			m := wantDirective.FindStringSubmatch(text)
			if m == nil {
				errs = append(errs, fmt.Errorf("%s: malformed want comment %q", where, text))
				continue
			}
			file, line := f.Name, tok.Range.Start.Line
			switch {
			case m[1] != "":
				n, _ := strconv.Atoi(m[1])
				line += n
			case m[2] != "":
				file = m[2]
				line, _ = strconv.Atoi(m[3])
				if !files[file] {
					errs = append(errs, fmt.Errorf("%s: want@%s: no such file in the case", where, file))
					continue
				}
			}
			pairs, err := parseWantPairs(m[4])
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %v", where, err))
				continue
			}
			for _, pr := range pairs {
				out = append(out, &expectation{file: file, line: line, rule: pr.rule, re: pr.re, where: where})
			}
		}
	}
	return out, errs
}

type wantPair struct {
	rule string
	re   *regexp.Regexp
}

var ruleName = regexp.MustCompile(`^[a-z][a-z0-9-]*`)

// parseWantPairs parses `RULE "regexp" RULE "regexp" ...`.
func parseWantPairs(s string) ([]wantPair, error) {
	var out []wantPair
	for {
		s = strings.TrimSpace(s)
		if s == "" {
			break
		}
		rule := ruleName.FindString(s)
		if rule == "" {
			return nil, fmt.Errorf("want: expected a rule ID at %q", s)
		}
		s = strings.TrimLeft(s[len(rule):], " \t")
		lit, err := strconv.QuotedPrefix(s)
		if err != nil || strings.HasPrefix(lit, "'") {
			return nil, fmt.Errorf("want: rule %s needs a quoted regexp, at %q", rule, s)
		}
		s = s[len(lit):]
		text, _ := strconv.Unquote(lit)
		re, err := regexp.Compile(text)
		if err != nil {
			return nil, fmt.Errorf("want: %s: %v", rule, err)
		}
		out = append(out, wantPair{rule: rule, re: re})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("want: no RULE \"regexp\" pair")
	}
	return out, nil
}

// matchLine pairs the diagnostics and expectations of one line so that as
// many as possible match (augmenting paths: a greedy choice could give a
// broad regexp the diagnostic a narrow one needed).
func matchLine(diags []lang.Diagnostic, wants []*expectation) (diagTo []int) {
	ok := func(d lang.Diagnostic, w *expectation) bool {
		return d.Rule == w.rule && w.re.MatchString(d.Summary+" "+d.Detail)
	}
	wantTo := make([]int, len(wants))
	for i := range wantTo {
		wantTo[i] = -1
	}
	var try func(d int, seen []bool) bool
	try = func(d int, seen []bool) bool {
		for w := range wants {
			if seen[w] || !ok(diags[d], wants[w]) {
				continue
			}
			seen[w] = true
			if wantTo[w] < 0 || try(wantTo[w], seen) {
				wantTo[w] = d
				return true
			}
		}
		return false
	}
	for d := range diags {
		try(d, make([]bool, len(wants)))
	}
	diagTo = make([]int, len(diags))
	for i := range diagTo {
		diagTo[i] = -1
	}
	for w, d := range wantTo {
		if d >= 0 {
			diagTo[d] = w
		}
	}
	return diagTo
}

func TestRuleFixtureFolders(t *testing.T) {
	entries, err := os.ReadDir(rulesDir)
	if err != nil {
		t.Fatal(err)
	}
	var folders []string
	for _, e := range entries {
		if !e.IsDir() {
			t.Errorf("%s: only rule folders belong in %s", e.Name(), rulesDir)
			continue
		}
		folders = append(folders, e.Name())
		if checker.Lookup(e.Name()) == nil {
			t.Errorf("%s/%s: no rule has this ID", rulesDir, e.Name())
		}
	}
	for _, id := range checker.RuleIDs() {
		if !slices.Contains(folders, id) {
			t.Errorf("rule %s has no fixture folder %s/%s", id, rulesDir, id)
		}
	}
}

func TestRuleFixtures(t *testing.T) {
	for _, rule := range checker.RuleIDs() {
		t.Run(rule, func(t *testing.T) {
			t.Parallel()
			if _, err := os.Stat(filepath.Join(rulesDir, rule)); err != nil {
				t.Skip("no folder; TestRuleFixtureFolders reports it")
			}
			cases := fixtureCases(t, rule)
			var firing, clean bool
			for _, c := range cases {
				wants := runFixture(t, c)
				firing = firing || slices.ContainsFunc(wants, func(w *expectation) bool { return w.rule == rule })
				clean = clean || (c.nearMiss() && len(wants) == 0)
			}
			if !firing {
				t.Errorf("%s/%s: no case expects a %s finding", rulesDir, rule, rule)
			}
			if !clean {
				t.Errorf("%s/%s: no near-miss case (ok_*, no expectations, checks clean)", rulesDir, rule)
			}
		})
	}
}

// runFixture checks one case and returns its expectations.
func runFixture(t *testing.T, c fixtureCase) []*expectation {
	t.Helper()
	p, err := lang.Load([]string{c.path}, lang.Options{WorkDir: c.base})
	if err != nil {
		t.Errorf("%s: %v", c, err)
		return nil
	}
	if len(p.Files) == 0 {
		t.Errorf("%s: no configuration file", c)
		return nil
	}
	res := checker.Run(p, checker.Options{})
	diags, src, base := withBaseline(t, c, p, res.Diagnostics)
	var others []string
	if base != nil {
		others = append(others, base.Name)
	}
	wants, errs := expectations(c, p, others...)
	for _, err := range errs {
		t.Error(err)
	}
	switch {
	case c.nearMiss() && len(wants) > 0:
		t.Errorf("%s: a near-miss (ok_*) carries no want comments", c)
	case !c.nearMiss() && len(wants) == 0 && len(errs) == 0:
		t.Errorf("%s: no want comments; name a case that must check clean ok_*", c)
	}
	checkFixGolden(t, c, p, res.Diagnostics)
	secrets := literalSecrets(p)
	for _, d := range diags {
		problems := diagnosticProblems(src, d)
		for _, s := range secrets {
			if diagnosticMentions(d, s) {
				problems = append(problems, fmt.Sprintf("the message prints the secret literal %q", s))
			}
		}
		for _, problem := range problems {
			t.Errorf("%s:%d: %s: %s: %s", c.display(d.Subject.Filename), d.Subject.Start.Line, d.Rule, d.Summary, problem)
		}
	}

	type lineKey struct {
		file string
		line int
	}
	diagsAt := map[lineKey][]lang.Diagnostic{}
	wantsAt := map[lineKey][]*expectation{}
	var keys []lineKey
	for _, d := range diags {
		k := lineKey{d.Subject.Filename, d.Subject.Start.Line}
		if diagsAt[k] == nil && wantsAt[k] == nil {
			keys = append(keys, k)
		}
		diagsAt[k] = append(diagsAt[k], d)
	}
	for _, w := range wants {
		k := lineKey{w.file, w.line}
		if diagsAt[k] == nil && wantsAt[k] == nil {
			keys = append(keys, k)
		}
		wantsAt[k] = append(wantsAt[k], w)
	}
	slices.SortFunc(keys, func(a, b lineKey) int {
		if a.file != b.file {
			return strings.Compare(a.file, b.file)
		}
		return a.line - b.line
	})
	for _, k := range keys {
		ds, ws := diagsAt[k], wantsAt[k]
		diagTo := matchLine(ds, ws)
		matched := make([]bool, len(ws))
		for i, d := range ds {
			if diagTo[i] >= 0 {
				matched[diagTo[i]] = true
				continue
			}
			t.Errorf("%s:%d:%d: unexpected %s: %s\n\t%s", c.display(k.file), k.line, d.Subject.Start.Column, d.Rule, d.Summary, d.Detail)
		}
		for i, w := range ws {
			if !matched[i] {
				t.Errorf("%s:%d: missing %s %q (want at %s)", c.display(k.file), k.line, w.rule, w.re, w.where)
			}
		}
	}
	return wants
}

// literalSecrets returns the text of every value the portfolio masks: the
// literal values of secret credentials, which no message may repeat. Very
// short values are left out, as they occur in prose by chance.
func literalSecrets(p *lang.Portfolio) []string {
	var out []string
	for _, f := range p.Files {
		for _, r := range p.Masks(f.Name) {
			if r.End.Byte > len(f.Src) || r.Start.Byte > r.End.Byte {
				continue // rangeProblem reports it where it matters
			}
			v := strings.Trim(string(f.Src[r.Start.Byte:r.End.Byte]), `"`)
			if len(v) >= 4 {
				out = append(out, v)
			}
		}
	}
	return out
}

func diagnosticMentions(d lang.Diagnostic, s string) bool {
	if strings.Contains(d.Summary, s) || strings.Contains(d.Detail, s) {
		return true
	}
	for _, rel := range d.Related {
		if strings.Contains(rel.Message, s) {
			return true
		}
	}
	return false
}

// diagnosticProblems checks what must hold of any diagnostic: a registered
// rule with its severity, and ranges that make sense in their file.
func diagnosticProblems(p sources, d lang.Diagnostic) []string {
	var out []string
	r := checker.Lookup(d.Rule)
	switch {
	case r == nil:
		out = append(out, fmt.Sprintf("rule %q is not registered", d.Rule))
	case d.Severity != r.Severity:
		out = append(out, fmt.Sprintf("severity %s, but the rule's is %s", d.Severity, r.Severity))
	}
	if d.Summary == "" || strings.Contains(d.Summary, "\n") {
		out = append(out, fmt.Sprintf("summary %q is not one line", d.Summary))
	}
	if msg := rangeProblem(p, d.Subject); msg != "" {
		out = append(out, "subject "+msg)
	}
	for _, rel := range d.Related {
		if rel.Message == "" {
			out = append(out, "related range without a message")
		}
		if msg := rangeProblem(p, rel.Range); msg != "" {
			out = append(out, fmt.Sprintf("related %q %s", rel.Message, msg))
		}
	}
	return out
}

// rangeProblem reports a range outside its file, reversed, or whose line
// and column disagree with its byte offset ("" when it is sound).
func rangeProblem(p sources, r hcl.Range) string {
	src := p.Source(r.Filename)
	if src == nil {
		return fmt.Sprintf("%s: no such file", r)
	}
	if r.Start.Byte > r.End.Byte || r.End.Byte > len(src) {
		return fmt.Sprintf("%s: bytes %d..%d outside the file's %d", r, r.Start.Byte, r.End.Byte, len(src))
	}
	for _, pos := range []hcl.Pos{r.Start, r.End} {
		if want := posOf(src, pos.Byte); want.Line != pos.Line || want.Column != pos.Column {
			return fmt.Sprintf("%s: byte %d is %d:%d, not %d:%d", r, pos.Byte, want.Line, want.Column, pos.Line, pos.Column)
		}
	}
	return ""
}

// posOf computes the line and column of a byte offset the way lang counts
// them: a byte-order mark takes no column, a column is a character.
func posOf(src []byte, offset int) hcl.Pos {
	pos := hcl.InitialPos
	i := 0
	if bytes.HasPrefix(src, []byte("\xEF\xBB\xBF")) && offset >= 3 {
		i = 3
	}
	for i < offset {
		r, size := utf8.DecodeRune(src[i:])
		if r == '\n' {
			pos.Line++
			pos.Column = 1
		} else {
			pos.Column++
		}
		i += size
	}
	pos.Byte = offset
	return pos
}

// TestWantComments checks the harness's reading of expectations, so that a
// fixture cannot pass because its comments were silently ignored.
func TestWantComments(t *testing.T) {
	src := `# prose that merely wants: nothing
# wanted: not a directive either
reseller "acme" { # want: schema "a b" duplicate ` + "`^x\\.y$`" + `
  // want+2: conflict "c"
  name = <<EOT
# want: heredoc "text is no comment"
EOT
  /* want: block "comments are no directives" */
}
# want@other.hcl.json:3: parent "p"
# want: broken
# want: rule 'single-quoted'
# want@missing.hcl:1: parent "p"
# want: schema "("
`
	p := lang.Assemble([]*lang.File{
		lang.ParseFile("main.hcl", []byte(src)),
		lang.ParseFile("other.hcl.json", []byte("{}")),
	})
	c := fixtureCase{rule: "schema", name: "main.hcl", show: "x"}
	wants, errs := expectations(c, p)
	var got []string
	for _, w := range wants {
		got = append(got, fmt.Sprintf("%s:%d %s %s", w.file, w.line, w.rule, w.re))
	}
	want := []string{
		"main.hcl:3 schema a b",
		`main.hcl:3 duplicate ^x\.y$`,
		"main.hcl:6 conflict c",
		"other.hcl.json:3 parent p",
	}
	if !slices.Equal(got, want) {
		t.Errorf("expectations\n got %q\nwant %q", got, want)
	}
	var lines []string
	for _, err := range errs {
		lines = append(lines, strings.SplitN(err.Error(), ":", 3)[1])
	}
	if !slices.Equal(lines, []string{"11", "12", "13", "14"}) {
		t.Errorf("errors on lines %v, want 11-14: %v", lines, errs)
	}
}

// TestMatchLine checks that pairing finds a full match where a greedy one
// would not: the broad regexp must leave "B" to the narrow one.
func TestMatchLine(t *testing.T) {
	diags := []lang.Diagnostic{{Rule: "r", Summary: "B"}, {Rule: "r", Summary: "A"}, {Rule: "q", Summary: "A"}}
	wants := []*expectation{
		{rule: "r", re: regexp.MustCompile(".")},
		{rule: "r", re: regexp.MustCompile("^B")},
	}
	got := matchLine(diags, wants)
	if got[0] != 1 || got[1] != 0 || got[2] != -1 {
		t.Errorf("pairing %v, want [1 0 -1]", got)
	}
}

// sources is where diagnosticProblems finds the text a range lies in.
type sources interface{ Source(filename string) []byte }

// baselineSources is a portfolio's files and its case's baseline file.
type baselineSources struct {
	*lang.Portfolio
	base *checker.Baseline
}

func (s baselineSources) Source(name string) []byte {
	if name == s.base.Name {
		return s.base.Src
	}
	return s.Portfolio.Source(name)
}

// withBaseline applies the baseline of a folder case that holds one
// (.tixcfg-baseline.json, as check --baseline reads it): the case then
// expects only the new findings and the stale-baseline ones, at their
// lines in that file (# want@.tixcfg-baseline.json:LINE: ...).
func withBaseline(t *testing.T, c fixtureCase, p *lang.Portfolio, diags []lang.Diagnostic) ([]lang.Diagnostic, sources, *checker.Baseline) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(c.path, checker.DefaultBaselineFile))
	if err != nil {
		return diags, p, nil
	}
	base, err := checker.ReadBaseline(checker.DefaultBaselineFile, data)
	if err != nil {
		t.Errorf("%s: %v", c, err)
		return diags, p, nil
	}
	cmp := checker.Compare(base, diags, checker.NewPlaces(p))
	out := append(cmp.New, cmp.StaleDiagnostics(checker.Options{})...)
	lang.SortDiagnostics(out)
	return out, baselineSources{p, base}, base
}
