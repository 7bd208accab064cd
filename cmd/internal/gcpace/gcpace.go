// Package gcpace paces the garbage collector by the size of the input
// while a portfolio is parsed. The collector's settings belong to the
// whole process, so only a program's entry point (cmd/tixcfg, the
// benchmarks) chooses to use it, through lang.Options.Pace; the libraries
// never touch them.
package gcpace

import (
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// HCL's parser makes a burst of short-lived garbage (tokens and syntax
// trees, dropped once a file is decoded) beside a small live model, so the
// collector, paced by the live heap, would run many times for little.
// While files are parsed it is paced by the input instead: off until the
// heap reaches BytesPerByte times the input plus BaseBytes, about what
// HCL's own trees of the same files weigh.
const (
	BytesPerByte = 32
	BaseBytes    = 16 << 20
)

// pacing is the process's one pacing state: the collector is one per
// process, so concurrent loads share one budget and the last to finish
// restores the settings found before the first.
var pacing struct {
	sync.Mutex
	active         int
	live, budget   int64
	percent, limit int64
}

// Pace turns the collector off and bounds the heap by a budget for
// inputBytes of input, until the returned function is called. Concurrent
// calls add their budgets. The budget is room above the heap already
// live when the first load starts: a second load in the same process
// (diff loads two portfolios) would otherwise find the first one's model
// filling its budget and collect on nearly every allocation.
func Pace(inputBytes int64) (done func()) {
	budget := BytesPerByte*inputBytes + BaseBytes
	g := &pacing
	g.Lock()
	defer g.Unlock()
	if g.active == 0 {
		g.percent = int64(debug.SetGCPercent(-1))
		g.limit = debug.SetMemoryLimit(-1)
		g.live = heapLive()
	}
	g.active++
	g.budget += budget
	debug.SetMemoryLimit(g.live + g.budget)
	var once sync.Once
	return func() {
		once.Do(func() {
			g.Lock()
			defer g.Unlock()
			g.active--
			g.budget -= budget
			if g.active > 0 {
				debug.SetMemoryLimit(g.live + g.budget)
				return
			}
			debug.SetMemoryLimit(g.limit)
			debug.SetGCPercent(int(g.percent))
		})
	}
}

// heapLive is the heap the last collection marked live; a variable so
// that a test can fix it.
var heapLive = func() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// For returns Pace, or nil when the user set GOGC or GOMEMLIMIT in the
// environment getenv reads: their settings win.
func For(getenv func(string) string) func(inputBytes int64) (done func()) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return nil
	}
	return Pace
}
