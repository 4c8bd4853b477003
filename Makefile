# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TESTSTAMP := $(VENV)/.installed-test

.PHONY: run test fuzz venv venv-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TESTSTAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

venv: $(STAMP)

## venv-test: the venv plus the test extras (pytest, the oxigraph server, …)
venv-test: $(TESTSTAMP)

## run: convert every profile in data/sources/ into data/*.ttl and print a summary
run: $(STAMP)
	$(BIN)/fgr build

## test: run the test suite on every core (pytest-xdist; a file's tests stay on one worker, so its
## module fixtures, a loaded server for instance, are set up once); PYTEST_ARGS adds options
test: $(TESTSTAMP)
	$(BIN)/python -m pytest -n auto --dist loadfile $(PYTEST_ARGS)

## fuzz: long property-based fuzz campaign of the converter (not part of `make test`); FUZZ_EXAMPLES=2000
fuzz: $(TESTSTAMP)
	$(BIN)/python fuzz/run.py $(or $(FUZZ_EXAMPLES),2000)

## bench: the benchmarks (bench/run.py; ~15-20 min on 2 cores): writes bench/RESULTS.md and bench/results.png
.PHONY: bench
bench: $(TESTSTAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache
