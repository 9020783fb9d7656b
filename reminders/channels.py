"""Delivery channels. A channel takes a claimed notification and delivers it, or raises.

A batch of claimed rows is delivered inside one `DeliveryBatch`, which opens each channel's
connection once (one SMTP session, one file with the file backend) rather than once per
message, and reads what delivery asks about the recipients once (`Readers`) rather than once
per message. A new channel is one more `Channel` subclass in CHANNELS; its rows then ride on
the same claim, lease and marks (reminders/services.py).
"""

import abc
import contextlib
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.access import must_verify_second_factor
from accounts.models import Capability, CareTeamMember, Role
from accounts.two_factor import users_with_a_device
from doses import sites
from doses.prefill import suggested_site_now
from schedules.models import Regimen

from . import links, planning, push
from .content import DOSE_KINDS, lock_screen_details, push_message, regimen_id, render_email
from .models import Channel as ChannelName
from .models import Notification, PushSubscription, ReminderPreference


class PermanentDeliveryError(Exception):
    """Retrying cannot help: no recipient, an invalid address, a broken template."""


class Channel(abc.ABC):
    # Whether delivering hands something to the outside world (a mail server, a push
    # service). Such rows are marked sent one by one, right after the hand-over, to keep the
    # window in which a crash could repeat a message to that one message.
    reaches_out = True

    def open(self):  # noqa: B027 (a channel writing only to our database needs none)
        """A connection shared by the batch's rows of this channel, or None."""

    def close(self, connection) -> None:  # noqa: B027 (nothing to close by default)
        """Close what `open` returned."""

    @abc.abstractmethod
    def send(self, notification: Notification, connection, readers: "Readers") -> None:
        """Hand the reminder over; raise PermanentDeliveryError when retrying cannot help."""


class EmailChannel(Channel):
    def open(self):
        connection = get_connection()
        connection.open()
        return connection

    def close(self, connection) -> None:
        connection.close()

    def send(self, notification: Notification, connection, readers: "Readers") -> None:
        recipient = notification.recipient
        try:
            validate_email(recipient.email)
        except ValidationError as error:
            raise PermanentDeliveryError(f"invalid email address {recipient.email!r}") from error
        try:
            reader = links.for_notification(notification, can_log=readers.can_log(notification))
            subject, text, html = render_email(notification, reader)
        except Exception as error:
            raise PermanentDeliveryError(f"email template error: {error}") from error
        message = EmailMultiAlternatives(subject, text, to=[recipient.email], connection=connection)
        message.attach_alternative(html, "text/html")
        message.send()


class InAppChannel(Channel):
    reaches_out = False

    def send(self, notification: Notification, connection, readers: "Readers") -> None:
        """The row itself is the inbox entry: once marked sent, the bell shows it."""


class PushChannel(Channel):
    """Every device of the recipient gets the message; a device the push service no longer
    knows (404/410) is removed. Sent once any device took it: retrying would repeat it on
    the others; failed for good when none is left; otherwise retried."""

    def send(self, notification: Notification, connection, readers: "Readers") -> None:
        devices = list(PushSubscription.objects.filter(user=notification.recipient))
        if not devices:
            raise PermanentDeliveryError("no device is subscribed to push any more")
        reader = links.for_notification(notification, can_log=readers.can_log(notification))
        buttons = [{"action": "taken", "title": gettext("Taken")}] if "taken" in reader else []
        buttons.append({"action": "snooze", "title": gettext("Snooze 1 hour")})
        message = push_message(
            notification, details=self._details(notification), links=reader, actions=buttons,
        )
        delivered, failure = [], None
        for device in devices:
            try:
                push.send(device.as_subscription_info(), message)
            except push.SubscriptionGone:
                device.delete()
            except push.PushFailed as error:
                failure = error
            else:
                delivered.append(device.pk)
        PushSubscription.objects.filter(pk__in=delivered).update(last_delivery_at=timezone.now())
        if delivered:
            return
        if failure is not None:
            raise failure
        raise PermanentDeliveryError("every device has unsubscribed from push")

    def _details(self, notification: Notification) -> str | None:
        wants = ReminderPreference.objects.filter(
            member__user=notification.recipient, member__patient=notification.patient,
            push_details=True,
        ).exists()
        if not wants:
            return None
        prescription = ""
        if notification.kind in DOSE_KINDS:
            regimen = Regimen.objects.select_related("current_version__product").filter(
                pk=regimen_id(notification)
            ).first()
            if regimen is not None:
                version = regimen.current_version
                prescription = f"{version.product} {version.dose_mcg} mcg {version.route}"
                site = suggested_site_now(notification.patient, version.route)
                if site:
                    prescription += " · " + gettext("suggested site: %(site)s") % {
                        "site": sites.label(site)}
        return lock_screen_details(notification, prescription)


class Readers:
    """What delivery asks about a batch's recipients, read once for the batch: whether each
    may log doses for the reminder's patient (the "Taken" link) and whether each must prove
    a second factor first (a clinician without one gets reminders in-app only).

    One query reads the recipients' live memberships of the batch's patients and their
    clinician ones; only when a clinician is among them, one query per kind of second factor
    follows. A condition on whom reminders may reach outside the site belongs in
    `stays_in_app`, read here with the batch.
    """

    def __init__(self, notifications: Iterable[Notification]):
        pairs = {(n.recipient_id, n.patient_id) for n in notifications if n.recipient_id}
        members = CareTeamMember.objects.active().filter(
            Q(patient_id__in={patient for _, patient in pairs}) | Q(role=Role.CLINICIAN),
            user_id__in={user for user, _ in pairs},
        )
        self._members: dict[tuple[int, int], CareTeamMember] = {}
        self._clinicians: set[int] = set()
        for member in members:
            if member.role == Role.CLINICIAN:
                self._clinicians.add(member.user_id)
            if (member.user_id, member.patient_id) in pairs:
                self._members[member.user_id, member.patient_id] = member
        self._proven = users_with_a_device(self._clinicians) if self._clinicians else set()

    def can_log(self, notification: Notification) -> bool:
        member = self._members.get((notification.recipient_id, notification.patient_id))
        return member is not None and member.has_capability(Capability.LOG_DOSES)

    def withheld(self, notification: Notification) -> str | None:
        """Why this reminder may not go out on its channel (planning.withheld), or None."""
        return planning.withheld(
            notification.channel, email_verified=notification.recipient.email_verified,
            second_factor_missing=self.stays_in_app(notification),
        )

    def stays_in_app(self, notification: Notification) -> bool:
        """Whether this reminder may only be shown in the app, never sent outside it."""
        recipient = notification.recipient
        return must_verify_second_factor(
            recipient, proven=recipient.pk in self._proven,
            clinician=recipient.pk in self._clinicians,
        )


CHANNELS: dict[str, Channel] = {
    ChannelName.EMAIL: EmailChannel(),
    ChannelName.INAPP: InAppChannel(),
    ChannelName.PUSH: PushChannel(),
}


class DeliveryBatch:
    """Deliver a batch's rows over connections opened once, on first use, and closed at the
    end, with what the channels ask about the recipients read once (`Readers`). A channel
    whose delivery failed gets a fresh connection for its next row, so one dropped SMTP
    session costs one retried row, not the rest of the batch."""

    def __init__(self, notifications: Iterable[Notification]):
        self.readers = Readers(notifications)

    def __enter__(self) -> "DeliveryBatch":
        self._open: dict[str, object] = {}
        return self

    def __exit__(self, *exc_info) -> None:
        for name in list(self._open):
            self._drop(name)

    def reaches_out(self, notification: Notification) -> bool:
        return CHANNELS[notification.channel].reaches_out

    def deliver(self, notification: Notification) -> None:
        recipient = notification.recipient
        if recipient is None:
            raise PermanentDeliveryError("the recipient's account was deleted")
        if not recipient.is_active:
            raise PermanentDeliveryError("the recipient's account is deactivated")
        if reason := self.readers.withheld(notification):
            # Planned before things changed (two-factor turned off): the in-app row tells them.
            raise PermanentDeliveryError(reason)
        name = notification.channel
        channel = CHANNELS[name]
        try:
            if name not in self._open:
                self._open[name] = channel.open()
            # Each member reads their reminders in their own language, whatever the patient's:
            # the email, the push payload and its buttons are rendered in it here, the one
            # place every channel passes (the inbox is rendered in it when its reader opens it).
            with translation.override(recipient.language):
                channel.send(notification, self._open[name], self.readers)
        except PermanentDeliveryError:
            raise
        except Exception:
            self._drop(name)
            raise

    def _drop(self, name: str) -> None:
        connection = self._open.pop(name, None)
        if connection is not None:
            # A connection that broke may fail to close too.
            with contextlib.suppress(Exception):
                CHANNELS[name].close(connection)
