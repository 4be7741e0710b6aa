# Minsheng: `make run` starts a demo town at http://127.0.0.1:8080; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help
FUZZ_SECONDS ?= 300

.PHONY: help bootstrap build run test test-quick test-clock fuzz bench format check-format lint clean

help:
	@echo "make run    install what is missing, build, start the demo town at http://127.0.0.1:8080"
	@echo "make test   every test: format, lint, unit + integration (SQLite and PostgreSQL), ASan/UBSan, fuzz"
	@echo "make test-clock  the dev-build tests, Vitest and Playwright with the clock at awkward dates"
	@echo "make fuzz   run each fuzz target longer (FUZZ_SECONDS=$(FUZZ_SECONDS))"
	@echo "make bench  release build: API routes vs /healthz, the portal against its budget, circular generation, print artwork (bench/RESULTS.md)"

bootstrap:
	@scripts/bootstrap

build: bootstrap
	cmake --preset release >/dev/null
	cmake --build --preset release --target minsheng
	cd web/admin && npm run build

run: build
	@mkdir -p data
	@if [ ! -f data/minsheng.db ]; then build/release/minsheng demo; fi
	build/release/minsheng serve

test: bootstrap
	@scripts/test-all

# Unit and integration tests of the debug build only (the quick loop).
test-quick: bootstrap
	cmake --preset dev >/dev/null && cmake --build --preset dev && ctest --preset dev

# Every dev-build test, Vitest and Playwright with the machine's clock at each awkward date of
# scripts/clock-sweep (make test runs a quick subset of it).
test-clock: bootstrap
	cmake --preset dev >/dev/null && cmake --build --preset dev
	cd web/admin && npm run build
	scripts/clock-sweep --full

fuzz: bootstrap
	bash fuzz/run.sh $(FUZZ_SECONDS)

# Speed (never in tests): bench/run.sh (API routes), bench/portal.sh (portal budget, appends bench/RESULTS.md),
# bench/circulars.sh (circular generation for the demo town and a county-sized demo, into bench/RESULTS.md),
# bench/print.sh (sign board, poster and leaflet artwork against the 100 ms budget, into bench/RESULTS.md).
bench: bootstrap
	bash bench/run.sh
	bash bench/portal.sh
	bash bench/circulars.sh
	bash bench/print.sh

format:
	scripts/check-format --fix

check-format:
	scripts/check-format

lint:
	scripts/lint-deps

clean:
	rm -rf build
