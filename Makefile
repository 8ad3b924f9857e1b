# Two commands for a fresh machine: `make run` (the site with demo content) and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/zib_wagtail

.PHONY: run test test-postgres install migrate demo lint format check clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall whenever pyproject.toml changes.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_zib_content
	$(MANAGE) ensure_admin_user

run: demo
	@echo "Site: http://127.0.0.1:8000/  Admin: http://127.0.0.1:8000/admin/"
	$(MANAGE) runserver 127.0.0.1:8000

test: install
	$(BIN)/pytest

test-postgres: install
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest

check: install
	DJANGO_SETTINGS_MODULE=zib_wagtail.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=zib_wagtail.settings.test $(MANAGE) makemigrations --check --dry-run --noinput

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 media static_collected .pytest_cache .ruff_cache
