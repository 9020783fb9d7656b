"""Every query-string parameter of every page, sent hostile, as each role: the answer is the
page (200), a redirect with a message (302), a refusal (400) or not found (404); never a 500.

Nothing here lists pages or parameters by hand. The pages are every named URL
(tests/support/pages.py); the parameters are the ones each page *reads*, found by asking the
page once with a query string that records every name looked up and where in the code it was
looked up. Each such place gets every hostile value in its parameter (once: the pagination
of twenty API lists is one place), then each reading page gets all its parameters and the
names pages commonly read (COMMON) at once. A parameter a view starts reading later is
attacked without touching this file. B12_FULL_QUERY_SWEEP=1 attacks every reading page and
every role in full instead of once per place (several times as long).
"""

import os
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.handlers import wsgi
from django.http import QueryDict
from django.urls import reverse

from tests.factories import api_token
from tests.support.pages import named_routes
from tests.test_hostile_input import NOW, record  # noqa: F401 (the fixture)

# What `git grep request.GET` finds pages reading, and the names any page might read.
COMMON = {"page", "month", "status", "since", "until", "sort", "q", "patient", "start", "end",
          "test", "site", "route", "template", "role", "email", "next", "unread", "page_size"}
# What a person (or a crawler, or a hand-edited link) may send: garbage, a huge number, the
# years 0001 and 9999, a NUL byte, a negative number, nothing, an impossible date.
HOSTILE = ("garbage", "99999999999999999999", "0001-01", "9999-12-31", "a\x00b", "-1", "",
           "2026-13-45")
QUICK = ("a\x00b", "0001-01", "99999999999999999999")
ANSWERS = {200, 302, 400, 404}
# The JSON API's refusal of a well-formed value its schema cannot rule out (`until` more than
# five years ahead): its documented 409 (api/exceptions.py).
API_ANSWERS = ANSWERS | {409}
# Pages that end the session rather than show something, and the API schema, built by
# drf-spectacular (half a second a request) from the same views the API list pages are.
LEFT_OUT = {"logout", "api-schema", "api-docs"}
ROLES = ("patient", "caregiver", "clinician", "anonymous")
FULL_SWEEP = os.environ.get("B12_FULL_QUERY_SWEEP") == "1"
EVERY_NAME = "*"  # the query string was iterated or copied: every name sent is read
PROJECT = Path(settings.BASE_DIR)
OUTSIDE = (PROJECT / ".venv", PROJECT / "tests", Path(__file__).parent)


def _reader() -> str:
    """Where the project's code looked the name up ("doses/views.py:92"): the innermost frame
    in the project, or the innermost of all when a library read it on its own."""
    frame = sys._getframe(2)
    innermost = None
    while frame is not None:
        path = Path(frame.f_code.co_filename)
        innermost = innermost or f"{path.name}:{frame.f_lineno}"
        if path.is_relative_to(PROJECT) and not any(path.is_relative_to(o) for o in OUTSIDE):
            return f"{path.relative_to(PROJECT)}:{frame.f_lineno}"
        frame = frame.f_back
    return innermost or "?"


class _ReadingQueryDict(QueryDict):
    """A query string that remembers every name a view looks up in it, and where."""

    reads: set[tuple[str, str]] = set()

    def _read(self, key) -> None:
        self.reads.add((key, _reader()))

    def __getitem__(self, key):
        self._read(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._read(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self._read(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self._read(key)
        return super().__contains__(key)

    def __iter__(self):
        self._read(EVERY_NAME)
        return super().__iter__()

    def items(self):
        self._read(EVERY_NAME)
        return super().items()

    def copy(self):
        self._read(EVERY_NAME)
        return super().copy()

    def __bool__(self):
        # `Form(request.GET or None)`: an empty query leaves the form unbound and unread.
        self._read(EVERY_NAME)
        return super().__len__() > 0


@pytest.fixture
def reading(monkeypatch):
    """The (name, place in the code) pairs looked up in request.GET (and in DRF's
    query_params, the same object)."""
    reads: set[tuple[str, str]] = set()
    monkeypatch.setattr(_ReadingQueryDict, "reads", reads)
    monkeypatch.setattr(wsgi, "QueryDict", _ReadingQueryDict)
    return reads


def _pages(values) -> list[tuple[str, str, set[int]]]:
    return [(name, reverse(name, kwargs={arg: values[arg] for arg in args}),
             API_ANSWERS if route.startswith("api/") else ANSWERS)
            for name, route, args in named_routes() if name not in LEFT_OUT]


class _Attack:
    def __init__(self, client):
        self.client = client
        self.swept: set[tuple[str, str]] = set()  # (name, place) given every hostile value
        self.requests = 0

    def get(self, url, query=None, headers=None) -> int:
        self.requests += 1
        return self.client.get(url, query or {}, headers=headers or {}).status_code

    def page(self, name, url, answers, reads, role, headers) -> None:
        names = {key for key, _ in reads}
        every = EVERY_NAME in names
        names.discard(EVERY_NAME)
        for key, place in sorted(reads):
            if key == EVERY_NAME or ((key, place) in self.swept and not FULL_SWEEP):
                continue
            self.swept.add((key, place))
            for value in HOSTILE:
                status = self.get(url, {key: value}, headers)
                assert status in answers, (name, role, {key: value}, place, status)
        if names or every:
            # Everything at once: what one parameter lets through meets the others.
            for value in HOSTILE if FULL_SWEEP else QUICK:
                query = dict.fromkeys(COMMON | names, value)
                status = self.get(url, query, headers)
                assert status in answers, (name, role, query, status)


@pytest.mark.django_db
def test_no_query_string_makes_a_page_answer_500(client, record, reading, alice, bob,  # noqa: F811
                                                  clinician):
    users = {"patient": alice, "caregiver": bob, "clinician": clinician, "anonymous": None}
    attack = _Attack(client)
    reading_pages: set[str] = set()
    not_for_the_patient: set[str] = set()
    with time_machine.travel(NOW, tick=False):
        for role in ROLES:
            client.logout()
            headers = {}
            if users[role] is not None:
                client.force_login(users[role])
                headers = {"Authorization": f"Bearer {api_token(users[role])}"}
            for name, url, answers in _pages(record):
                # The other roles see the patient's pages or fewer: asked only where the
                # patient met a parameter or was turned away (the clinician's own pages).
                if role != "patient" and not FULL_SWEEP and name not in (
                        reading_pages | not_for_the_patient):
                    continue
                reading.clear()
                usual = attack.get(url, headers=headers)
                if usual not in (200, 302):
                    if role == "patient":
                        not_for_the_patient.add(name)
                    continue  # not a page for this role (403, 404) or not a GET (405)
                if reading:
                    reading_pages.add(name)
                attack.page(name, url, answers | {usual}, set(reading), role, headers)
    print(f"\n{attack.requests} requests, {len(attack.swept)} places reading a parameter, "
          f"{len(reading_pages)} pages reading one")
    swept = {key for key, _ in attack.swept}
    # The parameters the issue names, where pages read them. (`template` is read only while
    # no regimen is active: tests/schedules/test_regimen_steps.py attacks it.)
    for param in ("month", "page", "sort", "q", "site", "test", "unread", "next"):
        assert param in swept, f"no page reads ?{param}= any more"
