# govkg: make run (build the seeds and serve the viewer), make test (the test suite CI runs).
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PORT   ?= 5000

.PHONY: run build test test-fast test-servers bench bench-servers install deps deps-virtuoso lint clean

$(BIN)/kg: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/kg

# The modules byte-compiled, as pip does for a regular install (an editable one leaves it to
# the first run, and with PYTHONDONTWRITEBYTECODE set every run would compile them again).
install: $(BIN)/kg
	@$(BIN)/python -m compileall -q kg web

# Debian packages the tests need: Chromium for the browser tests, CJK fonts so Chinese renders.
deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi
	@if [ -n "$$GOVKG_TEST_VIRTUOSO" ]; then $(MAKE) --no-print-directory deps-virtuoso; fi

# Virtuoso for the tests marked `virtuoso` (they run when GOVKG_TEST_VIRTUOSO=1, as .ci/run sets).
deps-virtuoso:
	@if ! command -v virtuoso-t >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null; \
	fi

build: install
	$(BIN)/kg build seeds -o out/seeds.store
	$(BIN)/kg build seeds -o out/seeds.ttl -q

run: build
	$(BIN)/kg serve out/seeds.store --port $(PORT)

test: install deps
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# The SPARQL servers (Oxigraph; Virtuoso when GOVKG_TEST_VIRTUOSO=1) and the Dask engine alone.
test-servers: install deps
	$(BIN)/python -m pytest -q tests/test_server_store.py tests/test_virtuoso.py tests/test_dask.py

test-fast: install
	$(BIN)/python -m pytest -q -m "not browser and not slow"

bench: install
	$(BIN)/python bench/run.py

bench-servers: install
	GOVKG_TEST_VIRTUOSO=1 $(MAKE) --no-print-directory deps
	$(BIN)/python bench/servers.py

lint: install
	$(BIN)/pip install --quiet "ruff==0.17.6" && $(BIN)/ruff check kg web tests bench

clean:
	rm -rf out $(VENV) *.egg-info .pytest_cache
