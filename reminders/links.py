"""Signed one-tap links in reminders: "Taken", "Snooze" and "Open".

A link names one reminder, its recipient and its patient, carries a random id that can be
used once (ActionLinkUse), and expires after LINK_LIFETIME. It is a capability, not a login:
the person must still be signed in as that recipient and pass the access policy.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse

from .content import DOSE_KINDS
from .models import ActionLinkUse, Notification

LINK_LIFETIME = timedelta(hours=48)
SALT = "reminders.action-link"


class Action(StrEnum):
    TAKEN = "taken"
    SNOOZE = "snooze"
    OPEN = "open"


class LinkInvalid(Exception):
    """Forged, or made for someone or something else: answered like a missing page."""


class LinkExpired(Exception):
    """Genuine and meant for this user, but old: `link` says which reminder it was."""

    def __init__(self, link: "Link"):
        super().__init__("link expired")
        self.link = link


class LinkUsed(Exception):
    pass


@dataclass(frozen=True)
class Link:
    notification_id: int
    action: str
    recipient_id: int
    patient_id: int
    link_id: str


def make(notification: Notification, action: str) -> str:
    """The absolute address of a new link (SITE_URL, for emails and pushes)."""
    token = signing.dumps(
        {"n": notification.pk, "a": str(action), "u": notification.recipient_id,
         "p": notification.patient_id, "j": secrets.token_hex(12)},
        salt=SALT,
    )
    path = reverse("reminder-action", kwargs={"patient_id": notification.patient_id,
                                               "token": token})
    return settings.SITE_URL + path


def read(token: str, *, user, patient_id: int) -> Link:
    """The link's contents, if it is genuine, unexpired and meant for this user and patient."""
    try:
        data = signing.loads(token, salt=SALT, max_age=LINK_LIFETIME)
    except signing.SignatureExpired as error:
        raise LinkExpired(_check(signing.loads(token, salt=SALT), user, patient_id)) from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    return _check(data, user, patient_id)


def _check(data: dict, user, patient_id: int) -> Link:
    try:
        link = Link(int(data["n"]), Action(data["a"]), int(data["u"]), int(data["p"]),
                    str(data["j"]))
    except (KeyError, TypeError, ValueError) as error:
        raise LinkInvalid from error
    if link.recipient_id != user.pk or link.patient_id != patient_id:
        raise LinkInvalid
    return link


def notification_of(link: Link, *, user) -> Notification:
    """The link's reminder, if it is still this user's, about this patient."""
    notification = Notification.objects.filter(
        pk=link.notification_id, recipient=user, patient_id=link.patient_id
    ).select_related("patient").first()
    if notification is None:
        raise LinkInvalid
    return notification


def use(link: Link, notification: Notification, *, user) -> None:
    """Spend the link; LinkUsed the second time."""
    try:
        with transaction.atomic():
            ActionLinkUse.objects.create(link_id=link.link_id, notification=notification,
                                         action=link.action, used_by=user)
    except IntegrityError as error:
        raise LinkUsed from error


def is_used(link: Link) -> bool:
    return ActionLinkUse.objects.filter(link_id=link.link_id).exists()


def for_notification(notification: Notification, *, can_log: bool) -> dict[str, str]:
    """A fresh set of links for one reminder: "taken" only for a dose its reader may log."""
    actions = [Action.OPEN, Action.SNOOZE]
    if can_log and notification.kind in DOSE_KINDS:
        actions.append(Action.TAKEN)
    return {str(action): make(notification, action) for action in actions}
