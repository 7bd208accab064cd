package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
)

// cold checks the folder from scratch, as check does.
func cold(t *testing.T, dir string) []lang.Diagnostic {
	t.Helper()
	p, err := lang.Load([]string{dir}, lang.Options{WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return checker.Run(p, checker.Options{}).Diagnostics
}

func write(t *testing.T, path, src string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

func messages(ds []lang.Diagnostic) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = lang.Location(d.Subject) + " " + d.Rule + " " + d.Summary
	}
	return out
}

const reseller = `reseller "acme" {
  name          = "Acme"
  feature_flags = ["dtcm"]
}
`

const company = `company "c1" {
  name          = "C1"
  reseller      = "acme"
  feature_flags = ["dtcm"]
}
`

func TestEditsMatchColdRun(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "resellers/acme.hcl"), reseller)
	write(t, filepath.Join(dir, "companies/c1.hcl"), company)
	w, err := Open(Options{Roots: []string{dir}, Load: lang.Options{WorkDir: dir}})
	if err != nil {
		t.Fatal(err)
	}
	same := func(step string, v *View) {
		t.Helper()
		if diff := cmp.Diff(messages(cold(t, dir)), messages(v.Result.Diagnostics)); diff != "" {
			t.Errorf("%s: the workspace differs from a cold run (-cold +workspace):\n%s", step, diff)
		}
	}
	v0 := w.View()
	same("open", v0)
	if got, want := v0.Path("companies/c1.hcl"), filepath.Join(dir, "companies/c1.hcl"); got != want {
		t.Errorf("Path = %q, want %q", got, want)
	}

	// The reseller loses the flag: the company's file gains a finding.
	write(t, filepath.Join(dir, "resellers/acme.hcl"), `reseller "acme" {
  name = "Acme"
}
`)
	v1, err := w.Changed(filepath.Join(dir, "resellers/acme.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	same("reseller edited", v1)
	if got := Affected(v0, v1); !slices.Contains(got, "companies/c1.hcl") {
		t.Errorf("Affected = %q, want the company's file among them", got)
	}

	// A new file in a new folder, then the company's file deleted.
	write(t, filepath.Join(dir, "more/c2.hcl"), `company "c2" {
  name     = "C2"
  reseller = "nobody"
}
`)
	v2, err := w.Changed(filepath.Join(dir, "more/c2.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	same("file added", v2)
	if err := os.Remove(filepath.Join(dir, "companies/c1.hcl")); err != nil {
		t.Fatal(err)
	}
	v3, err := w.Changed(filepath.Join(dir, "companies/c1.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	same("file deleted", v3)
	if v3.Portfolio.File("companies/c1.hcl") != nil || len(v3.Diagnostics("companies/c1.hcl")) != 0 {
		t.Error("a deleted file is still in the view")
	}
	if got := Affected(v2, v3); !slices.Contains(got, "companies/c1.hcl") {
		t.Errorf("Affected = %q, want the deleted file", got)
	}
	if v3.Version <= v0.Version {
		t.Errorf("versions do not grow: %d then %d", v0.Version, v3.Version)
	}
}

func TestOverlay(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "resellers/acme.hcl"), reseller)
	path := filepath.Join(dir, "companies/c1.hcl")
	write(t, path, company)
	w, err := Open(Options{Roots: []string{dir}, Load: lang.Options{WorkDir: dir}})
	if err != nil {
		t.Fatal(err)
	}
	v := w.SetOverlay(path, []byte(`company "c1" {
  reseller = "acme"
  feature_flags = ["nope"]
}
`))
	if len(v.Diagnostics("companies/c1.hcl")) == 0 {
		t.Fatal("the unsaved buffer's findings are missing")
	}
	// A save of other contents on disk does not replace the buffer.
	if v, _ = w.Changed(path); len(v.Diagnostics("companies/c1.hcl")) == 0 {
		t.Fatal("a change on disk replaced the open buffer")
	}
	v, err = w.DropOverlay(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(messages(cold(t, dir)), messages(v.Result.Diagnostics)); diff != "" {
		t.Errorf("after the buffer closed (-cold +workspace):\n%s", diff)
	}
	// Files outside the portfolio are not taken.
	hidden := filepath.Join(dir, ".terraform/x.hcl")
	if w.Contains(hidden) || w.Contains(filepath.Join(dir, "notes.txt")) || !w.Contains(path) {
		t.Error("Contains does not decide as check does")
	}
	if v2 := w.SetOverlay(hidden, []byte("{")); v2.Version != v.Version {
		t.Error("an overlay outside the portfolio changed the view")
	}
}

// TestOldViewsStayValid reads a view in full (findings, chains, snapshot,
// masks) while later edits are applied, the catalog's among them, which
// resolves every integration block again: run under -race, it fails if an
// edit writes anything an earlier view reads.
func TestOldViewsStayValid(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "catalog.hcl"), "feature_flag \"mine\" {\n  description = \"m\"\n}\n")
	write(t, filepath.Join(dir, "resellers/acme.hcl"), reseller)
	write(t, filepath.Join(dir, "resellers/other.hcl"), `reseller "other" {
  integration "google_maps" {
    api_key = "LITERAL-KEY"
  }
}
`)
	write(t, filepath.Join(dir, "companies/c1.hcl"), company)
	write(t, filepath.Join(dir, "companies/c2.hcl"), `company "c2" {
  reseller            = "acme"
  parent              = "c1"
  global_transactions = true
  integration "szamlazz" {
    agent_key = "LITERAL"
  }
}
`)
	w, err := Open(Options{Roots: []string{dir}, Load: lang.Options{WorkDir: dir}})
	if err != nil {
		t.Fatal(err)
	}
	w.Changed(filepath.Join(dir, "companies/c1.hcl")) // builds the incremental state
	old := w.View()
	want := render(t, old.Portfolio, old.Result)
	diags := slices.Clone(old.Result.Diagnostics)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 20 {
			if got := render(t, old.Portfolio, old.Result); got.analysis != want.analysis || got.snapshot != want.snapshot || !reflect.DeepEqual(old.Result.Diagnostics, diags) {
				t.Error("an old view changed while edits were applied")
				return
			}
			for _, f := range old.Portfolio.Files {
				old.Portfolio.Masks(f.Name)
			}
		}
	}()
	for i := range 20 {
		write(t, filepath.Join(dir, "catalog.hcl"), fmt.Sprintf("feature_flag \"mine%d\" {\n  description = \"m\"\n}\n", i))
		write(t, filepath.Join(dir, "companies/c1.hcl"), company)
		if _, err := w.Changed(filepath.Join(dir, "catalog.hcl"), filepath.Join(dir, "companies/c1.hcl")); err != nil {
			t.Fatal(err)
		}
	}
	<-done
}

// TestEditFollowsParentChain edits a company whose grandchild takes global
// transactions through its child: neither of the other two files changes,
// yet the grandchild's chain and findings must follow; and a parent cycle
// that forms and breaks reaches every company on it.
func TestEditFollowsParentChain(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"resellers/acme.hcl": "reseller \"acme\" {\n  feature_flags = [\"szamlazz\"]\n}\n",
		"c1.hcl": "company \"c1\" {\n  reseller = \"acme\"\n  feature_flags = [\"szamlazz\"]\n  permissions = [\"manage_integrations\", \"manage_payments\"]\n" +
			"  integration \"szamlazz\" {\n    agent_key = secret(\"a\")\n  }\n}\n",
		"c2.hcl": "company \"c2\" {\n  reseller = \"acme\"\n  parent = \"c1\"\n  global_transactions = true\n}\n",
		"c3.hcl": "company \"c3\" {\n  reseller = \"acme\"\n  parent = \"c2\"\n  global_transactions = true\n  integration \"szamlazz\" {}\n}\n",
	}
	for rel, src := range files {
		write(t, filepath.Join(dir, rel), src)
	}
	w, err := Open(Options{Roots: []string{dir}, Load: lang.Options{WorkDir: dir}})
	if err != nil {
		t.Fatal(err)
	}
	same := func(step string) {
		t.Helper()
		v := w.View()
		want, got := coldRun(t, dir, files, checker.Options{}), render(t, v.Portfolio, v.Result)
		if diff := cmp.Diff(messages(want.diags), messages(v.Result.Diagnostics)); diff != "" {
			t.Errorf("%s: findings (-cold +workspace):\n%s", step, diff)
		}
		if diff := cmp.Diff(want.analysis, got.analysis); diff != "" {
			t.Errorf("%s: chains (-cold +workspace):\n%s", step, diff)
		}
	}
	edit := func(rel, src string) {
		t.Helper()
		files[rel] = src
		write(t, filepath.Join(dir, rel), src)
		if _, err := w.Changed(filepath.Join(dir, rel)); err != nil {
			t.Fatal(err)
		}
	}
	w.Changed(filepath.Join(dir, "c2.hcl")) // the incremental state from here on
	same("open")
	edit("c1.hcl", "company \"c1\" {\n  reseller = \"acme\"\n}\n")
	same("the grandparent no longer runs szamlazz")
	edit("c1.hcl", "company \"c1\" {\n  reseller = \"acme\"\n  parent = \"c3\"\n  global_transactions = true\n}\n")
	same("a cycle through all three")
	edit("c1.hcl", "company \"c1\" {\n  reseller = \"acme\"\n  global_transactions = true\n}\n")
	same("the cycle broken, the chain with no company at its top")
}

// TestFixGuardFollowsOtherFiles: a fix in one file is dropped when
// another file comes to hold, as a literal secret, the text it writes, and
// comes back when that file no longer does; the file with the fix is not
// edited.
func TestFixGuardFollowsOtherFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "resellers/acme.hcl"), reseller)
	write(t, filepath.Join(dir, "companies/c1.hcl"), `company "c1" {
  name          = "C1"
  reseller      = "acmee"
  feature_flags = ["dtcm"]
}
`)
	holder := filepath.Join(dir, "companies/c2.hcl")
	secret := func(v string) string {
		return `company "c2" {
  name          = "C2"
  reseller      = "acme"
  feature_flags = ["dtcm"]
  permissions   = ["manage_integrations"]

  integration "dtcm" {
    mode    = "live"
    api_key = "` + v + `"
  }
}
`
	}
	write(t, holder, secret("unrelated-key-1"))
	w, err := Open(Options{Roots: []string{dir}, Load: lang.Options{WorkDir: dir}})
	if err != nil {
		t.Fatal(err)
	}
	fixes := func(ds []lang.Diagnostic) int {
		n := 0
		for _, d := range ds {
			if d.Subject.Filename == "companies/c1.hcl" {
				n += len(d.Fixes)
			}
		}
		return n
	}
	var counts []int
	for _, v := range []string{"unrelated-key-2", "acme", "unrelated-key-3", "acme"} {
		write(t, holder, secret(v))
		view, err := w.Changed(holder)
		if err != nil {
			t.Fatal(err)
		}
		want := cold(t, dir)
		if !reflect.DeepEqual(want, view.Result.Diagnostics) {
			t.Fatalf("api_key %q: findings differ from a cold run (-cold +workspace):\n%s", v, cmp.Diff(want, view.Result.Diagnostics))
		}
		if !reflect.DeepEqual(view.Diagnostics("companies/c1.hcl"), slices.DeleteFunc(slices.Clone(want), func(d lang.Diagnostic) bool {
			return d.Subject.Filename != "companies/c1.hcl"
		})) {
			t.Fatalf("api_key %q: the view's findings of c1 differ from a cold run's", v)
		}
		counts = append(counts, fixes(want))
	}
	if counts[0] == counts[1] || counts[1] != counts[3] || counts[0] != counts[2] {
		t.Fatalf("fixes in c1 = %v: the secret does not drop the rename fix, so this test tests nothing", counts)
	}
}

// TestEditCopiesOnlyItsFiles pins what makes the publish path after an
// edit proportional to it: the new view shares the index of the files not
// touched with the view before, and Affected looks at the touched files
// only.
func TestEditCopiesOnlyItsFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "resellers/acme.hcl"), reseller)
	for i := range 40 {
		write(t, filepath.Join(dir, fmt.Sprintf("companies/c%02d.hcl", i)), fmt.Sprintf(`company "c%02d" {
  name          = "C"
  reseller      = "acme"
  feature_flags = ["dtcm", "nothing-%d"]
}
`, i, i))
	}
	w, err := Open(Options{Roots: []string{dir}, Load: lang.Options{WorkDir: dir}})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "companies/c07.hcl")
	edit := func(flag string) *View {
		return w.SetOverlay(path, fmt.Appendf(nil, "company \"c07\" {\n  name          = \"C\"\n  reseller      = \"acme\"\n  feature_flags = [%q]\n}\n", flag))
	}
	edit("dtcm") // the first edit builds the engine's state: every file is decided
	v1 := edit("nothing")
	v2 := edit("dtcm")
	if reflect.ValueOf(v1.byFile).UnsafePointer() != reflect.ValueOf(v2.byFile).UnsafePointer() {
		t.Error("the edit rebuilt the index of every file")
	}
	if len(v2.delta) > 1 {
		t.Errorf("the edit copied %d files' findings, want only the edited one's", len(v2.delta))
	}
	names, ok := v2.changedSince(v1)
	if !ok || !slices.Equal(names, []string{"companies/c07.hcl"}) {
		t.Errorf("the edit touched %q (%v), want the edited file only", names, ok)
	}
	if got := Affected(v1, v2); !slices.Equal(got, []string{"companies/c07.hcl"}) {
		t.Errorf("Affected = %q, want the edited file", got)
	}
	if got := v2.Diagnostics("companies/c03.hcl"); len(got) == 0 || !reflect.DeepEqual(got, v1.Diagnostics("companies/c03.hcl")) {
		t.Errorf("an untouched file's findings are lost or changed: %q", messages(got))
	}
}
