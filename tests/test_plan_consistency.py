"""One plan, shown the same everywhere.

For regimens through every kind of clinical event, the regimen page, the dashboard card, the
API schedule, the calendar feed, the month calendar, the caregiver and clinician dashboards,
the pre-visit summary and the reminders the sweep plans all name the same next due date and
phase; for a paused or stopped regimen none of them shows a next dose.
"""

from dataclasses import replace
from datetime import date, datetime, timedelta

import icalendar
import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role
from reminders.planning import dose_subject
from reminders.services import desired_notifications
from schedules import services
from schedules.protocols import TEMPLATES
from tests.factories import (
    MemberFactory,
    UserFactory,
    api_token,
    calendar_feed,
    doses_on,
    regimen_from_template,
)

pytestmark = pytest.mark.django_db

D = date.fromisoformat
UK_LOADING = [D(d) for d in ("2026-03-02", "2026-03-04", "2026-03-06", "2026-03-09",
                             "2026-03-11", "2026-03-13")]
NEURO_GIVEN = [D("2026-01-05") + timedelta(days=2 * n) for n in range(9)]


def at(day: date, hour: int = 12):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, 0).astimezone(),
                               tick=False)


def _prescription(regimen, phases):
    version = regimen.current_version
    return services.Prescription(product=version.product, dose_mcg=version.dose_mcg,
                                 route=version.route, phases=tuple(phases))


def _uk_after_loading(patient):
    """The UK template from Monday 2 March 2026, its six loading doses given on time."""
    with at(D("2026-03-02")):
        regimen = regimen_from_template(patient)
    doses_on(regimen, UK_LOADING)
    return regimen


def neuro_ended(patient, alice, clinician):
    with at(D("2026-01-05")):
        regimen = regimen_from_template(patient, "uk-hydroxocobalamin-neuro",
                                        start_on=D("2026-01-05"))
    doses_on(regimen, NEURO_GIVEN)
    with at(D("2026-02-01")):
        services.regimen_end_phase(regimen=regimen, ended_by=clinician,
                                   ended_on=D("2026-02-01"), reason="no further improvement")
    return D("2026-02-02"), D("2026-03-21"), "maintenance"


def paused_and_resumed(patient, alice, clinician):
    regimen = _uk_after_loading(patient)
    with at(D("2026-05-01")):
        services.regimen_pause(regimen=regimen, by=alice)
    with at(D("2026-09-01")):
        services.regimen_resume(regimen=regimen, by=alice)
    return D("2026-09-01"), D("2026-09-01"), "maintenance"


def new_course(patient, alice, clinician):
    with at(D("2026-03-02")):
        regimen = regimen_from_template(patient)
    doses_on(regimen, [*UK_LOADING, D("2026-06-13")])
    with at(D("2026-10-05")):
        services.regimen_revise(regimen=regimen, changed_by=clinician, new_course=True,
                                prescription=_prescription(regimen, TEMPLATES[
                                    "uk-hydroxocobalamin"].phases))
    return D("2026-10-05"), D("2026-10-05"), "loading"


def shorter_interval(patient, alice, clinician):
    with at(D("2026-03-02")):
        regimen = regimen_from_template(patient)
    doses_on(regimen, [*UK_LOADING, D("2026-06-13"), D("2026-09-13")])
    uk = TEMPLATES["uk-hydroxocobalamin"].phases
    with at(D("2026-10-01")):
        services.regimen_revise(regimen=regimen, changed_by=clinician,
                                prescription=_prescription(regimen,
                                                           (uk[0], replace(uk[1], every=2))))
    return D("2026-10-01"), D("2026-11-13"), "maintenance"


def skipped(patient, alice, clinician):
    regimen = _uk_after_loading(patient)
    with at(D("2026-06-12")):
        services.dose_skip(regimen=regimen, due_on=D("2026-06-13"), reason="ran_out", by=alice)
    return D("2026-06-12"), D("2026-09-13"), "maintenance"


def same_day_twice(patient, alice, clinician):
    with at(D("2026-03-02")):
        regimen = regimen_from_template(patient)
    doses_on(regimen, [UK_LOADING[0], *UK_LOADING[:5]])
    return D("2026-03-12"), D("2026-03-13"), "loading"


def paused(patient, alice, clinician):
    regimen = _uk_after_loading(patient)
    with at(D("2026-05-01")):
        services.regimen_pause(regimen=regimen, by=alice)
    return D("2026-06-20"), None, None


def stopped(patient, alice, clinician):
    regimen = _uk_after_loading(patient)
    with at(D("2026-05-01")):
        services.regimen_stop(regimen=regimen, by=alice)
    return D("2026-06-20"), None, None


SCENARIOS = [neuro_ended, paused_and_resumed, new_course, shorter_interval, skipped,
             same_day_twice, paused, stopped]


def _long(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _short(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


@pytest.fixture
def team(patient, alice, clinician):
    carer = UserFactory(email="carer@example.com", name="Casey Carer")
    MemberFactory(patient=patient, user=carer, role=Role.CAREGIVER, can_log_doses=True)
    return {"alice": alice, "clinician": clinician, "carer": carer}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.__name__ for s in SCENARIOS])
def test_every_page_feed_api_and_reminder_names_the_same_next_dose(client, patient, team,
                                                                   scenario):
    today, due, kind = scenario(patient, team["alice"], team["clinician"])
    regimen = patient.regimens.get()
    token = api_token(team["alice"])
    feed = calendar_feed(patient, team["alice"])
    with at(today):
        client.force_login(team["alice"])
        detail = client.get(reverse("regimen-detail", args=[patient.pk, regimen.pk])).text
        card = client.get(reverse("patient-dashboard", args=[patient.pk])).text
        answer = client.get(f"/api/v1/patients/{patient.pk}/schedule/",
                            headers={"Authorization": f"Bearer {token}"})
        ics = icalendar.Calendar.from_ical(client.get(
            reverse("calendar-feed", args=[feed.token])).content)
        doses = [e for e in ics.walk("VEVENT") if "injection" in str(e["SUMMARY"])]
        month = (due or today).strftime("%Y-%m")
        calendar_page = client.get(reverse("schedule-calendar", args=[patient.pk]),
                                   {"month": month}).text
        summary = client.get(reverse("previsit-summary", args=[patient.pk])).text
        client.force_login(team["carer"])
        carer_page = client.get(reverse("caregiver-dashboard")).text
        client.force_login(team["clinician"])
        clinic_page = client.get(reverse("clinician-dashboard")).text
    with at(due or today, hour=6):
        planned = {p.subject_key for p in desired_notifications(datetime.now().astimezone())
                   if p.kind.startswith("dose")}

    if due is None:
        assert "Next injection" not in detail.split("Written schedule")[0]
        assert 'data-testid="next-due"' not in card
        # A paused regimen answers with nothing due; a stopped one is no longer followed.
        api = answer.json()
        assert answer.status_code == 404 or (api["next_due"], api["doses"]) == (None, [])
        assert doses == []
        assert ": due (" not in calendar_page
        assert "next dose due" not in summary
        assert planned == set()
        return
    api = answer.json()
    assert _long(due) in detail.split("Written schedule")[0]
    assert f'data-testid="next-due">{_long(due)}<' in card
    assert (api["next_due"]["due_on"], api["next_due"]["kind"], api["phase"]) == (
        due.isoformat(), kind, kind)
    assert doses[0].decoded("DTSTART") == due
    assert f"{due:%A} {due.day} {due:%B}: due ({kind})" in calendar_page
    assert f"next dose due <strong>{_short(due)}</strong>" in summary
    assert f"{_short(due)}</dd>" in carer_page
    assert f"due {due.day} {due:%b}</td>" in clinic_page
    assert planned == {dose_subject(regimen.pk, due)}
    assert kind.title() in detail.split("Written schedule")[0]
