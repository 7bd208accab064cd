// Command genportfolio writes a realistic, deterministic portfolio of any
// size, for benchmarks and scale tests:
//
//	go run ./cmd/genportfolio -companies 10000 -per-reseller 200 -o /tmp/p10k [-errors 20]
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/tixcfg/tixcfg/internal/genportfolio"
)

func main() {
	var o genportfolio.Options
	flag.IntVar(&o.Companies, "companies", 1000, "number of companies")
	flag.IntVar(&o.PerReseller, "per-reseller", 200, "companies per reseller")
	flag.IntVar(&o.PerFile, "per-file", 50, "companies per file")
	flag.IntVar(&o.Errors, "errors", 0, "known violations to plant, cycling through rules")
	out := flag.String("o", "", "output folder (must not exist or be empty)")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: genportfolio -companies N -per-reseller M -o DIR [-errors K]")
		os.Exit(2)
	}
	if ents, err := os.ReadDir(*out); err == nil && len(ents) > 0 {
		fmt.Fprintf(os.Stderr, "genportfolio: %s is not empty\n", *out)
		os.Exit(2)
	}
	n, err := genportfolio.Write(*out, o)
	if err != nil {
		fmt.Fprintf(os.Stderr, "genportfolio: %v\n", err)
		os.Exit(2)
	}
	fmt.Printf("wrote %d files, %d companies to %s\n", n, o.Companies, *out)
}
