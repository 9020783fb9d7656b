"""The month calendar, the calendar-feed settings and the secret feed itself."""

import calendar
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from accounts.access import patient_view, record_access
from accounts.models import AccessAction, AccessVia

from . import services
from .calendar_events import alarm_time, collect, with_alarms
from .ics import build_calendar
from .models import CalendarFeed
from .plans import plan_for
from .selectors import current_regimen
from .wording import WEEKDAY_NAMES, Shown, shown


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    is_today: bool
    doses: list[Shown] = field(default_factory=list)  # given, skipped or due that day


# Months further off than this are a typo or a probe; they also run out of the calendar
# (year 1 has no month before it) and would project decades of doses.
CALENDAR_YEARS_AROUND_TODAY = 50


def _month_from(value: str, today: date) -> date | None:
    """The first day of the month `YYYY-MM` names (this month when absent), or None when it
    is malformed or implausibly far from today."""
    if not value:
        return today.replace(day=1)
    try:
        year, month = (int(part) for part in value.split("-"))
        first = date(year, month, 1)
    except (ValueError, TypeError):
        return None
    if abs(first.year - today.year) > CALENDAR_YEARS_AROUND_TODAY:
        return None
    return first


def month_grid(first: date, today: date, doses: list[Shown]) -> list[list[CalendarDay]]:
    """Weeks (Monday first) of the month, each day with the doses taken or due on it."""
    by_day: dict[date, list[Shown]] = {}
    for row in doses:
        by_day.setdefault(row.dose.taken_on or row.dose.due_on, []).append(row)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    return [
        [CalendarDay(d, d.month == first.month, d == today, by_day.get(d, [])) for d in week]
        for week in weeks
    ]


@patient_view()
def schedule_calendar(request, access):
    today = access.patient.local_today()
    first = _month_from(request.GET.get("month", ""), today)
    if first is None:
        messages.error(
            request,
            ngettext(
                "That month could not be shown: choose one as YYYY-MM within %(years)d year "
                "of today. Here is this month.",
                "That month could not be shown: choose one as YYYY-MM within %(years)d years "
                "of today. Here is this month.", CALENDAR_YEARS_AROUND_TODAY,
            ) % {"years": CALENDAR_YEARS_AROUND_TODAY},
        )
        return redirect("schedule-calendar", patient_id=access.patient.pk)
    last = first + relativedelta(months=1, days=-1)
    regimen = current_regimen(access.patient)
    doses: list[Shown] = []
    if regimen is not None:
        plan = plan_for(regimen, today)
        month = [d for d in plan.entries if first <= (d.taken_on or d.due_on) <= last]
        month += [d for d in plan.upcoming_until(last) if d.due_on >= first]
        doses = shown(month, today)
    return render(request, "schedules/schedule_calendar.html", {
        "access": access, "regimen": regimen, "first": first, "today": today,
        "weeks": month_grid(first, today, doses), "weekdays": WEEKDAY_NAMES,
        "previous": f"{first - relativedelta(months=1):%Y-%m}",
        "next": f"{first + relativedelta(months=1):%Y-%m}",
        "doses": doses,
    })


@patient_view()
def calendar_feed_settings(request, access):
    """Each member's own feed link: anyone on the care team may subscribe their calendar."""
    member = access.member
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(member=member)
            messages.success(request, _("Your calendar link was turned off. It no longer works."))
        else:
            services.calendar_feed_regenerate(member=member)
            messages.success(
                request, _("A new calendar link was made. Your old link stopped working.")
            )
        return redirect("calendar-feed-settings", patient_id=access.patient.pk)
    feed = CalendarFeed.objects.filter(member=member, revoked_at__isnull=True).first()
    url = settings.SITE_URL + reverse("calendar-feed", args=[feed.token]) if feed else ""
    return render(request, "schedules/calendarfeed_detail.html", {
        "access": access, "feed": feed, "feed_url": url,
        "webcal_url": url.replace("https://", "webcal://").replace("http://", "webcal://"),
    })


@never_cache
def calendar_feed(request, token):
    """The feed a calendar app subscribes to: the secret token is the only credential."""
    feed = services.calendar_feed_for_token(token)
    if feed is None:
        raise Http404("No such calendar.")
    patient = feed.patient
    record_access(
        request, patient, AccessAction.EXPORT, user=feed.member.user, via=AccessVia.CALENDAR
    )
    now = timezone.now()
    # A calendar app asks anonymously: the events are written in the subscriber's language,
    # whoever's browser fetched the link and whatever the patient's language is.
    with translation.override(feed.member.user.language):
        events = with_alarms(collect(patient, patient.local_today(now)), patient,
                             alarm_time(feed.member))
    body = build_calendar(name=f"B12 — {patient.display_name}", events=events, stamp=now)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="b12-schedule.ics"'
    return response
