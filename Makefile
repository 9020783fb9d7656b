# The two commands a developer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# `make run PORT=8001`: the port the server listens on, and the one links in emails use.
PORT ?= 8000
SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test security bench lint check-deploy clean

# Stamp files make a second run skip installs unless a requirements or lock file changed.
$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(VENV)/bin/python
	$(PIP) install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install --disable-pip-version-check -q -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

var:
	mkdir -p var

# The app icons are build output, drawn from their SVG sources.
var/icons/.made: node_modules/.installed scripts/make-icons.mjs static/img/icons/icon.svg static/img/icons/icon-maskable.svg | var
	node scripts/make-icons.mjs
	touch $@

# The translation catalogues are compiled at install time: locale/*/LC_MESSAGES/*.mo are
# build output (.gitignore), made from the committed .po files by Debian's gettext (msgfmt).
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
var/.messages-compiled: $(PO_FILES) | $(VENV)/.runtime-installed var
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules --ignore=var
	touch $@

# The port is checked before anything starts, so a busy one stops here with a message.
# Debug is off unless asked for (b12tracker/settings.py); the local demo asks for it.
run: export DJANGO_DEBUG = 1
run: export PORT := $(PORT)
run: export SITE_URL := $(SITE_URL)
run: $(VENV)/.runtime-installed node_modules/.installed var/icons/.made var/.messages-compiled | var
	$(PY) scripts/port_free.py $(PORT)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py vapid_keys  # a local Web Push key pair under var/ unless VAPID_PRIVATE_KEY is set
	$(PY) manage.py seed_demo
	$(PY) manage.py reminders_sweep  # today's demo reminders at once; beat sweeps every minute
	bash scripts/run-dev.sh

# The suite runs in one process per core, at most eight (pytest-xdist; Redis databases are
# split between them, tests/settings.py), a module's tests kept together so that
# its fixtures are built once; TEST_PROCESSES=0 runs it in this process. Schemathesis runs on
# its own afterwards: its 31 operations share one test id, and xdist, which hands tests out by
# id, would run one of them (the module checks that every operation ran).
TEST_PROCESSES ?= auto
SCHEMATHESIS = tests/api/test_schemathesis.py

# lint-imports holds the app dependency direction (contracts in pyproject.toml). No cache: the
# graph takes a fraction of a second, and a cache keyed on file times can miss a quick edit.
test: $(VENV)/.dev-installed node_modules/.installed var/icons/.made var/.messages-compiled | var
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(MAKE) --no-print-directory security
	$(VENV)/bin/pytest -n $(TEST_PROCESSES) --maxprocesses 8 --dist loadfile --ignore=$(SCHEMATHESIS)
	$(VENV)/bin/pytest $(SCHEMATHESIS)

# bandit over our code (tests, .venv, node_modules, var excluded in pyproject.toml) fails on
# medium or high severity; pip-audit over the pinned requirements fails on any known
# vulnerability not listed in pip-audit-ignore.txt (PIP_AUDIT_STRICT=1: also when unreachable).
security: $(VENV)/.dev-installed
	$(VENV)/bin/bandit --quiet --configfile pyproject.toml --recursive . --severity-level medium
	$(PY) scripts/audit_requirements.py requirements.txt

# 2,000 patients in a database of its own, the pages timed against a baseline, budgets checked,
# on a pinned clock (time-machine, a dev dependency). BENCH_ARGS="--patients 500 --repeat 10
# --aged-outbox 100000" for a quicker look.
bench: export DJANGO_DEBUG = 1
bench: $(VENV)/.dev-installed node_modules/.installed var/icons/.made | var
	$(PY) -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules var
