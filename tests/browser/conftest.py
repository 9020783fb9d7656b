"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every test in this folder is marked `browser` (run only them with `pytest -m browser`, or
leave them out with `-m "not browser"`). Without a Chromium they skip with a message; with
CI=true a missing Chromium fails the run, so CI can never pass by skipping them.

A test asks for `journey` and gets a fresh browser context (no cookies) at each of the two
sizes every journey is walked at: a phone (375×812) and a laptop (1280×800).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import sync_playwright

from .journey import Journey

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SIZES = {"375x812": {"width": 375, "height": 812}, "1280x800": {"width": 1280, "height": 800},
         "320x640": {"width": 320, "height": 640}}  # the narrowest phone, asked for by name
JOURNEY_SIZES = ["375x812", "1280x800"]
AXE_SOURCE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BROWSER_DIR = Path(__file__).parent


def pytest_collection_modifyitems(items):
    for item in items:
        if BROWSER_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Kept on the item so the journey fixture can save a screenshot of a failing page.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def find_chromium() -> str | None:
    """$CHROMIUM_PATH when set (and then only it), else Debian's Chromium or one on PATH."""
    if "CHROMIUM_PATH" in os.environ:
        candidates = [os.environ["CHROMIUM_PATH"]]
    else:
        candidates = [
            "/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")
        ]
    return next((path for path in candidates if path and os.access(path, os.X_OK)), None)


@pytest.fixture(scope="package")
def browser():
    executable = find_chromium()
    if executable is None:
        message = (
            "No Chromium found (looked at $CHROMIUM_PATH, else /usr/bin/chromium and PATH). "
            "Install it with `apt-get install chromium` to run the browser tests."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} CI must run them: .ci/run installs it.", pytrace=False)
        pytest.skip(message)
    # Playwright's sync API keeps an asyncio loop running on this thread, which makes
    # Django refuse ORM calls from the test ("You cannot call this from an async context").
    # The test thread only creates fixtures and reads results while the browser is idle, so
    # the check is lifted for exactly as long as Playwright runs, and only for this package.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_SOURCE.exists():
        pytest.fail(f"{AXE_SOURCE} is missing: run `npm ci` (make test does).", pytrace=False)
    return AXE_SOURCE.read_text()


@pytest.fixture(params=JOURNEY_SIZES)
def size(request) -> str:
    return request.param


@pytest.fixture
def journey(request, browser, live_server, axe_source, size):
    context = browser.new_context(
        viewport=SIZES[size],
        base_url=live_server.url,
        locale="en-GB",
        timezone_id="Europe/London",
        reduced_motion="reduce",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    walk = Journey(page, size=size, axe_source=axe_source)
    yield walk
    call = getattr(request.node, "report_call", None)
    if call is not None and call.failed:
        walk.screenshot(f"FAILED-{request.node.originalname}")
    context.close()
