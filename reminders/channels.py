"""Delivery channels. A channel takes a claimed notification and delivers it, or raises."""

from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.utils import timezone

from accounts.access import must_verify_second_factor
from accounts.models import Capability, CareTeamMember
from accounts.two_factor import has_device
from doses import sites
from doses.prefill import suggested_site_now
from schedules.models import Regimen

from . import links, push
from .content import DOSE_KINDS, lock_screen_details, push_message, regimen_id, render_email
from .models import Channel, Notification, PushSubscription, ReminderPreference


class PermanentDeliveryError(Exception):
    """Retrying cannot help: no recipient, an invalid address, a broken template."""


class EmailChannel:
    def send(self, notification: Notification) -> None:
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
        message = EmailMultiAlternatives(subject, text, to=[recipient.email])
        message.attach_alternative(html, "text/html")
        message.send()


class InAppChannel:
    def send(self, notification: Notification) -> None:
        """The row itself is the inbox entry: once marked sent, the bell shows it."""


class PushChannel:
    """Every device of the recipient gets the message; a device the push service no longer
    knows (404/410) is removed. Sent once any device took it: retrying would repeat it on
    the others; failed for good when none is left; otherwise retried."""

    def send(self, notification: Notification) -> None:
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


CHANNELS = {
    Channel.EMAIL: EmailChannel(), Channel.INAPP: InAppChannel(), Channel.PUSH: PushChannel()
}


def deliver(notification: Notification) -> None:
    recipient = notification.recipient
    if recipient is None:
        raise PermanentDeliveryError("the recipient's account was deleted")
    if not recipient.is_active:
        raise PermanentDeliveryError("the recipient's account is deactivated")
    if notification.channel != Channel.INAPP and must_verify_second_factor(
        recipient, proven=has_device(recipient)
    ):
        # Planned before they turned two-factor off: the in-app row still tells them.
        raise PermanentDeliveryError("a clinician without two-factor gets reminders in-app only")
    CHANNELS[notification.channel].send(notification)
