package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/internal/genportfolio"
	"github.com/tixcfg/tixcfg/internal/lsp/protocol"
	"github.com/tixcfg/tixcfg/lang"
)

// The targets, measured with
//
//	go test ./internal/lsp -run '^$' -bench . -benchtime 1x
//
// (TIXCFG_BENCH_LARGE=1 for 100k companies in BenchmarkDidChange).

// generated writes a portfolio of n companies with planted findings, so
// that opening it has diagnostics to publish.
func generated(b *testing.B, n int) string {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "portfolio")
	if _, err := genportfolio.Write(dir, genportfolio.Options{Companies: n, PerReseller: 1000, Errors: n / 100}); err != nil {
		b.Fatal(err)
	}
	return dir
}

// coldCheck is what `tixcfg check` does before it prints: load without a
// cache, check. It returns the files with findings, the time taken and
// the heap's peak.
func coldCheck(b *testing.B, dir string) (files int, took time.Duration, peak uint64) {
	b.Helper()
	runtime.GC()
	stop := samplePeak()
	start := time.Now()
	p, err := lang.Load([]string{dir}, lang.Options{WorkDir: dir})
	if err != nil {
		b.Fatal(err)
	}
	res := checker.Run(p, checker.Options{})
	took = time.Since(start)
	seen := map[string]bool{}
	for _, d := range res.Diagnostics {
		seen[d.Subject.Filename] = true
	}
	peak = stop()
	runtime.KeepAlive(p)
	runtime.KeepAlive(res)
	return len(seen), took, peak
}

// samplePeak samples the heap's live and not yet collected objects every
// millisecond until the returned function is called, which returns the
// largest.
func samplePeak() func() uint64 {
	done, out := make(chan struct{}), make(chan uint64)
	go func() {
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var peak uint64
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				out <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 { close(done); return <-out }
}

func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// openAll starts a server on dir and waits until every file with findings
// is published.
func openAll(b *testing.B, dir string, want int) (*client, time.Duration) {
	b.Helper()
	start := time.Now()
	c, _ := startWith(b, Options{}, []string{dir}, nil, nil)
	c.timeout = 10 * time.Minute
	deadline := time.Now().Add(c.timeout)
	for c.withFindings() < want {
		if time.Now().After(deadline) {
			b.Fatalf("%d of %d files published", c.withFindings(), want)
		}
		time.Sleep(time.Millisecond)
	}
	return c, time.Since(start)
}

// BenchmarkOpen: opening a 10k-company workspace publishes every file's
// findings; the target is 1.5x a cold check of it.
func BenchmarkOpen(b *testing.B) {
	dir := generated(b, 10000)
	want, check, _ := coldCheck(b, dir)
	for b.Loop() {
		c, took := openAll(b, dir, want)
		b.ReportMetric(float64(took.Milliseconds()), "open-ms")
		b.ReportMetric(float64(check.Milliseconds()), "check-ms")
		b.ReportMetric(float64(took)/float64(check), "x-check")
		c.conn.Close()
	}
}

// BenchmarkDidChange: after a didChange of one company file, its findings
// are published (the debounce included); the target is 100 ms at 100k
// companies. It also compares the server's heap (its peak while it opens
// the workspace and takes the edits, and what it holds after) with a
// cold check's peak.
func BenchmarkDidChange(b *testing.B) {
	n := 10000
	if os.Getenv("TIXCFG_BENCH_LARGE") != "" {
		n = 100000
	}
	dir := generated(b, n)
	want, _, checkPeak := coldCheck(b, dir)
	runtime.GC()
	stop := samplePeak()
	c, _ := openAll(b, dir, want)
	defer c.conn.Close()
	path := filepath.Join(dir, "companies/r00000/part-0000.hcl")
	orig := read(b, path)
	c.open(path, orig, 1)
	c.wait(path, "open", func(p protocol.PublishDiagnosticsParams) bool { return p.Version != nil })
	version := int32(1)
	for b.Loop() {
		version++
		text := orig
		if version%2 == 0 {
			text = strings.Replace(orig, `reseller      = "r00000"`, `reseller      = "nobody"`, 1)
		}
		v := version
		c.change(path, v, protocol.TextDocumentContentChangeEvent{Text: text})
		c.wait(path, fmt.Sprintf("version %d", v), func(p protocol.PublishDiagnosticsParams) bool { return p.Version != nil && *p.Version == v })
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "publish-ms")
	if testing.Verbose() {
		b.Logf("server log:\n%s", c.logs.String())
	}
	b.ReportMetric(float64(stop())/(1<<20), "server-peak-MB")
	b.ReportMetric(float64(liveHeap())/(1<<20), "server-live-MB")
	b.ReportMetric(float64(checkPeak)/(1<<20), "check-peak-MB")
}
