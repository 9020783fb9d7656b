from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from . import services
from .access import patient_view
from .forms import PatientEditForm, PatientForm, ProfileForm, SignupForm
from .models import AccessEvent, Capability


def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome! Now create the patient profile you will track.")
        return redirect("patient-add")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, "Your profile was saved.")
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def patient_add(request):
    can_be_self = not hasattr(request.user, "own_patient")
    initial = {"display_name": request.user.name, "is_self": True} if can_be_self else {}
    form = PatientForm(request.POST or None, initial=initial, can_be_self=can_be_self)
    if form.is_valid():
        patient = services.patient_create(
            created_by=request.user,
            is_self=form.cleaned_data.get("is_self", False),
            **{name: form.cleaned_data[name] for name in PatientForm.Meta.fields},
        )
        messages.success(request, f"The profile for {patient.display_name} was created.")
        return redirect("patient-dashboard", patient_id=patient.pk)
    return render(request, "accounts/patient_form.html", {"form": form, "creating": True})


@patient_view(Capability.MANAGE_TEAM)
def patient_edit(request, access):
    form = PatientEditForm(request.POST or None, instance=access.patient)
    if form.is_valid():
        form.save()
        messages.success(request, "The profile was saved.")
        return redirect("patient-dashboard", patient_id=access.patient.pk)
    return render(request, "accounts/patient_form.html", {"form": form, "access": access})


@patient_view()
def care_team(request, access):
    members = (
        access.patient.memberships.active().select_related("user", "added_by").order_by("added_at")
    )
    return render(request, "accounts/careteam_list.html", {"access": access, "members": members})


@patient_view(Capability.MANAGE_TEAM)
def access_log(request, access):
    events = AccessEvent.objects.filter(patient=access.patient).select_related("user")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/accessevent_list.html", {"access": access, "page": page})
