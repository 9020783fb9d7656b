"""Plain names for the pages an access-log line points at ("Dose history", not
/patients/7/doses/?route=IM): the patient reads the log; the raw path stays for clinicians."""

from django.urls import Resolver404, resolve

PAGE_NAMES = {
    "patient-dashboard": "Today",
    "checklist-dismiss": "Today",
    "patient-edit": "Profile",
    "patient-delete": "Delete the record",
    "care-team": "Care team",
    "access-log": "Who accessed the record",
    "invitation-add": "Invitation",
    "invitation-resend": "Invitation",
    "invitation-revoke": "Invitation",
    "member-edit": "Care team member",
    "member-remove": "Care team member",
    "regimen-list": "Regimen",
    "regimen-add": "New regimen",
    "regimen-detail": "Regimen",
    "regimen-edit": "Change of prescription",
    "regimen-end-phase": "Ending a phase",
    "regimen-status": "Pause, resume or stop",
    "schedule-calendar": "Calendar",
    "calendar-feed-settings": "Calendar link",
    "calendar-feed": "Calendar app subscription",
    "dose-list": "Dose history",
    "dose-add": "Logging a dose",
    "dose-detail": "One dose",
    "dose-correct": "Correcting a dose",
    "dose-void": "Voiding a dose",
    "dose-timeline": "Adherence timeline",
    "site-usage": "Injection sites",
    "site-avoid": "Injection sites",
    "site-avoid-lift": "Injection sites",
    "lab-overview": "Lab results",
    "lab-result-list": "Lab results",
    "lab-result-add": "Entering a lab result",
    "lab-result-detail": "One lab result",
    "lab-result-correct": "Correcting a lab result",
    "lab-result-void": "Voiding a lab result",
    "recheck-list": "Lab rechecks",
    "recheck-plan": "Planning rechecks",
    "recheck-cancel": "Lab rechecks",
    "recheck-done": "Lab rechecks",
    "symptom-checkin-list": "Symptoms",
    "symptom-checkin-add": "Symptom check-in",
    "symptom-checkin-detail": "One symptom check-in",
    "red-flag-acknowledge": "Red flag",
    "reminder-preferences": "Reminder settings",
    "previsit-summary": "Pre-visit summary",
    "export-list": "Downloads",
    "export-doses-csv": "Doses download (CSV)",
    "export-lab-results-csv": "Lab results download (CSV)",
    "export-json": "Whole record download (JSON)",
    "export-fhir": "Whole record download (FHIR)",
}


def page_name(path: str) -> str:
    """The page's plain name; the JSON API's endpoints are "Phone app or API"."""
    bare = path.split("?", 1)[0]
    if bare.startswith("/api/"):
        return "Phone app or API"
    try:
        name = resolve(bare).url_name or ""
    except Resolver404:
        return "A page that no longer exists"
    return PAGE_NAMES.get(name, name.replace("-", " ").capitalize() or "A page")
