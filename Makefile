# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo serve test lint bench clean browser presidio

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "footprint needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

demo: $(STAMP)
	$(VENV)/bin/footprint demo $(PERSONA)

serve: $(STAMP)
	$(VENV)/bin/footprint serve

test: lint browser
	$(PY) -m pytest -q $(PYTEST_ARGS)

# The tooling gate, before any test runs: lint and format (ruff) and types (mypy) at zero on the four packages.
lint: $(STAMP)
	$(VENV)/bin/ruff check footprint collectors analysis reports
	$(VENV)/bin/ruff format --check footprint collectors analysis reports
	$(VENV)/bin/mypy

# The browser tests need Debian's Chromium: installed here when we can (root with apt-get), else they skip with a note.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } ; } || \
		echo "note: no Chromium and no way to install it; the browser tests will skip (apt-get install chromium)"

bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

# Presidio, for bench_extract.py's comparison, in a virtualenv of its own (it slows spaCy's start-up).
presidio:
	$(PYTHON) -m venv .venv-presidio
	.venv-presidio/bin/python -m pip install --quiet presidio-analyzer

clean:
	rm -rf $(VENV) build *.egg-info
