# Everything here needs only Go (and git for `check`). The build tools (oapi-codegen, oasdiff) are
# pinned in their own module, tools/go.mod, and run with `go -C tools tool …`.
GO ?= go
# The race detector needs cgo; use it whenever a C compiler is there.
RACE := $(shell [ "$$($(GO) env CGO_ENABLED)" = 1 ] && command -v "$$($(GO) env CC)" >/dev/null 2>&1 && echo -race)
FUZZTIME ?= 10s

.PHONY: all generate test test-oldest check vet tidy-check gen-check fmt-check fuzz bench examples soak oracle-check oracle-recheck

all: check test

# Every file oapi-codegen writes (see gen/generate.go).
GENERATED := sdk/models.gen.go sdk/webhook/models.gen.go internal/apiclient/requests.gen.go gen/server/server.gen.go mockserver/internal/wire/wire.gen.go

## generate: regenerate the *.gen.go files from openapi/*.yaml with the pinned oapi-codegen
generate:
	$(GO) generate ./gen/...

## test: run every test (with the race detector when cgo is available)
test:
	$(GO) test $(RACE) -count=1 ./...

# The oldest Go release still supported upstream, which go.mod's go directive names: users of the
# SDK and the mock may build with it. The toolchain comes from the module proxy.
OLDEST_GO ?= go1.25.14

## test-oldest: the SDK's and the mock's tests with the oldest supported Go ($(OLDEST_GO))
test-oldest:
	GOTOOLCHAIN=$(OLDEST_GO) $(GO) test -count=1 ./sdk/... ./mockserver/...

## check: generated code in step with the spec, go vet, gofmt, go mod tidy
check: gen-check vet fmt-check tidy-check

gen-check: generate
	@git diff --exit-code --stat -- $(GENERATED) gen/ || { echo "generated code is out of step with openapi/: run 'make generate' and commit"; exit 1; }
	@test -z "$$(git status --porcelain -- $(GENERATED) gen/)" || { git status --porcelain -- $(GENERATED) gen/; echo "uncommitted generated files"; exit 1; }

vet:
	$(GO) vet ./...
	$(GO) vet -tags integration ./...
	$(GO) vet -tags soak ./mockserver/cmd/ome-mock/

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '\.gen\.go$$')); test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }

tidy-check:
	$(GO) mod tidy -diff
	cd tools && $(GO) mod tidy -diff

## fuzz: run each fuzz target briefly (FUZZTIME per target)
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzUnmarshal$$' -fuzztime $(FUZZTIME) ./flex/
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s ./mockserver/internal/serverxml/
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s ./mockserver/internal/jsoncpp/
	$(GO) test -run '^$$' -fuzz '^FuzzRequestBodies$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 2s ./mockserver/
	$(GO) test -run '^$$' -fuzz '^FuzzAdmissionRequest$$' -fuzztime $(FUZZTIME) ./sdk/webhook/

## bench: run the benchmarks
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# The soak run's size; CI runs a short one (see .ci/run).
SOAK_DURATION ?= 30s
SOAK_CYCLES ?= 20000
SOAK_CONNS ?= 300

## soak: run ome-mock as a process under mixed load, create/delete cycles, slow clients and SIGTERM, and report (-tags soak)
soak:
	$(GO) test -tags soak -count=1 -timeout 30m -run '^TestSoak$$' -v ./mockserver/cmd/ome-mock/ \
		-args -soak.duration=$(SOAK_DURATION) -soak.cycles=$(SOAK_CYCLES) -soak.conns=$(SOAK_CONNS)

## examples: run every example against its in-process mock
examples:
	$(GO) run ./examples/quickstart
	$(GO) run ./examples/service

# ---- Checks against a real OvenMediaEngine (optional) --------------------------------------------
# OME_ORACLE_DIR names a directory holding run-ome.sh (run-ome.sh CONF_DIR runs OME in the
# foreground on CONF_DIR/Server.xml); without it these targets only say they were skipped. The
# recordings' Server.xml files keep every listener on 127.0.0.1 (ports 28080-28099).
ORACLE_RECORDING ?= internal/scenario/testdata/read
ORACLE_SKIP = echo "$@: skipped: set OME_ORACLE_DIR to a directory holding run-ome.sh of a real OME"

## oracle-check: start the real OME of $OME_ORACLE_DIR on a recording's Server.xml and run omecheck -write against it
oracle-check:
	@if [ -z "$(OME_ORACLE_DIR)" ] || [ ! -x "$(OME_ORACLE_DIR)/run-ome.sh" ]; then $(ORACLE_SKIP); exit 0; fi; \
	$(GO) build -o /dev/null ./cmd/omecheck && \
	$(GO) run ./internal/scenario/cmd/record -ome "$(OME_ORACLE_DIR)/run-ome.sh" -serve $(ORACLE_RECORDING) -- \
		sh -c '$(GO) run ./cmd/omecheck -write -c "$$OME_CONFIG"'

## oracle-recheck: play every recording again against the real OME of $OME_ORACLE_DIR and fail if an answer changed (needs ffmpeg)
oracle-recheck:
	@if [ -z "$(OME_ORACLE_DIR)" ] || [ ! -x "$(OME_ORACLE_DIR)/run-ome.sh" ]; then $(ORACLE_SKIP); exit 0; fi; \
	$(GO) run ./internal/scenario/cmd/record -ome "$(OME_ORACLE_DIR)/run-ome.sh" -check internal/scenario/testdata/*/

# ---- Publishing the API description for other languages ------------------------------------------
# These targets need Node.js (>= 20.19) and npm besides Go; `docs-check` needs Chromium too
# (Debian's `chromium`, or CHROMIUM=/path/to/chrome). The Node packages are pinned in
# tools/spec/package-lock.json and clients/typescript/package-lock.json and installed by `npm ci`
# on first use. `make test` and the targets above still need only Go.
NPM ?= npm
SPEC := openapi/ome.yaml
SPEC_BIN := tools/spec/node_modules/.bin
SPEC_DEPS := tools/spec/node_modules/.package-lock.json
TS_DEPS := clients/typescript/node_modules/.package-lock.json

.PHONY: lint-spec breaking breaking-selftest docs docs-check ts-generate ts-dist ts-check ts-test ts-install-check publish-check

$(SPEC_DEPS): tools/spec/package.json tools/spec/package-lock.json
	cd tools/spec && $(NPM) ci --no-audit --no-fund
	@touch $@

$(TS_DEPS): clients/typescript/package.json clients/typescript/package-lock.json
	cd clients/typescript && $(NPM) ci --no-audit --no-fund
	@touch $@

## lint-spec: lint openapi/ome.yaml and openapi/ome-webhooks.yaml with Spectral and Redocly; any error or warning fails
lint-spec: $(SPEC_DEPS)
	$(SPEC_BIN)/spectral lint --ruleset tools/spec/.spectral.yaml --fail-severity warn $(SPEC) openapi/ome-webhooks.yaml
	$(SPEC_BIN)/redocly lint --config tools/spec/redocly.yaml $(SPEC) openapi/ome-webhooks.yaml

## breaking: fail on a change that breaks clients of the newest openapi/released/ome-X.Y.Z.yaml, unless the major version was raised (oasdiff)
breaking:
	GO="$(GO)" bash tools/spec/breaking.sh $(SPEC) openapi/released

## breaking-selftest: prove `make breaking` on deliberately broken and compatible revisions
breaking-selftest:
	GO="$(GO)" bash tools/spec/breaking_test.sh

## docs: render the API reference to build/docs/index.html (one self-contained file, Redocly)
docs: $(SPEC_DEPS)
	$(SPEC_BIN)/redocly build-docs $(SPEC) --config tools/spec/redocly.yaml --inlineBundle -o build/docs/index.html
	node tools/spec/offline-docs.mjs build/docs/index.html

## docs-check: render the reference and check it in headless Chromium (console errors, every operation); screenshots in build/
docs-check: docs
	cd tools/spec && node check-docs.mjs --html ../../build/docs/index.html --spec ../../$(SPEC) --screenshot ../../build/docs-screenshot.png

## ts-generate: regenerate clients/typescript/src/schema.d.ts from openapi/ome.yaml (openapi-typescript), and dist/
ts-generate: $(TS_DEPS)
	cd clients/typescript && $(NPM) run --silent generate
	$(MAKE) --no-print-directory ts-dist

## ts-dist: rebuild clients/typescript/dist/, the committed build that installs from the repository
ts-dist: $(TS_DEPS)
	rm -rf clients/typescript/dist
	cd clients/typescript && $(NPM) run --silent dist

## ts-check: the committed schema.d.ts is in step with the spec and dist/ with src/, the client type-checks, the pins agree
ts-check: $(TS_DEPS)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	(cd clients/typescript && SCHEMA_OUT="$$tmp/schema.d.ts" $(NPM) run --silent generate >/dev/null) && \
	if ! diff -u clients/typescript/src/schema.d.ts "$$tmp/schema.d.ts" > "$$tmp/drift"; then \
		head -40 "$$tmp/drift"; \
		echo "clients/typescript/src/schema.d.ts is out of step with $(SPEC): run 'make ts-generate' and commit"; \
		exit 1; \
	fi
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	(cd clients/typescript && DIST_OUT="$$tmp/dist" $(NPM) run --silent dist) && \
	if ! diff -ru clients/typescript/dist "$$tmp/dist" > "$$tmp/drift"; then \
		head -40 "$$tmp/drift"; \
		echo "clients/typescript/dist/ is out of step with clients/typescript/src/: run 'make ts-dist' and commit"; \
		exit 1; \
	fi
	cd clients/typescript && node_modules/.bin/tsc -p tsconfig.json --noEmit
	node tools/spec/check-pins.mjs

## ts-test: build the TypeScript client (tsc, strict) and run its tests against ome-mock (node:test)
ts-test: $(TS_DEPS)
	cd clients/typescript && $(NPM) test

## ts-install-check: fresh temporary projects install the client from the repository (install-links=true, npm pack), type-check and run one call against ome-mock
ts-install-check: $(TS_DEPS)
	cd clients/typescript && GO="$(GO)" NPM="$(NPM)" node scripts/install-check.mjs

## publish-check: everything of the above: lint, compatibility, reference docs, TypeScript client
publish-check: lint-spec breaking breaking-selftest docs-check ts-check ts-test ts-install-check

# ---- Third-party clients against the mock --------------------------------------------------------
# clients/thirdparty/ovenmediaengine-ts-sdk drives the npm package ovenmediaengine-ts-sdk@1.0.3
# (pinned in its package-lock.json) through a whole workflow and compares each call's outcome with
# what OvenMediaEngine 0.21.0 answered (expected.ome-0.21.0.json there).
THIRDPARTY_SDK := clients/thirdparty/ovenmediaengine-ts-sdk
THIRDPARTY_DEPS := $(THIRDPARTY_SDK)/node_modules/.package-lock.json

.PHONY: thirdparty-check thirdparty-check-ome

$(THIRDPARTY_DEPS): $(THIRDPARTY_SDK)/package.json $(THIRDPARTY_SDK)/package-lock.json
	cd $(THIRDPARTY_SDK) && $(NPM) ci --no-audit --no-fund
	@touch $@

## thirdparty-check: ovenmediaengine-ts-sdk@1.0.3 against ome-mock; fails on every step the mock answers otherwise than OME did
thirdparty-check: $(THIRDPARTY_DEPS)
	cd $(THIRDPARTY_SDK) && GO="$(GO)" node check.mjs

## thirdparty-check-ome: the same against a real OME: OME_RUN=cmd runs it as `cmd CONF_DIR`; ffmpeg on PATH; RECORD=1 re-records the expectations
thirdparty-check-ome: $(THIRDPARTY_DEPS)
	@test -n "$(OME_RUN)" || { echo "thirdparty-check-ome: set OME_RUN to a command that runs OvenMediaEngine in the foreground as 'OME_RUN CONF_DIR'"; exit 2; }
	cd $(THIRDPARTY_SDK) && OME_RUN="$(OME_RUN)" node check.mjs --target ome $(if $(RECORD),--record)
