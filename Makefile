# Two commands for a fresh machine: `make run` (the site with demo content) and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/zib_wagtail

.PHONY: run test test-postgres install translations browser migrate demo lint format check clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall whenever pyproject.toml changes.
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# Interface translations: .po → .mo with polib (GNU gettext's msgfmt is not needed).
translations: install
	$(MANAGE) compile_translations

# The browser tests drive Debian's Chromium (Playwright never downloads a browser).
browser:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

migrate: translations
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_zib_content
	$(MANAGE) ensure_admin_user

run: demo
	@echo "Site: http://127.0.0.1:8000/  Admin: http://127.0.0.1:8000/admin/"
	$(MANAGE) runserver 127.0.0.1:8000

test: translations browser
	$(BIN)/pytest

test-postgres: translations browser
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
