package engine

import (
	"bytes"
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/snapshot"
)

var (
	propSeed  = flag.Uint64("engine.seed", 0, "seed of TestNeverStale (0: from the clock)")
	propSteps = flag.Int("engine.steps", 0, "edits per sequence in TestNeverStale (0: TIXCFG_ENGINE_STEPS or 40)")
	propRuns  = flag.Int("engine.runs", 0, "sequences in TestNeverStale (0: TIXCFG_ENGINE_RUNS or 5)")
)

func intFlag(v int, env string, def int) int {
	if v > 0 {
		return v
	}
	if n, err := strconv.Atoi(os.Getenv(env)); err == nil && n > 0 {
		return n
	}
	return def
}

// TestNeverStale applies random sequences of edits to a workspace and
// compares, after each, its findings, chain analysis and snapshot with a
// cold run over the same contents. The seed is logged; -engine.seed=N
// replays a failure, and TIXCFG_ENGINE_STEPS / TIXCFG_ENGINE_RUNS (or the
// flags) make the run longer.
func TestNeverStale(t *testing.T) {
	seed := *propSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	steps, runs := 40, 5
	if raceEnabled {
		steps, runs = 12, 2 // enough to race edits with each other; make test runs the rest without -race
	}
	steps = intFlag(*propSteps, "TIXCFG_ENGINE_STEPS", steps)
	runs = intFlag(*propRuns, "TIXCFG_ENGINE_RUNS", runs)
	t.Logf("seed %d (replay with -engine.seed=%d)", seed, seed)
	resumed, checks := 0, 0
	for run := range runs {
		rng := rand.New(rand.NewPCG(seed, uint64(run)))
		h := newHarness(t, rng)
		for step := range steps {
			op := h.randomEdit()
			h.check(fmt.Sprintf("seed %d run %d step %d (%s)", seed, run, step, op))
			if t.Failed() {
				return
			}
		}
		resumed, checks = resumed+h.resumed, checks+h.checks
	}
	// Most edits change one file of eight: Check must have started from
	// its kept state for many of them, or the comparison tested nothing.
	t.Logf("Check resumed %d of %d times", resumed, checks)
	if resumed*4 < checks {
		t.Errorf("Check resumed from its state only %d times in %d", resumed, checks)
	}
}

// harness is a workspace and the contents it should hold: files on disk
// and unsaved buffers, by path relative to the folder.
type harness struct {
	t        *testing.T
	rng      *rand.Rand
	dir      string
	w        *Workspace
	disk     map[string]string
	overlays map[string]string
	prev     *View
	views    []*View
	copts    checker.Options
	// mirror holds the contents the workspace holds, on disk, for Check
	// in a fresh process (as a fresh check sees them) with cache.
	mirror          string
	mirrored        map[string]string
	cache           *lang.Cache
	resumed, checks int
}

func newHarness(t *testing.T, rng *rand.Rand) *harness {
	h := &harness{t: t, rng: rng, dir: t.TempDir(), disk: map[string]string{}, overlays: map[string]string{},
		mirror: t.TempDir(), mirrored: map[string]string{}, cache: &lang.Cache{Dir: t.TempDir(), Version: "test"}}
	h.put("catalog.hcl", h.catalog())
	for i := range 2 {
		h.put(fmt.Sprintf("resellers/r%d.hcl", i), h.resellers())
	}
	for i := range 5 {
		h.put(fmt.Sprintf("companies/part%d.hcl", i), h.companies())
	}
	// Now and then some rules are off, as --disable and --enable-only
	// turn them off.
	switch ids := checker.RuleIDs(); rng.IntN(6) {
	case 0:
		h.copts.Disable = []string{h.pick(ids), h.pick(ids)}
	case 1:
		h.copts.EnableOnly = []string{h.pick(ids), h.pick(ids), h.pick(ids)}
	}
	w, err := Open(Options{Roots: []string{h.dir}, Load: lang.Options{WorkDir: h.dir}, Check: h.copts})
	if err != nil {
		t.Fatal(err)
	}
	h.w = w
	h.check("open")
	return h
}

func (h *harness) put(rel, src string) {
	h.t.Helper()
	path := filepath.Join(h.dir, rel)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		h.t.Fatal(err)
	}
	h.disk[rel] = src
}

func (h *harness) pick(s []string) string { return s[h.rng.IntN(len(s))] }

// some picks up to n of the words, repeats possible.
func (h *harness) some(words []string, n int) []string {
	var out []string
	for range h.rng.IntN(n + 1) {
		out = append(out, h.pick(words))
	}
	return out
}

func quote(ws []string) string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = strconv.Quote(w)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// The vocabulary is small, so that references meet, IDs repeat and look
// alike ("c1" and "cl"), and chains form and break.
var (
	companyIDs  = []string{"c1", "c2", "c3", "c4", "cl"}
	resellerIDs = []string{"r1", "r2", "rl"}
	flags       = []string{"dtcm", "szamlazz", "refund_protect_group", "manual_refund_protection", "conditional_tax_bands", "my_flag", "nope"}
	perms       = []string{"manage_integrations", "manage_payments", "my_perm", "nope_perm"}
)

func (h *harness) catalog() string {
	var b strings.Builder
	if h.rng.IntN(4) > 0 {
		fmt.Fprintf(&b, "feature_flag %q {\n  description = \"mine\"\n  conflicts_with = %s\n}\n\n", h.pick([]string{"my_flag", "my_flag", "dtcm"}), quote(h.some([]string{"dtcm", "szamlazz", "nope"}, 1)))
	}
	if h.rng.IntN(4) > 0 {
		fmt.Fprintf(&b, "permission \"my_perm\" {\n  description = \"mine\"\n}\n\n")
	}
	if h.rng.IntN(4) > 0 {
		fmt.Fprintf(&b, `integration_type "my_type" {
  name         = "Mine"
  description  = "mine"
  category     = "platform_service"
  feature_flag = %q
  permissions  = %s

  reseller {
    credential "api_key" {
      secret = true
    }
  }

  company {
    setting "theme" {
      allowed = ["light", "dark"]
      default = %q
    }
  }
}
`, h.pick([]string{"my_flag", "dtcm", "nope"}), quote(h.some([]string{"my_perm", "manage_integrations", "nope_perm"}, 2)), h.pick([]string{"light", "dim"}))
	}
	return b.String()
}

func (h *harness) resellers() string {
	var b strings.Builder
	for range 1 + h.rng.IntN(2) {
		fmt.Fprintf(&b, "reseller %q {\n  name = \"R\"\n  feature_flags = %s\n", h.pick(resellerIDs), quote(h.some(flags, 4)))
		for range h.rng.IntN(3) {
			switch h.rng.IntN(4) {
			case 0:
				fmt.Fprintf(&b, "  integration \"google_maps\" {\n    api_key = %s\n  }\n", h.pick([]string{`secret("k")`, `"LITERAL-KEY"`, `""`}))
			case 1:
				b.WriteString("  integration \"refund_protect_group\" {\n    environment \"live\" {\n      client_id = \"id\"\n      client_secret = secret(\"s\")\n")
				if h.rng.IntN(2) == 0 {
					b.WriteString("      api_key = secret(\"a\")\n      vendor_code = \"v\"\n")
				}
				b.WriteString("    }\n  }\n")
			case 2:
				b.WriteString("  integration \"my_type\" {\n    api_key = secret(\"m\")\n  }\n")
			default:
				b.WriteString("  integration \"dtcm\" {\n    api_key = secret(\"d\")\n  }\n")
			}
		}
		b.WriteString("}\n\n")
	}
	return b.String()
}

func (h *harness) companies() string {
	var b strings.Builder
	for range h.rng.IntN(3) {
		b.WriteString(h.company(h.pick(companyIDs)))
	}
	return b.String()
}

func (h *harness) company(id string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "company %q {\n  name = \"C\"\n", id)
	if h.rng.IntN(6) > 0 {
		fmt.Fprintf(&b, "  reseller = %q\n", h.pick(append(resellerIDs, "r9")))
	}
	if h.rng.IntN(3) > 0 {
		fmt.Fprintf(&b, "  parent = %q\n", h.pick(append(companyIDs, "c9")))
	}
	if h.rng.IntN(2) == 0 {
		fmt.Fprintf(&b, "  global_transactions = %v\n", h.rng.IntN(4) > 0)
	}
	if h.rng.IntN(5) == 0 {
		b.WriteString("  # tixcfg:ignore flag-not-on-reseller,unknown-reference\n")
	}
	fmt.Fprintf(&b, "  feature_flags = %s\n", quote(h.some(flags, 3)))
	fmt.Fprintf(&b, "  permissions = %s\n", quote(h.some(perms, 3)))
	if h.rng.IntN(3) == 0 {
		b.WriteString("  tax_band \"standard\" {\n    rate = 5\n")
		if h.rng.IntN(2) == 0 {
			b.WriteString("    condition = \"event.category == 'culture'\"\n")
		}
		b.WriteString("  }\n")
	}
	for range h.rng.IntN(3) {
		switch h.rng.IntN(5) {
		case 0:
			fmt.Fprintf(&b, "  integration \"szamlazz\" {\n    agent_key = %s\n  }\n", h.pick([]string{`secret("a")`, `"LITERAL-AGENT"`}))
		case 1:
			fmt.Fprintf(&b, "  integration \"refund_protect_group\" {\n    mode = %q\n    environment = %q\n    tax_band = %q\n  }\n",
				h.pick([]string{"standard", "anonymous", "bogus"}), h.pick([]string{"live", "test"}), h.pick([]string{"standard", "reduced"}))
		case 2:
			fmt.Fprintf(&b, "  integration \"my_type\" {\n    theme = %q\n  }\n", h.pick([]string{"light", "dark", "neon"}))
		case 3:
			b.WriteString("  integration \"google_maps\" {\n    map_theme = \"dark\"\n  }\n")
		default:
			fmt.Fprintf(&b, "  integration \"dtcm\" {\n    mode = %q\n    api_key = secret(\"x\")\n  }\n", h.pick([]string{"live", "test"}))
		}
	}
	b.WriteString("}\n\n")
	return b.String()
}

// effective is what a file holds for the workspace: its buffer, else disk.
func (h *harness) effective() map[string]string {
	out := map[string]string{}
	for rel, src := range h.disk {
		out[rel] = src
	}
	for rel, src := range h.overlays {
		out[rel] = src
	}
	return out
}

func (h *harness) rels(prefix string) []string {
	var out []string
	for rel := range h.disk {
		if strings.HasPrefix(rel, prefix) {
			out = append(out, rel)
		}
	}
	slices.Sort(out)
	return out
}

func (h *harness) changed(rels ...string) {
	h.t.Helper()
	paths := make([]string, len(rels))
	for i, rel := range rels {
		paths[i] = filepath.Join(h.dir, rel)
	}
	if _, err := h.w.Changed(paths...); err != nil {
		h.t.Fatal(err)
	}
}

// randomEdit makes one edit and tells the workspace; it returns what it did.
func (h *harness) randomEdit() string {
	companies := h.rels("companies/")
	switch h.rng.IntN(12) {
	case 0: // a company file rewritten: companies added, removed, renamed
		if len(companies) > 0 {
			rel := h.pick(companies)
			h.put(rel, h.companies())
			h.changed(rel)
			return "rewrite " + rel
		}
	case 1: // one company moved from a file to another
		if len(companies) > 1 {
			from, to := h.pick(companies), h.pick(companies)
			src := h.disk[from]
			if i := strings.Index(src, "company "); i >= 0 && from != to {
				j := strings.Index(src[i+1:], "\ncompany ")
				end := len(src)
				if j >= 0 {
					end = i + 1 + j + 1
				}
				h.put(from, src[:i]+src[end:])
				h.put(to, h.disk[to]+src[i:end])
				h.changed(from, to)
				return "move a company from " + from + " to " + to
			}
		}
	case 2: // one company appended: a parent, flags, credentials change
		if len(companies) > 0 {
			rel := h.pick(companies)
			h.put(rel, h.disk[rel]+h.company(h.pick(companyIDs)))
			h.changed(rel)
			return "append to " + rel
		}
	case 3:
		rel := h.pick(h.rels("resellers/"))
		h.put(rel, h.resellers())
		h.changed(rel)
		return "reseller " + rel
	case 4:
		h.put("catalog.hcl", h.catalog())
		h.changed("catalog.hcl")
		return "catalog"
	case 5: // syntax broken, or mended by the next rewrite
		rel := h.pick(h.rels(""))
		src := h.disk[rel]
		h.put(rel, src[:h.rng.IntN(len(src)+1)]+h.pick([]string{"{", "\"", "}\n", " = ", ""}))
		h.changed(rel)
		return "break " + rel
	case 6: // a new file in a new folder
		rel := fmt.Sprintf("companies/new%d/part.hcl", h.rng.IntN(3))
		h.put(rel, h.companies())
		h.changed(rel)
		return "create " + rel
	case 7:
		if len(companies) > 0 {
			rel := h.pick(companies)
			if _, open := h.overlays[rel]; !open {
				if err := os.Remove(filepath.Join(h.dir, rel)); err != nil {
					h.t.Fatal(err)
				}
				delete(h.disk, rel)
				h.changed(rel)
				return "delete " + rel
			}
		}
	case 8:
		if len(companies) > 0 {
			from := h.pick(companies)
			to := fmt.Sprintf("companies/renamed%d.hcl", h.rng.IntN(4))
			if _, busy := h.disk[to]; !busy && h.overlays[from] == "" && h.overlays[to] == "" {
				if err := os.Rename(filepath.Join(h.dir, from), filepath.Join(h.dir, to)); err != nil {
					h.t.Fatal(err)
				}
				h.disk[to] = h.disk[from]
				delete(h.disk, from)
				h.changed(from, to)
				return "rename " + from + " to " + to
			}
		}
	case 9: // an unsaved buffer
		rels := h.rels("")
		rel := h.pick(rels)
		src := h.companies()
		if strings.HasPrefix(rel, "resellers/") {
			src = h.resellers()
		} else if rel == "catalog.hcl" {
			src = h.catalog()
		}
		h.overlays[rel] = src
		h.w.SetOverlay(filepath.Join(h.dir, rel), []byte(src))
		return "overlay " + rel
	case 10:
		for _, rel := range h.rels("") {
			if _, ok := h.overlays[rel]; ok {
				delete(h.overlays, rel)
				if _, err := h.w.DropOverlay(filepath.Join(h.dir, rel)); err != nil {
					h.t.Fatal(err)
				}
				return "drop overlay " + rel
			}
		}
	case 11:
		if _, err := h.w.Rescan(); err != nil {
			h.t.Fatal(err)
		}
		return "rescan"
	}
	h.put("catalog.hcl", h.catalog())
	h.changed("catalog.hcl")
	return "catalog (fallback)"
}

// check compares the workspace's view with a cold run over the contents
// it should hold.
func (h *harness) check(step string) {
	h.t.Helper()
	v := h.w.View()
	want := coldRun(h.t, h.dir, h.effective(), h.copts)
	got := render(h.t, v.Portfolio, v.Result)
	// reflect.DeepEqual first: cmp.Diff is slow, and needed only to show
	// a difference.
	if !reflect.DeepEqual(want.diags, v.Result.Diagnostics) {
		if diff := cmp.Diff(want.diags, v.Result.Diagnostics, cmpopts.EquateEmpty()); diff != "" {
			h.t.Errorf("%s: findings differ from a cold run (-cold +workspace):\n%s", step, diff)
		}
	}
	if !reflect.DeepEqual(want.suppressed, v.Result.Suppressed) {
		if diff := cmp.Diff(want.suppressed, v.Result.Suppressed, cmpopts.EquateEmpty()); diff != "" {
			h.t.Errorf("%s: suppressed findings differ from a cold run (-cold +workspace):\n%s", step, diff)
		}
	}
	if want.analysis != got.analysis {
		diff := cmp.Diff(want.analysis, got.analysis)
		h.t.Errorf("%s: the chain analysis differs from a cold run (-cold +workspace):\n%s", step, diff)
	}
	if want.snapshot != got.snapshot {
		diff := cmp.Diff(want.snapshot, got.snapshot)
		h.t.Errorf("%s: the snapshot differs from a cold run (-cold +workspace):\n%s", step, diff)
	}
	byFile := map[string][]lang.Diagnostic{}
	for _, d := range want.diags {
		byFile[d.Subject.Filename] = append(byFile[d.Subject.Filename], d)
	}
	for _, name := range slices.Sorted(maps.Keys(byFile)) {
		if !reflect.DeepEqual(byFile[name], v.Diagnostics(name)) {
			h.t.Errorf("%s: the findings of %s differ from a cold run's", step, name)
		}
	}
	for _, name := range v.Files() {
		if byFile[name] == nil && len(v.Diagnostics(name)) > 0 {
			h.t.Errorf("%s: %s has findings a cold run does not give", step, name)
		}
	}
	// Affected by the edits' log must be Affected by every file, from the
	// last view and from one further back.
	h.views = append(h.views, v)
	for _, old := range []*View{h.prev, h.views[len(h.views)/2]} {
		if got, want := Affected(old, v), affectedAll(old, v); !slices.Equal(got, want) {
			h.t.Errorf("%s: Affected = %q, every file's comparison gives %q", step, got, want)
		}
	}
	if h.prev != nil && (v.Version < h.prev.Version || v.Version == h.prev.Version && v != h.prev) {
		h.t.Errorf("%s: version %d follows %d", step, v.Version, h.prev.Version)
	}
	h.prev = v
	h.checkFresh(step, want)
}

// checkFresh runs Check, as a check in a fresh process does, on the
// contents the workspace holds, and compares it with the cold run: its
// findings, and the masks its reports show them with.
func (h *harness) checkFresh(step string, want rendered) {
	h.t.Helper()
	now := h.effective()
	for rel := range h.mirrored {
		if _, ok := now[rel]; !ok {
			if err := os.Remove(filepath.Join(h.mirror, rel)); err != nil {
				h.t.Fatal(err)
			}
			delete(h.mirrored, rel)
		}
	}
	for rel, src := range now {
		if old, ok := h.mirrored[rel]; ok && old == src {
			continue
		}
		path := filepath.Join(h.mirror, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			h.t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			h.t.Fatal(err)
		}
		h.mirrored[rel] = src
	}
	in, err := lang.ReadInputs([]string{h.mirror}, lang.Options{WorkDir: h.mirror, Cache: h.cache})
	if err != nil {
		h.t.Fatal(err)
	}
	c, err := Check(in, "check", h.copts)
	if err != nil {
		h.t.Fatal(err)
	}
	h.checks++
	if c.Decoded >= 0 {
		h.resumed++
	}
	how := fmt.Sprintf("Check (%d files decoded, -1 all)", c.Decoded)
	if !reflect.DeepEqual(want.diags, c.Diagnostics) {
		if diff := cmp.Diff(want.diags, c.Diagnostics, cmpopts.EquateEmpty()); diff != "" {
			h.t.Errorf("%s: %s: findings differ from a cold run (-cold +Check):\n%s", step, how, diff)
		}
	}
	for _, name := range want.p.FileNames() {
		if got, want := c.Sources.Masks(name), want.p.Masks(name); !slices.Equal(got, want) && shows(c.Diagnostics, name) {
			h.t.Errorf("%s: %s: masks of %s are %v, a cold run's %v", step, how, name, got, want)
		}
	}
}

// shows reports whether a finding shows a line of the file.
func shows(diags []lang.Diagnostic, name string) bool {
	for _, d := range diags {
		if d.Subject.Filename == name || slices.ContainsFunc(d.Related, func(r lang.Related) bool { return r.Range.Filename == name }) {
			return true
		}
	}
	return false
}

type rendered struct {
	p                  *lang.Portfolio
	diags, suppressed  []lang.Diagnostic
	analysis, snapshot string
}

// coldRun loads the contents afresh and checks them, as check does.
func coldRun(t *testing.T, dir string, contents map[string]string, copts checker.Options) rendered {
	t.Helper()
	var srcs []lang.Source
	for rel, src := range contents {
		srcs = append(srcs, lang.Source{Name: filepath.ToSlash(rel), Src: []byte(src)})
	}
	slices.SortFunc(srcs, func(a, b lang.Source) int { return strings.Compare(a.Name, b.Name) })
	files, err := lang.LoadSources(srcs, lang.Options{WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	p := lang.Assemble(files)
	res := checker.Run(p, copts)
	r := render(t, p, res)
	r.diags, r.suppressed, r.p = res.Diagnostics, res.Suppressed, p
	return r
}

// render spells out the chain of every company of every integration
// type, as explain prints it, and the snapshot, or build's refusal.
func render(t *testing.T, p *lang.Portfolio, res *checker.Result) rendered {
	t.Helper()
	var b bytes.Buffer
	if len(res.Analysis.Companies) != len(p.Companies) {
		fmt.Fprintf(&b, "%d statuses for %d companies\n", len(res.Analysis.Companies), len(p.Companies))
	}
	for _, c := range p.Companies {
		cs := res.Analysis.Of(c)
		if cs == nil {
			fmt.Fprintf(&b, "company %q at %s: no status\n", c.ID, lang.Location(c.DefRange))
			continue
		}
		fmt.Fprintf(&b, "company %q at %s\n", c.ID, lang.Location(c.DefRange))
		if err := emit.WriteExplainJSON(&b, cs, nil); err != nil {
			t.Fatal(err)
		}
	}
	var snap string
	data, _, err := snapshot.Compile(p, res, snapshot.Options{ToolVersion: "test"})
	if err != nil {
		snap = "refused: " + err.Error()
	} else {
		snap = string(data)
	}
	return rendered{analysis: b.String(), snapshot: snap}
}
