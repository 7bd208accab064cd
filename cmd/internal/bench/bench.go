// Package bench holds what the benchmarks and `make bench` measure: the
// HCL parse floor and tixcfg's check and build, on generated portfolios.
package bench

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/cmd/internal/gcpace"
	"github.com/tixcfg/tixcfg/emit"
	"github.com/tixcfg/tixcfg/engine"
	"github.com/tixcfg/tixcfg/internal/genportfolio"
	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/review"
	"github.com/tixcfg/tixcfg/review/gitrev"
	"github.com/tixcfg/tixcfg/snapshot"
)

// Size is a generated portfolio.
type Size struct {
	Name      string
	Companies int
}

// Sizes are the portfolios measured; the largest only on request.
var (
	Sizes = []Size{{"1k", 1000}, {"10k", 10000}}
	Large = Size{"100k", 100000}
	// PreCommit is the portfolio a pre-commit hook must answer on at once.
	PreCommit = Size{"500", 500}
)

// perReseller keeps resellers realistic: a few hundred companies each.
const perReseller = 200

// Prepare generates the portfolio of a size under root, or reuses the one
// a previous run left there.
func Prepare(root string, s Size) (string, error) {
	dir := filepath.Join(root, s.Name)
	marker := filepath.Join(dir, ".generated")
	want := strconv.Itoa(s.Companies) + " " + genportfolio.Version
	if b, err := os.ReadFile(marker); err == nil && string(b) == want {
		return dir, nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	if _, err := genportfolio.Write(dir, genportfolio.Options{Companies: s.Companies, PerReseller: perReseller}); err != nil {
		return "", err
	}
	return dir, os.WriteFile(marker, []byte(want), 0o644)
}

// Files lists the configuration files of a portfolio.
func Files(dir string) ([]string, error) { return lang.Discover([]string{dir}) }

// Floor is the physical floor: the HCL library parsing every file, one
// after another, and nothing else.
func Floor(files []string) error {
	p := hclparse.NewParser()
	for _, f := range files {
		parse := p.ParseHCLFile
		if strings.HasSuffix(f, ".json") {
			parse = p.ParseJSONFile
		}
		if _, diags := parse(f); diags.HasErrors() {
			return fmt.Errorf("%s does not parse", f)
		}
	}
	return nil
}

// pace paces the collector as the tixcfg command does, so that what is
// measured is what it costs.
var pace = gcpace.For(os.Getenv)

// Check is `tixcfg check --no-cache DIR`: load, run every rule, render
// the findings.
func Check(dir string) (int, error) { return CheckCached(dir, nil) }

// CheckCached is `tixcfg check DIR` with a parse cache: as the command
// does, it starts from the state the last check kept (engine.Check).
func CheckCached(dir string, cache *lang.Cache) (int, error) {
	in, err := lang.ReadInputs([]string{dir}, lang.Options{Cache: cache, Pace: pace})
	if err != nil {
		return 0, err
	}
	c, err := engine.Check(in, "check", checker.Options{})
	if err != nil {
		return 0, err
	}
	return len(c.Diagnostics), emit.WriteText(io.Discard, c.Diagnostics, c.Sources, emit.TextOptions{})
}

// The files a warm check is measured after editing (Edited): a company
// file, and the catalog file, whose declarations every company reads.
const (
	WarmEdit        = "companies/r00001/part-0000.hcl"
	WarmEditCatalog = "catalog.hcl"
)

// Edited is the n-th edit of a file for a warm check: in a company file a
// comment line put first, so that every range in the file moves and every
// finding there must be decided again; in the catalog a comment appended,
// which leaves its declarations where they are (a catalog that moves
// decides everything again, as a cold check).
func Edited(name string, src []byte, n int) []byte {
	if name == WarmEditCatalog {
		return fmt.Appendf(bytes.Clone(src), "# edit %d\n", n)
	}
	return append(fmt.Appendf(nil, "# edit %d\n", n), src...)
}

// Build is `tixcfg build DIR -o -` without the write: load, check, compile.
func Build(dir string) ([]byte, error) {
	data, _, err := build(dir)
	return data, err
}

func build(dir string) ([]byte, *lang.Catalog, error) {
	p, err := lang.Load([]string{dir}, lang.Options{Pace: pace})
	if err != nil {
		return nil, nil, err
	}
	res := checker.Run(p, checker.Options{})
	for _, d := range res.Diagnostics {
		if d.Severity == lang.Error {
			return nil, nil, fmt.Errorf("%s: %s", d.Subject, d.Summary)
		}
	}
	data, _, err := snapshot.Compile(p, res, snapshot.Options{ToolVersion: "bench"})
	return data, p.Catalog, err
}

// BuildCheck is `tixcfg build --check DIR -o SNAPSHOT`: a build, then the
// comparison with the file and the diff excerpt it prints ("" when the
// file is up to date).
func BuildCheck(dir, file string) (string, error) {
	data, cat, err := build(dir)
	if err != nil {
		return "", err
	}
	have, err := os.ReadFile(file)
	if err != nil || bytes.Equal(have, data) {
		return "", err
	}
	c := snapshot.Compare(have, data, cat)
	return strings.Join(c.Parts, "; ") + "\n" + c.Excerpt(file, 40), nil
}

// DroppedFlag is the reseller flag PrepareChanged removes, and Reseller
// the reseller it is removed from: a change with a known blast radius.
const (
	DroppedFlag = "dtcm"
	Reseller    = "r00000"
)

// PrepareChanged copies the portfolio of a size to a sibling folder and
// removes DroppedFlag from Reseller there, or reuses the copy a previous
// run left.
func PrepareChanged(root string, s Size) (base, head string, err error) {
	if base, err = Prepare(root, s); err != nil {
		return "", "", err
	}
	head = base + "-no-" + DroppedFlag
	marker := filepath.Join(head, ".generated")
	want, err := os.ReadFile(filepath.Join(base, ".generated"))
	if err != nil {
		return "", "", err
	}
	if b, err := os.ReadFile(marker); err == nil && bytes.Equal(b, want) {
		return base, head, nil
	}
	if err := os.RemoveAll(head); err != nil {
		return "", "", err
	}
	if err := os.CopyFS(head, os.DirFS(base)); err != nil {
		return "", "", err
	}
	file := filepath.Join(head, "resellers", Reseller+".hcl")
	src, err := os.ReadFile(file)
	if err != nil {
		return "", "", err
	}
	changed := bytes.Replace(src, []byte(`feature_flags = ["`+DroppedFlag+`", `), []byte(`feature_flags = [`), 1)
	if bytes.Equal(changed, src) {
		return "", "", fmt.Errorf("%s: no %s flag to remove", file, DroppedFlag)
	}
	if err := os.WriteFile(file, changed, 0o644); err != nil {
		return "", "", err
	}
	return base, head, os.WriteFile(marker, want, 0o644)
}

// Diff is `tixcfg diff --no-cache --format json OLD DIR`: load and check
// both folders, compare, render.
func Diff(old, dir string) (*review.Diff, error) {
	base, err := checked(lang.Load([]string{old}, lang.Options{Pace: pace}))
	if err != nil {
		return nil, err
	}
	head, err := checked(lang.Load([]string{dir}, lang.Options{Pace: pace}))
	if err != nil {
		return nil, err
	}
	return compare(base, head)
}

// DiffAgainst is `tixcfg diff --no-cache --format json --against REF`
// run in the repository folder repo: the base side read from git.
func DiffAgainst(repo, ref string) (*review.Diff, error) {
	rev, err := gitrev.Resolve(repo, ref, false)
	if err != nil {
		return nil, err
	}
	files, err := gitrev.Files(repo, rev, []string{"."})
	if err != nil {
		return nil, err
	}
	srcs := make([]lang.Source, len(files))
	for i, f := range files {
		srcs[i] = lang.Source{Name: f.Name, Src: f.Src}
	}
	loaded, err := lang.LoadSources(srcs, lang.Options{WorkDir: repo, Pace: pace})
	if err != nil {
		return nil, err
	}
	base, _ := checked(lang.Assemble(loaded), nil)
	head, err := checked(lang.Load([]string{repo}, lang.Options{WorkDir: repo, Pace: pace}))
	if err != nil {
		return nil, err
	}
	return compare(base, head)
}

func checked(p *lang.Portfolio, err error) (review.Side, error) {
	if err != nil {
		return review.Side{}, err
	}
	return review.Side{Portfolio: p, Result: checker.Run(p, checker.Options{})}, nil
}

func compare(base, head review.Side) (*review.Diff, error) {
	d, err := review.Compare(base, head, review.Options{})
	if err != nil {
		return nil, err
	}
	return d, emit.WriteDiff(io.Discard, emit.DiffJSON, d, emit.DiffMeta{})
}
