# CX akademie: `make run` serves the academy, `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := ACADEMY_ENV=development $(BIN)/flask --app wsgi
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test test-all setup translations lint clean bench chaos editor-bundle
CHAOS_SHORT ?=
CHAOS_ONLY ?=

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d academy/translations -D messages --statistics 2>&1 | tail -n 1

instance/secret_key:
	mkdir -p -m 700 instance && chmod 700 instance
	umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_hex(32))' > $@

# Create the venv, install, migrate, import courses/, serve http://127.0.0.1:5000
setup: $(VENV)/.installed translations instance/secret_key
	chmod 700 instance
	ACADEMY_SECRET_KEY=$$(cat instance/secret_key) $(FLASK) db upgrade
	ACADEMY_SECRET_KEY=$$(cat instance/secret_key) $(FLASK) courses import courses

# The background worker (mails, reminders) runs beside the server; Ctrl-C stops both.
run: setup
	@export ACADEMY_SECRET_KEY=$$(cat instance/secret_key); \
	$(FLASK) jobs worker --workers 1 & worker=$$!; \
	trap 'kill -INT $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(FLASK) run --host $(HOST) --port $(PORT)

# axe-core for the browser tests' accessibility checks, from npm (node_modules is not committed).
AXE := tests/e2e/vendor/node_modules/axe-core/axe.min.js
$(AXE): tests/e2e/vendor/package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --prefix tests/e2e/vendor --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm is missing, so the browser tests will skip: apt-get install npm"; fi

# The studio's Markdown editor (CodeMirror 6), bundled by esbuild into academy/static/js/
# studio-codemirror.js, which is committed: `make run` needs neither npm nor a CDN. Rebuild it
# after changing academy/studio/editor_bundle/src/ or its package-lock.json (needs npm);
# tests/studio/test_editor_bundle.py checks that the committed bundle matches them.
EDITOR_BUNDLE := academy/studio/editor_bundle
editor-bundle:
	npm ci --prefix $(EDITOR_BUNDLE) --no-audit --no-fund --loglevel=error
	npm run --prefix $(EDITOR_BUNDLE) build
	$(BIN)/python -m academy.studio.editor_stamp write

# The editor bundle's build tools, for tests/studio/test_editor_bundle.py (the committed bundle
# matches a rebuild from the lock); `make run` does not need them.
EDITOR_TOOLS := $(EDITOR_BUNDLE)/node_modules/.installed
$(EDITOR_TOOLS): $(EDITOR_BUNDLE)/package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --prefix $(EDITOR_BUNDLE) --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm is missing, so the editor bundle test will skip: apt-get install npm"; fi

# The independent validators the tests run (Nu Html Checker, Redocly CLI, the W3C's WebVTT
# parser), from npm into tests/validators/node_modules; vnu needs Java (default-jre-headless).
VALIDATORS := tests/validators/node_modules/.installed
$(VALIDATORS): tests/validators/package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --prefix tests/validators --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm is missing, so the validator tests will skip: apt-get install npm"; fi

# Install the dev extra and run the tests (set TEST_DATABASE_URL for PostgreSQL).
# On a developer machine `make test` leaves out the suites marked slow (browser journeys in
# tests/e2e/, schemathesis) to stay at a few minutes; under CI=true (.ci/run) and with
# `make test-all` every test runs. The browser tests need Debian's chromium.
PYTEST_ARGS ?= $(if $(filter true,$(CI)),,-m "not slow")
# pytest-xdist runs the tests in one process per core (at most 4; TEST_WORKERS=0 runs them in
# this one process); then the browser journeys run one at a time, since two browsers with their
# servers on a 2-core machine made the studio's journey miss its waits; with TEST_DATABASE_URL
# set (CI's PostgreSQL pass) they are left out: they ran in the SQLite pass, and on this
# machine they take over 20 minutes a pass. (Exit status 5 is "no test selected", e.g. the
# browser journeys under -m "not slow".)
TEST_WORKERS ?= auto
test: $(VENV)/.installed-dev translations $(AXE) $(VALIDATORS) $(EDITOR_TOOLS)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --maxprocesses=4 --ignore=tests/e2e $(PYTEST_ARGS) || [ $$? -eq 5 ]
	@if [ -n "$$TEST_DATABASE_URL" ]; then echo "browser journeys: run in the SQLite pass (make test without TEST_DATABASE_URL)"; \
	else $(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS) || [ $$? -eq 5 ]; fi

test-all:
	$(MAKE) test PYTEST_ARGS=

# Lint and formatting as CI checks them (.ci/run); the import contracts run with the tests
# (tests/test_architecture.py).
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) .pytest_cache

# Load-test gunicorn behind nginx on loopback with wrk, against PostgreSQL (BENCH_DATABASE_URL,
# default postgresql+psycopg://postgres@127.0.0.1:5432/academy_bench, dropped and re-created);
# installs Debian's wrk and nginx when missing; writes docs/performance.md. See docs/performance.md.
bench: $(VENV)/.installed-dev translations
	@command -v wrk >/dev/null && (command -v nginx || test -x /usr/sbin/nginx) >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx)
	$(BIN)/python bench/run.py

# The fault suite (issue 28, docs/reliability.md): gunicorn behind nginx, its own PostgreSQL
# cluster, Redis, the job worker and an SMTP server on loopback (ports 25117-25122) under a
# learner load, while each fails in turn; then a 30-minute soak. CHAOS_SHORT=1 is the CI
# version (about 7 minutes). Installs Debian's nginx, redis-server and PostgreSQL when missing;
# the read-only media row needs root (a tmpfs it remounts).
chaos: $(VENV)/.installed-dev translations
	@(command -v nginx || test -x /usr/sbin/nginx) >/dev/null && command -v redis-server >/dev/null \
	  && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx redis-server postgresql)
	CHAOS_SHORT=$(CHAOS_SHORT) CHAOS_ONLY=$(CHAOS_ONLY) $(BIN)/python bench/chaos/run.py

# Rebuild the demonstration recording of the webinar "CX, důvěra a AI" (about 10 minutes, two
# synthetic Czech voices, slides, WebM VP9/Opus, timed Czech captions, poster) from
# academy/webinars/demo_script.py. Needs Debian's ffmpeg, festival, festvox-czech-dita,
# festvox-czech-machac and fonts-dejavu-core, plus Pillow from the venv; ffmpeg runs niced on one
# thread, so it takes several minutes. The result is committed, so `make run` does not need them.
.PHONY: demo-media
demo-media: $(VENV)/.installed
	$(BIN)/python -m academy.webinars.demo_media courses/mapovani-zakaznickych-cest/media
