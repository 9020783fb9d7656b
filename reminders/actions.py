"""What a one-tap link in a reminder does: "Taken" logs the dose as the form would, "Snooze"
sends the reminder again later, "Open" goes where the reminder points.

GET shows what the tap will do (mail scanners prefetch links: a GET never acts); POST acts.
The service worker posts straight from the notification and asks for JSON. The signed,
single-use link bound to the signed-in recipient is what a CSRF token would prove, so the
view takes POSTs without one.
"""

import uuid

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from accounts.access import patient_view
from accounts.dates import clock, in_sentence, long_date, weekday
from accounts.models import Capability
from doses import prefill, sites
from schedules.selectors import current_regimen

from . import links, planning, services
from .content import DOSE_KINDS, headline, link_path, regimen_id
from .models import ReminderPreference

EXPIRED = gettext_lazy("This reminder's link has expired (links work for 48 hours).")
USED = gettext_lazy("This reminder's link was already used.")


def _fallback(access, notification) -> str:
    """Where a link that cannot act sends its reader: the prefilled log form for a dose."""
    if notification.kind in DOSE_KINDS and access.can(Capability.LOG_DOSES):
        return reverse("dose-add", kwargs={"patient_id": access.patient.pk})
    return link_path(notification)


def _answer(request, text, *, go_to: str, level=messages.INFO, open_page: bool = True):
    """JSON for the service worker (`open`: a page it should open), else a message and a
    redirect. The text is in the reader's language (a lazy one is made a string here)."""
    text = str(text)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"message": text, "open": go_to if open_page else None})
    messages.add_message(request, level, text)
    return redirect(go_to)


@csrf_exempt
@patient_view()
def reminder_action(request, access, token):
    try:
        link = links.read(token, user=request.user, patient_id=access.patient.pk)
        notification = links.notification_of(link, user=request.user)
    except links.LinkExpired as expired:
        try:
            notification = links.notification_of(expired.link, user=request.user)
        except links.LinkInvalid as error:
            raise Http404("No such reminder.") from error
        return _answer(request, EXPIRED, go_to=_fallback(access, notification))
    except links.LinkInvalid as error:
        raise Http404("No such reminder.") from error
    if request.method != "POST" and link.action != links.Action.OPEN:
        if links.is_used(link):
            return _answer(request, USED, go_to=_fallback(access, notification))
        return _confirm(request, access, notification, link)
    try:
        links.use(link, notification, user=request.user)
    except links.LinkUsed:
        return _answer(request, USED, go_to=_fallback(access, notification))
    if link.action == links.Action.TAKEN:
        return _taken(request, access, notification)
    if link.action == links.Action.SNOOZE:
        return _snooze(request, access, notification)
    return redirect(link_path(notification))


def _preferences(access) -> planning.Preferences:
    preference = ReminderPreference.objects.filter(member=access.member).first()
    return (preference or ReminderPreference()).as_plan()


def _confirm(request, access, notification, link):
    context = {"access": access, "notification": notification, "headline": headline(notification),
               "action": link.action, "fallback": _fallback(access, notification),
               "fallback_is_form": _fallback(access, notification).endswith("/doses/new/")}
    if link.action == links.Action.SNOOZE:
        now, zone = timezone.now(), access.patient.zone
        prefs = _preferences(access)
        context["choices"] = [
            (choice, _snooze_label(choice, planning.snooze_until(choice, now, prefs, zone),
                                   access.patient))
            for choice in planning.Snooze
        ]
    with timezone.override(access.patient.zone):
        return render(request, "reminders/reminder_action.html", context)


def _snooze_label(choice, until, patient) -> str:
    local = timezone.localtime(until, patient.zone)
    if choice == planning.Snooze.HOUR:
        # Translators: a snooze button; %(time)s is the hour, 24-hour clock.
        return _("In 1 hour (%(time)s)") % {"time": clock(local)}
    if local.date() == patient.local_today():
        return _("At %(time)s this evening") % {"time": clock(local)}
    # Translators: a snooze button: "At 19:00 on Wednesday" (%(weekday)s as a label writes
    # it, capitalised in Polish).
    return _("At %(time)s on %(weekday)s") % {"time": clock(local),
                                               "weekday": weekday(local.date())}


def _taken(request, access, notification):
    fallback = _fallback(access, notification)
    regimen = current_regimen(access.patient)
    if (not access.can(Capability.LOG_DOSES) or notification.kind not in DOSE_KINDS
            or regimen is None or regimen.pk != regimen_id(notification)):
        return _answer(request, _("This reminder cannot log a dose: open the log form."),
                       go_to=fallback)
    logged = prefill.dose_log_as_prefilled(
        patient=access.patient, regimen=regimen, member=access.member,
        entered_by=request.user, form_token=uuid.uuid4(),
    )
    if logged.dose is None:
        return _answer(
            # Translators: %(warnings)s is one or more sentences saying what to check.
            request, _("Not saved yet: %(warnings)s Check the details and confirm on the form.")
            % {"warnings": " ".join(str(warning) for warning in logged.warnings)},
            go_to=fallback, level=messages.WARNING,
        )
    regimen.refresh_from_db(fields=["next_due_on"])
    with timezone.override(access.patient.zone):
        at = timezone.localtime(logged.dose.administered_at)
    due = regimen.next_due_on
    # Translators: %(time)s is the hour (24-hour clock), %(dose)s micrograms, %(route)s IM or
    # SC, %(site)s the injection site.
    text = _("Dose logged at %(time)s: %(dose)s mcg %(route)s, site: %(site)s.") % {
        "time": clock(at), "dose": logged.dose.dose_mcg, "route": logged.dose.route,
        "site": sites.label(logged.dose.site),
    }
    if due:
        # Translators: %(date)s is a long date, "11 March 2026".
        text += " " + _("Next due %(date)s.") % {"date": long_date(due)}
    return _answer(request, text, level=messages.SUCCESS, open_page=False,
                   go_to=reverse("patient-dashboard", kwargs={"patient_id": access.patient.pk}))


def _snooze(request, access, notification):
    choice = request.POST.get("until")
    choice = choice if choice in planning.Snooze.__members__.values() else planning.Snooze.HOUR
    until = planning.snooze_until(choice, timezone.now(), _preferences(access),
                                  access.patient.zone)
    if not services.notification_snooze(notification=notification, until=until):
        return _answer(request, _("This reminder is no longer waiting to be snoozed."),
                       go_to=_fallback(access, notification))
    local = timezone.localtime(until, access.patient.zone)
    if local.date() == access.patient.local_today():
        text = _("Snoozed: you will be reminded again today at %(time)s.") % {
            "time": clock(local)}
    else:
        text = _("Snoozed: you will be reminded again on %(weekday)s at %(time)s.") % {
            "weekday": in_sentence(weekday(local.date())), "time": clock(local)}
    return _answer(request, text,
                   level=messages.SUCCESS, open_page=False, go_to=reverse("inbox"))
