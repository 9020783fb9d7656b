"""The app on a phone: it installs, shows a pushed reminder whose "Taken" logs the dose once,
and keeps a dose saved with no connection until the server has it.

One phone-sized context per test, no axe walk (the pages are the journeys' pages): a few
fast checks, for CI's time budget.
"""

import json
from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts import services as account_services
from accounts.models import Role
from doses.models import Dose
from doses.services import dose_record
from reminders import links
from reminders.content import push_message
from reminders.models import Notification, ReminderPreference, Status
from tests.factories import PASSWORD, UserFactory, regimen_from_template

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


def a_patient_due_today():
    user = UserFactory(email="nia@example.com", name="Nia Okafor")
    patient = account_services.patient_create(
        created_by=user, role=Role.SELF, display_name="Nia Okafor", timezone="Europe/London",
        preferred_b12_unit="pg/mL",
    )
    ReminderPreference.objects.create(member=patient.memberships.get(), remind_at=time(0, 0))
    regimen = regimen_from_template(patient, start_on=patient.local_today())
    return user, patient, regimen


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()


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
    assert json.loads(manifest["data"])["display"] == "standalone"
    wait_for_worker(phone)
    scope = phone.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == phone.url.split("/accounts")[0] + "/"


def test_a_pushed_reminder_shows_taken_and_records_the_dose_once(phone, live_server):
    user, patient, regimen = a_patient_due_today()
    phone.context.grant_permissions(["notifications"], origin=live_server.url)
    log_in(phone, user.email)
    wait_for_worker(phone)
    reminder = Notification.objects.create(
        recipient=user, patient=patient, kind="dose_due", channel="push", status=Status.SENT,
        subject_key=f"regimen:{regimen.pk}:due:{regimen.next_due_on}",
        send_after=timezone.now(), sent_at=timezone.now(),
    )
    reader = {action: url.replace("http://127.0.0.1:8000", live_server.url)
              for action, url in links.for_notification(reminder, can_log=True).items()}
    message = push_message(reminder, details=None, links=reader, actions=[
        {"action": "taken", "title": "Taken"}, {"action": "snooze", "title": "Snooze 1 hour"}])

    cdp = phone.context.new_cdp_session(phone)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated",
           lambda event: registrations.extend(event["registrations"]))
    cdp.send("ServiceWorker.enable")
    for _ in range(50):  # the registrations arrive as events after enable
        if registrations:
            break
        phone.wait_for_timeout(20)
    [registration] = [r for r in registrations if not r["isDeleted"]][:1]
    cdp.send("ServiceWorker.deliverPushMessage", {
        "origin": live_server.url, "registrationId": registration["registrationId"],
        "data": message,
    })
    shown = phone.evaluate("""async () => {
        const registration = await navigator.serviceWorker.ready;
        // Up to 15 s: the browser fetches the icon before it shows the notification, and
        // under CI's load (two test processes beside Chromium) that took over 5 s once.
        for (let tries = 0; tries < 300; tries++) {
            const found = await registration.getNotifications();
            if (found.length) {
                return found.map(n => ({title: n.title, body: n.body,
                                        actions: n.actions.map(a => a.title)}));
            }
            await new Promise(resolve => setTimeout(resolve, 50));
        }
        return [];
    }""")
    assert shown == [{"title": "B12 Tracker", "body": "You have a reminder",
                      "actions": ["Taken", "Snooze 1 hour"]}]

    [worker] = phone.context.service_workers
    # The worker's own click handler, as a tap on "Taken" runs it. Outside a real click the
    # browser refuses to open a window: that refusal is how the test sees one was wanted.
    # The first tap closes the notification; the second taps a copy of it.
    tap = """async (links) => {
        const [shown] = await self.registration.getNotifications();
        try {
            await answerTap(shown || {data: {links}, tag: "again", close() {}}, "taken");
            return "no window";
        } catch (error) { return error.name; }
    }"""
    assert worker.evaluate(tap, reader) == "no window"
    dose = Dose.objects.get()
    assert (dose.site, dose.administered_by, dose.entered_by) == (
        "im_deltoid_left", "self", user)
    # The same button again: the link is spent, so it opens the log form instead.
    assert worker.evaluate(tap, reader) == "InvalidAccessError"
    assert Dose.objects.count() == 1


def submit_while_unreachable(page, patient_path):
    """The log form sent while the server cannot be reached (its address aborted for the
    service worker's fetch too; setOffline would not reach the worker)."""
    page.context.route(f"**{patient_path}doses/new/", lambda route: route.abort())
    with page.expect_navigation():
        page.get_by_role("button", name="Save dose").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("No connection")
    expect(page.get_by_text(
        "Saved on this phone — it will be sent when you are back online.")).to_be_visible()


def test_a_dose_saved_offline_is_sent_once_when_the_connection_is_back(phone):
    user, patient, regimen = a_patient_due_today()
    log_in(phone, user.email)
    wait_for_worker(phone)
    path = f"/patients/{patient.pk}/"
    phone.goto(f"{path}doses/new/")
    phone.get_by_text("More details").click()
    phone.get_by_label("Lot number (optional)").fill("LOT-42")
    submit_while_unreachable(phone, path)
    assert not Dose.objects.exists()
    phone.goto(path)  # the dashboard, while the log form's address is still unreachable
    expect(phone.locator("[data-dose-queue]")).to_have_text(
        "Saved on this phone — it will be sent when you are back online.")
    phone.context.unroute(f"**{path}doses/new/")

    phone.evaluate("window.dispatchEvent(new Event('online'))")
    expect(phone.locator("[data-dose-queue]")).to_be_hidden()
    phone.evaluate("window.dispatchEvent(new Event('online'))")  # a second send is harmless
    phone.goto(path)
    expect(phone.locator("[data-dose-queue]")).to_be_hidden()
    dose = Dose.objects.get()
    assert (dose.lot, dose.site, dose.entered_by) == ("LOT-42", "im_deltoid_left", user)


def test_a_kept_dose_that_needs_a_tick_comes_back_with_the_warning(phone):
    user, patient, regimen = a_patient_due_today()
    log_in(phone, user.email)
    wait_for_worker(phone)
    path = f"/patients/{patient.pk}/"
    phone.goto(f"{path}doses/new/")
    submit_while_unreachable(phone, path)
    phone.context.unroute(f"**{path}doses/new/")
    # Meanwhile someone else logged a dose an hour ago.
    dose_record(regimen=regimen, entered_by=user, administered_at=timezone.now()
                - timedelta(hours=1), product=regimen.current_version.product,
                dose_mcg=1000, volume_ml=1, route="IM", site="im_deltoid_right")

    phone.goto(path)
    queue = phone.locator("[data-dose-queue]")
    expect(queue).to_contain_text("needs you to check it")
    assert Dose.objects.count() == 1
    queue.get_by_role("link", name="Review the dose").click()
    # The form opens with the kept values and sends them at once: the server answers with
    # the warning and its tick box.
    expect(phone.get_by_text("Another dose is logged within 24 hours").first).to_be_visible()
    assert phone.url.endswith(f"{path}doses/new/")
    assert Dose.objects.count() == 1
    phone.get_by_label("I confirm this is a separate injection").check()
    with phone.expect_navigation(url=f"**{path}"):
        phone.get_by_role("button", name="Save dose").click()
    assert Dose.objects.count() == 2
    expect(phone.locator("[data-dose-queue]")).to_be_hidden()


def test_signing_out_clears_the_doses_kept_on_the_phone(phone):
    user, patient, regimen = a_patient_due_today()
    log_in(phone, user.email)
    path = f"/patients/{patient.pk}/"
    phone.evaluate(f"DoseQueue.keep('{path}doses/new/', [['lot', 'X']])")
    with phone.expect_navigation():
        phone.evaluate("document.querySelector('form[data-sign-out]').requestSubmit()")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Log in")
    assert phone.evaluate("DoseQueue.all().then(kept => kept.length)") == 0
