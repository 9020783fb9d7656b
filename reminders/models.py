"""The notification outbox and each care-team member's reminder preferences."""

from datetime import time

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import CareTeamMember, Patient

from . import planning


class Kind(models.TextChoices):
    DOSE_UPCOMING = planning.Kind.DOSE_UPCOMING, _("Dose coming up")
    DOSE_DUE = planning.Kind.DOSE_DUE, _("Dose due today")
    DOSE_OVERDUE = planning.Kind.DOSE_OVERDUE, _("Dose overdue")
    DOSE_OVERDUE_CAREGIVER = planning.Kind.DOSE_OVERDUE_CAREGIVER, _("Dose overdue (caregiver)")
    RECHECK_DUE = planning.Kind.RECHECK_DUE, _("Lab recheck due")
    RECHECK_OVERDUE = planning.Kind.RECHECK_OVERDUE, _("Lab recheck overdue")
    # Translators: Clinical: a reminder sent when symptoms that need a clinician are reported.
    RED_FLAG = planning.Kind.RED_FLAG, _("Red-flag symptoms")
    SUPPLY_REFILL = planning.Kind.SUPPLY_REFILL, _("Supply running low")
    SUPPLY_EXPIRY = planning.Kind.SUPPLY_EXPIRY, _("Supply about to expire")
    NURSE_BOOK = planning.Kind.NURSE_BOOK, _("Book the nurse")
    APPOINTMENT_TOMORROW = planning.Kind.APPOINTMENT_TOMORROW, _("Appointment tomorrow")
    PRESCRIPTION_REVIEW = planning.Kind.PRESCRIPTION_REVIEW, _("Prescription review due")


class Channel(models.TextChoices):
    EMAIL = planning.Channel.EMAIL, _("Email")
    INAPP = planning.Channel.INAPP, _("In-app inbox")
    PUSH = planning.Channel.PUSH, _("Push notification")


class Status(models.TextChoices):
    PENDING = "pending", pgettext_lazy("reminder status", "Pending")
    SENDING = "sending", pgettext_lazy("reminder status", "Sending")
    SENT = "sent", pgettext_lazy("reminder status", "Sent")
    FAILED = "failed", pgettext_lazy("reminder status", "Failed")
    CANCELLED = "cancelled", pgettext_lazy("reminder status", "Cancelled")


class NotificationQuerySet(models.QuerySet):
    def inbox(self, user):
        """The user's delivered in-app reminders (the inbox, the bell, the API), of patients
        whose care team they are still on: leaving a team takes its reminders with it."""
        live = CareTeamMember.objects.active().filter(patient=OuterRef("patient_id"), user=user)
        return self.filter(
            Exists(live), recipient=user, channel=Channel.INAPP, status=Status.SENT
        )


class Notification(models.Model):
    """One reminder to one person about one due item on one channel.

    The row exists before anything is sent and is unique on (recipient, kind, subject key,
    channel): the database, not the broker, decides whether a reminder went out.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
        related_name="notifications",
    )
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    subject_key = models.CharField(max_length=100)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    send_after = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    lease_token = models.UUIDField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set by "Snooze": the row goes out once more at this instant, and planning keeps it.
    snoozed_until = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-send_after", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject_key", "channel"],
                name="one_notification_per_recipient_kind_subject_channel",
            ),
        ]
        indexes = [
            # Rows still to send, a few thousand whatever the outbox's age: the delivery
            # claim reads the due ones oldest first, planning those in its window (services).
            models.Index(
                fields=["send_after"], condition=Q(status="pending"),
                name="notification_pending_idx",
            ),
            # Leases: the claim takes over expired ones, `reminders_sweep --status` counts them.
            models.Index(
                fields=["lease_expires_at"], condition=Q(status="sending"),
                name="notification_leased_idx",
            ),
            # `reminders_sweep --status` counts the recent failures; failed rows are few.
            models.Index(
                fields=["send_after"], condition=Q(status="failed"),
                name="notification_failed_idx",
            ),
            # The inbox and the nav's unread badge read one person's in-app rows.
            models.Index(
                fields=["recipient", "channel", "status", "read_at"],
                name="notification_inbox_idx",
            ),
            # A change of plan retires the reminders about one due item (reminders/receivers);
            # planning reads the rows of the due items' subjects only, never a recipient's
            # whole history (the unique key starts with the recipient).
            models.Index(fields=["subject_key"], name="notification_subject_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id} ({self.channel}, {self.status})"


class Heartbeat(models.Model):
    """When a background job last did its work, for /healthz and `reminders_sweep --status`:
    "sweep" (planning ran) and "delivery" (a batch was delivered)."""

    name = models.CharField(max_length=20, primary_key=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.at:%Y-%m-%d %H:%M:%S}"


class ReminderPreference(models.Model):
    """How and when one care-team member wants reminders about one patient."""

    member = models.OneToOneField(
        CareTeamMember, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    email_enabled = models.BooleanField(_("Email"), default=True)
    inapp_enabled = models.BooleanField(_("In-app inbox"), default=True)
    remind_at = models.TimeField(
        _("Reminder time"), default=time(19, 0),
        help_text=_("Local time of day, in the patient's time zone."),
    )
    quiet_start = models.TimeField(_("Quiet hours from"), null=True, blank=True)
    quiet_end = models.TimeField(_("Quiet hours until"), null=True, blank=True)
    upcoming_lead_days = models.PositiveSmallIntegerField(
        _("Remind me this many days before a dose"), default=1,
        validators=[MaxValueValidator(7)], help_text=_("0 turns the early reminder off."),
    )
    escalation_delay_days = models.PositiveSmallIntegerField(
        _("Tell my caregivers after a dose is this many days late"), default=2,
        validators=[MaxValueValidator(14)],
    )
    opted_out_kinds = models.JSONField(default=list, blank=True)
    supply_reminders = models.BooleanField(
        _("Remind me too when supplies run low or expire"), default=False,
        help_text=_("The patient always gets these; caregivers choose."),
    )
    push_details = models.BooleanField(
        _("Show details on the lock screen"), default=False,
        help_text=_("Off, a notification says only \"B12 Tracker: you have a reminder\": lock "
                    "screens are seen by others. On, it says what is due."),
    )

    def __str__(self) -> str:
        return f"Reminder preferences of {self.member}"

    def as_plan(self, *, has_devices: bool = False) -> planning.Preferences:
        channels = {Channel.EMAIL} if self.email_enabled else set()
        channels |= {Channel.INAPP} if self.inapp_enabled else set()
        channels |= {Channel.PUSH} if has_devices else set()
        return planning.Preferences(
            channels=frozenset(channels),
            remind_at=self.remind_at,
            quiet_start=self.quiet_start,
            quiet_end=self.quiet_end,
            upcoming_lead_days=self.upcoming_lead_days,
            escalation_delay_days=self.escalation_delay_days,
            opted_out=frozenset(self.opted_out_kinds),
            supply_opt_in=self.supply_reminders,
        )


class PushSubscription(models.Model):
    """One browser (a phone, a laptop) that asked for push reminders for its user.

    Belongs to the person, not to a patient: one device hears about every patient they
    follow. The push service's 404 or 410 for it deletes the row (reminders/channels.py).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    device_name = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)
    last_delivery_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.device_name} of {self.user_id}"

    def as_subscription_info(self) -> dict:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class ActionLinkUse(models.Model):
    """A used one-tap link (reminders/links.py): its id may be taken once, then never again."""

    link_id = models.CharField(max_length=32, unique=True)
    notification = models.ForeignKey(Notification, on_delete=models.CASCADE,
                                     related_name="link_uses")
    action = models.CharField(max_length=10)
    used_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    used_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.action} link of reminder {self.notification_id}"
