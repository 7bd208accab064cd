package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/lang"
)

// canaryPortfolio writes a portfolio with a canary literal in every secret
// field of the catalog (reseller and company side), in misspelt credential
// names, inside a misspelt block, in a file that does not parse, and in a
// JSON file. It returns the folder.
func canaryPortfolio(t *testing.T) string {
	dir := t.TempDir()
	cat := lang.Assemble(nil).Catalog
	n := 0
	canary := func() string { n++; return fmt.Sprintf("CANARY-%03d", n) }
	var r, c strings.Builder
	fmt.Fprintf(&r, "reseller \"acme\" {\n  feature_flags = [%q, %q]\n", "dtcm", "szamlazz")
	fmt.Fprintf(&c, "company \"c\" {\n  reseller      = \"acme\"\n  feature_flags = [\"dtcm\", \"szamlazz\"]\n  permissions   = [\"manage_integrations\", \"manage_payments\"]\n")
	for _, ty := range cat.Types {
		if ty.ResellerProvides() {
			fmt.Fprintf(&r, "  integration %q {\n", ty.ID)
			writeFields := func(indent string) {
				for _, f := range ty.ResellerCredentials {
					if f.Secret {
						fmt.Fprintf(&r, "%s%s = %q\n", indent, f.Name, canary())
					} else {
						fmt.Fprintf(&r, "%s%s = \"id\"\n", indent, f.Name)
					}
				}
			}
			if len(ty.Environments) > 0 {
				for _, env := range ty.Environments {
					fmt.Fprintf(&r, "    environment %q {\n", env)
					writeFields("      ")
					r.WriteString("    }\n")
				}
			} else {
				writeFields("    ")
			}
			r.WriteString("  }\n")
		}
		var secrets []string
		for _, f := range ty.CompanyCredentials {
			if f.Secret {
				secrets = append(secrets, f.Name)
			}
		}
		if len(secrets) > 0 {
			fmt.Fprintf(&c, "  integration %q {\n", ty.ID)
			for _, s := range secrets {
				fmt.Fprintf(&c, "    %s = %q\n", s, canary())
			}
			c.WriteString("  }\n")
		}
	}
	fmt.Fprintf(&r, "  integration \"what3words\" {\n    api_kye = %q\n  }\n}\n", canary())
	c.WriteString("}\n")
	write(t, dir, "resellers.hcl", []byte(r.String()))
	write(t, dir, "companies.hcl", []byte(c.String()))
	write(t, dir, "misspelt.hcl", []byte(fmt.Sprintf("compnay \"x\" {\n  integration \"vatstack\" {\n    secret_key = %q\n  }\n}\n", canary())))
	write(t, dir, "broken.hcl", []byte(fmt.Sprintf("reseller \"broken\" {\n  integration \"vatstack\" {\n    secret_key = %q\n", canary())))
	write(t, dir, "json.hcl.json", []byte(fmt.Sprintf(`{"reseller": {"jay": {"integration": {"vatstack": {"secret_key": %q}}}}}`, canary())))
	write(t, dir, "wrongtype.hcl", []byte(fmt.Sprintf("reseller \"typed\" {\n  integration \"vatstack\" {\n    secret_key = [%q]\n  }\n}\n", canary())))
	// An operator type whose secrets have names that sound like nothing,
	// and a secret setting with a default, unformatted so that fmt --diff
	// shows the file.
	write(t, dir, "operator.hcl", []byte(fmt.Sprintf(`integration_type "doorlock" {
  category = "access_control"
  reseller {
    credential "pin" { secret = true }
    credential "passcode" { secret = true }
  }
  company {
    setting "code" {
      secret = true
      default = %q
    }
    setting "digits" {
      type = number
      secret = true
      default = %s
    }
  }
}
reseller "locks" {
  integration "doorlock" {
    pin = %q
    passcode = %q
  }
}
company "locked" {
  reseller = "locks"
  permissions = ["manage_integrations"]
  integration "doorlock" {}
}
`, canary(), numCanary(), canary(), canary())))
	// Files the loader fails on, holding those secrets: a duplicate
	// attribute, a duplicate JSON key, a JSON file cut before its last
	// brace, a duplicate key inside a secret's object.
	write(t, dir, "dupattr.hcl", []byte(fmt.Sprintf("reseller \"dup\" {\n  integration \"doorlock\" {\n    pin = %q\n    pin = %q\n    passcode = %s\n  }\n}\n", canary(), canary(), numCanary())))
	write(t, dir, "dupkey.hcl.json", []byte(fmt.Sprintf(`{"reseller": {"j2": {"integration": {"doorlock": {"pin": %q, "pin": %q, "passcode": %s}}}}}`, canary(), canary(), numCanary())))
	write(t, dir, "cut.hcl.json", []byte(fmt.Sprintf(`{"reseller": {"j3": {"integration": {"doorlock": {"passcode": %q, "pin": %s}}}}`, canary(), numCanary())))
	key := canary()
	write(t, dir, "dupobj.hcl", []byte(fmt.Sprintf("reseller \"obj\" {\n  integration \"doorlock\" {\n    pin = { %q = 1, %q = 2 }\n  }\n}\n", key, key)))
	// Every other kind of literal in a secret field: number, bool, list
	// and object, on both sides.
	write(t, dir, "literals.hcl", []byte(fmt.Sprintf(`reseller "lit" {
  feature_flags = ["dtcm"]
  integration "vatstack" {
    secret_key = %s
  }
  integration "what3words" {
    api_key = true
  }
  integration "google_maps" {
    api_key = [%q, %s]
  }
  integration "misr_sms" {
    api_key = { live = %q, n = %s }
    sender_name = "LIT"
  }
}
company "lit-c" {
  reseller = "lit"
  feature_flags = ["dtcm"]
  permissions = ["manage_integrations"]
  integration "dtcm" {
    mode = "live"
    api_key = %s
    token_api_key = false
    client_id = "L-1"
    client_secret = { v = %q }
    seller_code = "S"
  }
}
`, numCanary(), canary(), numCanary(), canary(), numCanary(), numCanary(), canary())))
	return dir
}

// numCanaryBase starts the numeric canaries: numbers no output has reason
// to print.
const numCanaryBase = 730193019300

var numCanaries int

// numCanary is a canary that is a number, for secrets not written as
// strings; leaked matches it.
func numCanary() string {
	numCanaries++
	return fmt.Sprint(numCanaryBase + numCanaries)
}

// leaked reports whether s holds a canary, string or number.
func leaked(s string) bool {
	return strings.Contains(s, "CANARY") || strings.Contains(s, fmt.Sprint(numCanaryBase/100))
}

// TestNoSecretIsEverPrinted runs every command, in every format, on a
// portfolio full of canary secrets, and finds none of them in any output
// or report.
func TestNoSecretIsEverPrinted(t *testing.T) {
	dir := canaryPortfolio(t)
	var runs [][]string
	for _, f := range emit.Formats() {
		runs = append(runs, []string{"check", "--format", f, "."})
		runs = append(runs, []string{"build", "--format", f, "-o", "-", "."})
	}
	reports := filepath.Join(t.TempDir(), "reports")
	os.Mkdir(reports, 0o755)
	var reportArgs []string
	for _, f := range emit.Formats() {
		reportArgs = append(reportArgs, "--report", f+"="+filepath.Join(reports, f))
	}
	runs = append(runs, append([]string{"check"}, append(reportArgs, ".")...))
	for _, f := range []string{"text", "json"} {
		runs = append(runs, []string{"explain", "--format", f, "c"})
		runs = append(runs, []string{"catalog", "--format", f, "."})
	}
	runs = append(runs, []string{"build", "-o", filepath.Join(t.TempDir(), "snapshot.json"), "."},
		[]string{"fmt", "--check", "--diff", "."}, []string{"rules", "--format", "json"})
	// A snapshot with secrets written where references and amounts belong:
	// verify names the places, never what is there.
	snap, err := os.ReadFile(exampleSnapshot)
	if err != nil {
		t.Fatal(err)
	}
	leaky := regexp.MustCompile(`\{\s*"secret": "[^"]*"\s*\}|"15\.50"`).ReplaceAllString(string(snap), `"CANARY-VERIFY"`)
	write(t, dir, "leaky.snapshot.json", []byte(leaky))
	runs = append(runs, []string{"verify", "leaky.snapshot.json"})
	// A baseline of it all but one finding, which is fixed afterwards, and
	// a new finding: every format of check --baseline, and the baseline
	// itself, name places and summaries, never a value.
	baseline := filepath.Join(t.TempDir(), "baseline.json")
	write(t, dir, "gone.hcl", []byte("reseller \"gone\" {\n  integration \"vatstack\" {\n    secret_key = \"CANARY-GONE\"\n  }\n}\n"))
	if code, _, stderr := runIn(t, dir, "baseline", "write", "-o", baseline, "."); code != 0 {
		t.Fatalf("baseline write: exit %d: %s", code, stderr)
	}
	os.Remove(filepath.Join(dir, "gone.hcl"))
	write(t, dir, "new.hcl", []byte("company \"new-c\" {\n  reseller = \"nope\"\n  integration \"vatstack\" {\n    secret_key = \"CANARY-NEW\"\n  }\n}\n"))
	runs = append(runs, []string{"baseline", "write", "-o", "-", "."})
	for _, f := range emit.Formats() {
		runs = append(runs, []string{"check", "--baseline", baseline, "--format", f, "."})
	}
	runs = append(runs, append([]string{"check", "--baseline", baseline}, append(reportArgs, ".")...))
	// A fix next to a literal secret: fix's diff shows the line masked,
	// and fix itself (last, as it writes) names files only.
	write(t, dir, "fixable.hcl", []byte("reseller \"canary-fix\" {\n  integration \"vatstack\" {\n    # tixcfg:ignore invalid-value -- stale\n    secret_key = \"CANARY-FIX-1\"\n  }\n}\n"))
	runs = append(runs, []string{"fix", "--unsafe", "--diff", "."}, []string{"fix", "--unsafe", "."})
	for _, args := range runs {
		code, stdout, stderr := runIn(t, dir, args...)
		if leaked(stdout + stderr) {
			t.Errorf("tixcfg %s (exit %d) printed a secret:\n%s\n%s", strings.Join(args, " "), code, grepLeaks(stdout), grepLeaks(stderr))
		}
		if code == 2 {
			t.Errorf("tixcfg %s exited 2: %s", strings.Join(args, " "), stderr)
		}
		// credential-literal's fix is in the machine formats, as the
		// reference alone, and in fix's diff, masked. Against the
		// baseline, which holds that finding, JSON lists only new ones.
		ref := `secret(\"acme/vatstack/secret_key\")`
		machine := slices.Contains(args, "sarif") || (slices.Contains(args, "json") && !slices.Contains(args, "--baseline"))
		if args[0] == "check" && machine && !strings.Contains(stdout, ref) {
			t.Errorf("tixcfg %s lacks credential-literal's fix %s", strings.Join(args, " "), ref)
		}
		if args[0] == "fix" && slices.Contains(args, "--diff") && !strings.Contains(stdout, "+++ b/resellers.hcl") {
			t.Errorf("tixcfg %s does not replace the literals of resellers.hcl:\n%s", strings.Join(args, " "), stdout)
		}
		if args[0] == "fix" && !strings.Contains(stdout, "fixable.hcl") {
			t.Errorf("tixcfg %s did not fix fixable.hcl:\n%s\n%s", strings.Join(args, " "), stdout, stderr)
		}
		if strings.Join(args[:2], " ") == "check --baseline" && args[4] == "compact" && (!strings.Contains(stdout, "[stale-baseline]") || !strings.Contains(stdout, "new.hcl:")) {
			t.Errorf("tixcfg %s reports no stale entry or no new finding:\n%s", strings.Join(args, " "), stdout)
		}
		if args[0] == "check" && code != 1 {
			t.Errorf("tixcfg %s exited %d, want 1 (the canaries are findings)", strings.Join(args, " "), code)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "resellers.hcl")); !strings.Contains(string(b), `secret_key = secret("acme/vatstack/secret_key")`) {
		t.Errorf("fix --unsafe did not replace the literal of vatstack's secret_key:\n%s", b)
	}
	ents, _ := os.ReadDir(reports)
	if len(ents) != len(emit.Formats()) {
		t.Fatalf("%d reports written, want %d", len(ents), len(emit.Formats()))
	}
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join(reports, e.Name()))
		if leaked(string(b)) {
			t.Errorf("the %s report holds a secret:\n%s", e.Name(), grepLeaks(string(b)))
		}
	}
	// The canaries are there to be found: the files hold them all.
	all := ""
	ents, _ = os.ReadDir(dir)
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		all += string(b)
	}
	if strings.Count(all, "CANARY") < 30 || !leaked(all) {
		t.Fatalf("only %d canaries planted", strings.Count(all, "CANARY"))
	}
}

func grepLeaks(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if leaked(l) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestDiffPrintsNoSecret diffs two versions of the canary portfolio in
// which every literal secret changed, between folders and between git
// revisions, in every format: the changes are listed, never a canary.
func TestDiffPrintsNoSecret(t *testing.T) {
	head := canaryPortfolio(t)
	base := copyPortfolio(t, head, func(_, text string) string {
		text = strings.ReplaceAll(text, "CANARY-0", "CANARY-9")
		return strings.ReplaceAll(text, fmt.Sprint(numCanaryBase/100), fmt.Sprint(numCanaryBase/100+1))
	})
	var runs [][]string
	for _, f := range emit.DiffFormats() {
		runs = append(runs, []string{"diff", "--format", f, base, head})
	}
	if _, err := exec.LookPath("git"); err == nil {
		// The base as a commit of a repository whose working tree is head.
		repo := copyPortfolio(t, base, nil)
		git := func(args ...string) {
			cmd := exec.Command("git", args...)
			cmd.Dir = repo
			cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
		git("init", "-q")
		git("add", "-A")
		git("commit", "-q", "-m", "base")
		ents, _ := os.ReadDir(head)
		for _, e := range ents {
			b, _ := os.ReadFile(filepath.Join(head, e.Name()))
			write(t, repo, e.Name(), b)
		}
		for _, f := range emit.DiffFormats() {
			runs = append(runs, []string{"diff", "--format", f, "--against", "HEAD", repo})
		}
	} else if os.Getenv("TIXCFG_REQUIRE_VALIDATORS") != "" {
		t.Fatal("git is not installed and TIXCFG_REQUIRE_VALIDATORS is set")
	}
	for _, args := range runs {
		dir := t.TempDir()
		if slices.Contains(args, "--against") {
			dir = args[len(args)-1]
			args = append(slices.Clone(args[:len(args)-1]), ".")
		}
		code, stdout, stderr := runIn(t, dir, args...)
		if leaked(stdout + stderr) {
			t.Errorf("tixcfg %s (exit %d) printed a secret:\n%s\n%s", strings.Join(args, " "), code, grepLeaks(stdout), grepLeaks(stderr))
		}
		if code != 0 {
			t.Errorf("tixcfg %s exited %d: %s", strings.Join(args, " "), code, stderr)
		}
		if !strings.Contains(stdout, "not shown") && !strings.Contains(stdout, `"hidden": true`) && !strings.Contains(stdout, "9 resellers changed") {
			t.Errorf("tixcfg %s shows no hidden change:\n%s", strings.Join(args, " "), stdout)
		}
	}
}
