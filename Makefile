# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE := sample_results/current_format_example.json
FILM := sample_results/metareader_metadata_example_2017_v1.json

.PHONY: demo test lint typecheck unit notebooks docs bench samples clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/valossa-metadata info $(SAMPLE)
	$(BIN)/valossa-metadata report $(SAMPLE) -o report/
	$(BIN)/valossa-metadata report $(FILM) -o report/film/
	@echo "Open report/index.html (a synthetic weekend in Marseille) and report/film/index.html (a real film) in a browser."

test: lint typecheck unit notebooks docs

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy --strict valossa_metadata

unit: $(STAMP)
	$(BIN)/python -m pytest --cov --cov-report=term -q

notebooks: $(STAMP)
	$(BIN)/python -m pytest --nbmake notebooks/*.ipynb -q -p no:cacheprovider

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_load.py

samples: $(STAMP)
	$(BIN)/python -m valossa_metadata.synthetic --write-samples sample_results

clean:
	rm -rf $(VENV) report site .pytest_cache .mypy_cache .ruff_cache .coverage
