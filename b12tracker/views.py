"""Project-level pages: the landing page, the patient dashboard and the health check.

The dashboard lives here rather than in an app because it gathers cards from every app,
and apps must not import each other against the dependency direction.
"""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.access import patient_view, visible_patients
from accounts.services import member_dismiss_checklist
from review.views.dashboards import overview_url

from .celery import app as celery_app
from .plugins import app_modules
from .today import today


def home(request):
    if not request.user.is_authenticated:
        return render(request, "home.html")
    patients = list(visible_patients(request.user)[:2])
    if not patients:
        return redirect("patient-add")
    if len(patients) == 1:
        return redirect("patient-dashboard", patient_id=patients[0].pk)
    # Several patients: the caregiver's or the clinician's dashboard, most urgent first.
    return redirect(overview_url(request.user))


@patient_view()
def dashboard(request, access):
    # Each card module offers card(request, access) -> {"template": ..., **context} or None.
    cards = [card for module in app_modules("dashboard") if (card := module.card(request, access))]
    return render(request, "dashboard.html", {
        "access": access, "patient": access.patient, "cards": cards,
        "today_screen": today(access, cards),
    })


@patient_view()
@require_POST
def checklist_dismiss(request, access):
    """Put the first-run checklist away, for this member only."""
    member_dismiss_checklist(member=access.member)
    return redirect("patient-dashboard", patient_id=access.patient.pk)


def _database_is_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _broker_is_up() -> bool:
    try:
        with celery_app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        return False


@never_cache
def healthz(request):
    checks = {
        "database": "ok" if _database_is_up() else "down",
        "broker": "ok" if _broker_is_up() else "down",
    }
    if checks["database"] == "ok":
        # The apps' own heartbeats (reminders: is beat sweeping?), through `<app>/health.py`.
        now = timezone.now()
        for module in app_modules("health"):
            checks.update(module.checks(now))
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", **checks}, status=200 if healthy else 503
    )
