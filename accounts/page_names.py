"""Plain names for the pages an access-log line points at ("Dose history", not
/patients/7/doses/?route=IM): the patient reads the log; the raw path stays for clinicians."""

from django.urls import Resolver404, resolve
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

PAGE_NAMES = {
    # Translators: this and the names below are of pages in the access log (who opened
    # what): a place in the app, so a noun or an activity ("Logging a dose"), not a command.
    "patient-dashboard": pgettext_lazy("page name", "Today"),
    "checklist-dismiss": pgettext_lazy("page name", "Today"),
    "patient-edit": pgettext_lazy("page name", "Profile"),
    "clinical-profile": _("Clinical profile"),
    "patient-delete": _("Deleting the record"),
    "care-team": _("Care team"),
    "access-log": _("Who accessed the record"),
    "invitation-add": pgettext_lazy("page name", "Invitation"),
    "invitation-resend": pgettext_lazy("page name", "Invitation"),
    "invitation-revoke": pgettext_lazy("page name", "Invitation"),
    "member-edit": _("Care team member"),
    "member-remove": _("Care team member"),
    "regimen-list": _("Regimen"),
    "regimen-add": _("New regimen"),
    "regimen-detail": _("Regimen"),
    "regimen-edit": _("Change of prescription"),
    "regimen-end-phase": _("Ending a phase"),
    "regimen-status": _("Pause, resume or stop"),
    "dose-skip": _("Skipping a dose"),
    "dose-unskip": _("Skipping a dose"),
    "schedule-calendar": _("Calendar"),
    "calendar-feed-settings": _("Calendar link"),
    "calendar-feed": _("Calendar app subscription"),
    "supply-list": _("Supplies and appointments"),
    "supply-add": _("Recording a supply"),
    "supply-correct": _("Correcting a supply"),
    "supply-void": _("Voiding a supply"),
    "arrangement-edit": _("Who gives the injection"),
    "appointment-add": _("Recording an appointment"),
    "appointment-cancel": _("Cancelling an appointment"),
    "dose-list": _("Dose history"),
    "dose-add": _("Logging a dose"),
    "dose-detail": _("One dose"),
    "dose-correct": _("Correcting a dose"),
    "dose-void": _("Voiding a dose"),
    "dose-timeline": _("Adherence timeline"),
    "site-usage": _("Injection sites"),
    "site-avoid": _("Injection sites"),
    "site-avoid-lift": _("Injection sites"),
    "lab-overview": _("Lab results"),
    "lab-result-list": _("Lab results"),
    "lab-result-add": _("Entering a lab result"),
    "lab-result-detail": _("One lab result"),
    "lab-result-correct": _("Correcting a lab result"),
    "lab-result-void": _("Voiding a lab result"),
    "recheck-list": _("Lab rechecks"),
    "recheck-plan": _("Planning rechecks"),
    "recheck-cancel": _("Lab rechecks"),
    "recheck-done": _("Lab rechecks"),
    "symptom-checkin-list": _("Symptoms"),
    "symptom-checkin-add": _("Symptom check-in"),
    "symptom-checkin-detail": _("One symptom check-in"),
    "wear-off-report": _("Symptoms between injections"),
    "red-flag-acknowledge": _("Red flag"),
    "reminder-action": _("Reminder"),
    "reminder-preferences": _("Reminder settings"),
    "previsit-summary": _("Pre-visit summary"),
    "export-list": _("Downloads"),
    "export-doses-csv": _("Doses download (CSV)"),
    "export-lab-results-csv": _("Lab results download (CSV)"),
    "export-supplies-csv": _("Supplies download (CSV)"),
    "export-appointments-csv": _("Appointments download (CSV)"),
    "export-json": _("Whole record download (JSON)"),
    "export-fhir": _("Whole record download (FHIR)"),
}


def page_name(path: str) -> str:
    """The page's plain name; the JSON API's endpoints are "Phone app or API"."""
    bare = path.split("?", 1)[0]
    if bare.startswith("/api/"):
        return gettext("Phone app or API")
    try:
        name = resolve(bare).url_name or ""
    except Resolver404:
        return gettext("A page that no longer exists")
    # Every patient's page is named above (tests/accounts/test_page_names.py holds it).
    return str(PAGE_NAMES.get(name) or gettext("A page"))
