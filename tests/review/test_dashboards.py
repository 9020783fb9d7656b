import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from labs.models import Recheck
from tests.factories import (
    LabResultFactory,
    MemberFactory,
    RecheckFactory,
    RedFlagAlertFactory,
    TOTPDeviceFactory,
    UserFactory,
    doses_on,
)

from .conftest import LOADING, cared_for

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 20, 10, 0, tzinfo=dt.UTC)
JUNE_13 = dt.date(2026, 6, 13)


def _main(response) -> str:
    """The page below the nav (whose patient switcher lists every patient by name)."""
    return response.text.split('id="main"')[1]


def _names_in_order(text, names):
    return sorted(names, key=text.index)


@time_machine.travel(NOW, tick=False)
def test_the_caregiver_sees_everyone_they_care_for_most_urgent_first(client, caregiver):
    # Maintenance due 13 June: 7 days ago, the last day of its 7 days' grace, so not overdue.
    cared_for(caregiver, "Ann Overdue")
    ben = cared_for(caregiver, "Ben Redflag", taken=[*LOADING, JUNE_13])
    RedFlagAlertFactory(patient=ben, urgent=True)
    cared_for(caregiver, "Cat Never", taken=[])  # first dose due 2 March: 110 days overdue
    dan = cared_for(caregiver, "Dan Fine", taken=[*LOADING, JUNE_13], can_log_doses=True)
    RecheckFactory(patient=dan, due_on=dt.date(2026, 9, 1))  # not yet due: no badge
    client.force_login(caregiver)

    text = _main(client.get(reverse("caregiver-dashboard")))

    order = _names_in_order(text, ["Ann Overdue", "Ben Redflag", "Cat Never", "Dan Fine"])
    assert order == ["Ben Redflag", "Cat Never", "Ann Overdue", "Dan Fine"]
    assert "Urgent red flag" in text
    assert "Dose 110 days overdue" in text
    assert "Dose due 7 days ago" in text
    assert "Dose 7 days overdue" not in text
    dan_card = text.split("Dan Fine")[1]
    assert "13 Sep 2026" in dan_card  # next due
    assert "13 Jun 2026" in dan_card  # last dose
    assert "100.0%" in dan_card  # days covered over the last 90 days
    cat_card = text.split("Cat Never")[1].split("Ann Overdue")[0]
    assert "0.0%" in cat_card
    assert "none yet" in cat_card
    # Only Dan's team lets this caregiver log doses: one "Log dose" button, Dan's.
    assert text.count("Log dose<span") == 1
    assert f'href="/patients/{dan.pk}/doses/new/"' in text


@time_machine.travel(NOW, tick=False)
def test_overdue_rechecks_come_after_overdue_doses(client, caregiver):
    eve = cared_for(caregiver, "Eve Recheck", taken=[*LOADING, JUNE_13])
    RecheckFactory(patient=eve, due_on=dt.date(2026, 5, 1))  # overdue from 8 May
    cared_for(caregiver, "Fay Overdue", taken=LOADING[:5])  # the sixth loading dose, 13 March
    cared_for(caregiver, "Gus Fine", taken=[*LOADING, JUNE_13])
    client.force_login(caregiver)
    text = _main(client.get(reverse("caregiver-dashboard")))
    assert _names_in_order(text, ["Gus Fine", "Eve Recheck", "Fay Overdue"]) == [
        "Fay Overdue", "Eve Recheck", "Gus Fine"]
    assert "1 recheck overdue" in text


def _flag_everything(patient):
    """Every clinician flag at once on a patient who took 3 loading doses in March: a 4th,
    subcutaneous, on 1 June leaves the 5th due on 3 June."""
    LabResultFactory(patient=patient, value=Decimal("150"), flag="low",
                     collected_on=dt.date(2026, 6, 1))
    LabResultFactory(patient=patient, test_code="haemoglobin", value=Decimal("100"),
                     unit="g/L", flag="low", collected_on=dt.date(2026, 6, 1))
    RecheckFactory(patient=patient, due_on=dt.date(2026, 5, 1))
    RedFlagAlertFactory(patient=patient, created_at=NOW - dt.timedelta(days=3))
    regimen = patient.regimens.get()
    doses_on(regimen, [dt.date(2026, 6, 1)], route="SC", site="sc_thigh_left")


@time_machine.travel(NOW, tick=False)
def test_the_clinician_sees_each_flag(client, clinician, patient):
    flagged = cared_for(clinician, "Hal Flagged", role=Role.CLINICIAN, taken=LOADING[:3])
    _flag_everything(flagged)
    calm = cared_for(clinician, "Ivy Calm", role=Role.CLINICIAN, taken=[*LOADING, JUNE_13])
    # Old news raises no flag: an in-range newest B12 after a low one, a red flag from March.
    LabResultFactory(patient=calm, value=Decimal("150"), flag="low",
                     collected_on=dt.date(2026, 1, 1))
    LabResultFactory(patient=calm, value=Decimal("400"), collected_on=dt.date(2026, 5, 1))
    RedFlagAlertFactory(patient=calm, created_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    client.force_login(clinician)

    text = _main(client.get(reverse("clinician-dashboard")))

    hal = text.split("Hal Flagged")[1].split("</tr>")[0]
    assert "5 flags" in hal
    assert "17 days overdue" in hal  # the 5th loading dose, due 3 June
    assert "1 overdue" in hal  # recheck
    assert "B12 low" in hal
    assert "Hb low" in hal
    assert "17 Jun 2026" in hal  # red flag three days ago
    assert "1 dose" in hal
    assert "last 1 Jun 2026" in hal
    ivy = text.split("Ivy Calm")[1].split("</tr>")[0]
    assert "flag" not in ivy
    assert _names_in_order(text, ["Ivy Calm", "Hal Flagged"]) == ["Hal Flagged", "Ivy Calm"]


@time_machine.travel(NOW, tick=False)
def test_the_clinician_searches_by_name_and_sorts_by_a_flag(client, clinician, patient):
    for name in ("Jo Alpha", "Jo Beta", "Kim Gamma"):
        cared_for(clinician, name, role=Role.CLINICIAN, taken=[*LOADING, JUNE_13])
    beta = cared_for(clinician, "Jo Delta", role=Role.CLINICIAN, taken=[*LOADING, JUNE_13])
    RecheckFactory(patient=beta, due_on=dt.date(2026, 5, 1))
    client.force_login(clinician)

    text = _main(client.get(reverse("clinician-dashboard"), {"q": "jo ", "sort": "name"}))
    assert "Kim Gamma" not in text
    assert "Alice Patient" not in text
    assert "3 patients matching “jo”" in text
    assert _names_in_order(text, ["Jo Delta", "Jo Beta", "Jo Alpha"]) == [
        "Jo Alpha", "Jo Beta", "Jo Delta"]

    text = _main(client.get(reverse("clinician-dashboard"), {"q": "jo", "sort": "overdue-recheck"}))
    assert _names_in_order(text, ["Jo Delta", "Jo Beta", "Jo Alpha"]) == [
        "Jo Delta", "Jo Alpha", "Jo Beta"]
    assert '<option value="overdue-recheck" selected>' in text


HOSTILE = [
    {"q": "%' OR 1=1 --"}, {"q": "\x00"}, {"q": "a\x00b"}, {"q": "_%_"}, {"q": "x" * 5000},
    {"q": "<script>alert(1)</script>"}, {"sort": "__class__"}, {"sort": "-name"},
    {"sort": ["flags", "name"]}, {"page": "-1"}, {"page": "abc"}, {"page": "99999999999999999"},
    {"q": "é🙂", "sort": "", "page": ""},
]


@pytest.mark.parametrize("params", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_query_parameters_never_fail(client, clinician, patient, params):
    client.force_login(clinician)
    response = client.get(reverse("clinician-dashboard"), params)
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    assert "Your clinic list" in response.text
    caring = client.get(reverse("caregiver-dashboard"), params)
    assert caring.status_code == 200


def test_a_clinician_without_a_verified_second_factor_is_sent_to_enrol(client, patient):
    user = UserFactory()
    MemberFactory(patient=patient, user=user, role=Role.CLINICIAN)
    client.force_login(user)
    for name in ("clinician-dashboard", "caregiver-dashboard"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("two-factor-setup"))


def test_the_dashboards_are_never_cached(client, caregiver):
    cared_for(caregiver, "Lou", regimen=False)
    client.force_login(caregiver)
    assert "no-store" in client.get(reverse("caregiver-dashboard"))["Cache-Control"]


def test_home_sends_a_user_with_several_patients_to_their_dashboard(client, caregiver,
                                                                    clinician, patient):
    cared_for(caregiver, "Mo", regimen=False)
    client.force_login(caregiver)
    assert client.get(reverse("home")).url == f"/patients/{caregiver.memberships.get().patient_id}/"
    cared_for(caregiver, "Nell", regimen=False)
    assert client.get(reverse("home")).url == reverse("caregiver-dashboard")
    cared_for(clinician, "Olly", role=Role.CLINICIAN, regimen=False)
    client.force_login(clinician)
    assert client.get(reverse("home")).url == reverse("clinician-dashboard")
    assert client.get(reverse("overview")).url == reverse("clinician-dashboard")


def test_a_revoked_membership_drops_the_patient_from_the_dashboards(client, caregiver):
    kept = cared_for(caregiver, "Pat Kept", regimen=False)
    gone = cared_for(caregiver, "Quin Gone", regimen=False)
    gone.memberships.update(revoked_at=timezone.now())
    client.force_login(caregiver)
    text = _main(client.get(reverse("caregiver-dashboard")))
    assert kept.display_name in text
    assert "Quin Gone" not in text


@pytest.mark.parametrize("count", [1, 50])
@time_machine.travel(NOW, tick=False)
def test_the_caregiver_dashboard_runs_the_same_queries_for_1_or_50_patients(
    client, caregiver, django_assert_num_queries, count
):
    for n in range(count):
        person = cared_for(caregiver, f"Patient {n:02}", can_log_doses=True)
        RecheckFactory(patient=person, due_on=dt.date(2026, 5, 1))
        RedFlagAlertFactory(patient=person)
    client.force_login(caregiver)
    client.get(reverse("caregiver-dashboard"))
    # Session, user, the roles, patients, regimens, phases, doses, last doses, rechecks,
    # red flags, the patient switcher, the nav's two memberships (whose record its tabs open).
    with django_assert_num_queries(13):
        text = _main(client.get(reverse("caregiver-dashboard")))
    assert text.count("Log dose<span") == count


@pytest.mark.parametrize("count", [1, 30])
@time_machine.travel(NOW, tick=False)
def test_the_clinician_dashboard_runs_the_same_queries_for_1_or_30_patients(
    client, django_assert_num_queries, count
):
    doctor = UserFactory(name="Dr Who")
    TOTPDeviceFactory(user=doctor)
    for n in range(count):
        _flag_everything(
            cared_for(doctor, f"Patient {n:02}", role=Role.CLINICIAN, taken=LOADING[:3])
        )
    client.force_login(doctor)
    client.get(reverse("clinician-dashboard"))
    # Session, user, OTP device, the roles, patients, regimens, rechecks, labs, routes,
    # red flags, the patient switcher, the nav's two memberships (whose record its tabs open).
    with django_assert_num_queries(13):
        text = _main(client.get(reverse("clinician-dashboard")))
    # 25 a page: the rest on the next.
    assert text.count("5 flags") == min(count, 25)
    assert ("Page 1 of 2" in text) == (count > 25)
    if count > 25:
        rest = _main(client.get(reverse("clinician-dashboard") + "?page=2"))
        assert rest.count("5 flags") == count - 25
    assert Recheck.objects.count() == count


def test_the_menus_lead_to_the_overview_the_summary_and_the_downloads(client, patient, alice):
    client.force_login(alice)
    menu = client.get(reverse("patient-dashboard", args=[patient.pk])).text
    assert re.search(rf'href="/patients/{patient.pk}/summary/">.*?Pre-visit summary</a>', menu)
    assert re.search(rf'href="/patients/{patient.pk}/export/">.*?Download the data</a>', menu)
    assert "who needs attention" not in menu  # one patient: nothing to overview
    cared_for(alice, "Grandad Ray", regimen=False)
    menu = client.get(reverse("patient-dashboard", args=[patient.pk])).text
    assert 'href="/overview/">All your patients: who needs attention</a>' in menu
