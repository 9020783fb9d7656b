"""The app installs and works offline: the manifest parses, the service worker controls the
page. One phone-sized context per test; a few fast checks (CI time budget)."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, base_url=live_server.url, locale="en-GB",
        timezone_id="Europe/London",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def wait_for_worker(page):
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()  # the first load is not controlled until clients.claim() has run
    page.wait_for_function("!!navigator.serviceWorker.controller")


def test_the_manifest_parses_and_the_worker_controls_the_page(phone):
    phone.goto("/accounts/login/")
    cdp = phone.context.new_cdp_session(phone)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == [], manifest["errors"]
    assert manifest["url"].endswith("/manifest.webmanifest")
    assert '"display":"standalone"' in manifest["data"].replace(" ", "")
    wait_for_worker(phone)
    scope = phone.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == phone.url.split("/accounts")[0] + "/"
