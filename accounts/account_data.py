"""What a person's account itself holds, for "download my data" (review.views.exports puts
it beside the records they manage). Secrets stay out: no password hash or key, only what
each second factor is called."""

from django_otp import devices_for_user

from .models import CareTeamMember

FORMAT = "b12tracker-account/1"


def account(user) -> dict:
    return {
        "format": FORMAT,
        "name": user.name, "email": user.email, "email_verified_at": user.email_verified_at,
        "date_joined": user.date_joined, "last_login": user.last_login,
        "colour_scheme": user.colour_scheme, "text_size": user.text_size,
        "care_teams": care_teams(user),
        "second_factors": [
            {"name": device.name, "kind": type(device).__name__}
            for device in devices_for_user(user, confirmed=True)
        ],
    }


def care_teams(user) -> list[dict]:
    """Every care team the account is or was on, and what it may do there."""
    members = CareTeamMember.objects.filter(user=user).select_related("patient").order_by(
        "added_at", "id"
    )
    return [
        {"patient_id": m.patient_id, "patient": m.patient.display_name, "role": m.role,
         "capabilities": m.capability_labels, "added_at": m.added_at,
         "removed_at": m.revoked_at}
        for m in members
    ]
