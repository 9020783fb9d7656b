import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from zeal import zeal_ignore

from accounts.models import CareTeamMember, Patient, User
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def seed_demo(*args):
    # The idempotent seeds look rows up one at a time on purpose; zeal would call it an N+1.
    with zeal_ignore():
        call_command("seed_demo", *args)


def test_it_runs_on_the_database_that_database_url_names():
    url = os.environ.get("DATABASE_URL", "")
    if os.environ.get("CI") == "true":
        assert url.startswith("postgres"), "CI must run the suite on PostgreSQL"
    expected = "postgresql" if url.startswith("postgres") else "sqlite"
    assert connection.vendor == expected


def test_healthz_reports_database_broker_and_the_reminder_sweep(client):
    call_command("reminders_sweep", stdout=io.StringIO())  # what beat does every minute
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok", "database": "ok", "broker": "ok", "reminder_sweep": "ok",
    }


def test_healthz_answers_503_when_the_broker_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["broker"] == "down"


def test_the_deploy_check_passes_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-for-the-check-9",
        "DJANGO_ALLOWED_HOSTS": "b12.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("command", [["check"], ["makemigrations", "--check", "--dry-run"]])
def test_production_refuses_to_start_without_a_secret_key(command):
    """Every command says what is missing (makemigrations used to end on "Models aren't
    loaded yet", Django having set the configuration error aside)."""
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_seed_demo_creates_the_demo_cast_once(settings, capsys):
    settings.DEBUG = True
    seed_demo()
    seed_demo()
    output = capsys.readouterr().out
    assert "alex@example.com" in output
    assert "b12-demo-password" in output
    alex = User.objects.get(email="alex@example.com")
    assert alex.check_password("b12-demo-password")
    patient = Patient.objects.get(display_name="Alex Demo")
    assert patient.user == alex
    roles = sorted(CareTeamMember.objects.filter(patient=patient).values_list("role", flat=True))
    assert roles == ["caregiver", "clinician", "self"]


def test_seed_demo_prints_the_full_login_address_and_enrols_the_demo_authenticator(
    settings, capsys, client
):
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8001"
    seed_demo()
    output = capsys.readouterr().out
    assert "Log in at http://127.0.0.1:8001/accounts/login/ as:" in output
    assert "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" in output
    call_command("demo_code")
    code = capsys.readouterr().out.strip()
    # The printed code is the one the clinician's second login step accepts.
    client.post("/accounts/login/", {"username": "dr.rivera@example.com",
                                     "password": "b12-demo-password"})
    response = client.post("/accounts/login/verify/", {"token": code}, follow=True)
    assert response.context["user"].is_verified()


def test_seed_demo_gives_no_known_authenticator_when_debug_is_off(settings, capsys):
    settings.DEBUG = False
    seed_demo("--force")
    assert "GEZDGNBV" not in capsys.readouterr().out
    clinician = User.objects.get(email="dr.rivera@example.com")
    assert not clinician.totpdevice_set.exists()
    with pytest.raises(CommandError):
        call_command("demo_code")


def test_seed_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert not User.objects.exists()
    seed_demo("--force")
    assert User.objects.count() == 3


@pytest.mark.parametrize(
    ("zone", "utc_instant", "local_date"),
    [
        ("Pacific/Auckland", datetime(2026, 3, 1, 12, 0, tzinfo=UTC), "2026-03-02"),
        ("America/Los_Angeles", datetime(2026, 3, 1, 5, 0, tzinfo=UTC), "2026-02-28"),
        ("Europe/London", datetime(2026, 3, 1, 5, 0, tzinfo=UTC), "2026-03-01"),
    ],
)
def test_today_is_the_patients_own_calendar_date(zone, utc_instant, local_date):
    patient = PatientFactory(timezone=zone)
    assert patient.local_today(utc_instant).isoformat() == local_date


def test_an_email_provider_is_configured_from_the_environment():
    env = {
        **os.environ,
        "DJANGO_EMAIL_BACKEND": "anymail.backends.postmark.EmailBackend",
        "ANYMAIL": '{"POSTMARK_SERVER_TOKEN": "server-token"}',
    }
    script = (
        "from django.core.mail import get_connection; from django.conf import settings; "
        "c = get_connection(); print(type(c).__module__, settings.ANYMAIL)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert "anymail.backends.postmark {'POSTMARK_SERVER_TOKEN': 'server-token'}" in result.stdout


def test_debug_is_off_unless_the_environment_turns_it_on():
    unset = ("DJANGO_DEBUG", "DJANGO_SETTINGS_MODULE")  # the suite's settings turn it on
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env["DJANGO_SECRET_KEY"] = "k" * 50
    script = "from django.conf import settings; print('debug', settings.DEBUG)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert "debug False" in result.stdout, result.stderr
