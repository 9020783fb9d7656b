"""The one error a service raises when a rule of the domain refuses a change.

Every app's services raise it (or a subclass named after the app: RegimenError, DoseError,
LabError, ...), so a page, the API and a task all hear the same refusal in the same words.
It lives here, in the lowest app, because every other app builds on accounts.

It is a Django ValidationError, so a form takes it as it is (`error.add_to(form)`) and code
that already catches ValidationError keeps working; `conflict` tells apart a request that
is well formed but meets a record in the wrong state (the API answers 409) from invalid
input (400).
"""

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A change the rules do not allow; the message says why, in words for the user.

    `field`: the input (or the record's attribute) the refusal is about, or None for the
    request as a whole. `conflict`: the record's state forbids it, rather than the input.
    """

    conflict = False

    def __init__(self, message: str, *, field: str | None = None,
                 conflict: bool | None = None):
        super().__init__({field: [message]} if field else message)
        self.text = message
        self.field = field
        if conflict is not None:
            self.conflict = conflict

    def __str__(self) -> str:
        return str(self.text)  # a message may be lazy (translated when shown)

    def add_to(self, form) -> None:
        """Show the refusal on a form: under its field when the form has one, else on top."""
        form.add_error(self.field if self.field in form.fields else None, self.text)
