# Two commands matter: `make run` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
FLASK   = $(BIN)/flask --app hiring
HOST   ?= 127.0.0.1
PORT   ?= 5000

.DEFAULT_GOAL := help
.PHONY: help run test test-fast lint fmt migrate upgrade clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-8s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependencies change.
$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed-app

instance/config.py: | $(BIN)/python
	$(BIN)/python -m hiring.init_instance

# The job worker (mail, reminders, packets) runs in the background beside the app; its log lines
# say "worker". Ctrl+C reaches both; the trap also stops the worker if the app exits first.
run: $(VENV)/.installed-app instance/config.py ## Start the app on http://127.0.0.1:5000 with demo data and a job worker
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	@echo "\nServing on http://$(HOST):$(PORT) with a job worker  (Ctrl+C stops both)\n"
	@$(FLASK) jobs worker </dev/null & worker=$$!; \
	trap 'kill -INT $$worker 2>/dev/null; wait $$worker; trap - EXIT; exit 0' INT TERM EXIT; \
	$(FLASK) run --debug --no-debugger --no-reload --host $(HOST) --port $(PORT)

# The tests run in parallel, a pytest-xdist worker per core (TEST_WORKERS=0: in this process,
# e.g. for pdb); each worker has databases of its own, and a test file stays on one worker.
TEST_WORKERS ?= auto
XDIST = -n $(TEST_WORKERS) --dist loadfile

test: $(VENV)/.installed-dev ## Run the whole test suite
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

test-fast: $(VENV)/.installed-dev ## The edit loop: every test but the browser and PDF-rendering ones
	$(BIN)/python -m pytest $(XDIST) -m "not browser and not pdf" $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev ## ruff (lint and format check) and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

fmt: $(VENV)/.installed-dev ## Format the code and fix what ruff can
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrate: $(VENV)/.installed-dev ## Autogenerate a migration: make migrate m="what changed"
	$(FLASK) db migrate -m "$(m)"

clean: ## Remove the virtualenv and caches (keeps instance/)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
