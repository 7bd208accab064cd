//go:build race

package query

// raceEnabled tells the tests that ask every question at every offset to
// leave the race detector's run (it slows them tenfold); `make test` runs
// them without it.
const raceEnabled = true
