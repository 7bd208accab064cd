package main

import "runtime"

// runtimeMem reads the bytes allocated so far, to compare how much two
// runs allocate.
type runtimeMem struct{ total uint64 }

func (m *runtimeMem) read() {
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	m.total = s.TotalAlloc
}
