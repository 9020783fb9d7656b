"""Delivery channels. A channel takes a claimed notification and delivers it, or raises.

A batch of claimed rows is delivered inside one `DeliveryBatch`, which opens each channel's
connection once (one SMTP session, one file with the file backend) rather than once per
message. A new channel is one more `Channel` subclass in CHANNELS; its rows then ride on the
same claim, lease and marks (reminders/services.py).
"""

import contextlib

from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.utils import timezone

from accounts.access import must_verify_second_factor
from accounts.models import Capability, CareTeamMember
from accounts.two_factor import has_device
from doses import sites
from doses.prefill import suggested_site_now
from schedules.models import Regimen

from . import links, planning, push
from .content import DOSE_KINDS, lock_screen_details, push_message, regimen_id, render_email
from .models import Channel as ChannelName
from .models import Notification, PushSubscription, ReminderPreference


class PermanentDeliveryError(Exception):
    """Retrying cannot help: no recipient, an invalid address, a broken template."""


class Channel:
    # Whether delivering hands something to the outside world (a mail server, a push
    # service). Such rows are marked sent one by one, right after the hand-over, to keep the
    # window in which a crash could repeat a message to that one message.
    reaches_out = True

    def open(self):
        """A connection shared by the batch's rows of this channel, or None."""

    def close(self, connection) -> None:
        """Close what `open` returned."""

    def send(self, notification: Notification, connection) -> None:
        raise NotImplementedError


class EmailChannel(Channel):
    def open(self):
        connection = get_connection()
        connection.open()
        return connection

    def close(self, connection) -> None:
        connection.close()

    def send(self, notification: Notification, connection) -> None:
        recipient = notification.recipient
        try:
            validate_email(recipient.email)
        except ValidationError as error:
            raise PermanentDeliveryError(f"invalid email address {recipient.email!r}") from error
        try:
            reader = links.for_notification(notification, can_log=_can_log(notification))
            subject, text, html = render_email(notification, reader)
        except Exception as error:
            raise PermanentDeliveryError(f"email template error: {error}") from error
        message = EmailMultiAlternatives(subject, text, to=[recipient.email], connection=connection)
        message.attach_alternative(html, "text/html")
        message.send()


class InAppChannel(Channel):
    reaches_out = False

    def send(self, notification: Notification, connection) -> None:
        """The row itself is the inbox entry: once marked sent, the bell shows it."""


class PushChannel(Channel):
    """Every device of the recipient gets the message; a device the push service no longer
    knows (404/410) is removed. Sent once any device took it: retrying would repeat it on
    the others; failed for good when none is left; otherwise retried."""

    def send(self, notification: Notification, connection) -> None:
        devices = list(PushSubscription.objects.filter(user=notification.recipient))
        if not devices:
            raise PermanentDeliveryError("no device is subscribed to push any more")
        reader = links.for_notification(notification, can_log=_can_log(notification))
        buttons = [{"action": "taken", "title": "Taken"}] if "taken" in reader else []
        buttons.append({"action": "snooze", "title": "Snooze 1 hour"})
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
                    prescription += f" · suggested site: {sites.label(site)}"
        return lock_screen_details(notification, prescription)


def _can_log(notification: Notification) -> bool:
    member = CareTeamMember.objects.active().filter(
        patient_id=notification.patient_id, user_id=notification.recipient_id
    ).first()
    return member is not None and member.has_capability(Capability.LOG_DOSES)


CHANNELS: dict[str, Channel] = {
    ChannelName.EMAIL: EmailChannel(),
    ChannelName.INAPP: InAppChannel(),
    ChannelName.PUSH: PushChannel(),
}


class DeliveryBatch:
    """Deliver a batch's rows over connections opened once, on first use, and closed at the
    end. A channel whose delivery failed gets a fresh connection for its next row, so one
    dropped SMTP session costs one retried row, not the rest of the batch."""

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
        if notification.channel != ChannelName.INAPP and (reason := planning.withheld(
            notification.channel, email_verified=recipient.email_verified,
            second_factor_missing=must_verify_second_factor(
                recipient, proven=has_device(recipient)
            ),
        )):
            # Planned before they turned two-factor off: the in-app row still tells them.
            raise PermanentDeliveryError(reason)
        name = notification.channel
        channel = CHANNELS[name]
        try:
            if name not in self._open:
                self._open[name] = channel.open()
            channel.send(notification, self._open[name])
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


def deliver(notification: Notification) -> None:
    """Deliver one row on its own (outside a batch)."""
    with DeliveryBatch() as batch:
        batch.deliver(notification)
