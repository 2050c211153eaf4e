# coffeechat: the two commands of the README, and a few more for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_HOME ?= $(CURDIR)/demo-workspace
CHECKED := src tests benchmarks scripts
# e.g. make run SERVE_ARGS="--port 9000 --no-browser"
SERVE_ARGS ?=

.PHONY: run test lint format docs screenshots bench clean

# The environment: a venv with coffeechat (editable) and the dev tools, pinned. The
# system packages come first (scripts/system-deps installs them as root on Debian, or
# names them with the command to run), so nothing fails half-way for want of them.
$(STAMP): pyproject.toml constraints.txt
	@scripts/system-deps run
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

## run: the web UI on the demo workspace (created with sample data on first run); opens the browser, or prints the address; Ctrl+C stops it
run: $(STAMP)
	@scripts/system-deps run
	@COFFEECHAT_HOME="$${COFFEECHAT_HOME:-$(DEMO_HOME)}" $(BIN)/coffeechat demo
	@COFFEECHAT_HOME="$${COFFEECHAT_HOME:-$(DEMO_HOME)}" $(BIN)/coffeechat serve $(SERVE_ARGS)

# pytest processes (pytest-xdist): one a core; TEST_JOBS=0 runs them in this process
TEST_JOBS ?= auto

## test: lint, type-check and run every test (PostgreSQL too when COFFEECHAT_TEST_DATABASE_URL is set)
test: $(STAMP)
	@scripts/system-deps test
	$(BIN)/ruff check $(CHECKED)
	$(BIN)/ruff format --check $(CHECKED)
	$(BIN)/mypy
	$(BIN)/pytest -n $(TEST_JOBS)

lint: $(STAMP)
	$(BIN)/ruff check $(CHECKED)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix $(CHECKED)
	$(BIN)/ruff format $(CHECKED)

## docs: regenerate docs/cli.md from --help
docs: $(STAMP)
	$(BIN)/python scripts/cli_reference.py > docs/cli.md

## screenshots: photograph every page of the web UI for the docs (docs/screenshots/), desktop and phone
screenshots: $(STAMP)
	@scripts/system-deps test
	$(BIN)/python scripts/screenshots.py

## bench: start-up, list, scheduling and scale benchmarks (ratios against baselines run in the same script)
bench: $(STAMP)
	$(BIN)/python benchmarks/cli_startup.py
	$(BIN)/python benchmarks/scheduling.py
	$(BIN)/python benchmarks/checker_accuracy.py
	$(BIN)/python benchmarks/agenda.py
	$(BIN)/python benchmarks/scale.py

clean:
	rm -rf $(VENV) demo-workspace .pytest_cache .mypy_cache .ruff_cache
