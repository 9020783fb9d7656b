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
from django.views.decorators.csrf import csrf_exempt

from accounts.access import patient_view
from accounts.models import Capability
from doses import prefill, sites
from schedules.selectors import current_regimen

from . import links, planning, services
from .content import DOSE_KINDS, headline, link_path, regimen_id
from .models import ReminderPreference

EXPIRED = "This reminder's link has expired (links work for 48 hours)."
USED = "This reminder's link was already used."


def _fallback(access, notification) -> str:
    """Where a link that cannot act sends its reader: the prefilled log form for a dose."""
    if notification.kind in DOSE_KINDS and access.can(Capability.LOG_DOSES):
        return reverse("dose-add", kwargs={"patient_id": access.patient.pk})
    return link_path(notification)


def _answer(request, text: str, *, go_to: str, level=messages.INFO, open_page: bool = True):
    """JSON for the service worker (`open`: a page it should open), else a message and a
    redirect."""
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
        return f"In 1 hour ({local:%H:%M})"
    today = local.date() == patient.local_today()
    return f"At {local:%H:%M} " + ("this evening" if today else f"on {local:%A}")


def _taken(request, access, notification):
    fallback = _fallback(access, notification)
    regimen = current_regimen(access.patient)
    if (not access.can(Capability.LOG_DOSES) or notification.kind not in DOSE_KINDS
            or regimen is None or regimen.pk != regimen_id(notification)):
        return _answer(request, "This reminder cannot log a dose: open the log form.",
                       go_to=fallback)
    logged = prefill.dose_log_as_prefilled(
        patient=access.patient, regimen=regimen, member=access.member,
        entered_by=request.user, form_token=uuid.uuid4(),
    )
    if logged.dose is None:
        return _answer(
            request, "Not saved yet: " + " ".join(logged.warnings)
            + " Check the details and confirm on the form.",
            go_to=fallback, level=messages.WARNING,
        )
    regimen.refresh_from_db(fields=["next_due_on"])
    with timezone.override(access.patient.zone):
        at = timezone.localtime(logged.dose.administered_at)
    due = regimen.next_due_on
    text = (f"Dose logged at {at:%H:%M}: {logged.dose.dose_mcg} mcg {logged.dose.route}, "
            f"site: {sites.label(logged.dose.site)}.")
    text += f" Next due {due.day} {due:%B %Y}." if due else ""
    return _answer(request, text, level=messages.SUCCESS, open_page=False,
                   go_to=reverse("patient-dashboard", kwargs={"patient_id": access.patient.pk}))


def _snooze(request, access, notification):
    choice = request.POST.get("until")
    choice = choice if choice in planning.Snooze.__members__.values() else planning.Snooze.HOUR
    until = planning.snooze_until(choice, timezone.now(), _preferences(access),
                                  access.patient.zone)
    if not services.notification_snooze(notification=notification, until=until):
        return _answer(request, "This reminder is no longer waiting to be snoozed.",
                       go_to=_fallback(access, notification))
    local = timezone.localtime(until, access.patient.zone)
    day = "today" if local.date() == access.patient.local_today() else f"on {local:%A}"
    return _answer(request, f"Snoozed: you will be reminded again {day} at {local:%H:%M}.",
                   level=messages.SUCCESS, open_page=False, go_to=reverse("inbox"))
