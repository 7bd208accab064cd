//go:build race

package main

// raceEnabled tells the heavy input tests to leave the race detector's
// run: it slows them tenfold, and `make test` runs them without it.
const raceEnabled = true
