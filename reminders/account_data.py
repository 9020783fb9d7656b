""""Download my data": how and when the account asked to be reminded, per patient, and the
devices it gets push reminders on. A device's push keys and address stay out: they are the
browser's secret, and useless anywhere else."""

from .models import PushSubscription, ReminderPreference


def account(user) -> dict:
    preferences = (
        ReminderPreference.objects.filter(member__user=user).select_related("member__patient")
        .order_by("member__added_at", "member_id")
    )
    return {
        "reminder_preferences": [
            {"patient_id": p.member.patient_id, "patient": p.member.patient.display_name,
             "email": p.email_enabled, "in_app": p.inapp_enabled, "remind_at": p.remind_at,
             "quiet_hours": [p.quiet_start, p.quiet_end] if p.quiet_start else None,
             "days_ahead": p.upcoming_lead_days,
             "tell_caregivers_after_days_late": p.escalation_delay_days,
             "kinds_turned_off": p.opted_out_kinds, "supply_reminders": p.supply_reminders,
             "details_on_lock_screen": p.push_details}
            for p in preferences
        ],
        "push_devices": [
            {"name": device.device_name, "added_at": device.created_at,
             "last_delivery_at": device.last_delivery_at}
            for device in PushSubscription.objects.filter(user=user)
        ],
    }
