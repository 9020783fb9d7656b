from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.core.paginator import Paginator
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from . import account_views, countries, email_address, services
from .access import patient_view
from .clinical import profile_of
from .forms import (
    ClinicalProfileForm,
    InvitationForm,
    MemberForm,
    PatientEditForm,
    PatientForm,
    ProfileForm,
    SignupForm,
)
from .models import AccessAction, AccessEvent, Capability, Role, User
from .page_names import page_name
from .reauth import recent_login_required
from .security_forms import PatientDeleteForm


def signup(request):
    """A new account, whose address is then confirmed by an emailed link.

    The answer is the same "check your email" page whether the address is new or already
    has an account (whose owner is emailed instead), so the page tells nobody which
    addresses have accounts. The browser that signed up carries on from the link.
    """
    if request.user.is_authenticated:
        return redirect("home")
    # The language this browser asked for (LocaleMiddleware: the switcher's cookie, else
    # Accept-Language), which the person may change before signing up.
    form = SignupForm(request.POST or None, initial={
        "email": request.GET.get("email", ""), "language": request.LANGUAGE_CODE,
    })
    if form.is_valid():
        email = form.cleaned_data["email"]
        existing = User.objects.filter(email=email).first()
        if existing is not None:
            make_password(form.cleaned_data["password1"])  # the same work, the same time
            services.signup_existing_notify(user=existing)
        else:
            email_address.confirmation_send(user=form.save())
        account_views.signup_remember(request, email=email, next_url=request.POST.get("next", ""))
        return render(request, "accounts/signup_sent.html", {"email": email})
    context = {"form": form, "next": request.GET.get("next", "")}
    return render(request, "accounts/signup.html", context)


@require_POST
def language_set(request):
    """Django's set_language (the cookie for this browser, back to the page), and for a
    signed-in person their profile too: the choice follows them to their other devices and
    into their reminders."""
    response = set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if form.is_valid():
        user = form.save()
        translation.activate(user.language)  # the message below is in the language chosen
        messages.success(request, _("Your profile was saved."))
        response = redirect("profile")
        # Once signed out, this browser keeps the language (the login page, the next visitor).
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language,
                            samesite=settings.LANGUAGE_COOKIE_SAMESITE)
        return response
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def patient_add(request):
    can_be_self = not hasattr(request.user, "own_patient")
    form = PatientForm(request.POST or None, can_be_self=can_be_self)
    if form.is_valid():
        patient = services.patient_create(
            created_by=request.user,
            role=form.cleaned_data["relation"],
            **{name: form.cleaned_data[name] for name in PatientForm.Meta.fields},
        )
        messages.success(request, _("The profile for %(name)s was created.") % {
            "name": patient.display_name})
        return redirect("patient-dashboard", patient_id=patient.pk)
    return render(request, "accounts/patient_form.html", {"form": form, "creating": True})


@patient_view(Capability.MANAGE_TEAM)
def patient_edit(request, access):
    form = PatientEditForm(request.POST or None, instance=access.patient)
    if form.is_valid():
        form.save()
        messages.success(request, _("The profile was saved."))
        return redirect("patient-dashboard", patient_id=access.patient.pk)
    return render(request, "accounts/patient_form.html", {"form": form, "access": access})


@patient_view(Capability.MANAGE_REGIMEN)
def clinical_profile_edit(request, access):
    profile = profile_of(access.patient)
    form = ClinicalProfileForm(request.POST or None, instance=profile)
    if form.is_valid():
        services.clinical_profile_update(
            patient=access.patient, changed_by=request.user, reason=form.cleaned_data["reason"],
            **form.profile_fields(),
        )
        messages.success(
            request, _("The clinical profile was saved; the previous values are kept.")
        )
        return redirect("clinical-profile", patient_id=access.patient.pk)
    changes = profile.changes.select_related("changed_by")[:50] if profile.pk else []
    return render(request, "accounts/clinicalprofile_form.html", {
        "form": form, "access": access, "profile": profile, "changes": changes,
        "emergency_country": countries.NAMES.get(profile.emergency_country(), ""),
    })


@patient_view(Capability.MANAGE_TEAM)
@recent_login_required
def patient_delete(request, access):
    patient = access.patient
    form = PatientDeleteForm(request.POST or None, request=request)
    if form.is_valid():
        services.patient_delete(
            patient=patient, deleted_by=request.user, path=request.get_full_path(),
            ip_address=request.META.get("REMOTE_ADDR") or None,
        )
        messages.success(request, _("The record of %(name)s was deleted.") % {
            "name": patient.display_name})
        return redirect("home")
    return render(request, "accounts/patient_delete.html", {"access": access, "form": form})


@patient_view()
def care_team(request, access):
    patient = access.patient
    members = list(
        patient.memberships.active().select_related("user", "added_by").order_by("added_at")
    )
    last_access = dict(
        AccessEvent.objects.filter(patient=patient)
        .values("user").annotate(last=Max("at")).values_list("user", "last")
    )
    for member in members:
        member.last_access_at = last_access.get(member.user_id)
    invitations = patient.invitations.pending() if access.member.can_manage_team else []
    return render(
        request,
        "accounts/careteam_list.html",
        {"access": access, "members": members, "invitations": invitations},
    )


@patient_view(Capability.MANAGE_TEAM)
def access_log(request, access):
    events = AccessEvent.objects.filter(patient=access.patient).select_related("user")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    rows = [(event, page_name(event.path)) for event in page]
    return render(request, "accounts/accessevent_list.html", {
        "access": access, "page": page, "rows": rows,
        # Paths mean something to clinicians (and in exports); to others, only the page name.
        "show_paths": access.member.role == Role.CLINICIAN,
    })


@patient_view(Capability.MANAGE_TEAM, action=AccessAction.CREATE)
def invitation_add(request, access):
    form = InvitationForm(
        request.POST or None, patient=access.patient, initial={"role": request.GET.get("role")}
    )
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                patient=access.patient, invited_by=request.user, **form.cleaned_data
            )
        except services.InvitationSendError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, ngettext(
                "Invitation sent to %(email)s. The link works for %(days)s day.",
                "Invitation sent to %(email)s. The link works for %(days)s days.",
                invitation.VALID_FOR_DAYS,
            ) % {"email": invitation.email, "days": invitation.VALID_FOR_DAYS})
            return redirect("care-team", patient_id=access.patient.pk)
    return render(request, "accounts/invitation_form.html", {"access": access, "form": form})


def _open_invitation(access, invitation_id):
    return get_object_or_404(access.patient.invitations.pending(), pk=invitation_id)


@patient_view(Capability.MANAGE_TEAM)
@require_POST
def invitation_resend(request, access, invitation_id):
    invitation = _open_invitation(access, invitation_id)
    try:
        services.invitation_resend(invitation=invitation)
    except services.InvitationSendError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _(
            "A new link was sent to %(email)s; the old one no longer works."
        ) % {"email": invitation.email})
    return redirect("care-team", patient_id=access.patient.pk)


@patient_view(Capability.MANAGE_TEAM)
@require_POST
def invitation_revoke(request, access, invitation_id):
    invitation = _open_invitation(access, invitation_id)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, _("The invitation to %(email)s was withdrawn.") % {
        "email": invitation.email})
    return redirect("care-team", patient_id=access.patient.pk)


def invitation_accept(request, token):
    """The emailed link. Not patient-scoped: the token itself is the proof of invitation."""
    try:
        invitation = services.invitation_for_token(token)
    except services.InvitationError as error:
        return render(request, "accounts/invitation_accept.html", {"error": error}, status=410)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            member = services.invitation_accept(token=token, user=request.user)
        except services.InvitationError as error:
            return render(
                request, "accounts/invitation_accept.html",
                {"error": error, "invitation": invitation}, status=403,
            )
        messages.success(request, _("You joined %(name)s's care team.") % {
            "name": member.patient.display_name})
        return redirect("patient-dashboard", patient_id=member.patient_id)
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation})


@patient_view(Capability.MANAGE_TEAM)
def member_edit(request, access, member_id):
    member = get_object_or_404(
        access.patient.memberships.active().select_related("user"), pk=member_id
    )
    # Unticking every box posts no fields at all, so test the method, not the data.
    form = MemberForm(request.POST if request.method == "POST" else None, instance=member)
    if form.is_valid():
        try:
            member = services.member_update(
                member=member, changed_by=request.user, **form.cleaned_data
            )
        except services.TeamChangeError as error:
            form.add_error(None, str(error))
        else:
            # Translators: what a care-team member may do when no capability is left.
            allowed = ", ".join(member.capability_labels).lower() or _("view only")
            messages.success(request, _("%(member)s can now: %(allowed)s.") % {
                "member": member.user, "allowed": allowed})
            return redirect("care-team", patient_id=access.patient.pk)
    return render(
        request, "accounts/member_form.html", {"access": access, "form": form, "member": member}
    )


@patient_view(Capability.MANAGE_TEAM)
@require_POST
def member_remove(request, access, member_id):
    member = get_object_or_404(
        access.patient.memberships.active().select_related("user"), pk=member_id
    )
    try:
        services.member_remove(member=member, removed_by=request.user)
    except services.TeamChangeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(member)s no longer has access to this record.") % {
            "member": member.user})
    return redirect("care-team", patient_id=access.patient.pk)
