"""What the navigation shows a signed-in user: whose list leads, which tab the page is on,
and whose record the tabs open (the page's patient, or on a page of no patient, such as the
inbox, the user's only or own record).

Read by templates/_nav.html and nav/ through `accounts.context_processors`. On a patient's
page it costs no query (the access policy has loaded the membership and whether the user is
a clinician); elsewhere one, and only when a template asks.
"""

from functools import cached_property

from django.db.models import Case, IntegerField, Value, When

from .access import SWITCHER_SIZE, is_clinician, must_verify_second_factor, visible_patients
from .models import CareTeamMember, Role

# The tab each page sits under, by the start of its URL name (the first that fits); a
# patient's page that fits none is under "More".
SECTIONS = (
    ("caregiver-dashboard", "people"), ("clinician-dashboard", "people"),
    ("overview", "people"),
    ("patient-dashboard", "today"),
    ("dose-add", "log"),
    ("dose-", "history"), ("site-usage", "history"),
    ("lab-", "labs"), ("recheck-", "labs"),
    ("inbox", "reminders"),
    ("profile", "account"), ("two-factor", "account"), ("password_change", "account"),
    ("api-tokens", "account"),
)


class Navigation:
    def __init__(self, request):
        self.request = request
        self.user = request.user
        match = getattr(request, "resolver_match", None)
        self.url_name = (match.url_name if match else None) or ""

    @property
    def section(self) -> str:
        return next((section for start, section in SECTIONS
                     if self.url_name.startswith(start)), "more")

    @cached_property
    def _hidden(self) -> bool:
        """A clinician yet to prove a second factor sees no patient, not even a name."""
        return must_verify_second_factor(self.user)

    @property
    def access(self):
        """The page's patient access, set by the access policy (None off a patient's page)."""
        return getattr(self.request, "patient_access", None)

    @cached_property
    def _own_memberships(self) -> list[CareTeamMember]:
        """Off a patient's page: two of the user's memberships, a caregiver's first (one
        query) — enough to tell a caregiver and to find the only or own record."""
        if self._hidden:
            return []
        caregiver_first = Case(When(role=Role.CAREGIVER, then=Value(0)), default=Value(1),
                               output_field=IntegerField())
        return list(
            CareTeamMember.objects.active().filter(user=self.user).select_related("patient")
            .only("role", "can_log_doses", "patient__id", "patient__display_name")
            .order_by(caregiver_first, "added_at", "id")[:2]
        )

    @property
    def member(self) -> CareTeamMember | None:
        """The membership the tabs open on."""
        if self.access is not None:
            return self.access.member
        mine = self._own_memberships
        if len(mine) == 1:
            return mine[0]
        return next((m for m in mine if m.role == Role.SELF), None)

    @property
    def patient(self):
        member = self.member
        return member.patient if member is not None else None

    @property
    def leads_with(self) -> str:
        """The list that comes first: a clinician's caseload, a caregiver's people, or none
        (a patient starts on their own Today)."""
        if self._hidden:
            return ""
        if is_clinician(self.user):  # remembered on the user: the bell asked already
            return "caseload"
        if self.access is not None:
            return "people" if self.access.member.role == Role.CAREGIVER else ""
        mine = self._own_memberships
        return "people" if mine and mine[0].role == Role.CAREGIVER else ""

    @cached_property
    def switcher(self) -> list:
        """Up to eleven patients for the switchers (ten shown, the eleventh says "more"):
        one query, shared by the top bar and the phone's sheet; none on a patient's page,
        where the access policy read them with the membership."""
        if self._hidden:
            return []
        if self.access is not None:
            return self.access.switcher
        return list(visible_patients(self.user).only("id", "display_name")[:SWITCHER_SIZE])
