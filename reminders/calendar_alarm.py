"""The reminder time a member's calendar feed alarms at (schedules/calendar_events.py asks)."""

from .models import ReminderPreference


def reminder_time(member):
    preference = ReminderPreference.objects.filter(member=member).first()
    return preference.remind_at if preference else None
