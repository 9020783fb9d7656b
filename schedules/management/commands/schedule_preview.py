from dataclasses import replace
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError

from schedules import engine
from schedules.protocols import TEMPLATES


def _date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(f"Bad date for {what}: {value!r} (use YYYY-MM-DD).") from None


def _template(slug: str, flag: str = ""):
    protocol = TEMPLATES.get(slug)
    if protocol is None:
        where = f"{flag}: u" if flag else "U"
        raise CommandError(f"{where}nknown template {slug!r}. Known: {', '.join(TEMPLATES)}.")
    return protocol


class Command(BaseCommand):
    help = (
        "Print the first N doses of a protocol template's plan, one per line as "
        "'YYYY-MM-DD kind': the taken doses (a skipped one as 'YYYY-MM-DD kind skipped'), then "
        "the projection as if each later dose were taken on its due date. Scenario flags play "
        "the clinical events: a phase ended, a pause, a revision or a new course, a skip."
    )

    def add_arguments(self, parser):
        parser.add_argument("template", help=f"one of: {', '.join(TEMPLATES)}")
        parser.add_argument("--start", required=True, help="start date, YYYY-MM-DD")
        parser.add_argument("--taken", default="", help="doses taken: YYYY-MM-DD,YYYY-MM-DD,… "
                            "(the same date twice: a confirmed second dose; only one counts)")
        parser.add_argument("--count", type=int, default=12, help="doses to print (default 12)")
        parser.add_argument("--end-phase", action="append", default=[], metavar="DATE",
                            help="a clinician ends the open phase in force, DATE its last day")
        parser.add_argument("--pause", action="append", default=[], metavar="FROM:TO",
                            help="paused on FROM, resumed on TO")
        parser.add_argument("--revise", action="append", default=[],
                            metavar="DATE:TEMPLATE[:new-course]",
                            help="the template's phases from DATE, counting on from the last "
                            "dose given; with ':new-course' the first dose is due on DATE")
        parser.add_argument("--skip", action="append", default=[], metavar="DATE",
                            help="the dose due on DATE is skipped")

    def handle(self, *args, template: str, start: str, taken: str, count: int, **options):
        protocol = _template(template)
        if count < 1:
            raise CommandError("--count must be at least 1.")
        start_on = _date(start, "--start")
        taken_on = [_date(value, "--taken") for value in taken.split(",") if value.strip()]
        for earlier, later in zip(taken_on, taken_on[1:], strict=False):
            if later < earlier:
                raise CommandError(f"Taken dates are out of order: {later} comes after {earlier}.")
        if taken_on and taken_on[0] < start_on:
            raise CommandError(f"Taken date {taken_on[0]} is before the start date {start_on}.")
        versions = [engine.Prescribed(start_on, protocol.phases, version=0)]
        versions += self._revisions(options["revise"], start_on)
        pauses = self._pauses(options["pause"], start_on, taken_on)
        skips = [engine.Skip(self._event(value, "--skip", start_on)) for value in options["skip"]]
        ends = sorted(self._event(value, "--end-phase", start_on) for value in options["end_phase"])
        dates = [start_on, *taken_on, *(v.effective_on for v in versions),
                 *(p.resumed_on for p in pauses), *(s.due_on for s in skips), *ends]
        today = max(dates) + timedelta(days=1)  # every event of the scenario has happened

        def schedule(versions, as_of=today):
            return engine.walk(versions, taken_on, as_of, pauses=pauses, skips=skips)

        for ended_on in ends:
            versions = self._end_phase(schedule(versions, ended_on), versions, ended_on)
        plan = schedule(versions)
        skipped = {e.due_on for e in plan.entries if e.outcome == engine.Outcome.SKIPPED}
        for skip in skips:
            if skip.due_on not in skipped:
                raise CommandError(f"--skip {skip.due_on}: no dose is due on that date.")
        shown = [e for e in plan.entries if e.outcome != engine.Outcome.MISSED]
        for dose in [*shown, *plan.upcoming(count)][:count]:
            suffix = " skipped" if dose.outcome == engine.Outcome.SKIPPED else ""
            self.stdout.write(f"{dose.taken_on or dose.due_on:%Y-%m-%d} {dose.kind.value}{suffix}")

    def _event(self, value: str, flag: str, start_on: date) -> date:
        day = _date(value, flag)
        if day < start_on:
            raise CommandError(f"{flag} {day}: the event is before the start date {start_on}.")
        return day

    def _revisions(self, values: list[str], start_on: date) -> list[engine.Prescribed]:
        revisions = []
        for number, value in enumerate(values, start=1):
            parts = value.split(":")
            if len(parts) not in (2, 3) or (len(parts) == 3 and parts[2] != "new-course"):
                raise CommandError(
                    f"--revise {value}: use DATE:TEMPLATE or DATE:TEMPLATE:new-course."
                )
            day = self._event(parts[0], "--revise", start_on)
            revisions.append(engine.Prescribed(
                day, _template(parts[1], "--revise").phases, version=number,
                new_course=len(parts) == 3,
            ))
        revisions.sort(key=lambda version: version.effective_on)
        for earlier, later in zip(revisions, revisions[1:], strict=False):
            if earlier.effective_on == later.effective_on:
                raise CommandError(f"--revise: two revisions on {later.effective_on}.")
        return revisions

    def _pauses(self, values: list[str], start_on: date, taken_on: list[date]):
        pauses = []
        for value in values:
            parts = value.split(":")
            if len(parts) != 2:
                raise CommandError(f"--pause {value}: use FROM:TO (paused on FROM, resumed on TO).")
            paused_on = self._event(parts[0], "--pause", start_on)
            resumed_on = _date(parts[1], "--pause")
            if resumed_on < paused_on:
                raise CommandError(
                    f"--pause {value}: the resume date {resumed_on} is before the pause."
                )
            for day in taken_on:
                if paused_on <= day < resumed_on:
                    raise CommandError(
                        f"--taken {day}: a dose while paused (--pause {value})."
                    )
            pauses.append(engine.Pause(paused_on, resumed_on))
        pauses.sort(key=lambda pause: pause.paused_on)
        for earlier, later in zip(pauses, pauses[1:], strict=False):
            if later.paused_on < earlier.resumed_on:
                raise CommandError(f"--pause: the pauses from {earlier.paused_on} and "
                                   f"{later.paused_on} overlap.")
        return pauses

    def _end_phase(self, as_of: engine.Schedule, versions, ended_on: date):
        """The versions with the phase in force on `ended_on` ended that day."""
        index = as_of.current_phase_index
        phases = as_of.phases
        if index is None or not phases[index].is_open_ended or index == len(phases) - 1:
            name = phases[index].label or phases[index].kind.value if index is not None else ""
            raise CommandError(
                f"--end-phase {ended_on}: the phase in force then ({name or 'none'}) is not an "
                "open phase a clinician can end."
            )
        ended = replace(phases[index], ended_on=ended_on)
        return [
            replace(v, phases=tuple(ended if i == index else p for i, p in enumerate(v.phases)))
            if v.version == as_of.version else v
            for v in versions
        ]
