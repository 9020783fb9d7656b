"""The one access policy: every patient-scoped view and endpoint gets its patient here.

A user outside a patient's care team gets 404, never 403, so a stranger cannot even learn
that a record exists. A member lacking the capability (or role) an action needs gets 403.
Every successful access is written to the access log.

Clinicians must have proven a second factor in this session before they see any record
(SecondFactorRequired; accounts.middleware turns it into a redirect to enrolment).
"""

from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.http import Http404, HttpRequest

from .models import (
    AccessAction,
    AccessEvent,
    AccessVia,
    Capability,
    CareTeamMember,
    Patient,
    Role,
)

# The nav's patient switcher lists up to ten patients and says "more" with an eleventh.
SWITCHER_SIZE = 11


class SecondFactorRequired(PermissionDenied):
    """The user is a clinician somewhere and this session has no verified second factor."""


def is_verified(user) -> bool:
    """Whether this session proved a second factor (set by django_otp's middleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def is_clinician(user) -> bool:
    """Clinician on any live care team: such a user gets the strict rules everywhere.
    Remembered on the user object, so one request asks the database once."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_is_clinician"):
        user._is_clinician = (
            CareTeamMember.objects.active().filter(user=user, role=Role.CLINICIAN).exists()
        )
    return user._is_clinician


def must_verify_second_factor(
    user, *, proven: bool | None = None, clinician: bool | None = None
) -> bool:
    """THE rule: must this user prove a second factor before seeing any patient data?

    A clinician on any care team must, wherever the data would appear: a record, a list,
    the inbox or the bell, the patient switcher, the API, a reminder. `proven` is what stands
    behind this use of the account: by default the session's or the token's proof; for an
    email or a push, which no session stands behind, whether the user has enrolled a second
    factor at all. `clinician`, when the caller already knows it, saves a query.
    """
    if not user.is_authenticated:
        return False
    if clinician is not None:
        user._is_clinician = clinician  # the nav's bell and switcher ask again
    if proven is None:
        proven = is_verified(user)
    return not proven and is_clinician(user)


def refuse_unverified_clinicians(user) -> None:
    """For places that are not one patient's but still show patient data (the API's patient
    list, the inbox): refuse as a record would (SecondFactorRequired)."""
    if must_verify_second_factor(user):
        raise SecondFactorRequired("Clinicians must verify a second factor to see records.")


@dataclass(frozen=True)
class PatientAccess:
    """What the requesting user may do with one patient, as granted by their membership."""

    patient: Patient
    member: CareTeamMember
    # The user's patients for the nav's switcher, this one among them (by name): read in
    # the same query as the membership.
    switcher: list[Patient] = field(default_factory=list)
    _memo: dict = field(default_factory=dict, compare=False, repr=False)

    def remember(self, key: str, compute):
        """Compute a value once per request: several dashboard cards read the same regimen."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def can(self, capability: str) -> bool:
        return self.member.has_capability(capability)

    @property
    def is_clinician(self) -> bool:
        return self.member.role == Role.CLINICIAN


def visible_patients(user) -> QuerySet[Patient]:
    """Patients on whose care team the user currently is."""
    if not user.is_authenticated:
        return Patient.objects.none()
    return Patient.objects.filter(
        memberships__user=user, memberships__revoked_at__isnull=True
    ).distinct()


def managed_patients(user) -> QuerySet[Patient]:
    """Patients whose care team the user manages: the records that are theirs to take away
    (the account's data download). Each is still opened through get_patient_access."""
    return visible_patients(user).filter(
        memberships__user=user, memberships__revoked_at__isnull=True,
        memberships__can_manage_team=True,
    )


def visible_patients_with_roles(user) -> QuerySet[Patient]:
    """`visible_patients`, each annotated with the user's live membership on its care team:
    `my_role` and `my_can_log_doses`, for pages that list several patients at once."""
    mine = CareTeamMember.objects.active().filter(patient=OuterRef("pk"), user_id=user.pk)
    return visible_patients(user).annotate(
        my_role=Subquery(mine.values("role")[:1]),
        my_can_log_doses=Subquery(mine.values("can_log_doses")[:1]),
    )


def record_access(
    request: HttpRequest, patient: Patient | None, action: str, *, user=None,
    via: str = AccessVia.PAGE,
) -> None:
    """One access-log row. `user` is for requests that carry no login (a calendar feed)."""
    if user is None and request.user.is_authenticated:
        user = request.user
    AccessEvent.objects.create(
        user=user,
        patient=patient,
        patient_label=patient.display_name if patient else "",
        action=action,
        path=request.get_full_path()[:500],
        ip_address=request.META.get("REMOTE_ADDR") or None,
        via=via,
    )


def get_patient_access(
    request: HttpRequest,
    patient_id: int,
    capability: str | tuple[str, ...] = Capability.VIEW,
    *,
    roles: tuple[str, ...] | None = None,
    action: str | None = None,
) -> PatientAccess:
    """The requesting user's access to a patient, or Http404 / PermissionDenied.

    `capability` may be a tuple: any one of them is enough.
    """
    clinician_anywhere = CareTeamMember.objects.active().filter(
        user_id=OuterRef("user_id"), role=Role.CLINICIAN
    )
    this_patient_first = Case(When(patient_id=patient_id, then=Value(0)), default=Value(1),
                              output_field=IntegerField())
    # The user's live memberships, this patient's first, then the switcher's by name: one
    # query answers both "may they?" and "whose records can they switch to?".
    mine = list(
        CareTeamMember.objects.active()
        # The clinical profile comes in the same query: the log form, the summary and the
        # red-flag advice read it on many pages.
        .select_related("patient", "patient__clinical_profile")
        .filter(user_id=request.user.pk)
        .annotate(user_is_clinician=Exists(clinician_anywhere))  # same query, no extra trip
        .order_by(this_patient_first, "patient__display_name", "patient_id")[:SWITCHER_SIZE]
    )
    member = mine[0] if mine and mine[0].patient_id == patient_id else None
    if member is None:
        raise Http404("No such patient.")
    if must_verify_second_factor(request.user, clinician=member.user_is_clinician):
        raise SecondFactorRequired("Clinicians must verify a second factor to see records.")
    wanted = (capability,) if isinstance(capability, str) else capability
    if not any(map(member.has_capability, wanted)) or (roles and member.role not in roles):
        raise PermissionDenied("Your role on this care team does not allow this.")
    if action is None:
        action = AccessAction.VIEW if request.method in ("GET", "HEAD") else AccessAction.UPDATE
    record_access(request, member.patient, action)
    # By name, this patient among the ten shown; an eleventh only says there are more.
    shown = sorted((m.patient for m in mine[:SWITCHER_SIZE - 1]),
                   key=lambda p: (p.display_name, p.pk))
    switcher = shown + [m.patient for m in mine[SWITCHER_SIZE - 1:]]
    return PatientAccess(patient=member.patient, member=member, switcher=switcher)


def patient_view(
    capability: str | tuple[str, ...] = Capability.VIEW,
    *,
    roles: tuple[str, ...] | None = None,
    action: str | None = None,
):
    """Decorate a view taking `patient_id`: it is called as view(request, access, **rest).

    The policy is checked before anything else (including the HTTP method), so the same
    answer comes back whatever a stranger tries. The decorator also labels the view, which
    lets the access test find every patient-scoped URL and check it.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, patient_id, *args, **kwargs):
            access = get_patient_access(
                request, patient_id, capability, roles=roles, action=action
            )
            request.patient_access = access  # the navigation reads whose page this is
            return view(request, access, *args, **kwargs)

        wrapper.patient_access_rule = {"capability": capability, "roles": roles}
        return wrapper

    return decorator
