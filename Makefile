# tixcfg: `make run` checks the bundled example, `make test` runs every test.
GO      ?= go
EXAMPLE ?= examples/portfolio

.PHONY: build run test lint bench fuzz

build:
	$(GO) build -o bin/tixcfg ./cmd/tixcfg

run:
	$(GO) run ./cmd/tixcfg check $(EXAMPLE)

# The race detector slows the heavy-input tests tenfold: they skip (or
# shrink) under -race and run on their own without it, as does the
# page-fault count of decoding (the detector's shadow memory takes faults
# of its own).
#
# The heavy tests of cmd/tixcfg, query and engine run in one go test, so
# that the packages share the cores (each name matches in one package
# only); the page-fault count runs alone.
HEAVY = TestHostileInput|TestHostileEveryCommand|TestManyDiagnostics|TestManyFindingsBaseline|TestExplainEveryCompany|TestScripts|TestDiffMarkdownLimit|TestCheckKeptResultIsExact
HEAVY += |NeverShowsSecrets|FuzzQuery
HEAVY += |TestSameAsColdPath|TestCheckSameAsColdPath|TestNeverStale|TestLongChains
empty :=
space := $(empty) $(empty)

test: lint
	$(GO) test -race -count=1 ./...
	$(GO) test -count=1 -run '$(subst $(space),,$(HEAVY))' ./cmd/tixcfg ./query ./engine
	$(GO) test -count=1 -run 'TestDecodeWritesFreshPagesFirst' ./lang

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

# The ratio table of the README: tixcfg against the HCL parse floor, cold
# and warm, with peak memory; 100k companies take a few minutes. The Go
# benchmarks behind it: go test -bench . ./cmd/internal/bench
# (TIXCFG_BENCH_LARGE=1 adds 100k companies).
BENCHFLAGS ?= -large -runs 3
bench:
	$(GO) run ./cmd/internal/benchtable $(BENCHFLAGS)

# Each fuzz target for a bounded time (CI runs this after the tests).
FUZZTIME ?= 15s
fuzz:
	$(GO) test ./internal/fuzz -run '^$$' -fuzz '^FuzzCheck$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/fuzz -run '^$$' -fuzz '^FuzzBuild$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/fuzz -run '^$$' -fuzz '^FuzzExplain$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/fuzz -run '^$$' -fuzz '^FuzzCatalog$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/fuzz -run '^$$' -fuzz '^FuzzBaseline$$' -fuzztime $(FUZZTIME)
	$(GO) test ./format -run '^$$' -fuzz '^FuzzSource$$' -fuzztime $(FUZZTIME)
	$(GO) test ./format -run '^$$' -fuzz '^FuzzTopLevelItems$$' -fuzztime $(FUZZTIME)
	$(GO) test ./lang -run '^$$' -fuzz '^FuzzCacheEntry$$' -fuzztime $(FUZZTIME)
	$(GO) test ./snapshot -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine -run '^$$' -fuzz '^FuzzEngine$$' -fuzztime $(FUZZTIME)
	$(GO) test ./query -run '^$$' -fuzz '^FuzzQuery$$' -fuzztime $(FUZZTIME)
