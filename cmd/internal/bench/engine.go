package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/engine"
	"github.com/tixcfg/tixcfg/internal/genportfolio"
	"github.com/tixcfg/tixcfg/lang"
)

// BigReseller is how many companies the large reseller of an engine
// portfolio has, beside resellers of the usual size (perReseller): editing
// a reseller costs in proportion to its companies.
const BigReseller = 2000

// PrepareEngine generates the portfolio the engine is measured on: the
// size's companies, the first BigReseller of them under one reseller
// (r00000), the rest perReseller to a reseller; or reuses it.
func PrepareEngine(root string, s Size) (string, error) {
	dir := filepath.Join(root, "engine-"+s.Name)
	marker := filepath.Join(dir, ".generated")
	want := strconv.Itoa(s.Companies) + " " + genportfolio.Version
	if b, err := os.ReadFile(marker); err == nil && string(b) == want {
		return dir, nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	big := min(BigReseller, s.Companies/2)
	if _, err := genportfolio.Write(filepath.Join(dir, "big"), genportfolio.Options{Companies: big, PerReseller: big}); err != nil {
		return "", err
	}
	// The rest under resellers of their own: another generated portfolio
	// whose IDs are renamed apart (resellers s*, companies d*) and whose
	// catalog is left to the first.
	rest := filepath.Join(dir, "rest")
	if _, err := genportfolio.Write(rest, genportfolio.Options{Companies: s.Companies - big, PerReseller: perReseller}); err != nil {
		return "", err
	}
	if err := os.Remove(filepath.Join(rest, "catalog.hcl")); err != nil {
		return "", err
	}
	err := filepath.WalkDir(rest, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		b = renameIDs(b)
		return os.WriteFile(path, b, 0o644)
	})
	if err != nil {
		return "", err
	}
	return dir, os.WriteFile(marker, []byte(want), 0o644)
}

// renameIDs moves the generator's IDs (r00000, c0000000) to s00000 and
// d0000000, so that two generated portfolios merge without duplicates.
func renameIDs(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if (c == 'r' || c == 'c') && i+1 < len(b) && b[i+1] >= '0' && b[i+1] <= '9' && (i == 0 || b[i-1] == '"' || b[i-1] == '/' || b[i-1] == '-' || b[i-1] == ' ') {
			c += 1 // r → s, c → d
		}
		out = append(out, c)
	}
	return out
}

// EditCase is one edit the engine is measured on.
type EditCase struct {
	Name string
	// Path is the file edited, by an unsaved buffer that alternates
	// between two contents.
	Path string
}

// EditCases are the edits of an engine portfolio: one company file, the
// reseller file of a usual reseller and of the big one, and the catalog.
func EditCases(dir string) []EditCase {
	return []EditCase{
		{"company-file", filepath.Join(dir, "rest", "companies", "r00000", "part-0000.hcl")},
		{fmt.Sprintf("reseller-%d", perReseller), filepath.Join(dir, "rest", "resellers", "r00000.hcl")},
		{fmt.Sprintf("reseller-%d", BigReseller), filepath.Join(dir, "big", "resellers", "r00000.hcl")},
		{"catalog", filepath.Join(dir, "big", "catalog.hcl")},
	}
}

// ColdCheck is a cold check in memory: load the portfolio, run every rule.
func ColdCheck(dir string) (int, error) {
	p, err := lang.Load([]string{dir}, lang.Options{})
	if err != nil {
		return 0, err
	}
	return len(checker.Run(p, checker.Options{}).Diagnostics), nil
}

// Editor holds a workspace of the engine and makes one edit after another.
type Editor struct {
	w    *engine.Workspace
	path string
	src  []byte
	n    int
}

// NewEditor opens the portfolio and makes a first edit, which builds the
// engine's per-unit state; what follows costs what an editor's keystroke
// costs.
func NewEditor(dir, path string) (*Editor, error) {
	w, err := engine.Open(engine.Options{Roots: []string{dir}})
	if err != nil {
		return nil, err
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	e := &Editor{w: w, path: path, src: src}
	if _, err := e.Edit(); err != nil {
		return nil, err
	}
	return e, nil
}

// Edit sets the file's buffer to its contents with, every other time, a
// comment appended: the file decodes anew and every declaration in it is
// decided again. It returns the number of findings.
func (e *Editor) Edit() (int, error) {
	e.n++
	src := e.src
	if e.n%2 == 1 {
		src = append(slices.Clone(e.src), "# edited\n"...)
	}
	v := e.w.SetOverlay(e.path, src)
	if v.Result == nil || v.Version < 2 {
		return 0, fmt.Errorf("%s: the edit was not taken", e.path)
	}
	return len(v.Result.Diagnostics), nil
}

// Best returns the best of n timings of op.
func Best(n int, op func() error) (time.Duration, error) {
	best := time.Duration(1<<63 - 1)
	for range n {
		start := time.Now()
		if err := op(); err != nil {
			return 0, err
		}
		best = min(best, time.Since(start))
	}
	return best, nil
}
