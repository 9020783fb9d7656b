"""Settings for the test suite: the project's own, plus the N+1 detector.

django-zeal is a dev-only dependency, so it is switched on here rather than in
b12tracker/settings.py. Its middleware wraps every request (test client and live server
alike) and raises NPlusOneError when a view loads one related row per item of a list.
Test bodies are not wrapped: factories and setup code repeat lookups on purpose, and the
detector's findings there were noise, not N+1s in the application.
"""

import os

# Debug is off by default (b12tracker/settings.py); the suite turns it on explicitly, which
# also gives it the local secret key, and `manage.py` subprocesses inherit the variable.
os.environ.setdefault("DJANGO_DEBUG", "1")

# `make test` runs the suite in several processes (pytest-xdist: gw0, gw1, …), each with a
# test database of its own (pytest-django adds the suffix). Each gets Redis databases of its
# own too, the broker's (0 + its number) and the real worker's (tests/reminders, 8 + its
# number), so one process's worker never takes another's tasks and a FLUSHDB empties only its
# own. The Makefile caps the processes at eight: Redis has sixteen databases.
# The worker and `manage.py` subprocesses load these settings again with the variables
# already shifted; the marker keeps them from shifting a second time (CI saw db 16).
_process = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
_shift = int(_process.removeprefix("gw") or 0)
if (
    _shift
    and os.environ.get("CELERY_BROKER_URL", "").startswith("redis://")
    and os.environ.get("B12_REDIS_DB_SHIFTED") != _process
):
    _base, _, _db = os.environ["CELERY_BROKER_URL"].rpartition("/")
    os.environ["CELERY_BROKER_URL"] = f"{_base}/{int(_db or 0) + _shift}"
    os.environ["WORKER_TEST_REDIS_DB"] = str(int(os.environ.get("WORKER_TEST_REDIS_DB", "8"))
                                             + _shift)
    os.environ["B12_REDIS_DB_SHIFTED"] = _process

from b12tracker.settings import *  # noqa: E402, F403
from b12tracker.settings import INSTALLED_APPS, MIDDLEWARE  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]
# First, so that queries made by other middleware (session, user) are inside its context.
MIDDLEWARE = ["zeal.middleware.zeal_middleware", *MIDDLEWARE]
ZEAL_RAISE = True
# A test that must tolerate a known N+1 says so in place with zeal.zeal_ignore().
ZEAL_ALLOWLIST = [
    # The test client loads the session once per call (force_login, each request): that is
    # test plumbing repeating on one line of a test, not a view loading rows in a loop.
    {"model": "sessions.Session", "field": "get()"},
]

# django-axes logs every reset at INFO; in the suite that is thousands of lines of noise.
LOGGING = {**LOGGING, "loggers": {"axes": {"level": "WARNING"}}}  # noqa: F405

# The suite and Schemathesis make hundreds of API requests a minute from one address and one
# token; tests/api/test_throttling.py puts real limits back to check them.
API_THROTTLE_RATES = {"token": "100000/min", "anon": "100000/min"}
