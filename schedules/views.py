"""Regimen pages: list, create (from a template or from scratch), detail, edit, status."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import patient_view
from accounts.dates import day_and_month, long_date
from accounts.models import Capability, Role

from . import services
from .forms import (
    MAX_PHASES,
    EndPhaseForm,
    PhaseFormSet,
    RegimenForm,
    SkipForm,
    StatusForm,
    draft_of,
    phases_draft,
    revision_initial,
    scratch_initial,
    template_initial,
)
from .models import Regimen, RegimenEvent, RegimenEventKind, SkipReason
from .plans import plan_for
from .protocols import PRESCRIBER_WINS, TEMPLATES
from .regimen_steps import STEP_NAMES, STEPS, Move, dry_run, navigate
from .selectors import current_regimen
from .wording import days_until_words, phase_summaries, shown

PAST_DOSES_SHOWN = 10
UPCOMING_SHOWN = 6
# The review of a new regimen shows the loading doses and the first maintenance ones.
REVIEW_SHOWN = 8
# The patient, a caregiver who logs doses, or a clinician (who manages the regimen) may skip.
SKIP_CAPABILITIES = (Capability.LOG_DOSES, Capability.MANAGE_REGIMEN)


def _regimen(access, regimen_id) -> Regimen:
    return get_object_or_404(
        Regimen.objects.select_related("patient", "current_version__product", "current_phase",
                                       "current_version__prescriber"),
        pk=regimen_id, patient=access.patient,
    )


@patient_view()
def regimen_list(request, access):
    regimens = access.patient.regimens.select_related("current_version__product")
    return render(request, "schedules/regimen_list.html", {
        "access": access, "regimens": regimens, "current": current_regimen(access.patient),
        "can_manage": access.can(Capability.MANAGE_REGIMEN),
    })


@patient_view(Capability.MANAGE_REGIMEN)
def regimen_add(request, access):
    try:
        services.regimen_create_check(patient=access.patient)
    except services.RegimenError as error:
        # Asked before the form is filled: change the prescription in force instead.
        # Translators: %(refusal)s says why no new regimen is started; %(button)s is the
        # button "Change the regimen".
        messages.info(request, _("%(refusal)s To change the prescription, use “%(button)s”.")
                      % {"refusal": error, "button": _("Change the regimen")})
        return redirect("regimen-list", patient_id=access.patient.pk)
    slug = request.GET.get("template", "")
    template = TEMPLATES.get(slug)
    if not slug:
        return render(request, "schedules/regimen_templates.html", {
            "access": access, "templates": TEMPLATES.values(), "prescriber_wins": PRESCRIBER_WINS,
        })
    today = access.patient.local_today()

    def initial():
        return template_initial(template, today) if template else scratch_initial(today)

    def write(form, formset):
        data = form.cleaned_data
        return services.regimen_create(
            patient=access.patient, created_by=request.user, start_on=data["start_on"],
            prescription=form.prescription(formset), indication=data["indication"],
            notes=data["notes"], template_slug=template.slug if template else "",
        )

    def saved(regimen):
        messages.success(request, _("The regimen was saved. Here is the schedule."))
        return redirect("regimen-detail", patient_id=access.patient.pk, regimen_id=regimen.pk)

    return _steps(request, access, initial=initial, write=write, saved=saved,
                  context={"template": template},
                  refused_to=("regimen-list", access.patient.pk))


def _steps(request, access, *, initial, write, saved, context, refused_to, regimen=None):
    """The step form of a new regimen or of a change (`regimen`): `initial()` gives the
    first page's form and phases (a template's, the regimen's in force), `write(form, formset)`
    calls the service and returns the regimen, `saved(regimen)` answers once it is kept, and
    a refusal of the regimen's state goes to `refused_to` (redirect arguments) with its
    message."""
    revising = regimen is not None
    move = Move.read(request.POST) if request.method == "POST" else Move()

    def page(step, form, formset, **extra):
        return render(request, "schedules/regimen_form.html", {
            "access": access, "form": form, "formset": formset, "regimen": regimen,
            "step": step, "step_name": STEP_NAMES[step],
            "step_number": STEPS.index(step) + (1 if revising else 2),
            "step_count": len(STEPS) + (0 if revising else 1),
            "prescriber_wins": PRESCRIBER_WINS, "max_phases": MAX_PHASES, **context, **extra,
        })

    def draft(step, form_initial, phase_initial):
        # Shown again as typed, without errors: a step back, or a phase added or removed.
        return page(step, RegimenForm(initial=form_initial, patient=access.patient,
                                      revising=revising),
                    PhaseFormSet(initial=phase_initial[:MAX_PHASES], prefix="phases"))

    if request.method != "POST":
        return draft(STEPS[0], *initial())
    form = RegimenForm(request.POST, patient=access.patient, revising=revising)
    formset = PhaseFormSet(request.POST, prefix="phases")
    typed, typed_phases = draft_of(form), phases_draft(formset)
    moved = navigate(move, typed_phases)
    if moved is not None:
        step, phases, message = moved
        if message:
            messages.error(request, message)
        return draft(step, typed, phases)
    if not form.is_valid():
        return page("prescription", form, formset)
    if move.step == "prescription" and move.action == "next":
        return draft("phases", typed, typed_phases)
    if not formset.is_valid():
        return page("phases", form, formset)
    try:
        if move.action == "save":
            return saved(write(form, formset))
        plan = dry_run(lambda: write(form, formset))
    except services.RegimenError as error:
        if error.conflict:
            # The regimen's state forbids it (one is active already, this one is stopped).
            messages.error(request, str(error))
            return redirect(*refused_to)
        error.add_to(form)
        return page("prescription", form, formset)
    return page("review", form, formset, plan=plan, upcoming=plan.upcoming(REVIEW_SHOWN),
                summaries=phase_summaries(plan.schedule, plan.today),
                unchanged=revising
                and plan.regimen.current_version_id == regimen.current_version_id)


@patient_view()
def regimen_detail(request, access, regimen_id):
    regimen = _regimen(access, regimen_id)
    plan = plan_for(regimen)
    today = plan.today
    upcoming = plan.upcoming(UPCOMING_SHOWN)
    return render(request, "schedules/regimen_detail.html", {
        "access": access, "regimen": regimen, "plan": plan, "today": today,
        "past": shown(reversed(plan.entries[-PAST_DOSES_SHOWN:]), today),
        "upcoming": upcoming, "next_due": shown(upcoming[:1], today),
        "summaries": phase_summaries(plan.schedule, today),
        "next_due_words": days_until_words(upcoming[0], today) if upcoming else "",
        "versions": plan.versions, "events": plan.events,
        "can_manage": access.can(Capability.MANAGE_REGIMEN),
        "can_skip": plan.next_due is not None and _can_skip(access),
        "skip_reasons": SkipReason.choices,
        "can_end_phase": access.is_clinician and access.can(Capability.MANAGE_REGIMEN)
        and _phase_can_end(regimen, plan),
    })


def _can_skip(access) -> bool:
    return any(access.can(capability) for capability in SKIP_CAPABILITIES)


def _phase_can_end(regimen, plan) -> bool:
    try:
        services.end_phase_check(regimen=regimen, plan=plan, ended_on=plan.today)
    except services.RegimenError:
        return False
    return True


@patient_view(Capability.MANAGE_REGIMEN)
def regimen_edit(request, access, regimen_id):
    regimen = _regimen(access, regimen_id)
    version = regimen.current_version

    def write(form, formset):
        data = form.cleaned_data
        return services.regimen_revise(
            regimen=regimen, changed_by=request.user, prescription=form.prescription(formset),
            start_on=data["start_on"], indication=data["indication"], notes=data["notes"],
            note=data["note"], effective_on=data["effective_on"], new_course=data["new_course"],
        ).regimen

    def saved(revised):
        changed = revised.current_version_id != version.pk
        messages.success(request, _("The change was saved as a new version of the regimen.")
                         if changed else _("Nothing in the prescription changed, so no new "
                                           "version was made."))
        return redirect("regimen-detail", patient_id=access.patient.pk, regimen_id=regimen.pk)

    return _steps(request, access, initial=lambda: revision_initial(regimen, plan_for(regimen)),
                  write=write, saved=saved, context={}, regimen=regimen,
                  refused_to=("regimen-detail", access.patient.pk, regimen.pk))


@patient_view(Capability.MANAGE_REGIMEN, roles=(Role.CLINICIAN,))
def regimen_end_phase(request, access, regimen_id):
    regimen = _regimen(access, regimen_id)
    today = access.patient.local_today()
    form = EndPhaseForm(request.POST or None, initial={"ended_on": today}, today=today)
    resulting = refusal = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            if request.method == "POST" and "preview" not in request.POST:
                phase = services.regimen_end_phase(
                    regimen=regimen, ended_by=request.user, ended_on=data["ended_on"],
                    reason=data["reason"], then_due_on=data["then_due_on"],
                )
            else:
                resulting = services.end_phase_preview(
                    regimen=regimen, ended_on=data["ended_on"], then_due_on=data["then_due_on"]
                )
        except services.RegimenError as error:
            form.add_error(None, str(error))
        else:
            if resulting is None:
                regimen.refresh_from_db(fields=["next_due_on"])
                due = regimen.next_due_on
                # Translators: a phase of the regimen ("Loading") has ended.
                ended = _("%(phase)s ended.") % {"phase": phase}
                messages.success(request, _next_due(ended, due))
                return redirect("regimen-detail", patient_id=access.patient.pk,
                                regimen_id=regimen.pk)
    elif not form.is_bound:
        # An unbound form takes no errors (add_error needs cleaned data): the refusal is shown
        # on its own, e.g. when the phase in force is the last one.
        try:
            resulting = services.end_phase_preview(regimen=regimen, ended_on=today)
        except services.RegimenError as error:
            refusal = str(error)
    return render(request, "schedules/regimen_end_phase.html", {
        "access": access, "regimen": regimen, "form": form, "resulting": resulting,
        "refusal": refusal,
    })


def _next_due(done: str, due) -> str:
    """What was done, then when the next dose is due (if one is)."""
    if due is None:
        return done
    # Translators: what was done ("Loading ended."), then the next due date ("13 September
    # 2026").
    return _("%(done)s The next dose is due %(on)s.") % {"done": done, "on": long_date(due)}


STATUS_SERVICES = {
    "pause": (services.regimen_pause,
              gettext_lazy("The regimen is paused: no doses are due or reminded.")),
    "resume": (services.regimen_resume, gettext_lazy("The regimen is active again.")),
    "stop": (services.regimen_stop,
             gettext_lazy("The regimen is stopped. Its history is kept.")),
}


@patient_view(Capability.MANAGE_REGIMEN)
@require_POST
def regimen_status(request, access, regimen_id):
    regimen = _regimen(access, regimen_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        action = form.cleaned_data["action"]
        service, done = STATUS_SERVICES[action]
        reason = {"reason": form.cleaned_data["reason"]} if action != "resume" else {}
        try:
            service(regimen=regimen, by=request.user, note=form.cleaned_data["note"], **reason)
        except services.RegimenError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done)
    else:
        messages.error(request, _("Choose pause, resume or stop."))
    return redirect("regimen-detail", patient_id=access.patient.pk, regimen_id=regimen.pk)


@patient_view(SKIP_CAPABILITIES)
@require_POST
def dose_skip(request, access, regimen_id):
    regimen = _regimen(access, regimen_id)
    form = SkipForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    else:
        data = form.cleaned_data
        try:
            services.dose_skip(regimen=regimen, due_on=data["due_on"], reason=data["reason"],
                               note=data["note"], by=request.user)
        except services.RegimenError as error:
            messages.error(request, str(error))
        else:
            regimen.refresh_from_db(fields=["next_due_on"])
            due = regimen.next_due_on
            skipped = _("The dose due %(day)s was skipped.") % {
                "day": day_and_month(data["due_on"])}
            messages.success(request, _next_due(skipped, due))
    return redirect("regimen-detail", patient_id=access.patient.pk, regimen_id=regimen.pk)


@patient_view(SKIP_CAPABILITIES)
@require_POST
def dose_unskip(request, access, regimen_id, skip_id):
    regimen = _regimen(access, regimen_id)
    skip = get_object_or_404(RegimenEvent, pk=skip_id, regimen=regimen,
                             kind=RegimenEventKind.SKIPPED)
    try:
        services.dose_unskip(skip=skip, by=request.user)
    except services.RegimenError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The dose due %(day)s is due again.") % {
            "day": day_and_month(skip.effective_on)})
    return redirect("regimen-detail", patient_id=access.patient.pk, regimen_id=regimen.pk)
