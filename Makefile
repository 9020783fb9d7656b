# The two commands a developer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

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

run: $(VENV)/.runtime-installed node_modules/.installed | var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py reminders_sweep  # today's demo reminders at once; beat sweeps every minute
	bash scripts/run-dev.sh

test: $(VENV)/.dev-installed node_modules/.installed | var
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(MAKE) --no-print-directory security
	$(VENV)/bin/pytest

# bandit over our code (tests, .venv, node_modules, var excluded in pyproject.toml) fails on
# medium or high severity; pip-audit over the pinned requirements fails on any known
# vulnerability not listed in pip-audit-ignore.txt (PIP_AUDIT_STRICT=1: also when unreachable).
security: $(VENV)/.dev-installed
	$(VENV)/bin/bandit --quiet --configfile pyproject.toml --recursive . --severity-level medium
	$(PY) scripts/audit_requirements.py requirements.txt

# 2,000 patients in a database of its own, the pages timed against a baseline, budgets checked,
# on a pinned clock (time-machine, a dev dependency). BENCH_ARGS="--patients 500 --repeat 10
# --aged-outbox 100000" for a quicker look.
bench: $(VENV)/.dev-installed node_modules/.installed | var
	$(PY) -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules var
