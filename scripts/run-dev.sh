#!/usr/bin/env bash
# Starts the web server and a Celery worker with an embedded beat, side by side.
# Ctrl-C (or any exit) stops every process this script started.
set -uo pipefail
cd "$(dirname "$0")/.."
# The local server with its debug pages; debug is off unless asked for (settings.py).
export DJANGO_DEBUG="${DJANGO_DEBUG:-1}"

stop_all() {
    trap - EXIT INT TERM
    # Only the parents are signalled: Celery then stops its own pool and beat in order.
    kill -TERM "$web_pid" "$worker_pid" 2>/dev/null
    wait "$web_pid" "$worker_pid" 2>/dev/null
    exit 0
}

.venv/bin/celery -A b12tracker worker --beat --loglevel=INFO \
    --schedule var/celerybeat-schedule --concurrency 2 &
worker_pid=$!
.venv/bin/python manage.py runserver 127.0.0.1:8000 &
web_pid=$!
trap stop_all EXIT INT TERM

# Whichever stops first (a crash, or Ctrl-C) brings the other down too.
wait -n "$web_pid" "$worker_pid"
