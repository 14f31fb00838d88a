# Everything the project needs is installed from here: a fresh machine needs only python3.11.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= kg-store

.PHONY: install demo test eval clean

SHARED ?= ../shared

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

# Extraction quality against the hand-checked gold set (../shared by default).
eval: install
	$(BIN)/kg eval --gold $(SHARED)/gold --corpus $(SHARED)/corpus --baseline

clean:
	rm -rf $(VENV) $(STORE) graph.trig who-met-whom.txt .pytest_cache
