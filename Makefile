# The two commands a new machine needs: `make demo` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/claims demo

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest -q

# The fast lane, for while you work: everything except tests marked slow (memory, SIGKILL,
# browser, benchmark-like and other multi-second tests), property tests with 20 examples.
# `make test` still runs them all, with Hypothesis's default 100.
test-fast: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest -q -m 'not slow and not network' --hypothesis-profile=fast

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python benchmarks/extract_speed.py

clean:
	rm -rf $(VENV) demo-out build *.egg-info
