package checker

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/ruleid"
)

var ruleUnusedIgnore = &Rule{
	ID:         ruleid.UnusedIgnore,
	Severity:   lang.Warning,
	Since:      "v0.1.0",
	ReportedBy: "the checker, while it applies the suppression comments, after every other rule (checker/rule_ignores.go)",
	Doc:        "An ignore comment that suppresses nothing.",
	Details: `A "# tixcfg:ignore RULE[,RULE] -- reason" comment (or "//") suppresses
the named rules on its own line when it trails code, or on the next line
when it stands alone. When an attribute begins on that line, it covers the
attribute to the line its value ends on (a list spread over lines); before
a block it covers the block's first line only. A rule it names that finds
nothing there is reported so stale suppressions do not pile up, and a name
that is no rule as "no such rule". Ignores for rules turned off with
--disable or --enable-only are not judged.`,
	Fixes: `safe: remove the comment (its whole line when it stands alone) when
none of its rules is in use.`,
}

var ruleIgnoreReason = &Rule{
	ID:         ruleid.IgnoreReason,
	Severity:   lang.Warning,
	Since:      "v0.1.0",
	ReportedBy: "the checker, while it applies the suppression comments, after every other rule (checker/rule_ignores.go)",
	Doc:        "An ignore comment without a reason after \"--\".",
	Details: `A suppression is a decision someone will have to revisit: say why, after
"--", so that the next reader can judge whether it still holds. Words after
the rule names without "--" ("# tixcfg:ignore credential-literal legacy
key") are taken for the reason and reported with the right form. The
suppression still applies.`,
}

// applyIgnores drops suppressed findings, returning them apart, and
// reports ignores that are unused or give no reason. Syntax errors cannot
// be suppressed.
func applyIgnores(p *lang.Portfolio, files []*lang.File, diags []lang.Diagnostic, opts Options) (kept, suppressed []lang.Diagnostic) {
	type lineKey struct {
		file string
		line int
	}
	byLine := map[lineKey][]*lang.Ignore{}
	var all []*lang.Ignore
	for _, f := range files {
		if f.ParseFailed {
			continue // only syntax errors are reported there, and they cannot be suppressed
		}
		for _, ig := range f.Ignores {
			for l := ig.Line; l <= max(ig.Line, ig.LastLine); l++ {
				k := lineKey{f.Name, l}
				byLine[k] = append(byLine[k], ig)
			}
			all = append(all, ig)
		}
	}
	if len(all) == 0 {
		return diags, nil
	}
	used := map[*lang.Ignore]map[string]bool{}
	kept = diags[:0]
	for _, d := range diags {
		dropped := false
		if d.Rule != ruleid.Syntax {
			for _, ig := range byLine[lineKey{d.Subject.Filename, d.Subject.Start.Line}] {
				if slices.Contains(ig.Rules, d.Rule) {
					if used[ig] == nil {
						used[ig] = map[string]bool{}
					}
					used[ig][d.Rule] = true
					dropped = true
				}
			}
		}
		if dropped {
			suppressed = append(suppressed, d)
		} else {
			kept = append(kept, d)
		}
	}
	ids := RuleIDs()
	for _, ig := range all {
		switch {
		case !opts.Enabled(ruleIgnoreReason.ID):
		case ig.BareReason:
			kept = append(kept, lang.Diagnostic{Rule: ruleIgnoreReason.ID, Severity: ruleIgnoreReason.Severity, Subject: ig.Range,
				Summary: "Reason without \"--\"",
				Detail: fmt.Sprintf("The words after %q are read as the reason; write it after \"--\": # tixcfg:ignore %s -- %s. Several rules are separated by commas.",
					strings.Join(ig.Rules, ","), strings.Join(ig.Rules, ","), ig.Reason)})
		case ig.Reason == "":
			kept = append(kept, lang.Diagnostic{Rule: ruleIgnoreReason.ID, Severity: ruleIgnoreReason.Severity, Subject: ig.Range,
				Summary: "Ignore comment without a reason",
				Detail:  "Say why the finding is acceptable after \"--\": # tixcfg:ignore RULE -- reason."})
		}
		if !opts.Enabled(ruleUnusedIgnore.ID) {
			continue
		}
		fixes := ignoreRemoval(p, ig, used[ig], opts)
		if len(ig.Rules) == 0 {
			kept = append(kept, lang.Diagnostic{Rule: ruleUnusedIgnore.ID, Severity: ruleUnusedIgnore.Severity, Subject: ig.Range,
				Summary: "Ignore comment names no rule",
				Detail:  "Name the rules to suppress: # tixcfg:ignore RULE[,RULE] -- reason (see `tixcfg rules`).", Fixes: fixes})
			continue
		}
		for _, r := range ig.Rules {
			summary, detail := fmt.Sprintf("Unused ignore for %q", r), ""
			switch {
			case Lookup(r) == nil:
				summary = fmt.Sprintf("No such rule %q", r)
				detail = fmt.Sprintf("The ignore comment names %q, which is no rule of tixcfg (see `tixcfg rules`), so it suppresses nothing.%s", r, didYouMean(r, ids))
			case r == ruleSyntax.ID:
				detail = "Syntax errors cannot be suppressed: nothing else in a file that does not parse can be trusted. Fix the syntax instead."
			case !opts.Enabled(r) || used[ig][r]:
				continue
			case ig.LastLine > ig.Line:
				detail = fmt.Sprintf("No %s finding is on lines %d to %d; remove %q from the comment.", r, ig.Line, ig.LastLine, r)
			default:
				detail = fmt.Sprintf("No %s finding is on line %d; remove %q from the comment.", r, ig.Line, r)
			}
			kept = append(kept, lang.Diagnostic{Rule: ruleUnusedIgnore.ID, Severity: ruleUnusedIgnore.Severity, Subject: ig.Range,
				Summary: summary, Detail: detail, Fixes: fixes})
		}
	}
	return kept, suppressed
}
