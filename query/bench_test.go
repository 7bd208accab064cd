package query

import (
	"os"
	"strconv"
	"testing"

	"github.com/tixcfg/tixcfg/checker"
	"github.com/tixcfg/tixcfg/internal/genportfolio"
	"github.com/tixcfg/tixcfg/lang"
)

// BenchmarkQuery measures each question on a generated portfolio of
// TIXCFG_BENCH_COMPANIES companies (default 1,000): an editor asks them
// on every keystroke or hover, so each must answer in milliseconds.
func BenchmarkQuery(b *testing.B) {
	n := 1000
	if s := os.Getenv("TIXCFG_BENCH_COMPANIES"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	dir := b.TempDir()
	if _, err := genportfolio.Write(dir, genportfolio.Options{Companies: n, PerReseller: 50}); err != nil {
		b.Fatal(err)
	}
	p, err := lang.Load([]string{dir}, lang.Options{})
	if err != nil {
		b.Fatal(err)
	}
	a := checker.Analyze(p)
	ix := New(p, a)
	c := p.Companies[len(p.Companies)/2]
	var in *lang.CompanyIntegration
	for _, co := range p.Companies {
		if len(co.Integrations) > 0 {
			c, in = co, co.Integrations[0]
			break
		}
	}
	file := c.DefRange.Filename
	b.Run("New", func(b *testing.B) {
		for range b.N {
			New(p, a)
		}
	})
	b.Run("HoverIntegration", func(b *testing.B) {
		for range b.N {
			if _, ok := ix.Hover(file, in.DefRange.Start.Byte+1); !ok {
				b.Fatal("no hover")
			}
		}
	})
	b.Run("DefinitionReseller", func(b *testing.B) {
		for range b.N {
			if _, ok := ix.Definition(file, c.Reseller.ValueRange.Start.Byte+1); !ok {
				b.Fatal("no definition")
			}
		}
	})
	b.Run("ReferencesReseller", func(b *testing.B) {
		r := p.ResellerOf(c)
		for range b.N {
			if len(ix.References(r.LabelRange.Filename, r.LabelRange.Start.Byte+1, true)) == 0 {
				b.Fatal("no references")
			}
		}
	})
	b.Run("CompleteIntegrationLabel", func(b *testing.B) {
		src := append([]byte(nil), p.Source(file)...)
		off := in.LabelRange.Start.Byte + 1
		for range b.N {
			ix.Complete(file, src, off)
		}
	})
	b.Run("WorkspaceSymbols", func(b *testing.B) {
		for range b.N {
			ix.WorkspaceSymbols("co", 0)
		}
	})
}
