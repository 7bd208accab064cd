package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/tixcfg/tixcfg/internal/atomicfile"
	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/snapshot"
)

const (
	examplePortfolio = "../../examples/portfolio"
	exampleSnapshot  = "../../examples/portfolio.snapshot.json"
)

// run calls the CLI in-process.
func run(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = Main(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// runWith calls the CLI in-process in the process's env as with changes it.
func runWith(with func(*env), args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	e := processEnv(&out, &errOut)
	with(e)
	code = mainEnv(e, args)
	return code, out.String(), errOut.String()
}

// TestBuildGoldenSnapshot keeps examples/portfolio.snapshot.json equal to
// what build writes, through `build --check` itself, so `make test` (and
// CI) fails on a stale golden file. -update rewrites it.
func TestBuildGoldenSnapshot(t *testing.T) {
	if *update {
		if code, _, stderr := run("build", examplePortfolio, "-o", exampleSnapshot); code != 0 {
			t.Fatalf("build exited %d:\n%s", code, stderr)
		}
	}
	code, _, stderr := run("build", "--check", examplePortfolio, "-o", exampleSnapshot)
	if code != exitOK {
		t.Fatalf("examples/portfolio.snapshot.json is not what build writes now (exit %d); if the change is intended, run\n\tgo test ./cmd/tixcfg -run TestBuildGoldenSnapshot -update\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "is up to date") {
		t.Errorf("build --check says %q", stderr)
	}
}

const smallPortfolio = `
reseller "acme" {
  name          = "Acme"
  feature_flags = ["refund_protect_group"]
  integration "google_maps" {
    api_key = secret("acme/maps")
  }
  integration "refund_protect_group" {
    environment "live" {
      client_id     = "acme-live"
      client_secret = secret("acme/rpg-secret")
      api_key       = secret("acme/rpg-key")
      vendor_code   = "ACM01"
    }
  }
}

company "dubai" {
  name          = "Dubai"
  reseller      = "acme"
  feature_flags = ["refund_protect_group"]
  permissions   = ["manage_integrations", "manage_payments"]
  integration "refund_protect_group" {
    minimum_order_value = { AED = 50, USD = 15.5 }
    deadline_hours      = 48
  }
  integration "google_maps" {}
}
`

const oldOutput = "{\"previous\": \"snapshot\"}\n"

// buildFixture lays out a portfolio and an output folder holding an old
// snapshot, under a folder every user may read, and returns the
// portfolio folder and the output path.
func buildFixture(t *testing.T, portfolio string) (dir, out string) {
	t.Helper()
	base, err := os.MkdirTemp("", "tixcfg-build-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				os.Chmod(p, 0o755)
			}
			return nil
		})
		os.RemoveAll(base)
	})
	dir, outDir := filepath.Join(base, "portfolio"), filepath.Join(base, "out")
	for _, d := range []string{base, dir, outDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "portfolio.hcl"), []byte(portfolio), 0o644); err != nil {
		t.Fatal(err)
	}
	out = filepath.Join(outDir, "snapshot.json")
	if err := os.WriteFile(out, []byte(oldOutput), 0o640); err != nil {
		t.Fatal(err)
	}
	return dir, out
}

// assertUntouched checks that the old output is byte for byte what it
// was, with its mode, and that nothing else is in its folder.
func assertUntouched(t *testing.T, out string) {
	t.Helper()
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != oldOutput {
		t.Errorf("the old output was changed to:\n%s", got)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("the old output's mode changed: %v %v", fi.Mode(), err)
	}
	assertOnly(t, filepath.Dir(out), filepath.Base(out))
}

func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !slices.Equal(got, names) {
		t.Errorf("%s holds %q, want only %q (a stray temporary file?)", dir, got, names)
	}
}

func TestBuildWritesSnapshot(t *testing.T) {
	dir, out := buildFixture(t, smallPortfolio)
	code, stdout, stderr := run("build", dir, "-o", out)
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Digest string `json:"digest"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, data)
	}
	if !strings.Contains(stdout, "No problems found") || !strings.Contains(stderr, "wrote "+out+" ("+doc.Digest+")") {
		t.Errorf("stdout %q, stderr %q", stdout, stderr)
	}
	// An existing output keeps its mode.
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want the old file's 0640", fi.Mode().Perm())
	}
	assertOnly(t, filepath.Dir(out), "snapshot.json")

	// A new output gets 0644; -o - gives the same bytes on stdout, with
	// the diagnostics moved to stderr.
	fresh := filepath.Join(filepath.Dir(out), "fresh.json")
	if code, _, stderr := run("build", dir, "-o", fresh); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if fi, _ := os.Stat(fresh); fi.Mode().Perm() != 0o644 {
		t.Errorf("new file mode %v, want 0644", fi.Mode().Perm())
	}
	code, stdout, stderr = run("build", dir, "-o", "-")
	if code != exitOK || stdout != string(data) {
		t.Errorf("-o -: exit %d, stdout differs from the file:\n%s", code, stdout)
	}
	if !strings.Contains(stderr, "No problems found") {
		t.Errorf("-o -: diagnostics belong on stderr, got %q", stderr)
	}
}

func TestBuildConfigErrorWritesNothing(t *testing.T) {
	dir, out := buildFixture(t, strings.Replace(smallPortfolio, `reseller      = "acme"`, `reseller      = "acmee"`, 1))
	code, stdout, stderr := run("build", dir, "-o", out)
	if code != exitFindings {
		t.Errorf("exit %d, want %d", code, exitFindings)
	}
	// The diagnostics are printed like check prints them.
	_, checkOut, _ := run("check", dir)
	if stdout != checkOut || !strings.Contains(stdout, `Unknown reseller "acmee"`) {
		t.Errorf("build printed\n%s\ncheck prints\n%s", stdout, checkOut)
	}
	if !strings.Contains(stderr, "nothing written") {
		t.Errorf("stderr %q", stderr)
	}
	assertUntouched(t, out)
	// --check fails the same way and compares nothing.
	if code, _, _ := run("build", "--check", dir, "-o", out); code != exitFindings {
		t.Errorf("build --check exit %d, want %d", code, exitFindings)
	}
	assertUntouched(t, out)
}

// TestBuildRefusesWithoutTheRulesItTrusts: the builder does not judge
// again what rules report, so build refuses to run without them, naming
// them in one usage line, and writes nothing; a literal secret's rule is
// not among them (build refuses a literal secret itself).
func TestBuildRefusesWithoutTheRulesItTrusts(t *testing.T) {
	dir, out := buildFixture(t, strings.Replace(smallPortfolio, `reseller      = "acme"`, `reseller      = "acmee"`, 1))
	for _, tc := range []struct {
		flags []string
		want  string
	}{
		{[]string{"--disable", "unknown-reference"}, "relies on the rules unknown-reference, which"},
		{[]string{"--disable", "schema,invalid-value"}, "relies on the rules invalid-value, schema, which"},
		{[]string{"--enable-only", "schema"}, "relies on the rules duplicate, invalid-value, unknown-reference, which"},
	} {
		for _, check := range []bool{false, true} {
			args := append([]string{"build"}, tc.flags...)
			if check {
				args = append(args, "--check")
			}
			code, stdout, stderr := run(append(args, dir, "-o", out)...)
			if code != exitError || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tc.want) {
				t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
			}
			assertUntouched(t, out)
		}
	}
	if code, _, stderr := run("build", "--disable", "credential-literal", "--disable", "conflict", dir, "-o", out); code != exitFindings || !strings.Contains(stderr, "nothing written") {
		t.Errorf("rules build does not rely on may be off: exit %d, %q", code, stderr)
	}
}

// TestBuildLiteralSecretWritesNothing: a secret written as a literal is
// only a warning for check, but build refuses to carry it into the
// snapshot, and prints it nowhere.
func TestBuildLiteralSecretWritesNothing(t *testing.T) {
	const canary = "CANARY-0b7e-literal-key"
	src := strings.Replace(smallPortfolio, `api_key = secret("acme/maps")`, `api_key = "`+canary+`"`, 1)
	dir, out := buildFixture(t, src)
	code, stdout, stderr := run("build", dir, "-o", out)
	if code != exitFindings {
		t.Errorf("exit %d, want %d", code, exitFindings)
	}
	if strings.Contains(stdout+stderr, canary) {
		t.Errorf("the secret was printed:\n%s%s", stdout, stderr)
	}
	if !strings.Contains(stderr, `the secret "api_key" is written as a literal`) {
		t.Errorf("stderr %q", stderr)
	}
	assertUntouched(t, out)
}

// TestBuildUnwritableFolder makes the output's folder read-only. Root
// ignores permissions, so as root the build runs as nobody in a child
// process (the test binary is tixcfg when called by that name).
func TestBuildUnwritableFolder(t *testing.T) {
	dir, out := buildFixture(t, smallPortfolio)
	if os.Geteuid() == 0 {
		// nobody owns the folder, so only its mode keeps nobody out.
		if err := os.Chown(filepath.Dir(out), 65534, 65534); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(filepath.Dir(out), 0o555); err != nil {
		t.Fatal(err)
	}
	var code int
	var stderr string
	if os.Geteuid() != 0 {
		code, _, stderr = run("build", dir, "-o", out)
	} else {
		code, stderr = runAsNobody(t, "build", dir, "-o", out)
	}
	if code != exitError || !strings.Contains(stderr, "cannot write "+out+": permission denied") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	assertUntouched(t, out)
}

func runAsNobody(t *testing.T, args ...string) (int, string) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	for d := bin; d != os.TempDir() && d != "/"; d = filepath.Dir(d) {
		os.Chmod(d, 0o755)
	}
	exe := filepath.Join(bin, "tixcfg")
	src, err := os.Open(self)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.OpenFile(exe, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	dst.Close()
	cmd := exec.Command(exe, args...)
	cmd.Dir = os.TempDir()
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("running as nobody: %v", err)
	}
	return cmd.ProcessState.ExitCode(), stderr.String()
}

// faultFS fails one step of the atomic write, after the temporary file
// has been created and (for "write") half the snapshot written to it.
type faultFS struct {
	atomicfile.FS
	step string
	temp string
}

var errInjected = syscall.ENOSPC

func (f *faultFS) CreateTemp(dir, pattern string) (atomicfile.File, error) {
	file, err := f.FS.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	f.temp = file.Name()
	return &faultFile{File: file, step: f.step}, nil
}

func (f *faultFS) Rename(oldpath, newpath string) error {
	if f.step == "rename" {
		return &os.LinkError{Op: "rename", Old: oldpath, New: newpath, Err: errInjected}
	}
	return f.FS.Rename(oldpath, newpath)
}

type faultFile struct {
	atomicfile.File
	step string
}

func (f *faultFile) Write(p []byte) (int, error) {
	if f.step == "write" {
		n, _ := f.File.Write(p[:len(p)/2])
		return n, errInjected
	}
	return f.File.Write(p)
}

func (f *faultFile) Sync() error {
	if f.step == "sync" {
		return errInjected
	}
	return f.File.Sync()
}

func TestBuildFailurePartWay(t *testing.T) {
	for _, step := range []string{"write", "sync", "rename"} {
		t.Run(step, func(t *testing.T) {
			dir, out := buildFixture(t, smallPortfolio)
			ffs := &faultFS{FS: atomicfile.OS, step: step}
			code, _, stderr := runWith(func(e *env) { e.buildFS = ffs }, "build", dir, "-o", out)
			if code != exitError || !strings.Contains(stderr, "cannot write "+out+": no space left on device") {
				t.Errorf("exit %d, stderr %q", code, stderr)
			}
			if filepath.Dir(ffs.temp) != filepath.Dir(out) {
				t.Errorf("the temporary file %q was not made beside %s", ffs.temp, out)
			}
			assertUntouched(t, out)
		})
	}
}

func TestBuildCheck(t *testing.T) {
	dir, out := buildFixture(t, smallPortfolio)
	if code, _, stderr := run("build", dir, "-o", out); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	fresh, _ := os.ReadFile(out)
	// --check never writes: a failing FS shows it takes no write path.
	failing := func(e *env) { e.buildFS = &faultFS{FS: atomicfile.OS, step: "write"} }

	code, _, stderr := runWith(failing, "build", "--check", dir, "-o", out)
	if code != exitOK || !strings.Contains(stderr, out+" is up to date") {
		t.Errorf("fresh: exit %d, stderr %q", code, stderr)
	}

	stale := strings.Replace(smallPortfolio, "deadline_hours      = 48", "deadline_hours      = 72", 1)
	if err := os.WriteFile(filepath.Join(dir, "portfolio.hcl"), []byte(stale), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runWith(failing, "build", "--check", dir, "-o", out)
	if code != exitFindings {
		t.Errorf("stale: exit %d, want %d", code, exitFindings)
	}
	for _, want := range []string{
		out + " is stale",
		"differs in: companies (changed: dubai)\n",
		"@@ ",
		`-            "deadline_hours": 48,`,
		`+            "deadline_hours": 72,`,
		"run 'tixcfg build " + dir + " -o " + out + "' to update it",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stale: stderr lacks %q:\n%s", want, stderr)
		}
	}
	if got, _ := os.ReadFile(out); !bytes.Equal(got, fresh) {
		t.Errorf("--check changed the file")
	}
	assertOnly(t, filepath.Dir(out), "snapshot.json")

	// The same code path: what --check compares with is what build writes.
	if code, _, _ := run("build", dir, "-o", out); code != exitOK {
		t.Fatal("rebuild failed")
	}
	if code, _, stderr := run("build", "--check", dir, "-o", out); code != exitOK {
		t.Errorf("after a rebuild: exit %d, stderr %q", code, stderr)
	}

	os.Remove(out)
	if code, _, stderr := run("build", "--check", dir, "-o", out); code != exitFindings || !strings.Contains(stderr, "does not exist") {
		t.Errorf("missing: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("--check created %s", out)
	}
}

func TestSnapshotParts(t *testing.T) {
	cat := lang.Assemble(nil).Catalog
	parts := func(have, want string) []string { return snapshot.Compare([]byte(have), []byte(want), cat).Parts }
	have := `{"$schema":"x","digest":"a","catalog":{"v":1},"resellers":[{"id":"r"}],"companies":[{"id":"a","n":1},{"id":"b"},{"id":"gone"}]}`
	want := `{"$schema":"x","digest":"b","catalog":{"v":2},"resellers":[{"id":"r"}],"companies":[{"id":"a","n":2},{"id":"b"},{"id":"new"}],"extra":true}`
	got := parts(have, want)
	exp := []string{"catalog", "companies (changed: a; added: new; removed: gone)", "extra (missing from the file)"}
	if !slices.Equal(got, exp) {
		t.Errorf("got %q\nwant %q", got, exp)
	}
	if got := parts(`{"digest":"a"}`, `{"digest":"b"}`); !slices.Equal(got, []string{"digest"}) {
		t.Errorf("digest only: %q", got)
	}
	if got := parts("not json", want); len(got) != 1 || !strings.Contains(got[0], "not a JSON object") {
		t.Errorf("garbage: %q", got)
	}
	if got := parts(`{"companies":[{"id":"b"},{"id":"a"}]}`, `{"companies":[{"id":"a"},{"id":"b"}]}`); !slices.Equal(got, []string{"companies (order)"}) {
		t.Errorf("order: %q", got)
	}
	if got := parts(`{"companies": [ {"id":"a"} ]}`, `{"companies":[{"id":"a"}]}`); !slices.Equal(got, []string{"formatting only (the same JSON, written differently)"}) {
		t.Errorf("formatting: %q", got)
	}
	long := "{\n  \"companies\": [\n    {\n      \"id\": \"c\",\n      \"n\": [\n" + strings.Repeat("        \"a\",\n", 200) + "        \"a\"\n      ]\n    }\n  ]\n}\n"
	c := snapshot.Compare([]byte(long), []byte(strings.ReplaceAll(long, `"a"`, `"b"`)), cat)
	if d := c.Excerpt("f", diffExcerptLines); strings.Count(d, "\n") != diffExcerptLines+1 || !strings.HasSuffix(d, "more lines of diff\n") {
		t.Errorf("a long diff is cut to %d lines:\n%s", diffExcerptLines, d)
	}
}

// schemaCommand compiles what `tixcfg schema ARGS` prints: the schema
// generated for the built-in catalog, or with --dir for a portfolio's.
func schemaCommand(t *testing.T, cat *lang.Catalog, args ...string) *jsonschema.Schema {
	t.Helper()
	code, stdout, stderr := run(append([]string{"schema"}, args...)...)
	want, err := snapshot.Schema(cat)
	if err != nil {
		t.Fatal(err)
	}
	if code != exitOK || stdout != string(want) {
		t.Fatalf("schema %q: exit %d, output differs from the schema generated for the catalog; stderr %s", args, code, stderr)
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(stdout))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(snapshot.SchemaIDFor(cat), doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(snapshot.SchemaIDFor(cat))
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validateSnapshot(sch *jsonschema.Schema, snap []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(snap))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

// TestSchemaCommand prints the built-in catalog's schema, and it
// validates the snapshots that build writes: the example's, and the
// expected snapshots of the build scripts.
func TestSchemaCommand(t *testing.T) {
	sch := schemaCommand(t, lang.Assemble(nil).Catalog)
	if sch2 := schemaCommand(t, lang.Assemble(nil).Catalog, "snapshot"); sch2 == nil {
		t.Fatal("schema snapshot")
	}
	_, snap, _ := run("build", examplePortfolio, "-o", "-")
	if err := validateSnapshot(sch, []byte(snap)); err != nil {
		t.Errorf("the snapshot of examples/portfolio does not match `tixcfg schema`: %v", err)
	}
	scripts, _ := filepath.Glob("../../testdata/script/build_*.txtar")
	validated := 0
	for _, script := range scripts {
		ar, err := txtar.ParseFile(script)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if bytes.Contains(f.Data, []byte(`"$schema": "`+snapshot.SchemaID+`"`)) {
				validated++
				if err := validateSnapshot(sch, f.Data); err != nil {
					t.Errorf("%s: %s does not match the schema: %v", script, f.Name, err)
				}
			}
		}
	}
	if validated == 0 {
		t.Error("no expected snapshot found in testdata/script/build_*.txtar")
	}
	for _, args := range [][]string{{"extra"}, {"snapshot", "extra"}} {
		if code, _, stderr := run(append([]string{"schema"}, args...)...); code != exitError || !strings.Contains(stderr, "tixcfg schema: ") {
			t.Errorf("schema %q: exit %d, %q", args, code, stderr)
		}
	}
}

// TestSchemaDir: with --dir the schema is exact for the portfolio's own
// integration types too, where the built-in catalog's checks them for
// shape only.
func TestSchemaDir(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"catalog.hcl": `
integration_type "tipjar" {
  category = "payments_extra"
  company {
    setting "ratio" {
      type    = number
      default = 0.1
    }
  }
}
`,
		"p.hcl": `
reseller "r" {}
company "c" {
  reseller    = "r"
  permissions = ["manage_integrations"]
  integration "tipjar" {}
}
`} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := lang.Load([]string{dir}, lang.Options{WorkDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	own := schemaCommand(t, p.Catalog, "--dir", dir)
	builtin := schemaCommand(t, lang.Assemble(nil).Catalog)
	code, snap, stderr := run("build", dir, "-o", "-")
	if code != exitOK {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	if err := validateSnapshot(own, []byte(snap)); err != nil {
		t.Errorf("the snapshot does not match its portfolio's schema: %v", err)
	}
	bad := strings.Replace(snap, `"ratio": 0.1`, `"ratio": "0.1"`, 1)
	if bad == snap {
		t.Fatalf("no ratio setting in\n%s", snap)
	}
	if err := validateSnapshot(own, []byte(bad)); err == nil {
		t.Error("the portfolio's schema accepts a string for the number setting of its own type")
	}
	if err := validateSnapshot(builtin, []byte(bad)); err != nil {
		t.Errorf("the built-in catalog's schema checks an operator type for shape only, yet rejects it: %v", err)
	}
	if code, _, stderr := run("schema", "--dir", filepath.Join(dir, "nonesuch")); code != exitError || stderr == "" {
		t.Errorf("schema --dir of a missing folder: exit %d, %q", code, stderr)
	}
}

// TestBuildCRLFHeredoc: a Windows checkout (CRLF line ends) builds the same
// snapshot, digest included, as a Linux one.
func TestBuildCRLFHeredoc(t *testing.T) {
	src := okReseller + "company \"c\" {\n  reseller = \"acme\"\n  name = <<EOT\nDubai\nLive\nEOT\n}\n"
	var snaps [2]string
	for i, s := range []string{src, strings.ReplaceAll(src, "\n", "\r\n")} {
		dir := t.TempDir()
		write(t, dir, "p.hcl", []byte(s))
		code, stdout, stderr := runIn(t, dir, "build", "-o", "-", ".")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		snaps[i] = stdout
	}
	if snaps[0] != snaps[1] {
		t.Errorf("the CRLF checkout builds another snapshot:\n%s\n---\n%s", snaps[0], snaps[1])
	}
}
