"""Every one-line field of every form refuses control characters, naming the field, and
saves nothing: lot numbers, where a supply came from, a laboratory's name; text areas
(reasons, notes) keep their line breaks but refuse the other controls.

The rule is declared once (`accounts.text.OneLineInputs`); the first test makes sure every
form of the project carries it, so a form added later cannot forget it."""

import html
import importlib
import uuid

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse

from accounts.text import OneLineInputs
from doses.models import Dose
from labs.models import LabResult
from supplies.models import Supply
from tests.factories import template_product
from tests.support import first_week

FORM_MODULES = ["accounts.forms", "accounts.security_forms", "api.forms", "doses.forms",
                "labs.forms", "reminders.forms", "schedules.forms", "supplies.forms"]
PROJECT_APPS = {"accounts", "api", "doses", "labs", "reminders", "review", "schedules",
                "supplies"}
HOSTILE = ["HX\r\nBcc: x@example.com", "HX\x1b[8m", "H\u2028X", "HX\x00"]


def _project_form_classes():
    for name in FORM_MODULES:
        importlib.import_module(name)
    seen, pending = set(), [forms.Form, forms.ModelForm]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.split(".")[0] in PROJECT_APPS:
                seen.add(sub)
    return seen


def test_every_form_of_the_project_refuses_control_characters_on_one_line():
    found = _project_form_classes()
    assert len(found) > 30  # the discovery itself works: the project has over thirty forms
    missing = sorted(f"{cls.__module__}.{cls.__qualname__}" for cls in found
                     if not issubclass(cls, OneLineInputs))
    assert missing == []
    # Every module with forms is in the list above, so none escapes the walk.
    apps_with_forms = {path.parent.name for path in settings.BASE_DIR.glob("*/forms.py")}
    assert {module.split(".")[0] for module in FORM_MODULES} >= apps_with_forms - {"django"}


_pinned_clock = first_week.pinned_clock
regimen = first_week.regimen


def _message(response):
    return html.unescape(response.text)


@pytest.mark.django_db
@pytest.mark.parametrize("lot", HOSTILE)
def test_a_lot_number_on_the_log_form_is_one_line(client, alice, patient, regimen, lot):
    client.force_login(alice)
    response = client.post(reverse("dose-add", args=[patient.pk]), {
        "administered_at": "2026-03-04T09:00", "product": template_product().pk,
        "dose_mcg": "1000", "volume_ml": "1.00", "route": "IM", "site": "im_deltoid_right",
        "administered_by": "self", "administered_by_name": "", "reaction": "none",
        "lot": lot, "expires_on": "", "notes": "", "form_token": str(uuid.uuid4()),
    })
    assert response.status_code == 200
    assert ("Lot number: use one line of plain text, without line breaks or control "
            "characters.") in _message(response)
    assert Dose.objects.count() == 1


@pytest.mark.django_db
def test_notes_keep_their_line_breaks(client, alice, patient, regimen):
    client.force_login(alice)
    response = client.post(reverse("dose-add", args=[patient.pk]), {
        "administered_at": "2026-03-04T09:00", "product": template_product().pk,
        "dose_mcg": "1000", "volume_ml": "1.00", "route": "IM", "site": "im_deltoid_right",
        "administered_by": "self", "administered_by_name": "", "reaction": "none",
        "lot": "HX2201", "expires_on": "", "notes": "Line one\r\nline two",
        "form_token": str(uuid.uuid4()),
    })
    assert response.status_code == 302
    assert Dose.objects.latest("administered_at").notes.splitlines() == ["Line one", "line two"]


@pytest.mark.django_db
def test_who_gave_it_is_one_line(client, alice, patient, regimen):
    client.force_login(alice)
    response = client.post(reverse("dose-add", args=[patient.pk]), {
        "administered_at": "2026-03-04T09:00", "product": template_product().pk,
        "dose_mcg": "1000", "volume_ml": "1.00", "route": "IM", "site": "im_deltoid_right",
        "administered_by": "other", "administered_by_name": "Nurse\r\nBcc: x@example.com",
        "reaction": "none", "lot": "", "expires_on": "", "notes": "",
        "form_token": str(uuid.uuid4()),
    })
    assert "Name of who gave it: use one line of plain text" in _message(response)
    assert Dose.objects.count() == 1


@pytest.mark.django_db
def test_a_void_reason_keeps_line_breaks_but_refuses_other_controls(
    client, alice, patient, regimen
):
    dose = Dose.objects.get()
    client.force_login(alice)
    response = client.post(reverse("dose-void", args=[patient.pk, dose.pk]),
                           {"reason": "Logged twice\x07"})
    assert ("Reason: remove the control characters (only letters, numbers, punctuation and "
            "line breaks are kept).") in _message(response)
    dose.refresh_from_db()
    assert (dose.status, dose.void_reason) == ("recorded", "")
    client.post(reverse("dose-void", args=[patient.pk, dose.pk]),
                {"reason": "Logged twice:\r\nonce on the phone, once on paper"})
    dose.refresh_from_db()
    assert dose.status == "voided"
    assert dose.void_reason.splitlines() == ["Logged twice:", "once on the phone, once on paper"]


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "label"), [("lot", "Lot number"),
                                              ("source", "Where it came from")])
def test_a_supply_lot_and_source_are_one_line(client, alice, patient, regimen, field, label):
    client.force_login(alice)
    data = {"product": template_product().pk, "form": "ampoules", "lot": "HX2201",
            "expires_on": "2027-05-31", "quantity": "5", "ampoule_volume_ml": "1.00",
            "source": "Boots"}
    data[field] = "HX\r\n2201"
    response = client.post(reverse("supply-add", args=[patient.pk]), data)
    assert f"{label}: use one line of plain text" in _message(response)
    assert not Supply.objects.exists()


@pytest.mark.django_db
def test_a_laboratory_name_is_one_line(client, alice, patient):
    client.force_login(alice)
    response = client.post(reverse("lab-result-add", args=[patient.pk]), {
        "test_code": "b12", "value": "250", "unit": "pg/mL", "collected_on": "2026-03-03",
        "lab_name": "City Lab\u2029X", "reference_low": "", "reference_high": "",
        "notes": "",
    })
    assert "Laboratory: use one line of plain text" in _message(response)
    assert not LabResult.objects.exists()
