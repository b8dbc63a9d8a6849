# The help center's tasks. `make help` lists them.
# Tools are installed on first use into tools/ (ignored by git): Dart Sass,
# html-validate and axe-core from npm pinned by tools/package-lock.json, and
# Go tools (actionlint, Hugo for the benchmark) at pinned versions.

# GNU make for Windows finds no /bin/bash: there it runs recipes with the
# sh.exe on PATH, which in Git Bash is bash.
ifneq ($(OS),Windows_NT)
SHELL := /bin/bash
endif
GO ?= go
BASE_URL ?=
CHECK_FLAGS ?=
PORT ?= 8080
OUT ?= public
BENCH_FLAGS ?= -n 1000,10000,100000

TOOLS := tools
NODE_MODULES := $(TOOLS)/node_modules
# Programs Go builds end in .exe on Windows.
EXE := $(if $(filter Windows_NT,$(OS)),.exe)

# Dart Sass is npm's package for this machine's system and CPU:
# tools/package.json lists one for each platform in CROSS (below), and
# npm installs the one whose os and cpu match. Windows says which in its
# environment, whatever the shell; elsewhere uname names them its own way
# (Darwin, arm64 on a Mac, aarch64 on Linux).
ifeq ($(OS),Windows_NT)
SASS_OS := win32
SASS_CPU := $(if $(filter ARM64,$(PROCESSOR_ARCHITECTURE)),arm64,x64)
else
UNAME_S := $(shell uname -s)
UNAME_M := $(shell uname -m)
SASS_OS := $(or $(if $(filter Linux,$(UNAME_S)),linux),$(if $(filter Darwin,$(UNAME_S)),darwin),$(UNAME_S))
SASS_CPU := $(or $(if $(filter x86_64 amd64,$(UNAME_M)),x64),$(if $(filter arm64 aarch64,$(UNAME_M)),arm64),$(UNAME_M))
endif
SASS := $(NODE_MODULES)/sass-embedded-$(SASS_OS)-$(SASS_CPU)/dart-sass/$(if $(filter win32,$(SASS_OS)),sass.bat,sass)

HTML_VALIDATE := $(NODE_MODULES)/.bin/html-validate
ACTIONLINT_VERSION := v1.7.12
ACTIONLINT := $(TOOLS)/bin/actionlint$(EXE)
STATICCHECK_VERSION := v0.8.2
STATICCHECK := $(TOOLS)/bin/staticcheck$(EXE)
DEADCODE_VERSION := v0.52.0
DEADCODE := $(TOOLS)/bin/deadcode$(EXE)
GOCYCLO_VERSION := v0.6.0
GOCYCLO := $(TOOLS)/bin/gocyclo$(EXE)
HUGO_VERSION := v0.165.0
HUGO := $(TOOLS)/bin/hugo$(EXE)
BIN := $(TOOLS)/bin/helpcenter$(EXE)

export HELPCENTER_SASS := $(abspath $(SASS))

.PHONY: help site check serve install test test-go fuzz-short cross test-html lint lint-workflow fuzz bench bench-stages bench-compare bench-search screenshots weight tools clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-16s %s\n", $$1, $$2}'

tools: $(NODE_MODULES)/.installed ## install the pinned npm tools (Dart Sass for this machine, html-validate, axe-core)

$(NODE_MODULES)/.installed: $(TOOLS)/package.json $(TOOLS)/package-lock.json
	cd $(TOOLS) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(BIN): $(shell find cmd internal -name '*.go' -not -name '*_test.go') go.mod go.sum schema.go catalog/schema/*.json
	$(GO) build -o $@ ./cmd/helpcenter

site: tools $(BIN) ## build the site into public/ (BASE_URL=https://… for canonical links)
	$(BIN) build --out $(OUT) $(if $(BASE_URL),--base-url $(BASE_URL))

check: $(BIN) ## validate catalog, content and templates, and that every message has its source; write nothing (CHECK_FLAGS="--format github" for annotations)
	$(BIN) check --sources $(CHECK_FLAGS)

# One way to have helpcenter on PATH: go install puts it in $GOBIN, or
# $(go env GOPATH)/bin, which Go's installers add to PATH.
install: ## install the helpcenter command (go install ./cmd/helpcenter)
	$(GO) install ./cmd/helpcenter
	@bin=$$($(GO) env GOBIN); echo "installed $${bin:-$$($(GO) env GOPATH)/bin}/helpcenter$(EXE) (that folder must be on PATH)"

serve: tools $(BIN) ## preview on http://127.0.0.1:$(PORT)/ with live reload
	$(BIN) serve --port $(PORT)

# `make test` runs every stage below, even after one fails, and ends with
# a summary: each stage's time (the budget is 10 minutes on a quiet 2-core
# machine with a warm Go cache, 20 from a cold one), each failed stage,
# then one line "N passed, N failed" that CI reads; it exits non-zero when
# a stage failed. A stage is a target of its
# own, so `make test-go` or `make fuzz-short` reruns just that one.
TEST_STAGES := lint cross test-go fuzz-short test-html lint-workflow check

test: tools $(ACTIONLINT) $(STATICCHECK) $(DEADCODE) $(GOCYCLO) ## run every test (go vet for Linux, macOS and Windows, staticcheck, deadcode, gocyclo, Go tests, a short fuzz, html-validate, actionlint), all stages, failures summed up at the end
	@passed=0; failed=(); times=(); \
	for s in $(TEST_STAGES); do \
		echo "=== make $$s"; t0=$$SECONDS; \
		if $(MAKE) --no-print-directory $$s; then passed=$$((passed+1)); else failed+=("$$s"); fi; \
		times+=("$$s $$((SECONDS-t0))s"); \
	done; \
	echo; echo "stage times: $$(IFS=,; echo "$${times[*]}" | sed 's/,/, /g')"; \
	for s in "$${failed[@]}"; do echo "FAILED: make $$s"; done; \
	echo "$$passed passed, $${#failed[@]} failed"; \
	[ $${#failed[@]} -eq 0 ]

test-go: tools ## the Go tests of every package (with the browser tests)
	$(GO) test -count=1 ./...

# Fuzz runs count executions (Nx), not seconds: with a duration,
# Go 1.26's fuzz coordinator can fail a run with "context deadline
# exceeded" at the deadline (go.dev/issue/75804, fixed in Go 1.27). Each
# target runs even when one before it failed.
FUZZ_SHORT := catalog:FuzzLoad:50000 markup:FuzzApexLexer:15000 markup:FuzzJSONLexer:50000 \
	markup:FuzzJavaLexer:50000 markup:FuzzRender:10000 markup:FuzzInline:20000 \
	yamldoc:FuzzTextPos:50000 site:FuzzCheckLink:20000 site:FuzzReadLedger:50000 svg:FuzzCheck:30000 \
	source:FuzzText:50000

fuzz-short: ## a short fuzz of every parser: the loader, the ledger, the lexers, the Markdown renderers, text positions, links, the SVG check and source text (part of make test)
	@rc=0; for f in $(FUZZ_SHORT); do \
		IFS=: read -r pkg name n <<< "$$f"; \
		echo "$(GO) test -run '^$$' -fuzz '^$$name\$$' -fuzztime $${n}x ./internal/$$pkg"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $${n}x ./internal/$$pkg || rc=1; \
	done; exit $$rc

# The systems and CPUs writers build on; tools/package.json has a Dart
# Sass for each. `go vet` type-checks every package and its tests for
# each system (CROSS), so a file that compiles only on Linux fails here,
# not on a writer's Mac. Once per system: no file or build constraint here
# names a CPU (a `_amd64.go` or `//go:build arm64` would need its CPU
# added), and Linux is vetted by `lint`. CI's matrix runs the tests on
# each system.
PLATFORMS := darwin/arm64 darwin/amd64 windows/amd64 linux/amd64 linux/arm64
CROSS := darwin/arm64 windows/amd64

cross: ## vet (and so compile) every package for macOS and Windows
	@rc=0; for t in $(CROSS); do \
		echo "go vet ./... ($$t)"; \
		GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) vet ./... || rc=1; \
	done; exit $$rc

test-html: tools $(BIN) ## validate every built page with html-validate
	rm -rf $(TOOLS)/html-check $(TOOLS)/.html-check.next* $(TOOLS)/.html-check.lock && $(BIN) build --out $(TOOLS)/html-check --base-url https://help.example.com/ >/dev/null
	$(HTML_VALIDATE) --config .htmlvalidate.json '$(TOOLS)/html-check/**/*.html'
	rm -rf $(TOOLS)/html-check $(TOOLS)/.html-check.next* $(TOOLS)/.html-check.lock

# deadcode reports what no command reaches; internal/sitetest is the tests'
# shared helpers, which only tests import. The lexers' token scanners are
# the one exception to the complexity limit: each is one switch over the
# characters a token can start with, clearer whole than split.
lint: $(STATICCHECK) $(DEADCODE) $(GOCYCLO) ## gofmt, go vet, staticcheck, deadcode and a complexity limit on production code
	@out=$$(gofmt -l cmd internal *.go); if [ -n "$$out" ]; then echo "$$out"; echo "gofmt: run gofmt -w on the files above"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...
	@out=$$($(DEADCODE) ./... | grep -v '^internal/sitetest/'); if [ -n "$$out" ]; then echo "$$out"; echo "deadcode: unreachable functions above"; exit 1; fi
	@out=$$($(GOCYCLO) -over 20 -ignore '_test\.go$$|^internal/markup/(apex|java)\.go$$' cmd internal); if [ -n "$$out" ]; then echo "$$out"; echo "gocyclo: functions above complexity 20"; exit 1; fi

$(STATICCHECK):
	GOBIN=$(abspath $(TOOLS)/bin) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

$(DEADCODE):
	GOBIN=$(abspath $(TOOLS)/bin) $(GO) install golang.org/x/tools/cmd/deadcode@$(DEADCODE_VERSION)

$(GOCYCLO):
	GOBIN=$(abspath $(TOOLS)/bin) $(GO) install github.com/fzipp/gocyclo/cmd/gocyclo@$(GOCYCLO_VERSION)

lint-workflow: $(ACTIONLINT) ## check the GitHub Actions workflow with actionlint
	$(ACTIONLINT) -shellcheck= .github/workflows/*.yml

$(ACTIONLINT):
	GOBIN=$(abspath $(TOOLS)/bin) $(GO) install github.com/rhysd/actionlint/cmd/actionlint@$(ACTIONLINT_VERSION)

fuzz: ## fuzz the loader, the ledger, the lexers, the token writer, the Markdown renderers, the SVG check, text positions and link resolution for about a minute each
	$(GO) test -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime 600000x ./internal/catalog
	$(GO) test -run '^$$' -fuzz '^FuzzReadLedger$$' -fuzztime 1000000x ./internal/site
	$(GO) test -run '^$$' -fuzz '^FuzzApexLexer$$' -fuzztime 150000x ./internal/markup
	$(GO) test -run '^$$' -fuzz '^FuzzJSONLexer$$' -fuzztime 1500000x ./internal/markup
	$(GO) test -run '^$$' -fuzz '^FuzzJavaLexer$$' -fuzztime 1500000x ./internal/markup
	$(GO) test -run '^$$' -fuzz '^FuzzWriteTokens$$' -fuzztime 300000x ./internal/markup
	$(GO) test -run '^$$' -fuzz '^FuzzRender$$' -fuzztime 100000x ./internal/markup
	$(GO) test -run '^$$' -fuzz '^FuzzInline$$' -fuzztime 600000x ./internal/markup
	$(GO) test -run '^$$' -fuzz '^FuzzCheck$$' -fuzztime 600000x ./internal/svg
	$(GO) test -run '^$$' -fuzz '^FuzzTextPos$$' -fuzztime 1000000x ./internal/yamldoc
	$(GO) test -run '^$$' -fuzz '^FuzzCheckLink$$' -fuzztime 500000x ./internal/site
	$(GO) test -run '^$$' -fuzz '^FuzzText$$' -fuzztime 1000000x ./internal/source

# The comparison runs first: the Go benchmarks delete their temporary sites
# when they finish, and on ext4 without a journal freshly deleted inodes
# slow file creation for minutes, which would land on the comparison. (The
# comparison's own cleanup lands on the stage benchmarks in turn; for
# stage figures without it, run bench-stages on its own.)
bench: tools ## the side-by-side comparison with Hugo (bench-compare), then the Go benchmarks of each stage (bench-stages)
	$(MAKE) --no-print-directory bench-compare
	$(MAKE) --no-print-directory bench-stages

bench-stages: tools ## Go benchmarks: load, index, render, write, highlighting, preview update and edit, and the required libraries alone
	$(GO) test -run '^$$' -bench . -benchtime 3x ./internal/catalog ./internal/markup ./internal/site ./internal/search ./internal/serve ./cmd/benchsite

$(HUGO):
	GOBIN=$(abspath $(TOOLS)/bin) $(GO) install github.com/gohugoio/hugo@$(HUGO_VERSION)

bench-compare: tools $(BIN) $(HUGO) ## build 1,000, 10,000 and 100,000 synthetic errors with our tool and with Hugo (+ Pagefind), quiet and after a deletion, against the write floor (BENCH_FLAGS="-n 1000,10000 -runs 3")
	$(GO) run ./cmd/benchsite -helpcenter $(BIN) -hugo $(HUGO) -hugo-version $(HUGO_VERSION) -sass $(HELPCENTER_SASS) $(BENCH_FLAGS)

bench-search: tools ## search index size per error, first-result download and query time at 1,000 to 100,000 errors vs Pagefind, in Chromium
	$(GO) test -run '^$$' -bench Search -benchtime 1x -timeout 60m ./internal/e2e

screenshots: tools ## write docs/screenshots/*.png (home, an error page light and dark, search on a phone)
	SCREENSHOTS=$(abspath docs/screenshots) $(GO) test -count=1 -run '^TestScreenshots$$' ./internal/e2e

weight: tools ## print each page type's transferred bytes (gzip)
	$(GO) test -count=1 -run '^TestPageWeight$$' -v ./internal/site | grep -E 'KB|ok|FAIL'

# A build's own files: the output, the staging folder beside it (and the
# folder a swap parks the live site in, if a crash left one), and the
# lock file.
OUT_DIR = $(patsubst %/,%,$(OUT))
OUT_FILES = $(OUT_DIR) $(addprefix $(dir $(OUT_DIR)).$(notdir $(OUT_DIR)),.next .next.old .lock)

clean: ## remove build output (with its staging folder and lock file) and installed tools
	rm -rf $(OUT_FILES) $(TOOLS)/node_modules $(TOOLS)/bin
