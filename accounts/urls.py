from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from . import account_views, passkey_views, security_views, views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("profile/", views.profile, name="profile"),
    path("language/", views.language_set, name="set_language"),
    path("accounts/login/", security_views.LoginView.as_view(), name="login"),
    path("accounts/login/verify/", security_views.login_verify, name="login-verify"),
    path("accounts/confirm/", security_views.reauth, name="reauth"),
    path("accounts/password_change/", security_views.password_change, name="password_change"),
    path("accounts/password_reset/", security_views.password_reset, name="password_reset"),
    path("accounts/reset/<uidb64>/<token>/", security_views.password_reset_confirm,
         name="password_reset_confirm"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("profile/email/", account_views.email_change, name="email-change"),
    path("profile/email/<str:token>/", account_views.email_change_confirm,
         name="email-change-confirm"),
    path("profile/delete/", account_views.account_delete, name="account-delete"),
    path("accounts/confirm-email/send-again/", account_views.email_confirm_resend,
         name="email-confirm-resend"),
    path("accounts/confirm-email/<str:token>/", account_views.email_confirm, name="email-confirm"),
    path("profile/two-factor/", security_views.two_factor_status, name="two-factor"),
    path("profile/two-factor/setup/", security_views.two_factor_setup, name="two-factor-setup"),
    path("profile/two-factor/qr.svg", security_views.two_factor_qr, name="two-factor-qr"),
    path(
        "profile/two-factor/recovery-codes/",
        security_views.recovery_codes_replace,
        name="two-factor-recovery-codes",
    ),
    path(
        "profile/two-factor/disable/", security_views.two_factor_disable, name="two-factor-disable"
    ),
    path("profile/two-factor/passkeys/add/", passkey_views.passkey_add, name="passkey-add"),
    path("profile/two-factor/passkeys/<int:device_id>/remove/", passkey_views.passkey_remove,
         name="passkey-remove"),
    # What the passkey scripts (django-otp-webauthn's, from its static files) call.
    path("accounts/passkeys/registration/begin/", passkey_views.BeginRegistration.as_view(),
         name="passkey-registration-begin"),
    path("accounts/passkeys/registration/complete/",
         passkey_views.CompleteRegistration.as_view(), name="passkey-registration-complete"),
    path("accounts/passkeys/authentication/begin/",
         passkey_views.BeginAuthentication.as_view(), name="passkey-authentication-begin"),
    path("accounts/passkeys/authentication/complete/",
         passkey_views.CompleteAuthentication.as_view(), name="passkey-authentication-complete"),
    path("accounts/passkeys/script-text.js",
         JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]), name="passkey-script-text"),
    path("patients/new/", views.patient_add, name="patient-add"),
    path("patients/<int:patient_id>/edit/", views.patient_edit, name="patient-edit"),
    path("patients/<int:patient_id>/clinical-profile/", views.clinical_profile_edit,
         name="clinical-profile"),
    path("patients/<int:patient_id>/delete/", views.patient_delete, name="patient-delete"),
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
