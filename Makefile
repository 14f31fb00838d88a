# Everything the project needs is installed from here: a fresh machine needs only python3.11.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  ?= kg-store

.PHONY: install browser demo screenshot test eval bench bench-quick clean

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
	$(BIN)/kg viz --store $(STORE) -o graph.html --hide-isolated --title "diplomacy-kg: example corpus"
	$(BIN)/kg path --store $(STORE) "Narendra Modi" "Donald Trump"
	@echo "wrote $(STORE)/ (Oxigraph store), graph.trig, who-met-whom.txt and graph.html (open it in a browser)"

# The browser tests and the screenshot drive Debian's chromium (never a downloaded one).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

# docs/graph.png, the picture in the README: the demo page as headless chromium draws it.
screenshot: demo browser
	$(BIN)/python -m tests.support.browser graph.html docs/graph.png

# Two test processes (the machine's two cores): the suite is mostly single-threaded parsing.
# The real feed is still built once (tests/conftest.py, real_feed).
test: install browser
	$(BIN)/python -m pytest -n 2

# Extraction quality against the hand-checked gold set (../shared by default), split into
# the nine documents the first rules were written on and the twelve nobody tuned on, then
# the real-sentence suite (tests/data/sentences.jsonl).
SPLITS = --split "older=000*,wn2019-0[1-8]*" --split "newer=wn2019-09*,wn2019-1*,wn2019-20*"
eval: install
	$(BIN)/kg eval --gold $(SHARED)/gold --corpus $(SHARED)/corpus --baseline $(SPLITS)
	$(BIN)/kg eval --sentences tests/data/sentences.jsonl

# Figures vs references measured in the same run; appends a table to benchmarks/RESULTS.md.
# `make bench ONLY=build` runs one topic; `make bench-quick` is a smoke run (small sizes).
bench: install
	$(BIN)/python benchmarks/run.py $(if $(ONLY),--only $(ONLY))

bench-quick: install
	$(BIN)/python benchmarks/run.py --quick $(if $(ONLY),--only $(ONLY))

clean:
	rm -rf $(VENV) $(STORE) graph.trig graph.html who-met-whom.txt .pytest_cache
