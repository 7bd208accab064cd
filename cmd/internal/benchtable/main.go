// Command benchtable measures tixcfg against the HCL parse floor and prints
// the table the README shows (`make bench`). Each measurement runs in a
// fresh child process, so its peak memory (max RSS) is its own and every
// check is cold; wall times are the best of several runs.
//
//	go run ./cmd/internal/benchtable [-large] [-runs 5]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/tixcfg/tixcfg/cmd/internal/bench"
	"github.com/tixcfg/tixcfg/lang"
)

func main() {
	child := flag.String("child", "", "internal: run one operation (floor, check, build, warm, warm-catalog, unchanged) and print its wall time")
	dir := flag.String("dir", "", "internal: portfolio of the child operation")
	cacheDir := flag.String("cache", "", "internal: parse cache of the warm operation")
	large := flag.Bool("large", false, "also measure 100k companies (several minutes)")
	runs := flag.Int("runs", 5, "runs per measurement; the best is kept")
	root := flag.String("root", filepath.Join(os.TempDir(), "tixcfg-bench"), "where generated portfolios are kept between runs")
	flag.Parse()
	if *runs < 1 {
		fmt.Fprintln(os.Stderr, "benchtable: -runs must be at least 1")
		os.Exit(2)
	}
	if *child != "" {
		os.Exit(runChild(*child, *dir, *cacheDir))
	}
	if err := run(*root, *runs, *large); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

// runChild performs one operation and prints how long it took.
func runChild(op, dir, cacheDir string) int {
	start := time.Now()
	var err error
	switch op {
	case "floor":
		var files []string
		if files, err = bench.Files(dir); err == nil {
			err = bench.Floor(files)
		}
	case "check":
		_, err = bench.Check(dir)
	case "build":
		_, err = bench.Build(dir)
	case "warm", "warm-catalog", "unchanged":
		_, err = bench.CheckCached(dir, &lang.Cache{Dir: cacheDir, Version: "benchtable"})
	default:
		err = fmt.Errorf("unknown operation %q", op)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(time.Since(start).Nanoseconds())
	return 0
}

type result struct {
	wall time.Duration
	rss  int64 // bytes
}

// measure runs each operation in child processes, taking turns so that a
// change in the machine's load affects all of them alike, and keeps the
// best wall time and the largest peak memory of each. Before each warm
// re-check one file is edited (a company file, or the catalog file for
// warm-catalog; see bench.Edited), so exactly one file is parsed again;
// the unchanged re-check after them finds no file changed.
func measure(ops []string, dir string, runs int) ([]result, error) {
	res := make([]result, len(ops))
	for i := range res {
		res[i].wall = time.Duration(1<<63 - 1)
	}
	cacheDir, err := os.MkdirTemp("", "tixcfg-bench-cache-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(cacheDir)
	edits := map[string]string{"warm": bench.WarmEdit, "warm-catalog": bench.WarmEditCatalog}
	originals := map[string][]byte{}
	for _, rel := range edits {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return nil, err
		}
		originals[rel] = b
	}
	defer func() {
		for rel, b := range originals {
			if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(rel)), b, 0o644); err != nil {
				fmt.Fprintln(os.Stderr, "benchtable: could not restore", rel, err)
			}
		}
	}()
	for run := -1; run < runs; run++ { // run -1 fills the cache
		for i, op := range ops {
			if rel, ok := edits[op]; ok {
				if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(rel)), bench.Edited(rel, originals[rel], run+2), 0o644); err != nil {
					return nil, err
				}
			} else if run < 0 {
				continue
			}
			cmd := exec.Command(os.Args[0], "-child", op, "-dir", dir, "-cache", cacheDir)
			var out, errOut bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errOut
			if err := cmd.Run(); err != nil {
				return nil, fmt.Errorf("%s %s: %v: %s", op, dir, err, errOut.String())
			}
			ns, err := strconv.ParseInt(strings.TrimSpace(out.String()), 10, 64)
			if err != nil {
				return nil, err
			}
			if run < 0 {
				continue
			}
			res[i].wall = min(res[i].wall, time.Duration(ns))
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
				res[i].rss = max(res[i].rss, ru.Maxrss*1024)
			}
		}
	}
	return res, nil
}

func run(root string, runs int, large bool) error {
	sizes := append([]bench.Size{bench.PreCommit}, bench.Sizes...)
	if large {
		sizes = append(sizes, bench.Large)
	}
	fmt.Printf("tixcfg against the HCL parse floor, %s, %d CPUs, best of %d runs each, every run a fresh process\n\n", runtime.Version(), runtime.NumCPU(), runs)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "companies\tfiles\tfloor\tcheck\tcheck/floor\tbuild\tbuild/floor\twarm check\twarm/check\twarm, catalog\twarm catalog/check\tunchanged\tunchanged/check\tfloor RSS\tcheck RSS\tcheck/floor\tbuild RSS\tbuild/floor\t")
	checks := map[string]time.Duration{}
	for _, s := range sizes {
		dir, err := bench.Prepare(root, s)
		if err != nil {
			return err
		}
		files, err := bench.Files(dir)
		if err != nil {
			return err
		}
		r, err := measure([]string{"floor", "check", "build", "warm", "warm-catalog", "unchanged"}, dir, runs)
		if err != nil {
			return err
		}
		checks[s.Name] = r[1].wall
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%.2f\t%s\t%.2f\t%s\t%.3f\t%s\t%.3f\t%s\t%.3f\t%s\t%s\t%.2f\t%s\t%.2f\t\n", s.Companies, len(files),
			ms(r[0].wall), ms(r[1].wall), ratio(r[1].wall, r[0].wall), ms(r[2].wall), ratio(r[2].wall, r[0].wall),
			ms(r[3].wall), ratio(r[3].wall, r[1].wall), ms(r[4].wall), ratio(r[4].wall, r[1].wall), ms(r[5].wall), ratio(r[5].wall, r[1].wall),
			mib(r[0].rss), mib(r[1].rss), float64(r[1].rss)/float64(r[0].rss), mib(r[2].rss), float64(r[2].rss)/float64(r[0].rss))
	}
	tw.Flush()
	if c100, ok := checks["100k"]; ok {
		fmt.Printf("\ngrowth: check of 100k companies takes %.1f times check of 10k\n", ratio(c100, checks["10k"]))
	}
	return engineTable(root, sizes[2:], runs)
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(b) }

func ms(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond)) }

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }
