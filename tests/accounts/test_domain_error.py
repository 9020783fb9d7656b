"""A refusal's words may be translated lazily: it still prints, in the active language."""

from django.utils import translation
from django.utils.translation import gettext_lazy

from accounts.errors import DomainError


def test_a_refusal_with_a_lazy_message_prints_in_the_active_language():
    error = DomainError(gettext_lazy("Dose logged."), field="administered_at")
    assert str(error) == "Dose logged."
    with translation.override("pl"):
        assert str(error) != "Dose logged."
        assert isinstance(str(error), str)
