# armswatch: set-up, demo, tests and benchmarks.
#
#   make demo    create .venv, install the locked requirements, run `armswatch extract` on the samples
#                then serve them: prints the URL of the dashboard (stop it with `make serve-stop`)
#   make serve   the REST API and dashboard on http://127.0.0.1:8000/ (SERVE_DB=..., SERVE_PORT=...)
#   make test    same venv with the dev extras, then ruff check, ruff format --check, mypy, pytest
#   make lint    ruff check, ruff format --check, mypy (no tests)
#   make bench   extraction speed benchmark (writes docs/performance.md)
#   make lock    regenerate requirements/lock.txt and requirements/dev.txt (pinned, with hashes)
#
# Every package is installed from requirements/*.txt with --require-hashes; the project itself is
# then installed editable with --no-deps. After changing dependencies in pyproject.toml, run
# `make lock` and commit both requirement files.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
PIP_FLAGS ?= --quiet --disable-pip-version-check

# pip-tools runs in its own scratch venv (never in the project venv).
LOCK_VENV := build/lock-venv
PIP_TOOLS_VERSION := 7.6.2
# pip-tools 7.6 with the venv's old pip (23.x) drops extras' dependencies (lxml[html_clean]); pin pip.
LOCK_PIP_VERSION := 25.3
PIP_COMPILE_FLAGS := --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
	--no-emit-find-links --quiet

SAMPLES := $(sort $(wildcard src/armswatch/samples/*.txt src/armswatch/samples/*.html))

STAMP_RUNTIME := $(VENV)/.armswatch-runtime
STAMP_DEV := $(VENV)/.armswatch-dev

.PHONY: install install-dev demo demo-extract test lint bench lock clean-venv serve demo-serve serve-stop

install: $(STAMP_RUNTIME)

install-dev: $(STAMP_DEV)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install $(PIP_FLAGS) --upgrade pip

$(STAMP_RUNTIME): $(VENV)/bin/python requirements/lock.txt pyproject.toml
	$(PIP) install $(PIP_FLAGS) --require-hashes -r requirements/lock.txt
	$(PIP) install $(PIP_FLAGS) --no-deps -e .
	touch $@

$(STAMP_DEV): $(VENV)/bin/python requirements/dev.txt pyproject.toml
	$(PIP) install $(PIP_FLAGS) --require-hashes -r requirements/dev.txt
	$(PIP) install $(PIP_FLAGS) --no-deps -e .
	touch $@ $(STAMP_RUNTIME)

# The demo is a list of steps; later stages append theirs (e.g. demo-ingest, demo-serve).
DEMO_STEPS := demo-extract demo-serve

demo: install $(DEMO_STEPS)

demo-extract: install
	$(BIN)/armswatch extract --format table $(SAMPLES)

# -- serve (api stage): the REST API and the dashboard -----------------------------------------
#   make serve               serve $(SERVE_DB) in the foreground (Ctrl-C stops it)
#   make demo-serve          (last demo step) serve the demo database in the background, print its URL
#   make serve-stop          stop the background server of demo-serve
SERVE_DB ?= sqlite:///armswatch.db
SERVE_HOST ?= 127.0.0.1
SERVE_PORT ?= 8000
DEMO_SERVE_DB ?= sqlite:///build/demo.db

serve: install
	$(BIN)/armswatch serve --db $(SERVE_DB) --host $(SERVE_HOST) --port $(SERVE_PORT)

demo-serve: install serve-stop
	@mkdir -p build
	$(BIN)/armswatch ingest --quiet --db $(DEMO_SERVE_DB) $(SAMPLES)
	@nohup $(BIN)/armswatch serve --db $(DEMO_SERVE_DB) --host $(SERVE_HOST) --port $(SERVE_PORT) \
		> build/serve.log 2>&1 & echo $$! > build/serve.pid
	@$(BIN)/python -m armswatch.api.wait http://$(SERVE_HOST):$(SERVE_PORT)/api/v1/health 60 \
		|| { cat build/serve.log; exit 1; }
	@echo "armswatch dashboard with the demo data: http://$(SERVE_HOST):$(SERVE_PORT)/  (API docs: /docs; stop: make serve-stop)"

serve-stop:
	@if [ -f build/serve.pid ]; then kill `cat build/serve.pid` 2>/dev/null || true; rm -f build/serve.pid; fi

# Every check runs even when an earlier one fails (so CI always shows pytest's summary); the target
# fails if any of them failed.
test: install-dev
	@status=0; \
	echo "== ruff check"; $(BIN)/ruff check . || status=1; \
	echo "== ruff format --check"; $(BIN)/ruff format --check . || status=1; \
	echo "== mypy"; $(BIN)/mypy || status=1; \
	echo "== pytest"; $(BIN)/pytest $(PYTEST_ARGS) || status=1; \
	if [ $$status -ne 0 ]; then echo "make test: FAILED (see above)"; fi; \
	exit $$status

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: install
	$(BIN)/python benchmarks/extract_speed.py

lock:
	test -x $(LOCK_VENV)/bin/python || $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install $(PIP_FLAGS) pip==$(LOCK_PIP_VERSION) pip-tools==$(PIP_TOOLS_VERSION)
	mkdir -p requirements
	$(LOCK_VENV)/bin/pip-compile $(PIP_COMPILE_FLAGS) -o requirements/lock.txt pyproject.toml
	$(LOCK_VENV)/bin/pip-compile $(PIP_COMPILE_FLAGS) --extra dev -o requirements/dev.txt pyproject.toml

clean-venv:
	rm -rf $(VENV) $(LOCK_VENV)
