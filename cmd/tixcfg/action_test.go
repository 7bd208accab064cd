package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"go.yaml.in/yaml/v4"
)

const actionFile = "../../action.yml"

// actionProject makes a repository holding the action and the given
// workflows, as actionlint wants a project: a .git and .github/workflows.
func actionProject(t *testing.T, workflows map[string]string) (string, *actionlint.Project) {
	t.Helper()
	root := t.TempDir()
	action, err := os.ReadFile(actionFile)
	if err != nil {
		t.Fatal(err)
	}
	write(t, root, "action.yml", action)
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range workflows {
		write(t, root, filepath.Join(".github", "workflows", name), []byte(text))
	}
	proj, err := actionlint.NewProject(root)
	if err != nil {
		t.Fatal(err)
	}
	return root, proj
}

// lintWorkflows runs actionlint on the project's workflows and returns
// its messages.
func lintWorkflows(t *testing.T, root string, proj *actionlint.Project) []string {
	t.Helper()
	var out bytes.Buffer
	l, err := actionlint.NewLinter(&out, &actionlint.LinterOptions{WorkingDir: root, Oneline: true})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.LintDir(proj.WorkflowsDir(), proj)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	return msgs
}

// readmeWorkflow is the workflow of the README's CI section, using the
// action from the repository it is in.
func readmeWorkflow(t *testing.T) string {
	t.Helper()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n### GitHub Actions\n")
	if !ok {
		t.Fatal("README.md has no GitHub Actions section")
	}
	m := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindStringSubmatch(section)
	if m == nil {
		t.Fatal("the GitHub Actions section has no yaml block")
	}
	wf := m[1]
	uses := regexp.MustCompile(`uses: tixcfg/tixcfg@\S+`)
	if !uses.MatchString(wf) || !strings.Contains(wf, "fetch-depth: 0") {
		t.Fatalf("the README's workflow must use tixcfg/tixcfg@REF with actions/checkout's fetch-depth: 0:\n%s", wf)
	}
	return uses.ReplaceAllString(wf, "uses: ./")
}

// TestActionLint lints, with actionlint, the README's workflow and one
// that sets every input, both using action.yml from the repository (so
// actionlint checks their inputs against it), and a workflow made of the
// action's own steps (so their expressions and contexts are checked too).
// A misspelt input must fail, or the linter would not be reading the
// action.
func TestActionLint(t *testing.T) {
	action := readAction(t)
	var with []string
	for _, name := range slices.Sorted(mapKeys(action.Inputs)) {
		with = append(with, "          "+name+": \"x\"")
	}
	every := "name: every input\non: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n" +
		"      - uses: actions/checkout@v4\n        with:\n          fetch-depth: 0\n" +
		"      - uses: ./\n        with:\n" + strings.Join(with, "\n") + "\n"
	root, proj := actionProject(t, map[string]string{
		"readme.yml": readmeWorkflow(t),
		"every.yml":  every,
		"steps.yml":  stepsWorkflow(t, action),
	})
	if msgs := lintWorkflows(t, root, proj); len(msgs) > 0 {
		t.Errorf("actionlint:\n%s", strings.Join(msgs, "\n"))
	}

	bad := strings.Replace(every, "fail-on-loss:", "fail-on-los:", 1)
	root, proj = actionProject(t, map[string]string{"bad.yml": bad})
	if msgs := lintWorkflows(t, root, proj); !slices.ContainsFunc(msgs, func(m string) bool { return strings.Contains(m, "fail-on-los") }) {
		t.Errorf("actionlint let a misspelt input pass: %q", msgs)
	}
}

// actionMeta is what the test reads of action.yml.
type actionMeta struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Inputs      map[string]struct {
		Description string  `yaml:"description"`
		Default     *string `yaml:"default"`
		Required    bool    `yaml:"required"`
	} `yaml:"inputs"`
	Runs struct {
		Using string           `yaml:"using"`
		Steps []map[string]any `yaml:"steps"`
	} `yaml:"runs"`
}

func readAction(t *testing.T) actionMeta {
	t.Helper()
	data, err := os.ReadFile(actionFile)
	if err != nil {
		t.Fatal(err)
	}
	var a actionMeta
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestActionStructure holds action.yml to what the README promises: a
// composite action whose every input has a description and a default,
// that installs the version the workflow pins (by default its own ref)
// and runs check with annotations and SARIF, diff into the job summary,
// and build --check.
func TestActionStructure(t *testing.T) {
	a := readAction(t)
	if a.Runs.Using != "composite" || a.Name == "" || a.Description == "" {
		t.Fatalf("action.yml: runs.using %q, name %q: want a composite action with a name and description", a.Runs.Using, a.Name)
	}
	for _, name := range []string{"path", "version", "fail-on", "fail-on-loss", "base", "snapshot", "sarif-file"} {
		in, ok := a.Inputs[name]
		switch {
		case !ok:
			t.Errorf("action.yml lacks the input %q", name)
		case in.Default == nil || in.Description == "" || in.Required:
			t.Errorf("action.yml: input %q needs a description and a default, and must not be required", name)
		}
	}
	for name, in := range a.Inputs {
		if in.Default == nil {
			t.Errorf("action.yml: input %q has no default", name)
		}
	}
	if v := a.Inputs["version"].Default; v == nil || *v != "${{ github.action_ref }}" {
		t.Errorf("the version input's default must be the action's own ref, not %v", v)
	}
	var runs string
	for _, st := range a.Runs.Steps {
		if r, ok := st["run"].(string); ok {
			runs += r + "\n"
		}
	}
	for _, want := range []string{
		`go install "github.com/tixcfg/tixcfg/cmd/tixcfg@$version"`,
		`tixcfg check --format github --report "sarif=$TIXCFG_SARIF"`,
		`tixcfg diff --against "$base" --format markdown "$TIXCFG_PATH" >> "$GITHUB_STEP_SUMMARY"`,
		`tixcfg build --check`,
	} {
		if !strings.Contains(runs, want) {
			t.Errorf("action.yml's steps do not run %s", want)
		}
	}
}

// stepsWorkflow turns the action's steps into a reusable workflow's job,
// its inputs the action's, so that actionlint checks each step's
// expressions, contexts and step outputs as it checks any workflow.
func stepsWorkflow(t *testing.T, a actionMeta) string {
	t.Helper()
	inputs := map[string]any{}
	for name := range a.Inputs {
		inputs[name] = map[string]any{"type": "string", "required": false}
	}
	wf := map[string]any{
		"name": "action steps",
		"on":   map[string]any{"workflow_call": map[string]any{"inputs": inputs}},
		"jobs": map[string]any{"steps": map[string]any{"runs-on": "ubuntu-latest", "steps": a.Runs.Steps}},
	}
	out, err := yaml.Marshal(wf)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
