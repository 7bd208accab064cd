package lang_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/tixcfg/tixcfg/lang"
)

// TestUpdateMatchesAssemble replaces random files of a portfolio and holds
// the updated portfolio to one assembled from scratch: the same files,
// declarations in the same order, the same first declaration of every ID,
// the same integration types resolved; and the earlier portfolio unchanged.
func TestUpdateMatchesAssemble(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ids := []string{"a", "b", "c", "d"}
	file := func(name string) *lang.File {
		src := ""
		for range rng.IntN(4) {
			src += fmt.Sprintf("company %q {\n  parent = %q\n  integration \"dtcm\" {}\n}\n", ids[rng.IntN(len(ids))], ids[rng.IntN(len(ids))])
			src += fmt.Sprintf("reseller %q {\n  integration %q {}\n}\n", ids[rng.IntN(len(ids))], []string{"google_maps", "mine"}[rng.IntN(2)])
		}
		if rng.IntN(60) == 0 {
			src += "integration_type \"mine\" {\n  name = \"m\"\n  description = \"m\"\n  category = \"platform_service\"\n}\n"
		}
		return lang.ParseFile(name, []byte(src))
	}
	shape := func(p *lang.Portfolio) string {
		s := ""
		for _, f := range p.Files {
			s += "file " + f.Name + "\n"
		}
		for _, r := range p.Resellers {
			s += fmt.Sprintf("reseller %s %s first=%v\n", r.ID, lang.Location(r.DefRange), p.Reseller(r.ID) == r)
			for _, in := range r.Integrations {
				s += fmt.Sprintf("  %s %v\n", in.Type, in.Def == p.Catalog.Type(in.Type) && (in.Def != nil) == (p.Catalog.Type(in.Type) != nil))
			}
		}
		for _, c := range p.Companies {
			parent := "-"
			if pc := p.ParentOf(c); pc != nil {
				parent = lang.Location(pc.DefRange)
			}
			s += fmt.Sprintf("company %s %s first=%v parent=%s\n", c.ID, lang.Location(c.DefRange), p.Company(c.ID) == c, parent)
			for _, in := range c.Integrations {
				s += fmt.Sprintf("  %s %v\n", in.Type, in.Def == p.Catalog.Type(in.Type))
			}
		}
		for _, id := range append(ids, "zz") {
			s += fmt.Sprintf("lookup %s %v %v\n", id, p.Company(id) != nil, p.Reseller(id) != nil)
		}
		return s
	}
	names := []string{"f0.hcl", "f1.hcl", "f2.hcl", "f3.hcl", "f4.hcl"}
	current := map[string]*lang.File{}
	for _, n := range names {
		current[n] = file(n)
	}
	p := lang.Assemble(mapValues(current))
	for step := range 300 {
		before := shape(p)
		var drop []string
		var add []*lang.File
		for _, n := range names {
			switch rng.IntN(6) {
			case 0:
				if current[n] != nil {
					drop = append(drop, n)
					delete(current, n)
				}
			case 1:
				f := file(n)
				add = append(add, f)
				current[n] = f
			}
		}
		q := p.Update(drop, add)
		want := shape(lang.Assemble(cloneFiles(mapValues(current))))
		if got := shape(q); got != want {
			t.Fatalf("step %d: the updated portfolio differs from one assembled afresh:\ngot:\n%s\nwant:\n%s", step, got, want)
		}
		if after := shape(p); after != before {
			t.Fatalf("step %d: Update changed the earlier portfolio", step)
		}
		p = q
	}
}

func mapValues(m map[string]*lang.File) []*lang.File {
	var out []*lang.File
	for _, f := range m {
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b *lang.File) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// cloneFiles parses the files again, so that assembling them afresh does
// not touch the ones the updated portfolios hold.
func cloneFiles(fs []*lang.File) []*lang.File {
	out := make([]*lang.File, len(fs))
	for i, f := range fs {
		out[i] = lang.ParseFile(f.Name, f.Src)
	}
	return out
}
