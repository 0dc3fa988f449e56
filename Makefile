# Kompetenceplan. `make run` for a local server with demo data, `make test` for the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# Local targets use the development settings (the public development key needs
# DJANGO_DEBUG=true; production runs manage.py with its own environment).
DEV := DJANGO_DEBUG=$${DJANGO_DEBUG:-true}

.PHONY: setup run migrate demo test test-sqlite test-postgres lint format bench bench-search bench-cohorts bench-planner messages clean

setup: $(VENV)/.installed node_modules/.installed ## install Python and npm dependencies

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

migrate: setup
	mkdir -p var
	$(DEV) $(PY) manage.py migrate --noinput

demo: migrate
	$(DEV) $(PY) manage.py load_demo

run: demo ## install, migrate, load demo data, serve on 127.0.0.1:8000 with the document worker
	@echo "Kompetenceplan kører på http://$(HOST)/ (stop med Ctrl+C)"
	@DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py runserver $(HOST)

lint: setup
	mkdir -p var
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(DEV) $(VENV)/bin/mypy
	env -u DATABASE_URL $(DEV) $(PY) manage.py makemigrations --check --dry-run

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The suite runs on SQLite (with the browser tests), then on PostgreSQL when
# DATABASE_URL points at it (.ci/run sets it) or when PostgreSQL answers on PG_URL.
test: lint test-sqlite test-postgres

test-sqlite: setup
	env -u DATABASE_URL $(PY) -m pytest

test-postgres: setup
	@url="$${DATABASE_URL:-$(PG_URL)}"; \
	if $(PY) scripts/db_available.py "$$url"; then \
		echo "== PostgreSQL: $$url"; \
		DATABASE_URL="$$url" $(PY) -m pytest -m "not browser"; \
	else \
		echo "PostgreSQL is not reachable at $$url: the PostgreSQL run was SKIPPED."; \
		if [ -n "$$CI" ]; then exit 1; fi; \
	fi

messages: setup ## extract and compile the English translation
	cd kompetenceplan && $(DEV) ../$(PY) ../manage.py makemessages -l en --ignore "*/tests/*" --no-obsolete
	cd kompetenceplan && $(DEV) ../$(PY) ../manage.py compilemessages

bench: setup
	$(PY) bench/run.py

# Catalogue search on the demo data, on PostgreSQL when DATABASE_URL points there
# (a throw-away database bench_<name> beside it; docs/security.md "Search").
bench-search: setup
	$(PY) bench/search.py

# Enrolment under contention through HTTP and the ICS feed of 2,000 sessions
# (a throw-away database bench_<name> beside DATABASE_URL's; docs/cohorts.md).
bench-cohorts: setup
	$(PY) bench/cohorts.py

# The coverage planner on a generated municipality of 75 schools: MILP vs greedy
# (cost, coverage, solve time; docs/coverage.md "Planlægning"). No database.
bench-planner: setup
	$(PY) bench/planner.py

clean:
	rm -rf $(VENV) node_modules var/*.sqlite3* var/static var/media

# Coverage computation vs the same aggregate as raw SQL, 40 schools (a throw-away
# database bench_<name> beside DATABASE_URL's; docs/coverage.md "Hastighed").
.PHONY: bench-coverage
bench-coverage: setup ## the coverage aggregate vs raw SQL, then the planner (MILP vs greedy, 75 schools)
	$(PY) bench/coverage.py
	$(PY) bench/planner.py
