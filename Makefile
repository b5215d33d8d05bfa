# kg — one command to set up and run the demo, one to set up and run the tests.
#   make demo              build the graph of seeds/ and write out/
#   make demo CORPUS=DIR   … of another folder
#   make test              run the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORPUS ?= seeds/
OUT ?= out
STAMP := $(VENV)/.installed

.PHONY: setup demo test browsers services lock clean bench

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "kg needs Python >= 3.12 (see .python-version)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: setup
	rm -rf $(OUT)/store
	$(BIN)/kg build $(CORPUS) --store $(OUT)/store
	$(BIN)/kg export --store $(OUT)/store --format trig -o $(OUT)/graph.trig
	$(BIN)/kg export --store $(OUT)/store --format graphml -o $(OUT)/graph.graphml
	$(BIN)/kg render --store $(OUT)/store -o $(OUT)/graph.html
	$(BIN)/kg site --store $(OUT)/store --out $(OUT)/site
	@echo
	@$(BIN)/kg stats --store $(OUT)/store
	@echo "open $(OUT)/graph.html (or $(OUT)/site/index.html to browse entities and articles)"

browsers:
	bash scripts/install-chromium.sh

# Virtuoso Open Source (Debian) for the SPARQL-server store tests, which start and stop their own.
services:
	bash scripts/virtuoso.sh install

test: setup browsers services
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/throughput.py

# Refresh the pinned versions after changing pyproject.toml dependencies.
lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^kg==' > requirements.lock

clean:
	rm -rf $(OUT) .venv tests/output
