# The two commands a newcomer types: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

APT_PACKAGES := redis-server redis-tools libhiredis-dev wrk pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RELEASE_BIN := .build/release/cqrs

.PHONY: help setup system-packages build release test run bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{ printf "  %-16s %s\n", $$1, $$2 }'

system-packages: ## Install redis-server, redis-tools, libhiredis-dev and wrk if missing (apt)
	@missing=""; \
	for tool in redis-server redis-cli redis-benchmark wrk pkg-config; do command -v $$tool >/dev/null || missing=1; done; \
	[ -f /usr/include/hiredis/hiredis.h ] || missing=1; \
	if [ -n "$$missing" ]; then \
	  echo "setup: installing $(APT_PACKAGES)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	else echo "setup: system packages present"; fi
	@command -v swift >/dev/null || { echo "setup: Swift 6 is required (swift not found on PATH)"; exit 1; }

setup: system-packages ## Install what is missing and resolve the Swift packages
	swift package resolve

build: setup ## Debug build
	swift build

release: setup ## Release build of the cqrs executable
	swift build -c release --product cqrs

test: setup ## Build and run the whole test suite against real redis-server processes, then contract fuzzing (schemathesis)
	@scripts/reap-test-servers.sh
	@status=0; swift test || status=$$?; scripts/reap-test-servers.sh; \
	  [ $$status -eq 0 ] || exit $$status
	BENCH=0 scripts/lua-eventstore-test.sh
	python3 scripts/check-deploy.py
	scripts/contract-fuzz.sh
	scripts/smoke-make-run.sh

# `make run RUN_BUILD=debug` runs the debug build instead of the release; the smoke test
# in `make test` does, as the suite has just built it (a release build takes minutes).
RUN_BUILD ?= release

run: $(if $(filter debug,$(RUN_BUILD)),build,release) ## Start the whole system on loopback, seeded, data in var/ (see README); Ctrl-C stops it
	CQRS_BIN=$${CQRS_BIN:-.build/$(RUN_BUILD)/cqrs} scripts/run-local.sh

bench: release ## Run the benchmarks; prints Markdown tables of ratios
	$(RELEASE_BIN) bench client
	$(RELEASE_BIN) bench write-store
	$(RELEASE_BIN) bench command-api
	$(RELEASE_BIN) bench command-path
	$(RELEASE_BIN) bench query-api
	$(RELEASE_BIN) bench projector
	$(RELEASE_BIN) bench lag
	$(RELEASE_BIN) bench lag --read-fsync always

clean: ## Remove build output and local run data
	rm -rf .build var
