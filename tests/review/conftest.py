import datetime as dt

import pytest

from accounts.models import Role
from tests.factories import MemberFactory, PatientFactory, doses_on, regimen_from_template

LOADING = [dt.date(2026, 3, d) for d in (2, 4, 6, 9, 11, 13)]  # uk-hydroxocobalamin, all six


def cared_for(user, name, *, role=Role.CAREGIVER, can_log_doses=False, taken=LOADING,
              regimen=True):
    """A patient on whose care team `user` is, with a regimen from 2 Mar 2026 and doses."""
    patient = PatientFactory(display_name=name)
    MemberFactory(patient=patient, user=user, role=role, can_log_doses=can_log_doses)
    if regimen:
        doses_on(regimen_from_template(patient), taken)
    return patient


@pytest.fixture
def caregiver(db):
    from tests.factories import UserFactory

    return UserFactory(email="carer@example.com", name="Casey Carer")
