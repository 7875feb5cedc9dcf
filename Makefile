# diplowatch: `make demo` runs the main job on the bundled pages; `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db
PORT ?= 8000

.PHONY: demo serve test lint format bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

# The server starts as soon as the pages are stored, and the tables and the round-up are shown
# while it comes up (at a lower priority, so as not to hold it up); Ctrl-C stops it.
demo: $(VENV)/.installed
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/diplowatch ingest examples/pages --db $(DEMO_DB)
	@$(BIN)/diplowatch serve --db $(DEMO_DB) --port $(PORT) --workers 1 & server=$$!; \
	trap 'kill $$server 2>/dev/null' EXIT INT TERM; \
	nice $(BIN)/diplowatch articles --db $(DEMO_DB) && \
	nice $(BIN)/diplowatch events --db $(DEMO_DB) && \
	nice $(BIN)/diplowatch positions --db $(DEMO_DB) && \
	nice $(BIN)/diplowatch stories --db $(DEMO_DB) --watch russia-ukraine && \
	nice $(BIN)/diplowatch digest --db $(DEMO_DB) --watch russia-ukraine --format html \
		--out demo-digests && \
	nice $(BIN)/diplowatch digest --db $(DEMO_DB) --watch russia-ukraine && \
	echo "The example store is $(DEMO_DB): point the other commands at it with --db $(DEMO_DB)" && \
	echo "(or export DIPLOWATCH_DB=$(DEMO_DB)). It is served at http://127.0.0.1:$(PORT)/" && \
	echo "(Ctrl-C stops it)." && \
	wait $$server

serve: $(VENV)/.installed
	$(BIN)/diplowatch serve --db $(DEMO_DB) --port $(PORT)

test: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -n 2 -q

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: $(VENV)/.installed-test
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: $(VENV)/.installed-test
	$(BIN)/python bench/html_benchmark.py

clean:
	rm -rf $(VENV) build dist *.egg-info demo-digests test-artifacts $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
