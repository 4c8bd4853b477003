# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TESTSTAMP := $(VENV)/.installed-test

.PHONY: run test docs fuzz mutate notebook venv venv-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TESTSTAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,embed,docs]'
	touch $@

venv: $(STAMP)

## venv-test: the venv plus the test extras (pytest, the oxigraph server, …) and [embed] (the e5 model)
venv-test: $(TESTSTAMP)

## run: convert every profile in data/sources/ into data/*.ttl and print a summary
run: $(STAMP)
	$(BIN)/fgr build

## test: run the test suite on every core (pytest-xdist; a file's tests stay on one worker, so its
## module fixtures, a loaded server for instance, are set up once); PYTEST_ARGS adds options
test: $(TESTSTAMP)
	$(BIN)/python -m pytest -n auto --dist loadfile $(PYTEST_ARGS)

## docs: the documentation site into build/docs/ (MkDocs, strict: a warning or a broken link fails it;
## the notebook is executed into its page); the docs extra (also installed by `make test`)
DOCSTAMP := $(VENV)/.installed-docs
$(DOCSTAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[docs]'
	touch $@

docs: $(DOCSTAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m mkdocs build --strict

## lint: ruff on src/ and tests/, and mypy in strict mode on all of src/ (pyproject.toml configures both;
## tests/test_lint.py runs the same in `make test`)
.PHONY: lint
lint: $(TESTSTAMP)
	$(BIN)/python -m ruff check src tests
	$(BIN)/python -m mypy --strict src

## notebook: JupyterLab, pandas and matplotlib (the notebook extra) in .venv, then open notebooks/explore.ipynb
NBSTAMP := $(VENV)/.installed-notebook
$(NBSTAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[notebook]'
	touch $@

notebook: $(NBSTAMP)
	$(BIN)/jupyter lab notebooks/explore.ipynb

## fuzz: long property-based fuzz campaign of the converter (not part of `make test`); FUZZ_EXAMPLES=2000
fuzz: $(TESTSTAMP)
	$(BIN)/python fuzz/run.py $(or $(FUZZ_EXAMPLES),2000)

## mutate: mutation testing (not part of `make test`; hours on 2 cores for all targets): parse, shapes, query,
## merge, model, variants, store, files, http, sssom, mappings, suggest, site-*, compare, render, report. Writes
## mutate/results/<target>.json and mutate/RESULTS.md. MUTATE_ARGS="--target store --sample 80" runs 80 seeded
## mutants of one target; "--only ID,ID" re-runs some and keeps the rest; "--list" prints them.
mutate: $(TESTSTAMP)
	$(BIN)/python mutate/run.py $(MUTATE_ARGS)

## bench: the benchmarks (bench/run.py; ~15-20 min on 2 cores): writes bench/RESULTS.md and bench/results.png
.PHONY: bench
bench: $(TESTSTAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/run.py
	PYTHONPATH=src $(BIN)/python bench/issue28.py

## bench-quick: issue 28's goals alone, 10x builds and 1x queries (a few minutes): bench/issue28.py --quick
.PHONY: bench-quick
bench-quick: $(TESTSTAMP)
	PYTHONPATH=src $(BIN)/python bench/issue28.py --quick

clean:
	rm -rf $(VENV) .pytest_cache
