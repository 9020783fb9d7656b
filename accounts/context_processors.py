from .access import visible_patients as visible_patients_for


def visible_patients(request):
    """The patients for the nav's switcher; the query runs only if a template reads it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"visible_patients": visible_patients_for(user).only("id", "display_name")}
