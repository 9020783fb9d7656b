"""What every patient-scoped API view shares: the access policy.

A patient-scoped view names the capability it needs to read and to write; the patient comes
from accounts.access.get_patient_access, as on the pages: 404 for strangers, 403 without the
capability, and an access-log row for every access. The check runs before anything else,
the HTTP method included.
"""

from rest_framework.generics import GenericAPIView
from rest_framework.permissions import SAFE_METHODS

from accounts.access import PatientAccess, get_patient_access
from accounts.models import Capability

from .idempotency import IdempotentWrites


class PatientScopedView(IdempotentWrites, GenericAPIView):
    read_capability: str | tuple[str, ...] = Capability.VIEW
    write_capability: str | tuple[str, ...] | None = None
    # Only these roles, whatever the method (a clinician ends a phase, as on the page).
    roles: tuple[str, ...] | None = None
    access: PatientAccess

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        # The label the access test and accounts.middleware (no-store) look for.
        view.patient_access_rule = {
            "capability": cls.read_capability, "roles": cls.roles, "api": True,
            "write_capability": cls.write_capability,
        }
        return view

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        reading = request.method in SAFE_METHODS or self.write_capability is None
        capability = self.read_capability if reading else self.write_capability
        self.access = get_patient_access(
            request, kwargs["patient_id"], capability, roles=self.roles
        )
        self.claim_idempotency_key(request)

    @property
    def patient(self):
        return self.access.patient
