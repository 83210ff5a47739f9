# The README's two commands: `make run` and `make test`. Each makes .venv when missing;
# `make run` installs only what running needs, `make test` adds the test extras (mypy, igraph,
# countrynames/PyICU...). Nothing else needs to be on the machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed

.PHONY: run test lint format typecheck clean install tools

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP) $(RUN_STAMP)

install: $(STAMP)

run: $(RUN_STAMP)
	$(BIN)/ccpj run

# Page and web-server tests use headless Chromium and a real nginx (Debian packages).
SYSTEM_TOOLS := chromium nginx

tools:
	@missing=""; for t in $(SYSTEM_TOOLS); do command -v $$t >/dev/null 2>&1 || missing=1; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium and nginx-light (Debian) for the page and server tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium nginx-light >/dev/null; \
	  else \
	    echo "missing: $(SYSTEM_TOOLS); install them (Debian: apt-get install chromium nginx-light)"; \
	  fi; \
	fi

# The suite runs on every core (pytest-xdist). worksteal: each worker starts on its half of the
# tests and takes work from the other when it runs out, so one long file (tests/test_reason.py)
# does not finish alone at the end. `make test PYTEST_WORKERS=0` runs it in one process.
PYTEST_WORKERS ?= auto

test: $(STAMP) tools
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

# Static types; not part of `make test`.
typecheck: $(STAMP)
	$(BIN)/mypy src/ccpj_graph

format: $(STAMP)
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
