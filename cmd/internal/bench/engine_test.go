package bench

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's CPU time so far: on a loaded machine it says
// what an operation costs better than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkEngineEdit measures one edit of the engine (in memory, every
// finding updated) against a cold check in the same run: the metric
// x-cold is the edit's time over the best of three cold checks, x-cold-cpu
// the same in CPU time (the process's, all threads), which a machine
// shared with other work disturbs less.
func BenchmarkEngineEdit(b *testing.B) {
	for _, s := range sizes() {
		b.Run(s.Name, func(b *testing.B) {
			dir, err := PrepareEngine(root, s)
			if err != nil {
				b.Fatal(err)
			}
			cpu0 := cpuTime()
			cold, err := Best(3, func() error { _, err := ColdCheck(dir); return err })
			if err != nil {
				b.Fatal(err)
			}
			coldCPU := (cpuTime() - cpu0) / 3
			b.Logf("cold check: %v (CPU %v)", cold, coldCPU)
			for _, c := range EditCases(dir) {
				b.Run(c.Name, func(b *testing.B) {
					e, err := NewEditor(dir, c.Path)
					if err != nil {
						b.Fatal(err)
					}
					b.ReportAllocs()
					b.ResetTimer()
					cpu0 := cpuTime()
					for b.Loop() {
						if _, err := e.Edit(); err != nil {
							b.Fatal(err)
						}
					}
					cpu := (cpuTime() - cpu0) / time.Duration(b.N)
					per := b.Elapsed() / time.Duration(b.N)
					b.ReportMetric(float64(per)/float64(cold), "x-cold")
					b.ReportMetric(float64(cpu.Nanoseconds()), "cpu-ns/op")
					b.ReportMetric(float64(cpu)/float64(coldCPU), "x-cold-cpu")
				})
			}
		})
	}
}
