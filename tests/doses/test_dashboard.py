from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Patient
from doses.selectors import regimen_adherence
from tests.factories import doses_on, regimen_from_template

pytestmark = pytest.mark.django_db

D = date.fromisoformat
LOADING = [D(d) for d in ("2026-03-02", "2026-03-04", "2026-03-06", "2026-03-09",
                          "2026-03-11", "2026-03-13")]


def _dashboard(client, patient):
    return client.get(reverse("patient-dashboard", args=[patient.pk])).text


@time_machine.travel(datetime(2026, 6, 10, 12, 0, tzinfo=UTC))
def test_the_card_shows_adherence_and_a_log_dose_button_for_loggers(client, patient, alice,
                                                                    bob):
    regimen = regimen_from_template(patient)
    doses_on(regimen, [*LOADING[:2], D("2026-03-09"), *LOADING[4:], D("2026-03-16")])
    client.force_login(alice)
    text = _dashboard(client, patient)
    assert "5 of 6 doses on time in the last year; one 3 days late in March." in text
    assert f'href="/patients/{patient.pk}/doses/new/"' in text
    assert "Last dose 16 Mar 2026, Deltoid, left" in text
    client.force_login(bob)
    assert "Log it" not in _dashboard(client, patient)


@time_machine.travel(datetime(2026, 3, 4, 9, 0, tzinfo=UTC))
def test_logging_a_dose_moves_the_dashboard_to_the_next_due_date(client, patient, alice):
    regimen = regimen_from_template(patient)
    doses_on(regimen, LOADING[:1])
    client.force_login(alice)
    assert "Wednesday 4 March 2026" in _dashboard(client, patient)
    form = client.get(reverse("dose-add", args=[patient.pk])).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(administered_at="2026-03-04T09:00", product=data["product"].pk,
                form_token=str(data["form_token"]), reaction="none")
    response = client.post(reverse("dose-add", args=[patient.pk]), data, follow=True)
    assert "Friday 6 March 2026" in response.text


@pytest.mark.parametrize("count", [10, 1000])
def test_the_dashboard_runs_the_same_queries_for_10_or_1000_doses(
    client, alice, patient, django_assert_num_queries, count
):
    regimen = regimen_from_template(patient, slug="us-cyanocobalamin", start_on=D("2020-01-01"))
    doses_on(regimen, [D("2020-01-01") + timedelta(days=n) for n in range(count)])
    client.force_login(alice)
    client.get(reverse("patient-dashboard", args=[patient.pk]))
    # Session, user, membership, access log, the regimen (read once for both cards), its
    # doses, phases and last dose, the labs card (rechecks, latest B12, red flag, any lab
    # record), the supplies card (one query), the patient switcher, the reminder bell; the
    # Today screen's suggested site (the injections, the sites avoided) and its checklist
    # (someone invited, reminders set).
    with django_assert_num_queries(17):
        text = _dashboard(client, patient)
    assert "Log it" in text


@time_machine.travel(datetime(2026, 4, 15, 10, 0, tzinfo=UTC))
def test_seed_demo_gives_alex_two_years_of_realistic_doses(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    alex = Patient.objects.get(display_name="Alex Demo")
    doses = list(alex.doses.order_by("administered_at"))
    assert len(doses) == 14
    assert (doses[-1].administered_at.date() - doses[0].administered_at.date()).days > 2 * 365
    repeats = [a.site for a, b in zip(doses, doses[1:], strict=False) if a.site == b.site]
    assert len(repeats) == 1
    regimen = alex.regimens.get()
    assert regimen.next_due_on == date(2026, 4, 15)
    result = regimen_adherence(regimen, date(2026, 4, 15))
    assert result.windows[2].late == 2
