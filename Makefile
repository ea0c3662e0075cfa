# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Both share .venv, each with its own stamp, so that either may run first: the demo installs the
# library and its command line alone, the tests add the dev toolset. Both install the working tree
# in editable mode, so neither replaces the other's copy of the package.
LIBRARY_STAMP := $(VENV)/.installed-library
DEV_STAMP := $(VENV)/.installed-dev
SAMPLE := sample_results/current_format_example.json
FILM := sample_results/metareader_metadata_example_2017_v1.json

.PHONY: demo test lint typecheck imports unit notebooks notebooks-build docs bench samples clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(LIBRARY_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(LIBRARY_STAMP)
	$(BIN)/valossa-metadata info $(SAMPLE)
	$(BIN)/valossa-metadata report $(SAMPLE) -o report/
	$(BIN)/valossa-metadata report $(FILM) -o report/film/
	@echo "Open report/index.html (a synthetic weekend in Marseille) and report/film/index.html (a real film) in a browser."

test: lint typecheck imports unit notebooks docs

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy --strict valossa_metadata
	$(BIN)/mypy --strict notebooks/*.py

imports: $(DEV_STAMP)
	$(BIN)/lint-imports

# tests/test_notebooks_paired.py (in `unit`) checks that each notebook's .py and .ipynb hold the same cells.
unit: $(DEV_STAMP)
	$(BIN)/python -m pytest --cov --cov-report=term -q

notebooks: $(DEV_STAMP)
	$(BIN)/python -m pytest --nbmake notebooks/*.ipynb -q -p no:cacheprovider

# Writes each notebooks/NN_*.ipynb from its .py, executed; `make notebooks-build NAMES=01_quick_start` for some.
notebooks-build: $(DEV_STAMP)
	$(BIN)/python notebooks/build.py $(NAMES)

docs: $(DEV_STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

bench: $(DEV_STAMP)
	$(BIN)/python benchmarks/bench_load.py

samples: $(DEV_STAMP)
	$(BIN)/python -m valossa_metadata.testing.synthetic --write-samples sample_results

clean:
	rm -rf $(VENV) report site .pytest_cache .mypy_cache .ruff_cache .import_linter_cache .coverage
