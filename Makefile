# govkg: make run (build the seeds and serve the viewer), make test (the test suite CI runs).
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PORT   ?= 5000

.PHONY: run build test test-fast bench install deps lint clean

$(BIN)/kg: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/kg

install: $(BIN)/kg

# Debian packages the tests need: Chromium for the browser tests, CJK fonts so Chinese renders.
deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

build: install
	$(BIN)/kg build seeds -o out/seeds.store
	$(BIN)/kg build seeds -o out/seeds.ttl -q

run: build
	$(BIN)/kg serve out/seeds.store --port $(PORT)

test: install deps
	$(BIN)/python -m pytest -q

test-fast: install
	$(BIN)/python -m pytest -q -m "not browser and not slow"

bench: install
	$(BIN)/python bench/run.py

lint: install
	$(BIN)/pip install --quiet ruff && $(BIN)/ruff check kg web tests bench

clean:
	rm -rf out $(VENV) *.egg-info .pytest_cache
