from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("profile/", views.profile, name="profile"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("patients/new/", views.patient_add, name="patient-add"),
    path("patients/<int:patient_id>/edit/", views.patient_edit, name="patient-edit"),
    path("patients/<int:patient_id>/team/", views.care_team, name="care-team"),
    path("patients/<int:patient_id>/access-log/", views.access_log, name="access-log"),
    path("patients/<int:patient_id>/team/invite/", views.invitation_add, name="invitation-add"),
    path(
        "patients/<int:patient_id>/team/invitations/<int:invitation_id>/resend/",
        views.invitation_resend,
        name="invitation-resend",
    ),
    path(
        "patients/<int:patient_id>/team/invitations/<int:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
    path(
        "patients/<int:patient_id>/team/<int:member_id>/edit/",
        views.member_edit,
        name="member-edit",
    ),
    path(
        "patients/<int:patient_id>/team/<int:member_id>/remove/",
        views.member_remove,
        name="member-remove",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
]
