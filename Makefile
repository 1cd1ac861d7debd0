# Two commands: `make run` (set up, demo map, serve) and `make test` (set up, run every test).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test lint format bench bench-smoke messages

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# axe-core for the accessibility tests (package.json); needs nodejs and npm.
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Compiled translations are built here, not committed: msgfmt comes with the OS's gettext.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
locale/%.mo: locale/%.po
	msgfmt --check-format -o $@ $<

setup: $(VENV)/.installed node_modules/.installed $(MO_FILES)

# After marking strings: update the Korean catalogues, then translate what is new (msgstr "").
messages: setup
	DEBUG=1 $(PY) manage.py makemessages -l ko --no-obsolete --ignore=.venv --ignore=node_modules --ignore=staticfiles
	DEBUG=1 $(PY) manage.py makemessages -l ko -d djangojs --no-obsolete --ignore=.venv --ignore=node_modules --ignore=staticfiles

run: setup
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 SITE_URL=http://$(HOST):$(PORT) $(PY) manage.py seed_demo
	DEBUG=1 $(VENV)/bin/uvicorn config.asgi:application --host $(HOST) --port $(PORT)

test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) -m pytest $(PYTEST_ARGS)

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Benchmarks print medians and query counts; bench/live.py, load.py and fanout.py need
# PostgreSQL (BENCH_PG).
bench: setup
	DEBUG=1 $(PY) bench/editor.py
	DEBUG=1 $(PY) bench/insights.py
	DEBUG=1 $(PY) bench/history.py
	DEBUG=1 $(PY) bench/pdf.py
	DEBUG=1 $(PY) bench/live.py
	DEBUG=1 $(PY) bench/load.py
	DEBUG=1 $(PY) bench/fanout.py --views 12
	DEBUG=1 $(PY) bench/fanout.py --clients 50

# Every benchmark once, at a small size: proves they run (CI does this from a bare clone).
bench-smoke: setup
	DEBUG=1 $(PY) bench/editor.py 1
	DEBUG=1 $(PY) bench/insights.py 1
	DEBUG=1 $(PY) bench/history.py 1
	DEBUG=1 $(PY) bench/pdf.py --runs 1
	DEBUG=1 $(PY) bench/live.py --participants 4 --projectors 2 --streams 8 --notes 1 --seconds 30
	DEBUG=1 $(PY) bench/load.py --db sqlite --seconds 8 --editors 1 --participants 4 --projectors 1
	DEBUG=1 $(PY) bench/fanout.py --views 2 --rounds 2
	DEBUG=1 $(PY) bench/fanout.py --clients 4 --rounds 2
