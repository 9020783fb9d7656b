from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from labs.forms import default_plan_initial
from labs.models import Recheck
from tests.factories import MemberFactory, RecheckFactory
from tests.support.browser_form import as_a_browser_posts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _first_of_june_2025(time_machine):
    time_machine.move_to(datetime(2025, 6, 1, 12, tzinfo=UTC), tick=False)


def _plan_post(start_on="2025-05-01", drop=()):
    data = {"start_on": start_on, "step-TOTAL_FORMS": "5", "step-INITIAL_FORMS": "4",
            "step-MIN_NUM_FORMS": "0", "step-MAX_NUM_FORMS": "20"}
    for i, step in enumerate(default_plan_initial()):
        prefix = f"step-{i}-"
        data |= {prefix + "after": step["after"], prefix + "unit": step["unit"],
                 prefix + "tests": step["tests"], prefix + "label": step["label"],
                 prefix + "repeat_every_months": step["repeat_every_months"] or ""}
        if i in drop:
            data[prefix + "DELETE"] = "on"
    return data


def test_the_plan_editor_starts_from_the_default_plan_and_today(client, patient, clinician):
    client.force_login(clinician)
    response = client.get(reverse("recheck-plan", args=[patient.pk]))
    assert response.context["start_form"]["start_on"].value() == date(2025, 6, 1)
    assert "Reticulocytes and haemoglobin" in response.text
    assert "3-month review" in response.text
    assert "Leave out this step" in response.text


def test_the_plan_editor_creates_rechecks_from_the_start_date(client, patient, clinician):
    client.force_login(clinician)
    response = client.post(reverse("recheck-plan", args=[patient.pk]), _plan_post(drop=(2,)),
                           follow=True)
    rechecks = list(Recheck.objects.order_by("due_on"))
    assert [(r.label, r.due_on) for r in rechecks] == [
        ("Reticulocytes and haemoglobin", date(2025, 5, 11)),
        ("Full blood count and reticulocytes", date(2025, 6, 26)),
        ("Yearly full blood count and B12", date(2026, 5, 1)),
    ]
    assert {r.requested_by for r in rechecks} == {clinician}
    assert "3 rechecks planned." in response.text


def test_a_plan_step_without_tests_is_refused(client, patient, clinician):
    client.force_login(clinician)
    data = _plan_post()
    data["step-0-tests"] = []
    response = client.post(reverse("recheck-plan", args=[patient.pk]), data)
    assert "tests" in response.context["steps"].forms[0].errors
    assert not Recheck.objects.exists()


def test_only_the_manage_capability_edits_plans(client, patient):
    logs_doses = MemberFactory(patient=patient, role=Role.CAREGIVER, can_log_doses=True)
    client.force_login(logs_doses.user)
    assert client.get(reverse("recheck-plan", args=[patient.pk])).status_code == 403
    assert client.post(reverse("recheck-plan", args=[patient.pk]), _plan_post()).status_code == 403
    assert not Recheck.objects.exists()


def test_the_list_shows_overdue_due_and_done(client, patient, bob):
    RecheckFactory(patient=patient, label="Day-10 bloods", due_on=date(2025, 5, 1))
    RecheckFactory(patient=patient, label="Eight-week count", due_on=date(2025, 5, 28))
    RecheckFactory(patient=patient, label="Baseline", due_on=date(2025, 1, 1), status="done",
                   completed_on=date(2025, 1, 2))
    client.force_login(bob)
    response = client.get(reverse("recheck-list", args=[patient.pk]))
    assert [r.label for r in response.context["overdue"]] == ["Day-10 bloods"]
    assert [r.label for r in response.context["upcoming"]] == ["Eight-week count"]
    assert [r.label for r in response.context["done"]] == ["Baseline"]
    assert response.text.count("Overdue</span>") == 1  # only the overdue one carries the badge
    assert "Plan rechecks" not in response.text  # bob may not plan
    assert "Mark done" not in response.text


def test_cancelling_keeps_the_recheck_with_the_reason(client, patient, clinician):
    recheck = RecheckFactory(patient=patient, label="Folate")
    client.force_login(clinician)
    response = client.post(reverse("recheck-cancel", args=[patient.pk, recheck.pk]),
                           {"reason": "Checked at the GP"}, follow=True)
    recheck.refresh_from_db()
    assert (recheck.status, recheck.closed_by) == ("cancelled", clinician)
    assert "Cancelled: Checked at the GP." in response.text


def test_marking_done_by_hand_closes_the_recheck_today(client, patient, clinician):
    recheck = RecheckFactory(patient=patient, label="3-month review")
    client.force_login(clinician)
    client.post(reverse("recheck-done", args=[patient.pk, recheck.pk]))
    recheck.refresh_from_db()
    assert (recheck.status, recheck.completed_on) == ("done", date(2025, 6, 1))


def test_a_closed_recheck_cannot_be_cancelled_again(client, patient, clinician):
    recheck = RecheckFactory(patient=patient, status="done")
    client.force_login(clinician)
    url = reverse("recheck-cancel", args=[patient.pk, recheck.pk])
    assert client.post(url, {"reason": "x"}).status_code == 404


def test_the_plan_starts_from_the_active_regimen_by_default(client, patient, alice):
    from tests.factories import regimen_from_template

    regimen_from_template(patient, start_on=date(2026, 3, 2))
    client.force_login(alice)
    page = client.get(reverse("recheck-plan", args=[patient.pk])).text
    assert 'value="2026-03-02"' in page


def test_the_default_plan_submits_as_the_browser_posts_it(client, patient, clinician):
    client.force_login(clinician)
    page = client.get(reverse("recheck-plan", args=[patient.pk]))
    response = client.post(reverse("recheck-plan", args=[patient.pk]),
                           as_a_browser_posts(page.text), follow=True)
    assert "This field is required." not in response.text
    assert f"{Recheck.objects.count()} rechecks planned." in response.text
    assert Recheck.objects.count() == len(default_plan_initial())


def test_the_plan_is_counted_in_polish_and_marking_done_says_so_in_spanish(
    client, patient, clinician
):
    clinician.language = "pl"
    clinician.save(update_fields=["language"])
    client.force_login(clinician)
    response = client.post(reverse("recheck-plan", args=[patient.pk]), _plan_post(drop=(2,)),
                           follow=True)
    assert "Zaplanowano 3 badania kontrolne." in response.text  # 2–4: the second form
    clinician.language = "es"
    clinician.save(update_fields=["language"])
    recheck = RecheckFactory(patient=patient)  # no label: the tests' names, in Spanish
    response = client.post(reverse("recheck-done", args=[patient.pk, recheck.pk]), follow=True)
    assert "Control «Hemoglobina» marcado como hecho." in response.text
