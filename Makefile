# Quick start: `make serve` (build and serve the example briefing), `make test` (run the suite).
# Each target creates .venv and installs what it needs on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test build check lint format golden schema messages bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

# Wheels of briefbook's dependencies, so that tests/test_readme_start.py can install
# briefbook into a fresh virtual environment as the README says, without the network.
WHEELHOUSE := .wheelhouse
WHEEL_STAMP := $(WHEELHOUSE)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

$(WHEEL_STAMP): pyproject.toml $(STAMP)
	rm -rf $(WHEELHOUSE)
	$(BIN)/python -m pip wheel --quiet --wheel-dir $(WHEELHOUSE) .
	rm -f $(WHEELHOUSE)/briefbook-*.whl && touch $(WHEEL_STAMP)

# Outside references the suite checks against (Nu HTML Checker, axe-core, citeproc-js,
# the EDTF reference), pinned in package-lock.json; run with the machine's Node and Java.
NODE_STAMP := node_modules/.installed-$(shell cksum package-lock.json | cut -d' ' -f1)

$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	rm -f node_modules/.installed-* && touch $(NODE_STAMP)

serve: $(STAMP)  ## build and serve the example briefing on http://127.0.0.1:8000/
	$(BIN)/mkdocs serve --dirty

test: $(STAMP) $(NODE_STAMP) $(WHEEL_STAMP)  ## lint, type-check and run the whole test suite
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest

build: $(STAMP)  ## the example site, strict and frozen, as CI builds it: a preview (it is published nowhere)
	BRIEFBOOK_PREVIEW=true BRIEFBOOK_FROZEN=true $(BIN)/mkdocs build --strict

check: $(STAMP)  ## check the example's data
	$(BIN)/briefbook check . --frozen

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check briefbook tests
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format briefbook tests

golden: $(STAMP)  ## regenerate the golden Markdown after an intended template change
	$(BIN)/python tests/regen_golden.py

schema: $(STAMP)  ## regenerate briefbook/schema/*.schema.json from the contract (briefbook/contract/)
	$(BIN)/briefbook schema --out briefbook/schema

messages: $(STAMP)  ## refresh briefbook/locale/briefbook.pot and add new strings to every language's catalog
	$(BIN)/python -m briefbook.site.message_catalog

bench: $(STAMP)  ## the benchmark of issue #6: 100, 1,000 and 5,000 claims (see bench/README.md)
	$(BIN)/python bench/run.py --out bench/out --json bench/out/results.json

clean:
	rm -rf site .pytest_cache node_modules $(WHEELHOUSE)
