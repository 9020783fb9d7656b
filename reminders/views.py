from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import patient_view, refuse_unverified_clinicians
from accounts.models import Capability, CareTeamMember, Role

from . import links, push
from .content import headline, link_path
from .forms import ReminderPreferenceForm
from .models import Notification, ReminderPreference


def _inbox(user):
    refuse_unverified_clinicians(user)  # accounts.middleware sends them to enrol
    return Notification.objects.inbox(user)


@login_required
def inbox(request):
    rows = _inbox(request.user).select_related("patient").order_by("-sent_at", "-id")
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    loggers = {
        member.patient_id for member in CareTeamMember.objects.active().filter(user=request.user)
        if member.has_capability(Capability.LOG_DOSES)
    }
    entries = [
        (row, headline(row), link_path(row),
         links.for_notification(row, can_log=row.patient_id in loggers))
        for row in page
    ]
    return render(request, "reminders/notification_list.html", {"page": page, "entries": entries})


@login_required
@require_POST
def mark_read(request, notification_id):
    row = get_object_or_404(_inbox(request.user), pk=notification_id)
    if row.read_at is None:
        row.read_at = timezone.now()
        row.save(update_fields=["read_at"])
    if request.POST.get("follow") == "1":
        return redirect(link_path(row))
    return redirect("inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = _inbox(request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, ngettext("Marked %(count)d reminder as read.",
                                       "Marked %(count)d reminders as read.", count)
                     % {"count": count})
    return redirect("inbox")


@patient_view()
def preferences(request, access):
    """Each member sets their own reminders for this patient; viewing access is enough."""
    # Made only when saved: a saved row is how the Today checklist knows reminders are set.
    preference = ReminderPreference.objects.filter(member=access.member).first() or (
        ReminderPreference(member=access.member))
    form = ReminderPreferenceForm(
        request.POST or None,
        instance=preference,
        show_escalation=access.member.role == Role.SELF,
    )
    if form.is_valid():
        form.save()
        messages.success(request, _("Your reminder settings were saved."))
        return redirect("reminder-preferences", patient_id=access.patient.pk)
    return render(request, "reminders/reminderpreference_form.html", {
        "access": access, "form": form,
        "devices": request.user.push_subscriptions.all(),
        "push_key": push.application_server_key() if settings.VAPID_PRIVATE_KEY else "",
    })
