package bench

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/lang"
	"github.com/tixcfg/tixcfg/review"
)

// root holds the generated portfolios of one `go test` run.
var root string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "tixcfg-bench-")
	if err != nil {
		panic(err)
	}
	root = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// sizes are the portfolios benchmarked: 100k only with TIXCFG_BENCH_LARGE=1,
// so a plain -bench run stays short.
func sizes() []Size {
	if os.Getenv("TIXCFG_BENCH_LARGE") != "" {
		return append(Sizes, Large)
	}
	return Sizes
}

func prepare(b *testing.B, s Size) (string, []string) {
	b.Helper()
	dir, err := Prepare(root, s)
	if err != nil {
		b.Fatal(err)
	}
	files, err := Files(dir)
	if err != nil {
		b.Fatal(err)
	}
	return dir, files
}

// floorTime measures the parse floor of the same files in the same run:
// the best of three, the baseline each ratio is against.
func floorTime(b *testing.B, files []string) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range 3 {
		start := time.Now()
		if err := Floor(files); err != nil {
			b.Fatal(err)
		}
		best = min(best, time.Since(start))
	}
	return best
}

func BenchmarkParseFloor(b *testing.B) {
	for _, s := range sizes() {
		b.Run(s.Name, func(b *testing.B) {
			_, files := prepare(b, s)
			b.ReportAllocs()
			for b.Loop() {
				if err := Floor(files); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// bench runs op against the floor of the same files and reports the
// ratio as the metric x-floor.
func bench(b *testing.B, op func(dir string) error) {
	for _, s := range sizes() {
		b.Run(s.Name, func(b *testing.B) {
			dir, files := prepare(b, s)
			floor := floorTime(b, files)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if err := op(dir); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(floor), "x-floor")
		})
	}
}

func BenchmarkCheck(b *testing.B) {
	bench(b, func(dir string) error {
		n, err := Check(dir)
		if err == nil && n != 0 {
			b.Fatalf("the generated portfolio has %d findings", n)
		}
		return err
	})
}

func BenchmarkBuild(b *testing.B) {
	bench(b, func(dir string) error { _, err := Build(dir); return err })
}

// BenchmarkBuildCheckStale is `build --check` on a snapshot in which one
// company's name differs, the README's CI recipe when it fails. Each
// iteration runs a plain build and then build --check, so that both meet
// the same load on the machine; x-build is the best check over the best
// build.
func BenchmarkBuildCheckStale(b *testing.B) {
	for _, s := range sizes() {
		b.Run(s.Name, func(b *testing.B) {
			dir, _ := prepare(b, s)
			data, err := Build(dir)
			if err != nil {
				b.Fatal(err)
			}
			stale := filepath.Join(b.TempDir(), "snapshot.json")
			i := bytes.Index(data, []byte(`"companies": [`))
			j := bytes.Index(data[max(i, 0):], []byte(`"name": "`))
			if i < 0 || j < 0 {
				b.Fatal("no company name in the snapshot")
			}
			at := i + j + len(`"name": "`)
			if err := os.WriteFile(stale, slices.Concat(data[:at], []byte("Renamed "), data[at:]), 0o644); err != nil {
				b.Fatal(err)
			}
			build, check := time.Duration(1<<63-1), time.Duration(1<<63-1)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				start := time.Now()
				if _, err := Build(dir); err != nil {
					b.Fatal(err)
				}
				mid := time.Now()
				d, err := BuildCheck(dir, stale)
				if err != nil {
					b.Fatal(err)
				}
				build, check = min(build, mid.Sub(start)), min(check, time.Since(mid))
				if !strings.HasPrefix(d, "companies (changed: ") || !strings.Contains(d, `+      "name": "`) {
					b.Fatalf("the comparison does not name the company:\n%s", d)
				}
			}
			b.ReportMetric(float64(check)/float64(build), "x-build")
			b.ReportMetric(float64(check)/1e6, "check-ms")
			b.ReportMetric(float64(build)/1e6, "build-ms")
		})
	}
}

// TestGeneratedPortfolioIsClean keeps the benchmark honest: it measures a
// realistic portfolio that checks clean and builds.
func TestGeneratedPortfolioIsClean(t *testing.T) {
	dir, err := Prepare(filepath.Join(t.TempDir()), Sizes[0])
	if err != nil {
		t.Fatal(err)
	}
	if n, err := Check(dir); err != nil || n != 0 {
		t.Fatalf("check: %d findings, %v", n, err)
	}
	if _, err := Build(dir); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkRules measures the checker alone, on a portfolio loaded once:
// what a warm re-check costs beside reading the cache.
func BenchmarkRules(b *testing.B) {
	for _, s := range sizes() {
		b.Run(s.Name, func(b *testing.B) {
			dir, _ := prepare(b, s)
			p, err := lang.Load([]string{dir}, lang.Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				checker.Run(p, checker.Options{})
			}
		})
	}
}

// BenchmarkCheckWarm is a re-check with the parse cache warm, what a
// pre-commit hook or an editor pays after the first run: after one file is
// edited (edited: every other file is read back, every rule runs again)
// and with no file changed (unchanged: the findings kept are read back).
// x-check is the ratio to a cold check of the same files in the same run.
func BenchmarkCheckWarm(b *testing.B) {
	for _, s := range sizes() {
		for _, edit := range []string{"", WarmEdit, WarmEditCatalog} {
			name := s.Name + "/unchanged"
			switch edit {
			case WarmEdit:
				name = s.Name + "/edited"
			case WarmEditCatalog:
				name = s.Name + "/edited-catalog"
			}
			b.Run(name, func(b *testing.B) {
				dir, _ := prepare(b, s)
				cold := time.Duration(1<<63 - 1)
				for range 2 {
					start := time.Now()
					if _, err := Check(dir); err != nil {
						b.Fatal(err)
					}
					cold = min(cold, time.Since(start))
				}
				cache := &lang.Cache{Dir: b.TempDir(), Version: "bench"}
				if _, err := CheckCached(dir, cache); err != nil {
					b.Fatal(err)
				}
				target := edit
				if target == "" {
					target = WarmEdit
				}
				edited := filepath.Join(dir, filepath.FromSlash(target))
				orig, err := os.ReadFile(edited)
				if err != nil {
					b.Fatal(err)
				}
				defer os.WriteFile(edited, orig, 0o644)
				b.ReportAllocs()
				b.ResetTimer()
				n := 0
				for b.Loop() {
					if edit != "" {
						b.StopTimer()
						n++
						if err := os.WriteFile(edited, Edited(target, orig, n), 0o644); err != nil {
							b.Fatal(err)
						}
						b.StartTimer()
					}
					if _, err := CheckCached(dir, cache); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(cold), "x-check")
			})
		}
	}
}

// losing is how many companies lose an integration when Reseller drops
// DroppedFlag: the generator gives a quarter of a reseller's companies a
// dtcm integration.
const losing = perReseller / 4

// benchDiff measures a diff of the portfolio of each size with its
// PrepareChanged copy. Each iteration runs a cold check of the base and
// then the diff, so that both meet the same load on the machine; x-check
// is the best diff over the best check. A diff loads and checks two
// portfolios, so 2 is its floor.
func benchDiff(b *testing.B, setup func(b *testing.B, base, head string) func() (*review.Diff, error)) {
	for _, s := range sizes() {
		b.Run(s.Name, func(b *testing.B) {
			base, head, err := PrepareChanged(root, s)
			if err != nil {
				b.Fatal(err)
			}
			diff := setup(b, base, head)
			check, best := time.Duration(1<<63-1), time.Duration(1<<63-1)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				start := time.Now()
				if _, err := Check(base); err != nil {
					b.Fatal(err)
				}
				mid := time.Now()
				d, err := diff()
				if err != nil {
					b.Fatal(err)
				}
				check, best = min(check, mid.Sub(start)), min(best, time.Since(mid))
				if d.Summary.CompaniesLosing != losing {
					b.Fatalf("%d companies lose an integration, want %d", d.Summary.CompaniesLosing, losing)
				}
			}
			b.ReportMetric(float64(best)/float64(check), "x-check")
			b.ReportMetric(float64(best)/1e6, "diff-ms")
			b.ReportMetric(float64(check)/1e6, "check-ms")
		})
	}
}

// BenchmarkDiff is `tixcfg diff --no-cache OLD DIR` of two folders.
func BenchmarkDiff(b *testing.B) {
	benchDiff(b, func(b *testing.B, base, head string) func() (*review.Diff, error) {
		return func() (*review.Diff, error) { return Diff(base, head) }
	})
}

// BenchmarkDiffAgainst is `tixcfg diff --no-cache --against HEAD` in a
// repository whose working tree has the change.
func BenchmarkDiffAgainst(b *testing.B) {
	benchDiff(b, func(b *testing.B, base, head string) func() (*review.Diff, error) {
		repo := gitRepo(b, base, head)
		return func() (*review.Diff, error) { return DiffAgainst(repo, "HEAD") }
	})
}

// gitRepo makes a repository with base committed and head in the
// working tree.
func gitRepo(tb testing.TB, base, head string) string {
	tb.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		tb.Skip("no git")
	}
	repo := filepath.Join(tb.TempDir(), "repo")
	if err := os.CopyFS(repo, os.DirFS(base)); err != nil {
		tb.Fatal(err)
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "-m", "base"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		if out, err := cmd.CombinedOutput(); err != nil {
			tb.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	rel := filepath.Join("resellers", Reseller+".hcl")
	src, err := os.ReadFile(filepath.Join(head, rel))
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, rel), src, 0o644); err != nil {
		tb.Fatal(err)
	}
	return repo
}

// TestDiffFindsTheLosses keeps the diff benchmarks honest: they measure
// a change that makes one reseller's dtcm companies lose it, in both
// modes.
func TestDiffFindsTheLosses(t *testing.T) {
	root := t.TempDir()
	base, head, err := PrepareChanged(root, Size{"one-reseller", perReseller})
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []struct {
		name string
		diff func() (*review.Diff, error)
	}{
		{"folders", func() (*review.Diff, error) { return Diff(base, head) }},
		{"git", func() (*review.Diff, error) { return DiffAgainst(gitRepo(t, base, head), "HEAD") }},
	} {
		name := mode.name
		d, err := mode.diff()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d.Summary.CompaniesLosing != losing || len(d.Summary.Losses) != 1 || d.Summary.Losses[0].Integration != DroppedFlag {
			t.Errorf("%s: %d companies losing %+v, want %d losing %s", name, d.Summary.CompaniesLosing, d.Summary.Losses, losing, DroppedFlag)
		}
	}
}
