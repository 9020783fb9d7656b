"""Signals other apps listen to, so that schedules never imports them."""

from django.dispatch import Signal

# Sent by `services.regimen_refresh_next_due`, inside its transaction, when a regimen's stored
# next due date changes (a dose logged or voided, a skip, a phase ended, a pause, a stop...):
# keyword arguments `regimen_id`, `previous_due_on` and `next_due_on` (either may be None).
# The reminders app retires what it had planned or sent about the previous date.
next_due_moved = Signal()
