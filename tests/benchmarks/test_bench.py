"""`make bench` on a small dataset: what it builds, what it measures, when it fails."""

import json
import types
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from accounts.models import AccessEvent, CareTeamMember, Patient, Role
from benchmarks.clock import BENCH_NOW, pinned_clock
from benchmarks.dataset import build_dataset
from benchmarks.measure import measure, table, write_json
from benchmarks.pages import PAGES, all_pages, all_tasks
from doses.models import Dose
from labs.models import LabResult, SymptomCheckin
from reminders import bench as reminders_bench
from reminders.models import Notification
from schedules import services as schedules_services

pytestmark = pytest.mark.django_db



@pytest.fixture
def dataset():
    return build_dataset(patients=12, heavy_patients=2, clinician_panel=5,
                         events_per_heavy_patient=120)


def test_it_builds_patients_with_care_teams_and_a_long_history_for_some(dataset):
    sweep_patients, _ = dataset.extra["reminders.sweep"]  # reminders/bench.py adds these
    assert Patient.objects.count() == 13 + sweep_patients  # twelve, and one created today
    assert dataset.heavy.memberships.get(user=dataset.heavy.user).role == Role.SELF
    assert CareTeamMember.objects.filter(user=dataset.clinician).count() == 5
    assert set(dataset.caregiver.memberships.values_list("patient", flat=True)) >= {
        dataset.heavy.pk
    }
    heavy_events = AccessEvent.objects.filter(patient=dataset.heavy)
    assert heavy_events.count() == 120
    oldest = heavy_events.order_by("at").first().at
    assert (dataset.now - oldest).days > 365 * 9
    assert not dataset.new_patient.access_events.exists()
    assert dataset.counts["access events"] == 2 * 120 + 10 * 10


def test_it_measures_every_page_against_the_baseline(dataset, tmp_path):
    report = measure(dataset, all_pages(), repeat=3, warmup=1)
    assert [t.name for t in report.pages] == [name for name, _ in all_pages()]
    assert [name for name, _ in PAGES] == [t.name for t in report.pages[:len(PAGES)]]
    # Every page answers (the clinician's with a verified second factor) within the queries.
    assert [(t.name, t.problems) for t in report.pages if t.problems and "queries" not in
            " ".join(t.problems) and "baseline" not in " ".join(t.problems)] == []
    assert max(t.queries for t in report.pages) <= 15
    # The list: dashboard, log form, dose history, regimen page, lab results, the
    # pre-visit summary and the caregiver and clinician dashboards (review/bench.py).
    measured = {t.name for t in report.pages}
    assert {"dashboard (patient, 10 years)", "log form (10 years)", "dose history (10 years)",
            "regimen page (10 years)", "lab results (10 years)", "pre-visit summary (10 years)",
            "pre-visit summary (clinician, 10 years)", "caregiver dashboard (5 patients)",
            "clinician dashboard (200 patients)"} <= measured
    # The session, the user, whether they are a clinician (who must prove a second factor
    # before the bell shows patient data: accounts.access) and the reminder bell.
    assert report.baseline.queries == 4
    dashboard = report.pages[1]
    assert dashboard.url == reverse("patient-dashboard", args=[dataset.heavy.pk])
    assert dashboard.ratio == pytest.approx(dashboard.median_ms / report.baseline.median_ms)
    assert 2 < dashboard.queries <= 15

    printed = table(report)
    assert "baseline (minimal template)" in printed
    assert "access log, oldest page (10 years)" in printed

    write_json(report, tmp_path / "bench.json")
    written = json.loads((tmp_path / "bench.json").read_text())
    assert written["budgets"] == {"max_ratio_to_baseline": 10.0, "max_queries": 15}
    assert {p["name"]: p["ratio"] for p in written["pages"]}["profile"] > 0
    assert written["machine"]["cores"] >= 1
    assert written["dataset"]["patients"] == 13


def test_a_broken_budget_is_named_and_fails_the_run(dataset):
    report = measure(dataset, PAGES[:2], repeat=2, warmup=1, max_ratio=0.5, max_queries=3)
    assert not report.ok
    problems = report.pages[1].problems
    assert any("× the baseline > 0.5×" in problem for problem in problems)
    assert any("queries > 3" in problem for problem in problems)
    assert "OVER: median" in table(report)


def test_a_page_that_does_not_answer_200_breaks_the_budget(dataset):
    stranger_visit = ("someone else's dashboard",
                      lambda ds: (ds.caregiver, reverse("patient-dashboard",
                                                        args=[ds.new_patient.pk])))
    # No ratio budget here: two timed 404s on a loaded machine once came to 47× the
    # baseline, and this test is about the status, not the time.
    report = measure(dataset, [stranger_visit], repeat=2, warmup=1, max_ratio=float("inf"))
    assert report.pages[0].problems == ["answered 404, not 200"]
    assert not report.ok


def test_apps_add_rows_pages_and_tasks_with_a_bench_module(monkeypatch):
    swept = []
    module = types.SimpleNamespace(
        build=lambda ds: ds.extra.setdefault("doses.built", True),
        PAGES=[("dose history", lambda ds: (ds.heavy.user, "/profile/"))],
        TASKS=[("reminder sweep", swept.append, 2.0)],
    )
    monkeypatch.setattr("benchmarks.pages.app_bench_modules", lambda: [module])
    monkeypatch.setattr("benchmarks.dataset.app_bench_modules", lambda: [module])
    small = build_dataset(patients=3, heavy_patients=1, clinician_panel=1,
                          events_per_heavy_patient=5)
    assert small.extra["doses.built"] is True
    assert all_pages()[-1][0] == "dose history"
    report = measure(small, all_pages()[-1:], all_tasks(), repeat=2, warmup=1)
    assert swept == [small]
    assert report.tasks[0].name == "reminder sweep"
    assert report.tasks[0].ok


def test_the_baseline_page_exists_only_inside_the_benchmark(client, alice):
    client.force_login(alice)
    assert client.get("/__bench__/baseline/").status_code == 404
    assert "benchmarks" not in settings.INSTALLED_APPS


def test_the_apps_build_ten_years_of_weekly_doses_labs_and_check_ins(dataset):
    heavy, light = dataset.heavy, dataset.patients[-1]
    regimen = dataset.extra["schedules.regimens"][heavy.pk]
    regimen.refresh_from_db()
    doses = Dose.objects.filter(patient=heavy).order_by("administered_at")
    assert 500 < doses.count() < 560  # a week of daily loading, then weekly for ten years
    assert (dataset.now - doses.first().administered_at).days >= 365 * 10 - 1
    assert doses.filter(status="voided").exists()
    assert regimen.next_due_on is not None
    assert regimen.current_phase.label == "Weekly"
    assert regimen.next_due_on == schedules_services.regimen_refresh_next_due(regimen=regimen)
    assert LabResult.objects.filter(patient=heavy, test_code="b12").count() >= 40
    assert SymptomCheckin.objects.filter(patient=heavy).count() >= 120
    light_regimen = dataset.extra["schedules.regimens"][light.pk]
    assert light_regimen.doses.exists()
    assert light_regimen.template_slug == "uk-hydroxocobalamin"
    assert LabResult.objects.filter(patient=light).count() == 3
    assert not dataset.new_patient.regimens.exists()
    assert dataset.counts["doses"] == Dose.objects.count()


def _small(**extra):
    return build_dataset(patients=12, heavy_patients=2, clinician_panel=5,
                         events_per_heavy_patient=120, now=BENCH_NOW, **extra)


def test_the_pinned_clock_gives_the_same_rows_and_query_counts_on_any_date():
    pages = [page for page in all_pages() if page[0] in {
        "dashboard (patient, 10 years)", "log form (10 years)", "pre-visit summary (10 years)",
        "calendar (10 years)", "rechecks (10 years)", "regimen page (10 years)"}]
    runs = []
    for machine_date in (datetime(2026, 12, 2, 9, tzinfo=UTC),
                         datetime(2031, 2, 28, 23, tzinfo=UTC)):
        with transaction.atomic(), time_machine.travel(machine_date), pinned_clock():
            dataset = _small(aged_outbox=0)
            report = measure(dataset, pages, repeat=1, warmup=1)
            assert dataset.now == BENCH_NOW
            runs.append(({t.name: t.queries for t in report.pages}, dict(dataset.counts)))
            transaction.set_rollback(True)  # the next run builds its own rows
    first, second = runs
    assert len(first[0]) == len(pages)
    assert first == second  # the same rows and query counts, whichever day the machine says


def test_the_reminder_tasks_time_young_and_aged_outboxes_throughput_and_retention():
    with pinned_clock():
        dataset = _small(aged_outbox=3_000)
        report = measure(dataset, [], reminders_bench.TASKS, repeat=1, warmup=0)
    tasks = {t.name: t for t in report.tasks}
    assert list(tasks) == [name for name, _, _ in reminders_bench.TASKS]
    _, due = dataset.extra["reminders.sweep"]
    first = tasks["reminder sweep, first (50 regimens a patient, 1 in 100 due)"]
    # Each due sweep patient: due today and overdue tomorrow, by email and in-app (the other
    # patients' regimens add theirs).
    planned = Notification.objects.filter(recipient__email__startswith="sweep",
                                          subject_key__regex=r"^regimen:\d+:due:[\d-]+$")
    assert planned.count() == 4 * due <= first.items
    assert planned.filter(status="sent").count() == 2 * due
    assert tasks["reminder delivery (the due reminders, email + in-app)"].items >= 2 * due
    aged = tasks["reminder sweep, aged outbox"]
    assert "over 3,000 old rows" in aged.note
    assert "× the young outbox" in aged.note
    assert aged.budget_seconds == pytest.approx(
        min(1.5 * tasks["reminder sweep, young outbox"].seconds, 1.0))
    inapp = tasks["delivery in-app, 1 worker (≥ 500/s)"]
    assert (inapp.items, inapp.budget_seconds) == (5 * due, 5 * due / 500)
    assert f"{5 * due:,} marked sent" in inapp.note
    email = tasks["delivery email, file backend, 1 worker (≥ 100/s)"]
    assert f"{due:,} marked sent, {due:,} emails written" in email.note
    assert "sent mark median" in email.note
    retention = tasks["outbox retention, first run on the aged outbox"]
    assert 0 < retention.items < 3_000  # years of rows go; the last 90 days' stay
    assert Notification.objects.filter(status="sent", channel="email",
                                       sent_at__lt=BENCH_NOW - timedelta(days=90)).count() == 0
    assert "A BUDGET" not in table(report)
