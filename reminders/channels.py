"""Delivery channels. A channel takes a claimed notification and delivers it, or raises.

Web push can be added later as one more class with the same `send` method.
"""

from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email

from .content import render_email
from .models import Channel, Notification


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
            subject, text, html = render_email(notification)
        except Exception as error:
            raise PermanentDeliveryError(f"email template error: {error}") from error
        message = EmailMultiAlternatives(subject, text, to=[recipient.email])
        message.attach_alternative(html, "text/html")
        message.send()


class InAppChannel:
    def send(self, notification: Notification) -> None:
        """The row itself is the inbox entry: once marked sent, the bell shows it."""


CHANNELS = {Channel.EMAIL: EmailChannel(), Channel.INAPP: InAppChannel()}


def deliver(notification: Notification) -> None:
    recipient = notification.recipient
    if recipient is None:
        raise PermanentDeliveryError("the recipient's account was deleted")
    if not recipient.is_active:
        raise PermanentDeliveryError("the recipient's account is deactivated")
    CHANNELS[notification.channel].send(notification)
