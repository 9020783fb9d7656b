#!/usr/bin/env bash
# Starts the web server and a Celery worker with an embedded beat, side by side, on
# 127.0.0.1:$PORT (default 8000). Ctrl-C (or any exit) stops every process this script started;
# if one of them stops on its own (a busy port, a crash), the script exits with its status.
set -uo pipefail
cd "$(dirname "$0")/.."
# The local server with its debug pages; debug is off unless asked for (settings.py).
export DJANGO_DEBUG="${DJANGO_DEBUG:-1}"
PORT="${PORT:-8000}"
export SITE_URL="${SITE_URL:-http://127.0.0.1:$PORT}"

.venv/bin/python scripts/port_free.py "$PORT" || exit 1

status=0
stop_all() {
    trap - EXIT INT TERM
    # Only the parents are signalled: Celery then stops its own pool and beat in order.
    kill -TERM "$web_pid" "$worker_pid" 2>/dev/null
    wait "$web_pid" "$worker_pid" 2>/dev/null
    exit "$status"
}

.venv/bin/celery -A b12tracker worker --beat --loglevel=INFO \
    --schedule var/celerybeat-schedule --concurrency 2 &
worker_pid=$!
.venv/bin/python manage.py runserver "127.0.0.1:$PORT" &
web_pid=$!
trap stop_all EXIT
trap 'status=0; stop_all' INT TERM

cat <<BANNER

  B12 Tracker is starting on $SITE_URL/
  Log in at $SITE_URL/accounts/login/  (demo logins above; Ctrl-C stops everything)

BANNER

# Whichever stops first (a crash, or Ctrl-C) brings the other down too.
wait -n "$web_pid" "$worker_pid"
status=$?
if [ "$status" -ne 0 ]; then
    echo "run-dev: a process stopped with status $status; stopping the others." >&2
fi
