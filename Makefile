# Everything the project needs is installed from here: a fresh machine needs only python3.11.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= kg-store

.PHONY: install demo test bench bench-quick clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

demo: install
	rm -rf $(STORE)
	$(BIN)/kg build examples/ --store $(STORE)
	$(BIN)/kg validate --store $(STORE)
	$(BIN)/kg query --store $(STORE) --file ontology/queries/who-met-whom.rq --format table | tee who-met-whom.txt
	$(BIN)/kg export --store $(STORE) --format trig -o graph.trig
	@echo "wrote $(STORE)/ (Oxigraph store), graph.trig and who-met-whom.txt"

test: install
	$(BIN)/python -m pytest

# Figures vs references measured in the same run; appends a table to benchmarks/RESULTS.md.
# `make bench ONLY=build` runs one topic; `make bench-quick` is a smoke run (small sizes).
bench: install
	$(BIN)/python benchmarks/run.py $(if $(ONLY),--only $(ONLY))

bench-quick: install
	$(BIN)/python benchmarks/run.py --quick $(if $(ONLY),--only $(ONLY))

clean:
	rm -rf $(VENV) $(STORE) graph.trig who-met-whom.txt .pytest_cache
