package gcpace

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"math"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

// TestPace: the collector is off while a load is paced, the memory limit
// is the sum of the budgets of the loads under way, and the last one done
// restores the settings found.
func TestPace(t *testing.T) {
	const percent, limit = 123, int64(7 << 30)
	oldPercent, oldLimit := debug.SetGCPercent(percent), debug.SetMemoryLimit(limit)
	t.Cleanup(func() { debug.SetGCPercent(oldPercent); debug.SetMemoryLimit(oldLimit) })
	const live = 5 << 20
	realLive := heapLive
	heapLive = func() int64 { return live }
	t.Cleanup(func() { heapLive = realLive })

	doneA := Pace(1 << 20)
	budgetA := live + BytesPerByte<<20 + BaseBytes
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Errorf("GC percent %d while paced, want off (-1)", got)
	}
	if got := debug.SetMemoryLimit(-1); got != int64(budgetA) {
		t.Errorf("memory limit %d, want %d", got, budgetA)
	}
	doneB := Pace(0)
	if got := debug.SetMemoryLimit(-1); got != int64(budgetA+BaseBytes) {
		t.Errorf("memory limit %d with two loads, want %d", got, budgetA+BaseBytes)
	}
	doneA()
	doneA() // a second call changes nothing
	if got := debug.SetMemoryLimit(-1); got != live+BaseBytes {
		t.Errorf("memory limit %d after one load, want %d", got, live+BaseBytes)
	}
	doneB()
	if got := debug.SetGCPercent(-1); got != percent {
		t.Errorf("GC percent %d after the loads, want %d restored", got, percent)
	}
	debug.SetGCPercent(percent)
	if got := debug.SetMemoryLimit(-1); got != limit {
		t.Errorf("memory limit %d after the loads, want %d restored", got, limit)
	}
}

// TestPaceAboveLiveHeap: a load's budget is room above what is already
// live, so that the second load of a diff, with the first portfolio in
// memory, is not collected on nearly every allocation.
func TestPaceAboveLiveHeap(t *testing.T) {
	oldPercent, oldLimit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
	t.Cleanup(func() { debug.SetGCPercent(oldPercent); debug.SetMemoryLimit(oldLimit) })
	const held = 64 << 20
	model := make([]byte, held)
	runtime.GC()
	done := Pace(0)
	got := debug.SetMemoryLimit(-1)
	done()
	runtime.KeepAlive(model)
	if got < held+BaseBytes {
		t.Errorf("memory limit %d with %d bytes live, want at least %d", got, held, held+BaseBytes)
	}
}

func TestForUserSettings(t *testing.T) {
	for vars, paced := range map[string]bool{"": true, "GOGC": false, "GOMEMLIMIT": false} {
		got := For(func(k string) string {
			if k == vars {
				return "100"
			}
			return ""
		}) != nil
		if got != paced {
			t.Errorf("%q set: paced %v, want %v", vars, got, paced)
		}
	}
}

// TestOnlyProgramsPace: the collector's settings are the process's, so no
// code outside cmd changes them (this package lives under cmd for that).
func TestOnlyProgramsPace(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "cmd" || rel == "node_modules" || (rel != "." && strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		debugName := ""
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "runtime/debug" {
				debugName = "debug"
				if imp.Name != nil {
					debugName = imp.Name.Name
				}
			}
		}
		if debugName == "" {
			return nil
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == debugName && (sel.Sel.Name == "SetGCPercent" || sel.Sel.Name == "SetMemoryLimit") {
					t.Errorf("%s calls debug.%s: a library must leave the collector to the program (lang.Options.Pace)", rel, sel.Sel.Name)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
