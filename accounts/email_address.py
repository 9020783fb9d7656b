"""The account's email address: confirming it after sign-up, and changing it.

Links are signed (django.core.signing) and carry the address they are about, so a link
stops working once it has served: a confirmation link once that address is confirmed (or is
no longer the account's), a change link once the account no longer has the address it
changes from. Both expire. Nothing about them is stored but the result.

Until its address is confirmed an account works, but no reminder is emailed to it
(reminders.planning.reachable): whoever signed up may not own the address.
"""

import logging
from datetime import timedelta
from smtplib import SMTPException

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .emails import site_link, templated_email
from .errors import DomainError
from .models import User

log = logging.getLogger("accounts.security")

CONFIRM_SALT = "accounts.email-confirm"
CHANGE_SALT = "accounts.email-change"
CONFIRM_VALID_FOR = timedelta(days=3)
CHANGE_VALID_FOR = timedelta(hours=24)


class EmailLinkError(DomainError):
    """Why an emailed link cannot be used (or a link cannot be sent), in words for its holder."""

    conflict = True


def duration_words(period: timedelta) -> str:
    """"3 days", "24 hours", in the active language."""
    if period >= timedelta(days=2):
        return ngettext("%(days)s day", "%(days)s days", period.days) % {"days": period.days}
    hours = int(period.total_seconds() // 3600)
    return ngettext("%(hours)s hour", "%(hours)s hours", hours) % {"hours": hours}


def _read(token: str, *, salt: str, valid_for: timedelta, expired: str) -> dict:
    """The link's data; `expired` is the refusal of an expired link, with %(period)s."""
    try:
        return signing.loads(token, salt=salt, max_age=valid_for)
    except signing.SignatureExpired as error:
        raise EmailLinkError(expired % {"period": duration_words(valid_for)}) from error
    except signing.BadSignature as error:
        raise EmailLinkError(
            _("This link is not valid. Check that it was copied whole.")
        ) from error


def _account_for(data: dict, *, user) -> User:
    account = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if account is None:
        raise EmailLinkError(
            _("This link is not valid any more: the account no longer exists.")
        )
    if user is not None and user.is_authenticated and user.pk != account.pk:
        # Whose it is stays unsaid: the link may have been forwarded by mistake.
        raise EmailLinkError(_(
            "This link is for another account than the one you are logged in with. "
            "Log out, then open the link again."
        ))
    return account


# -- confirming the address ----------------------------------------------------------------


def confirmation_send(*, user: User, now=None) -> None:
    """Email a link that confirms the account's address (at sign-up, or "send again")."""
    now = now or timezone.now()
    token = signing.dumps({"u": user.pk, "e": user.email}, salt=CONFIRM_SALT)
    context = {
        "user": user, "link": site_link("email-confirm", token),
        "valid_for": duration_words(CONFIRM_VALID_FOR),
    }
    User.objects.filter(pk=user.pk).update(email_link_sent_at=now)
    user.email_link_sent_at = now
    templated_email("email-confirm", context, to=[user.email]).send()


def confirmation_resend(*, user: User, now=None) -> None:
    """"Send the link again", at most once per User.EMAIL_LINK_INTERVAL.

    The claim is one conditional update, so two taps at once send one email.
    """
    now = now or timezone.now()
    if user.email_verified:
        raise EmailLinkError(_("Your email address is already confirmed."))
    claimed = User.objects.filter(
        Q(email_link_sent_at__isnull=True)
        | Q(email_link_sent_at__lte=now - User.EMAIL_LINK_INTERVAL),
        pk=user.pk, email_verified_at__isnull=True,
    ).update(email_link_sent_at=now)
    if not claimed:
        user.refresh_from_db(fields=["email_link_sent_at", "email_verified_at"])
        minutes = user.email_link_wait_minutes
        raise EmailLinkError(ngettext(
            "A link was sent a moment ago; it can take a few minutes to arrive. You can ask "
            "for another in %(minutes)s minute.",
            "A link was sent a moment ago; it can take a few minutes to arrive. You can ask "
            "for another in %(minutes)s minutes.", minutes,
        ) % {"minutes": minutes})
    try:
        confirmation_send(user=user, now=now)
    except (OSError, SMTPException) as error:
        log.warning("confirmation email to %s failed: %s", user.email, error)
        raise EmailLinkError(
            _("The email could not be sent. Try again in a few minutes.")
        ) from error


def confirmation_accept(*, token: str, user=None, now=None) -> User:
    """Confirm the address the link was sent to; `user` is who is logged in, if anyone.

    Returns the account, now confirmed. A link works once: after that, or once the account
    has another address, it is refused.
    """
    # Translators: %(period)s is a duration such as "3 days".
    expired = _("This link has expired (links to confirm an address work for %(period)s).")
    data = _read(token, salt=CONFIRM_SALT, valid_for=CONFIRM_VALID_FOR, expired=expired)
    account = _account_for(data, user=user)
    if account.email != data.get("e"):
        raise EmailLinkError(
            _("This link was for an address the account no longer uses, so it does nothing.")
        )
    confirmed = User.objects.filter(
        pk=account.pk, email=account.email, email_verified_at__isnull=True
    ).update(email_verified_at=now or timezone.now())
    if not confirmed:
        raise EmailLinkError(_("This link was already used: the address is confirmed."))
    account.refresh_from_db(fields=["email_verified_at"])
    return account


def proven_by_link(*, user: User, now=None) -> None:
    """Something else emailed to the address was opened (a password reset, an invitation):
    that confirms the address as well as our own link would."""
    User.objects.filter(pk=user.pk, email_verified_at__isnull=True).update(
        email_verified_at=now or timezone.now()
    )


# -- changing it ---------------------------------------------------------------------------


def normalised(email: str) -> str:
    """Addresses are kept in lower case: login is case-insensitive, and so is "taken"."""
    return email.strip().lower()


def change_request(*, user: User, new_email: str) -> str:
    """Start changing the account's address to `new_email`: a link goes to the new address
    and the change happens when it is opened (change_confirm).

    Whether the new address already has an account is never said (that would tell anyone
    re-authenticated which addresses have accounts): its owner is emailed instead, and the
    caller shows the same "we sent a link" either way. Returns the normalised address.
    """
    new_email = normalised(new_email)
    if new_email == user.email:
        raise EmailLinkError(_("That is already your address."), field="email")
    owner = User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).first()
    if owner is not None:
        context = {"owner": owner, "login_link": site_link("login")}
        templated_email("email-in-use", context, to=[owner.email]).send()
        return new_email
    token = signing.dumps({"u": user.pk, "from": user.email, "to": new_email}, salt=CHANGE_SALT)
    context = {
        "user": user, "new_email": new_email, "link": site_link("email-change-confirm", token),
        "valid_for": duration_words(CHANGE_VALID_FOR),
    }
    templated_email("email-change", context, to=[new_email]).send()
    return new_email


def change_confirm(*, token: str, user=None, now=None) -> User:
    """Make the change the link was sent for; the new address is confirmed by this very
    link. The old address is told (no link in that email: nothing in it opens anything)."""
    # Translators: %(period)s is a duration such as "24 hours".
    expired = _("This link has expired (links to change an address work for %(period)s).")
    data = _read(token, salt=CHANGE_SALT, valid_for=CHANGE_VALID_FOR, expired=expired)
    account = _account_for(data, user=user)
    old_email, new_email = data.get("from"), data.get("to")
    if account.email != old_email:
        raise EmailLinkError(
            _("This link was already used, or the account's address changed since it was sent.")
        )
    taken = EmailLinkError(
        _("That address now belongs to another account, so your address was not changed.")
    )
    if User.objects.filter(email__iexact=new_email).exclude(pk=account.pk).exists():
        raise taken
    try:
        with transaction.atomic():
            changed = User.objects.filter(pk=account.pk, email=old_email).update(
                email=new_email, email_verified_at=now or timezone.now()
            )
    except IntegrityError as error:  # someone signed up with it a moment ago
        raise taken from error
    if not changed:
        raise EmailLinkError(_("This link was already used."))
    account.refresh_from_db()
    _notify_old_address(account, old_email)
    return account


def _notify_old_address(account: User, old_email: str) -> None:
    context = {"user": account, "old_email": old_email, "new_email": account.email}
    try:
        templated_email("email-changed", context, to=[old_email]).send()
    except (OSError, SMTPException) as error:
        # The change stands (the new address was proven); the notice is a courtesy.
        log.warning("notice of an email change to %s failed: %s", old_email, error)
