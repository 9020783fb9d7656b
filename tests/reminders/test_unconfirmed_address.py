"""No reminder is emailed to an address nobody has confirmed: it may not be the account
holder's. The reminder is still made, in the in-app inbox."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail

from accounts.models import User
from reminders import planning, services
from reminders.models import Notification, Status
from tests.factories import regimen_from_template

EVENING = datetime(2026, 6, 10, 18, 5, tzinfo=UTC)  # 19:05 London: the due reminder is out


def unconfirm(user) -> None:
    User.objects.filter(pk=user.pk).update(email_verified_at=None)


@time_machine.travel(EVENING, tick=False)
def test_an_unconfirmed_address_gets_the_reminder_in_the_app_only(patient, alice, clinician):
    regimen_from_template(patient, start_on=date(2026, 6, 10), by=clinician)
    unconfirm(alice)
    services.sweep()
    assert mail.outbox == []
    rows = Notification.objects.filter(recipient=alice, kind="dose_due")
    assert list(rows.values_list("channel", "status")) == [("inapp", Status.SENT)]


@time_machine.travel(EVENING, tick=False)
def test_once_confirmed_the_next_sweep_emails_again(patient, alice, clinician):
    regimen_from_template(patient, start_on=date(2026, 6, 10), by=clinician)
    unconfirm(alice)
    services.sweep()
    User.objects.filter(pk=alice.pk).update(email_verified_at=EVENING)
    services.sweep()
    [email] = mail.outbox
    assert email.to == ["alice@example.com"]


@time_machine.travel(EVENING, tick=False)
def test_an_email_planned_to_an_address_not_confirmed_is_not_sent(patient, alice):
    row = Notification.objects.create(
        recipient=alice, patient=patient, kind="recheck_due", subject_key="recheck:1",
        channel="email", send_after=EVENING,
    )
    unconfirm(alice)
    services.notifications_send(services.notifications_claim(now=EVENING, batch_size=10))
    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert row.last_error == (
        "PermanentDeliveryError: an email address not confirmed yet gets reminders in-app only"
    )
    assert mail.outbox == []


@pytest.mark.parametrize(("chosen", "second_factor_missing", "email_verified", "kept"), [
    ({"email", "inapp"}, False, True, {"email", "inapp"}),
    ({"email", "inapp", "push"}, False, False, {"inapp", "push"}),
    ({"email"}, False, False, {"inapp"}),  # in-app turned off: it still takes the reminder
    ({"email", "push"}, True, True, {"inapp"}),
    ({"inapp"}, False, False, {"inapp"}),
    ({"push"}, False, False, {"push"}),
])
def test_which_channels_a_reminder_may_take(chosen, second_factor_missing, email_verified, kept):
    assert planning.reachable(
        frozenset(chosen), second_factor_missing=second_factor_missing,
        email_verified=email_verified,
    ) == kept
