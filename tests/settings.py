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
