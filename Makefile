# Hub's commands. `make run` serves the demo site; `make test` runs every test.
# Both create .venv and install the locked dependencies first, so a fresh machine needs only
# Python 3.11 and make.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum requirements.lock | cut -d' ' -f1)
PYTEST_ARGS ?=
# Test processes in parallel (pytest-xdist): one per core, at most 4; TEST_PROCESSES=0 for one.
TEST_PROCESSES ?= auto

.PHONY: help run dev test lint format worker beat install lock migrate clean

## List the targets and what each does.
help:
	@awk '/^## /{doc=substr($$0,4); next} /^[a-z-]+:/{if(doc){split($$1,t,":"); printf "  make %-8s %s\n", t[1], doc}; doc=""}' $(MAKEFILE_LIST)

## Create .venv and install the exact versions in requirements.lock (the other targets do it).
install: $(STAMP)

$(STAMP): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing the locked dependencies into $(VENV)…"
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

## Apply the database migrations (SQLite under var/ unless DATABASE_URL says otherwise).
migrate: install
	$(BIN)/python manage.py migrate --noinput

## Serve http://127.0.0.1:8000 on SQLite with the demo community and its scheduled jobs.
run: migrate
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py serve 127.0.0.1:8000

## Like `make run`, with Django's debug pages and the code reloader (for developing).
dev: migrate
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py serve --debug 127.0.0.1:8000

## Run the whole test suite (PostgreSQL and Redis too when DATABASE_URL and REDIS_URL are set).
test: install
	$(BIN)/python -m pytest -n $(TEST_PROCESSES) --maxprocesses 4 $(PYTEST_ARGS)

## ruff lint and format check, and the import-linter contract between the apps' layers.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

## Rewrite the code in ruff's format and apply safe lint fixes.
format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## A Celery worker on REDIS_URL (production-like set-up; `make run` starts its own).
worker: install
	$(BIN)/celery -A hub worker --loglevel=info

## Celery beat: sends the scheduled jobs stored in the database (see the admin's Periodic tasks).
beat: install
	$(BIN)/celery -A hub beat --loglevel=info

## Re-resolve requirements.lock from the ranges in pyproject.toml.
lock: install
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements.lock pyproject.toml

## Remove .venv/ and the SQLite database.
clean:
	rm -rf $(VENV) var/*.sqlite3* var/staticfiles
