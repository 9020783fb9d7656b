"""The caregiver and clinician dashboards: every patient of one user, most urgent first.

Not patient-scoped: they list patients through the access policy's own queryset
(`accounts.access.visible_patients_with_roles`), never by reading memberships here. They show
health data of many records, so they follow the patient pages' rules: no caching, and a
clinician must have proven a second factor first.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from accounts.access import (
    SecondFactorRequired,
    must_verify_second_factor,
    visible_patients_with_roles,
)
from accounts.models import Role

from ..caseload import caregiver_rows, clinician_rows
from ..urgency import CLINIC_SORTS, DEFAULT_CLINIC_SORT, by_urgency, clinic_sorted

CARING_ROLES = (Role.SELF, Role.CAREGIVER)
# Sorted most urgent first, a page holds what a clinician reads at a sitting, on a phone too;
# the flags of every patient are still worked out, to sort them.
CLINIC_PAGE_SIZE = 25
SEARCH_MAX_LENGTH = 100


def _my_roles(request) -> set[str]:
    """The roles the user holds on live care teams; a clinician must have a second factor."""
    roles = set(
        visible_patients_with_roles(request.user).order_by()
        .values_list("my_role", flat=True).distinct()
    )
    if must_verify_second_factor(request.user, clinician=Role.CLINICIAN in roles):
        raise SecondFactorRequired("Clinicians must verify a second factor to see records.")
    return roles


def overview_url(user) -> str:
    """Where a user with several patients starts: the clinic list for a clinician."""
    patients = visible_patients_with_roles(user)
    if patients.filter(my_role=Role.CLINICIAN).exists():
        return reverse("clinician-dashboard")
    return reverse("caregiver-dashboard")


@login_required
def overview(request):
    return redirect(overview_url(request.user))


@never_cache
@login_required
def caregiver_dashboard(request):
    roles = _my_roles(request)
    patients = visible_patients_with_roles(request.user).filter(my_role__in=CARING_ROLES)
    rows = by_urgency(caregiver_rows(patients, timezone.now()))
    return render(request, "review/caregiver_dashboard.html", {
        "rows": rows, "is_clinician": Role.CLINICIAN in roles,
    })


def _search_term(request) -> str:
    # NUL cannot be stored in a PostgreSQL string (it would fail the query): drop it.
    return request.GET.get("q", "").replace("\x00", "").strip()[:SEARCH_MAX_LENGTH]


@never_cache
@login_required
def clinician_dashboard(request):
    roles = _my_roles(request)
    search = _search_term(request)
    sort = request.GET.get("sort", "")
    sort = sort if sort in CLINIC_SORTS else DEFAULT_CLINIC_SORT
    patients = visible_patients_with_roles(request.user).filter(my_role=Role.CLINICIAN)
    if search:
        patients = patients.filter(display_name__icontains=search)
    rows = clinic_sorted(clinician_rows(patients, timezone.now()), sort)
    page = Paginator(rows, CLINIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "review/clinician_dashboard.html", {
        "page": page, "search": search, "sort": sort,
        "sorts": [(key, label) for key, (label, _) in CLINIC_SORTS.items()],
        "cares_too": bool(roles & set(CARING_ROLES)), "is_clinician": Role.CLINICIAN in roles,
    })
