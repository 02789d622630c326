# The README's commands. `make crawl` and `make test` each install what they need first.
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3

.PHONY: install crawl test faults demo lint clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

## Crawl every enabled source into data/corpus.db, then export it to data/corpus.jsonl.
crawl: install
	status=0; $(BIN)/twincrawl crawl $(ARGS) || status=$$?; \
	$(BIN)/twincrawl export --out data/corpus.jsonl; exit $$status

## Provision Chromium, Redis and FerretDB where possible, then run the whole test suite.
test: install
	scripts/provision.sh
	$(BIN)/python -m pytest $(ARGS)

## Fault injection: hostile servers and pages against a real crawl; prints one measured figure per case.
faults: install
	$(BIN)/python -m pytest -m faults -s

## Crawl the bundled replica of the seed sites, offline.
demo: install
	@scripts/demo.sh

## ruff, mypy strict on the packages, and the import contracts (pyproject.toml, [tool.importlinter]).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict twincrawl spiders pipelines settings
	PYTHONPATH=. $(BIN)/lint-imports

clean:
	rm -rf $(VENV) .cache build *.egg-info
