# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TESTSTAMP := $(VENV)/.installed-test

.PHONY: run test venv venv-test clean

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

## test: run the test suite
test: $(TESTSTAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .pytest_cache
