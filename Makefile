# Two commands for a newcomer: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: run test install lint types pytest browser-deps demo serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Quiet set-up, then the address and one demo login per role, then the server (HOST, PORT).
run: install
	@echo "Preparing the database and the demo organization..."
	@$(BIN)/learnloop migrate --noinput --verbosity 0
	@$(BIN)/learnloop collectstatic --noinput --verbosity 0
	@$(BIN)/learnloop demo --address http://$(HOST):$(PORT)
	@$(BIN)/learnloop serve --bind $(HOST):$(PORT)

# Headless Chromium for the browser tests, from Debian's packages when it is missing.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Chromium for the browser tests (apt-get)..."; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

lint: install
	$(BIN)/ruff check .

types: install
	$(BIN)/mypy learnloop conftest.py

pytest: install browser-deps
	$(BIN)/learnloop makemigrations --check --dry-run --settings=learnloop.settings_test
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

test: lint types pytest

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
