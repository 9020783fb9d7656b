from .access import must_verify_second_factor
from .access import visible_patients as visible_patients_for
from .navigation import Navigation


def visible_patients(request):
    """The patients for the nav's switcher; the query runs only if a template reads it.
    Their names are patient data: none for a clinician still to prove a second factor."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if must_verify_second_factor(user):
        return {"visible_patients": [], "second_factor_needed": True}
    return {"visible_patients": visible_patients_for(user).only("id", "display_name")}


def navigation(request):
    """The nav's choices for this user (see accounts.navigation); nothing for a visitor."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav": Navigation(request)}
