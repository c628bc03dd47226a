# Two commands: `make run` and `make test`. Both create .venv when missing and install pinned dependencies.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= wirecoder.duckdb

.PHONY: run test install bench clean serve

include ui/ui.mk

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	$(BIN)/python -m wirecoder.geo.gazetteer --build  # the offline gazetteer index, built once into the cache
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP) ui
	$(BIN)/wirecoder demo --db $(DB)
	@echo "To look at these events on a map: $(BIN)/wirecoder serve --db $(DB)   then open http://127.0.0.1:8000/"

serve: $(STAMP) ui
	$(BIN)/wirecoder serve --db $(DB)

test: $(STAMP) ui browser
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) $(DB) build
