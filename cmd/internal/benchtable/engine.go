package main

import (
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/tixcfg/tixcfg/cmd/internal/bench"
)

// engineTable measures the incremental engine in this process: one edit
// (an unsaved buffer, every finding updated) against a cold check in
// memory of the same portfolio, both best of runs.
func engineTable(root string, sizes []bench.Size, runs int) error {
	fmt.Printf("\nincremental engine, in memory: one edit against a cold check (load and every rule), best of %d runs\n\n", runs)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "companies\tcold check\tedit\tedit time\tedit/cold\t")
	for _, s := range sizes {
		dir, err := bench.PrepareEngine(root, s)
		if err != nil {
			return err
		}
		cold, err := bench.Best(runs, func() error { _, err := bench.ColdCheck(dir); return err })
		if err != nil {
			return err
		}
		for _, c := range bench.EditCases(dir) {
			e, err := bench.NewEditor(dir, c.Path)
			if err != nil {
				return err
			}
			// Edits are short: take the best of more of them.
			t, err := bench.Best(10*runs, func() error { _, err := e.Edit(); return err })
			if err != nil {
				return err
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%.4f\t\n", s.Companies, ms(cold), c.Name, msf(t), ratio(t, cold))
		}
	}
	return tw.Flush()
}

func msf(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
