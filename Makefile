# Everything here needs only Go (and git for `check`).
GO ?= go
# The race detector needs cgo; use it whenever a C compiler is there.
RACE := $(shell [ "$$($(GO) env CGO_ENABLED)" = 1 ] && command -v "$$($(GO) env CC)" >/dev/null 2>&1 && echo -race)
FUZZTIME ?= 10s

.PHONY: all generate test check vet tidy-check gen-check fmt-check fuzz bench examples

all: check test

## generate: regenerate gen/ from openapi/ome.yaml with the pinned oapi-codegen
generate:
	$(GO) generate ./gen/

## test: run every test (with the race detector when cgo is available)
test:
	$(GO) test $(RACE) -count=1 ./...

## check: generated code in step with the spec, go vet, gofmt, go mod tidy
check: gen-check vet fmt-check tidy-check

gen-check: generate
	@git diff --exit-code --stat -- gen/ || { echo "gen/ is out of step with openapi/ome.yaml: run 'make generate' and commit"; exit 1; }
	@test -z "$$(git status --porcelain -- gen/)" || { git status --porcelain -- gen/; echo "untracked files in gen/"; exit 1; }

vet:
	$(GO) vet ./...
	$(GO) vet -tags integration ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '\.gen\.go$$')); test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }

tidy-check:
	$(GO) mod tidy -diff

## fuzz: run each fuzz target briefly (FUZZTIME per target)
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzUnmarshal$$' -fuzztime $(FUZZTIME) ./flex/
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s ./mockserver/internal/serverxml/
	$(GO) test -run '^$$' -fuzz '^FuzzRequestBodies$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s ./mockserver/

## bench: run the benchmarks
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## examples: run every example against its in-process mock
examples:
	$(GO) run ./examples/quickstart
