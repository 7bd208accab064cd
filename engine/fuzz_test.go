package engine

import (
	"math/rand/v2"
	"testing"
)

// byteSource turns fuzz input into the harness's random choices; once the
// input is used up, a fixed generator makes the rest (a constant would
// never satisfy rand's rejection sampling).
type byteSource struct {
	b    []byte
	rest rand.PCG
}

func (s *byteSource) Uint64() uint64 {
	if len(s.b) == 0 {
		return s.rest.Uint64()
	}
	var v uint64
	for range 8 {
		v <<= 8
		if len(s.b) > 0 {
			v |= uint64(s.b[0])
			s.b = s.b[1:]
		}
	}
	return v ^ s.rest.Uint64()
}

// FuzzEngine is TestNeverStale driven by arbitrary input: choices picks
// the starting portfolio and the edits, text is written as a file's
// contents now and then; after each edit the workspace must agree with a
// cold run.
func FuzzEngine(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, []byte("company \"c1\" {\n  parent = \"c2\"\n  global_transactions = true\n}\n"))
	f.Add([]byte("\x04\x09\x00\x03\x05\x01\x02\x0a\x0b\x08\x07\x06"), []byte("reseller \"r1\" {\n  feature_flags = [\"dtcm\"]\n}\n"))
	f.Add([]byte("property seeds: chains, catalogs, buffers"), []byte("feature_flag \"my_flag\" {\n  conflicts_with = [\"dtcm\"\n"))
	f.Add([]byte{0xff, 0x80, 0x40, 0x20, 0x10, 0x08, 0x04, 0x02, 0x01}, []byte("company \"cl\" {\n  parent = \"c1\"\n}\ncompany \"c1\" {\n  parent = \"cl\"\n}\n"))
	f.Fuzz(func(t *testing.T, choices, text []byte) {
		if len(choices) > 256 || len(text) > 4096 {
			return
		}
		src := &byteSource{b: choices}
		h := newHarness(t, rand.New(src))
		for step := 0; len(src.b) > 0 && step < 8; step++ {
			op := ""
			if h.rng.IntN(6) == 0 {
				rel := h.pick(h.rels(""))
				h.put(rel, string(text))
				h.changed(rel)
				op = "the fuzz text into " + rel
			} else {
				op = h.randomEdit()
			}
			h.check(op)
			if t.Failed() {
				return
			}
		}
	})
}
