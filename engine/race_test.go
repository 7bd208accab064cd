//go:build race

package engine

// raceEnabled shrinks the heavy tests under the race detector, which slows
// them tenfold; make test runs them in full without it.
const raceEnabled = true
