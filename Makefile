# Ryhmä: `make run` for a working demo, `make test` for the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-requirements

.PHONY: run test lint typecheck format worker messages install clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when requirements.txt differs from what was last installed.
$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	cp requirements.txt $(STAMP)

install: $(STAMP)

run: export RYHMA_DEBUG ?= 1
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Ryhmä: http://127.0.0.1:$(PORT)/  (demo users: koordinaattori, kyla, kyla2, virkailija, tyontekija; password ryhmademo)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# mypy with the django-stubs plugin, configured in pyproject.toml; its cache is .mypy_cache/.
typecheck: install
	$(BIN)/mypy

# The suite runs in one process per core (pytest-xdist); a module's tests stay together, so
# a module-scoped fixture (the seeded demo) is built once. Measured in CI on two cores
# (bench/README.md, "The suite"): this was the fastest of the three ways tried. The modules
# go out in collection order, where conftest.py puts the longest first (LONGEST_MODULES),
# instead of xdist's order by number of tests.
test: lint typecheck
	$(BIN)/python -m pytest -n auto --dist loadfile --no-loadscope-reorder

worker: export RYHMA_DEBUG ?= 1
worker: install
	@test -n "$$REDIS_URL" || (echo "Set REDIS_URL, e.g. redis://127.0.0.1:6379/0" && exit 1)
	$(BIN)/celery -A ryhma worker --loglevel=info --concurrency=2

# Benchmarks (not tests; PostgreSQL only, from DATABASE_URL): bench/run.py runs every part
# in bench/ (pages per role at demo and city scale, crew-grid save, dashboard aggregates at
# national scale, a gunicorn load run, and bench/reports.py, the PDF report part) and writes
# bench/results.json. `python bench/reports.py` alone runs just the report part.
bench: install
	$(BIN)/python bench/run.py

# Extract strings for fi/sv/en and compile the catalogues without system gettext.
# The root locale/ holds ryhma/ and templates/; each app keeps its own locale/.
# --no-location keeps file:line references out of the catalogues, so that moving code does
# not rewrite them (fewer merge conflicts).
APPS := villages workers services evaluation
messages: install
	RYHMA_DEBUG=1 $(BIN)/python manage.py makemessages -l fi -l sv -l en --no-obsolete --no-location \
		--ignore=.venv --ignore=staticfiles $(foreach app,$(APPS),--ignore=$(app))
	for app in $(APPS); do mkdir -p $$app/locale && (cd $$app && RYHMA_DEBUG=1 DJANGO_SETTINGS_MODULE=ryhma.settings PYTHONPATH=.. ../$(BIN)/django-admin makemessages -l fi -l sv -l en --no-obsolete --no-location) || exit 1; done
	RYHMA_DEBUG=1 $(BIN)/python manage.py compile_catalogues

clean:
	rm -rf $(VENV) staticfiles .test-media .pytest_cache .mypy_cache
