"""The checklist's step about reminders: done once this member has saved their settings with
a way to reach them (the settings page creates the row only when saved)."""

from django.urls import reverse

from accounts.today import Step

from .models import ReminderPreference


def steps(access) -> list[Step]:
    preference = ReminderPreference.objects.filter(member=access.member).first()
    url = reverse("reminder-preferences", args=[access.patient.pk])
    if preference is not None and (preference.email_enabled or preference.inapp_enabled):
        ways = [word for word, on in (("email", preference.email_enabled),
                                      ("in the app", preference.inapp_enabled)) if on]
        return [Step(40, "reminders", "Reminders on", True,
                     f"By {' and '.join(ways)}, at {preference.remind_at:%H:%M}", url, "Change")]
    return [Step(40, "reminders", "Turn reminders on", False,
                 "Choose how and when to be reminded of a dose and a blood test.", url,
                 "Set up reminders")]
