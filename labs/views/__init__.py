"""Lab results, rechecks and symptom check-ins of one patient.

Who may do what: every care-team member may view. Entering lab results and symptom
check-ins, correcting or voiding a result and acknowledging a red flag need the log-doses
or the manage-regimen capability (a caregiver who logs injections can type in a lab
report; a clinician who manages the regimen can too). Recheck plans need manage-regimen.
Entry views pass `ENTRY` (either capability is enough) to the access policy.
"""

from django.core.exceptions import ValidationError

from accounts.models import Capability

ENTRY = (Capability.LOG_DOSES, Capability.MANAGE_REGIMEN)


def can_enter(access) -> bool:
    return any(map(access.can, ENTRY))


def context(access, **extra):
    return {
        "access": access, "patient": access.patient, "can_enter": can_enter(access),
        "can_plan": access.can(Capability.MANAGE_REGIMEN), **extra,
    }


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, under the field it names."""
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)
