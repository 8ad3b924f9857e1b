# Two commands for a fresh machine: `make run` (the site with demo content) and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/zib_wagtail
TEST_REDIS_URL ?= redis://127.0.0.1:6379/5
PRODUCTION_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/zib_production
PRODUCTION_ENV = DJANGO_SETTINGS_MODULE=zib_wagtail.settings.production \
	SECRET_KEY="$$(cat .prod-secret-key)" ALLOWED_HOSTS=127.0.0.1,localhost \
	DATABASE_URL=$(PRODUCTION_DATABASE_URL) REDIS_URL=redis://127.0.0.1:6379/1 \
	WAGTAILADMIN_BASE_URL=http://127.0.0.1:8000 SECURE_SSL_REDIRECT=false \
	SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0 \
	GUNICORN_BIND=127.0.0.1:8000 WEB_CONCURRENCY=$${WEB_CONCURRENCY:-3}

.PHONY: run test test-postgres install translations browser migrate demo lint format check clean \
	redis serve-production bench screenshots test-othersite

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
	$(MANAGE) zib_setup_locales
	$(MANAGE) zib_setup_roles
	$(MANAGE) load_zib_content
	$(MANAGE) ensure_admin_user

run: demo
	@echo "Site: http://127.0.0.1:8000/  Admin: http://127.0.0.1:8000/admin/"
	$(MANAGE) runserver 127.0.0.1:8000

test: translations browser
	$(BIN)/pytest -n auto --dist loadgroup --durations=25

# The PostgreSQL run also runs the cache tests against Redis (database 5). It leaves out
# tests/browser: those drive a server of their own on a SQLite file, so they would only repeat.
test-postgres: translations redis
	DATABASE_URL=$(POSTGRES_URL) ZIB_TEST_REDIS_URL=$(TEST_REDIS_URL) $(BIN)/pytest -n auto --dist loadgroup --ignore=tests/browser --durations=25

# The second site (tests/othersite/run.py): builds the wheel, installs it into a fresh
# virtualenv and runs another city's site against it, including `zib-wagtail start`.
test-othersite: install
	$(PY) tests/othersite/run.py

# Retake the admin screenshots of docs/redaktion.md (docs/img/) with the editor's-day browser test.
screenshots: translations browser
	ZIB_UPDATE_SCREENSHOTS=1 $(BIN)/pytest tests/browser/test_editors_day.py

# Debian's Redis on 127.0.0.1:6379, started when it is not running (no persistence).
redis:
	command -v redis-server >/dev/null || (apt-get update && apt-get install -y redis-server)
	redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || (mkdir -p /var/lib/redis /var/log/redis \
	  && redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
	  --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log \
	  && sleep 1 && redis-cli -h 127.0.0.1 -p 6379 ping)

# The site under gunicorn with the production settings, against the local PostgreSQL and Redis
# (plain HTTP on 127.0.0.1:8000; docs/betrieb.md). SECRET_KEY is generated once per checkout.
serve-production: translations redis
	test -f .prod-secret-key || $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > .prod-secret-key
	psql "$(dir $(PRODUCTION_DATABASE_URL))postgres" -qtc "SELECT 1 FROM pg_database WHERE datname = '$(notdir $(PRODUCTION_DATABASE_URL))'" | grep -q 1 \
	  || psql "$(dir $(PRODUCTION_DATABASE_URL))postgres" -qc "CREATE DATABASE $(notdir $(PRODUCTION_DATABASE_URL))"
	$(PRODUCTION_ENV) $(MANAGE) migrate --noinput
	$(PRODUCTION_ENV) $(MANAGE) collectstatic --noinput -v 0
	$(PRODUCTION_ENV) $(MANAGE) zib_setup_locales
	$(PRODUCTION_ENV) $(MANAGE) zib_setup_roles
	$(PRODUCTION_ENV) $(MANAGE) load_zib_content
	$(PRODUCTION_ENV) $(BIN)/gunicorn -c zib_wagtail/gunicorn.conf.py

# Load benchmark (bench/README in bench/run.py): gunicorn + PostgreSQL + Redis, driven by wrk.
# BENCH_SIZES=10,1000,10000 for the full series; writes bench/results.json and results.md.
# Then two app servers on one site (bench/two_servers.py) and the side-by-side comparison with
# the commit before issue 18 (bench/compare.py, BENCH_BASE), each its own section of results.md.
bench: translations redis
	command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	$(PY) bench/run.py
	$(PY) bench/two_servers.py
	$(PY) bench/compare.py

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
	rm -rf $(VENV) db.sqlite3 media static_collected .pytest_cache .ruff_cache bench/.work
