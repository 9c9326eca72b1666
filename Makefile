# The two commands of the README: `make run` and `make test`. Both use the virtual environment .venv.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/programme

.PHONY: run release serve worker test install install-test lock lint chromium postgres bench load govuk-frontend clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs come from the lock (requirements/*.txt: every package pinned, with its hashes), then the project
# itself without dependencies. `make lock` refreshes the lock from pyproject.toml.
$(VENV)/.installed: pyproject.toml requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml requirements/test.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/test.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@ $(VENV)/.installed

## make lock: pin pyproject.toml's dependencies, with hashes, into requirements/test.txt (runtime and test
## extras) and requirements/base.txt (runtime, at the same versions). Pins already in the lock are kept unless
## they no longer fit; `make lock UPGRADE=1` moves every package to its newest fitting release.
UV_VERSION := 0.13.8
LOCK_FLAGS = --quiet --custom-compile-command "make lock" --generate-hashes --universal --python-version 3.11 $(if $(UPGRADE),--upgrade)
lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip compile $(LOCK_FLAGS) --extra test pyproject.toml requirements/build.in -o requirements/test.txt
	$(BIN)/uv pip compile $(LOCK_FLAGS) --constraint requirements/test.txt pyproject.toml requirements/build.in \
	  -o requirements/base.txt

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## make run: migrate, seed the roster and demo data into SQLite, serve on http://127.0.0.1:8000/
## with the background worker beside the web server (stopped with it; restart after changing a task's code).
## The demo runs inside the programme: its business date ("today") is PROGRAMME_DATE (councils/calendar.py).
DEMO_DATE ?= 2014-06-30
run: install
	DEBUG=1 PROGRAMME_DATE=$(DEMO_DATE) $(BIN)/python manage.py migrate --noinput
	DEBUG=1 PROGRAMME_DATE=$(DEMO_DATE) $(BIN)/python manage.py seed_demo
	DEBUG=1 PROGRAMME_DATE=$(DEMO_DATE) $(BIN)/python manage.py refresh_outcomes --schedule
	DEBUG=1 PROGRAMME_DATE=$(DEMO_DATE) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	DEBUG=1 PROGRAMME_DATE=$(DEMO_DATE) $(BIN)/python manage.py runserver 127.0.0.1:8000

## make release: the release steps (docs/deployment.md), once per release before the new web servers take traffic.
## Settings come from the environment, as for `make serve`.
release: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/python manage.py seed_programme

## make worker: the background worker (docs/deployment.md): runs the tasks queued in the database (case files,
## e-mail, the nightly work). Run one or more per machine, on as many machines as the work needs.
worker: install
	$(BIN)/python manage.py refresh_outcomes --schedule
	$(BIN)/python manage.py db_worker --no-reload

## make serve: the production run command (see docs/deployment.md): gunicorn, workers from WEB_CONCURRENCY.
## Run `make release` first; settings come from the environment.
PORT ?= 8000
BIND_ADDRESS ?= 0.0.0.0
serve: install
	$(BIN)/gunicorn programme.wsgi --bind $(BIND_ADDRESS):$(PORT) --workers $${WEB_CONCURRENCY:-2} \
	  --timeout 30 --graceful-timeout 30 --max-requests 2000 --max-requests-jitter 200

## make test: the whole suite on PostgreSQL, browser tests in Debian's Chromium, one pytest worker per core
## (each with its own test database); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: install-test chromium postgres
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

lint: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# PostgreSQL: DATABASE_URL when set; else the local server at 127.0.0.1:5432, started if installed but stopped.
postgres:
	@if [ -n "$$DATABASE_URL" ]; then exit 0; fi; \
	if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then exit 0; fi; \
	if command -v pg_ctlcluster >/dev/null && ls /etc/postgresql/ >/dev/null 2>&1; then \
	  echo "Starting the local PostgreSQL server"; \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | sort -V | tail -n1) main start; \
	  for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done; \
	fi; \
	echo "No PostgreSQL at 127.0.0.1:5432 and none installed to start. Install PostgreSQL or set DATABASE_URL." >&2; \
	exit 1

## make bench: national-scale figures (not part of make test)
bench: install-test postgres
	$(BIN)/python -m bench.run $(BENCH_ARGS)

## make load: gunicorn under a realistic mix of users (not part of make test); `make load LOAD_ARGS="--scenario surge"`
## is the claim window's surge: every council's approver submits while officers work and central staff review.
load: install-test postgres
	$(BIN)/python -m bench.load $(LOAD_ARGS)

## make govuk-frontend VERSION=x.y.z: refresh the vendored GOV.UK Frontend build (needs npm). The source-map comments
## are stripped: the maps are not vendored, and collectstatic's manifest storage refuses a file that names a missing one.
govuk-frontend:
	@test -n "$(VERSION)" || { echo "usage: make govuk-frontend VERSION=6.6.0" >&2; exit 2; }
	tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent govuk-frontend@$(VERSION) >/dev/null && tar xzf govuk-frontend-*.tgz && \
	cd - >/dev/null && rm -rf static/govuk && mkdir -p static/govuk && \
	cp -r $$tmp/package/dist/govuk/govuk-frontend.min.css $$tmp/package/dist/govuk/govuk-frontend.min.js $$tmp/package/dist/govuk/assets static/govuk/ && \
	sed -i 's#url(/assets/#url(assets/#g' static/govuk/govuk-frontend.min.css && \
	sed -i -E 's|/\*# sourceMappingURL=[^*]*\*/||' static/govuk/govuk-frontend.min.css && \
	sed -i -E 's|//# sourceMappingURL=[^ ]*$$||' static/govuk/govuk-frontend.min.js && \
	! grep -l sourceMappingURL static/govuk/govuk-frontend.min.* && echo "$(VERSION)" > static/govuk/VERSION

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-shm db.sqlite3-wal staticfiles
