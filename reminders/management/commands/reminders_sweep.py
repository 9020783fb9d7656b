from django.core.management.base import BaseCommand
from django.utils import timezone

from reminders import housekeeping, services


class Command(BaseCommand):
    help = "Run one reminder sweep now, in this process: plan the outbox, then send what is due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--status", action="store_true",
            help="Print the outbox's state (pending, due, leased, recent failures, oldest due, "
                 "heartbeats) and sweep nothing.",
        )

    def handle(self, *args, status=False, **options):
        if status:
            self._print_status(timezone.now())
            return
        result = services.sweep()
        self.stdout.write(
            f"planned {result.planned}, cancelled {result.cancelled}, "
            f"sent {result.sent}, failed {result.failed}"
        )

    def _print_status(self, now):
        state = housekeeping.outbox_status(now=now)

        def when(at):
            return "never" if at is None else (f"{at:%Y-%m-%d %H:%M:%S} UTC "
                                          f"({housekeeping.describe_span(now - at)} ago)")

        for label, value in [
            ("pending", state.pending),
            ("due now", state.due),
            ("leased (being sent)", state.leased),
            ("failed in the last day", state.failed_last_day),
            ("oldest due", when(state.oldest_due_at)),
            ("last sweep", when(state.last_sweep_at)),
            ("last delivery", when(state.last_delivery_at)),
        ]:
            self.stdout.write(f"{label + ':':<24}{value}")

