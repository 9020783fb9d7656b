from datetime import date

from django.core.management.base import BaseCommand, CommandError

from schedules import engine
from schedules.protocols import TEMPLATES


def _date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(f"Bad date for {what}: {value!r} (use YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Print the first N doses of a protocol template's plan, one per line as "
        "'YYYY-MM-DD kind': the taken doses, then the projection as if each later dose were "
        "taken on its due date."
    )

    def add_arguments(self, parser):
        parser.add_argument("template", help=f"one of: {', '.join(TEMPLATES)}")
        parser.add_argument("--start", required=True, help="start date, YYYY-MM-DD")
        parser.add_argument("--taken", default="", help="doses taken: YYYY-MM-DD,YYYY-MM-DD,…")
        parser.add_argument("--count", type=int, default=12, help="doses to print (default 12)")

    def handle(self, *args, template: str, start: str, taken: str, count: int, **options):
        protocol = TEMPLATES.get(template)
        if protocol is None:
            raise CommandError(f"Unknown template {template!r}. Known: {', '.join(TEMPLATES)}.")
        if count < 1:
            raise CommandError("--count must be at least 1.")
        start_on = _date(start, "--start")
        taken_on = [_date(value, "--taken") for value in taken.split(",") if value.strip()]
        for earlier, later in zip(taken_on, taken_on[1:], strict=False):
            if later < earlier:
                raise CommandError(f"Taken dates are out of order: {later} comes after {earlier}.")
        if taken_on and taken_on[0] < start_on:
            raise CommandError(f"Taken date {taken_on[0]} is before the start date {start_on}.")
        schedule = engine.plan(protocol.phases, start_on, taken_on)
        doses = [*schedule.taken, *schedule.upcoming(count)][:count]
        for dose in doses:
            self.stdout.write(f"{dose.taken_on or dose.due_on:%Y-%m-%d} {dose.kind.value}")
