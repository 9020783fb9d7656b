"""Django's own messages that its Urdu catalogue does not translate yet, marked here so that
ours carries them (LOCALE_PATHS come before Django's catalogues, in every language).

They are the password fields and checks of sign-up and the password change; the words are
Django's, kept exactly, so the lookup finds them.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_MESSAGES = (
    gettext_noop("Password confirmation"),
    gettext_noop("New password confirmation"),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    # Plural, and gettext has no ngettext_noop: a lazy one, never evaluated, marks it as well.
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
)
