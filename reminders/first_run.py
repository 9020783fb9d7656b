"""The checklist's step about reminders: done once this member has saved their settings with
a way to reach them (the settings page creates the row only when saved)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.today import Step

from .models import ReminderPreference


def _ways(preference: ReminderPreference) -> str:
    """How and when, in one phrase of the language (word order and "and" differ)."""
    at = f"{preference.remind_at:%H:%M}"
    if preference.email_enabled and preference.inapp_enabled:
        # Translators: how reminders reach this person, and at what local time ("19:00").
        return _("By email and in the app, at %(time)s") % {"time": at}
    if preference.email_enabled:
        return _("By email, at %(time)s") % {"time": at}
    return _("In the app, at %(time)s") % {"time": at}


def steps(access) -> list[Step]:
    preference = ReminderPreference.objects.filter(member=access.member).first()
    url = reverse("reminder-preferences", args=[access.patient.pk])
    if preference is not None and (preference.email_enabled or preference.inapp_enabled):
        return [Step(40, "reminders", _("Reminders on"), True, _ways(preference), url,
                     _("Change"))]
    return [Step(40, "reminders", _("Turn reminders on"), False,
                 _("Choose how and when to be reminded of a dose and a blood test."), url,
                 _("Set up reminders"))]
