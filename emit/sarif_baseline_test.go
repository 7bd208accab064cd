package emit

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/ruleid"
)

// The portfolio before and after a change: the company moves to a file
// of its own below new lines, one finding is fixed (the dtcm flag), two
// are new (what3words, and a second repeat of a permission), the rest
// stay.
var (
	matchBefore = map[string]string{
		"portfolio.hcl": `reseller "acme" {
  feature_flags = ["dtcm"]
}

company "dubai-live" {
  reseller    = "acme"
  permissions = ["manage_integrations", "manage_integrations"]

  integration "google_maps" {}
  integration "dtcm" {
    mode = "live"
  }
}
`}
	matchAfter = map[string]string{
		"resellers/acme.hcl": `reseller "acme" {
  feature_flags = ["dtcm"]
}
`,
		"companies/dubai-live.hcl": `# Dubai Live, moved out of portfolio.hcl.

company "dubai-live" {
  reseller      = "acme"
  feature_flags = ["dtcm"]
  permissions   = ["manage_integrations", "manage_integrations", "manage_integrations"]

  integration "what3words" {}
  integration "google_maps" {}
  integration "dtcm" {
    mode = "live"
  }
}
`}
)

// TestSARIFBaselineStateAgreesWithMultitool has Microsoft's SARIF
// multitool match the results of two runs (match-results-forward, the
// matcher of SARIF's result management) and checks that each current
// result gets the baselineState tixcfg gives it when checking the second
// portfolio against a baseline of the first.
func TestSARIFBaselineStateAgreesWithMultitool(t *testing.T) {
	bin := sarifValidator(t)
	dir := t.TempDir()
	old, oldDiags := checked(t, matchBefore)
	oldMeta := metaOf(old)
	oldMeta.Place = checker.NewPlaces(old).Of
	previous := filepath.Join(dir, "previous.sarif")
	writeFile(t, previous, render(t, FormatSARIF, oldDiags, old, oldMeta))

	p, diags := checked(t, matchAfter)
	pl := checker.NewPlaces(p)
	meta := metaOf(p)
	meta.Place = pl.Of
	current := filepath.Join(dir, "current.sarif")
	writeFile(t, current, render(t, FormatSARIF, diags, p, meta))

	// What check --baseline writes.
	c := checker.Compare(checker.NewBaseline(oldDiags, checker.NewPlaces(old)), diags, pl)
	meta.ComparedWith, meta.Unchanged = "the baseline", c.Unchanged
	ours := parseStates(t, render(t, FormatSARIF, c.New, p, meta))
	if len(c.New) != 2 || len(c.Unchanged) == 0 || len(c.Stale) != 1 {
		t.Fatalf("the change should have 2 new findings, some unchanged and 1 fixed: new %d, unchanged %d, stale %d", len(c.New), len(c.Unchanged), len(c.Stale))
	}

	annotated := filepath.Join(dir, "annotated.sarif")
	out, err := exec.Command(bin, "match-results-forward", "--previous", previous, "--output-file-path", annotated, current).CombinedOutput()
	if err != nil {
		t.Fatalf("match-results-forward: %v\n%s", err, out)
	}
	data, err := os.ReadFile(annotated)
	if err != nil {
		t.Fatalf("match-results-forward wrote nothing: %v\n%s", err, out)
	}
	theirs := parseStates(t, string(data))

	absent := 0
	seen := map[string]bool{}
	for _, r := range theirs {
		if r.state == "absent" {
			absent++
			continue
		}
		state := r.state
		if state == "updated" {
			state = "unchanged" // matched, with properties such as the location changed
		}
		seen[r.key] = true
		if got, ok := find(ours, r.key); !ok {
			t.Errorf("%s: the multitool has it %s, tixcfg's report lacks it", r.key, r.state)
		} else if got != state {
			t.Errorf("%s: the multitool says %s, tixcfg %s", r.key, r.state, got)
		}
	}
	for _, r := range ours {
		if !seen[r.key] {
			t.Errorf("%s: tixcfg reports it %s, the multitool does not have it", r.key, r.state)
		}
	}
	if absent != len(c.Stale) {
		t.Errorf("the multitool finds %d results absent, tixcfg %d stale baseline entries", absent, len(c.Stale))
	}
}

type stateOf struct{ key, state string }

// parseStates reads each result's rule, tixcfg/v2 fingerprint and
// baselineState.
func parseStates(t *testing.T, log string) []stateOf {
	t.Helper()
	var l struct {
		Runs []struct {
			Results []struct {
				RuleID              string
				BaselineState       string
				PartialFingerprints map[string]string
			}
		}
	}
	if err := json.Unmarshal([]byte(log), &l); err != nil || len(l.Runs) != 1 {
		t.Fatalf("not one SARIF run (%v):\n%s", err, log)
	}
	var out []stateOf
	for _, r := range l.Runs[0].Results {
		fp := r.PartialFingerprints[PlaceFingerprintKey]
		if fp == "" || r.RuleID == ruleid.StaleBaseline {
			t.Fatalf("result %s without a %s fingerprint, or a stale-baseline one", r.RuleID, PlaceFingerprintKey)
		}
		out = append(out, stateOf{r.RuleID + " " + fp, r.BaselineState})
	}
	return out
}

func find(rs []stateOf, key string) (string, bool) {
	i := slices.IndexFunc(rs, func(r stateOf) bool { return r.key == key })
	if i < 0 {
		return "", false
	}
	return rs[i].state, true
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
