"""Names are one line: control characters are refused with the field named, nothing saved;
and what already carries one (an older row) cannot break a calendar feed."""

import html

import icalendar
import pytest
from django.urls import reverse

from accounts.models import Patient
from tests.factories import calendar_feed, regimen_from_template


@pytest.mark.parametrize("name", ["Alex\r\nBcc: x@example.com", "Alex\x1b[8m", "Al\u2028ex"])
def test_a_patient_name_with_a_control_character_is_refused(client, patient, alice, name):
    client.force_login(alice)
    response = client.post(reverse("patient-edit", args=[patient.pk]), {
        "display_name": name, "timezone": "Europe/London", "preferred_b12_unit": "pg/mL",
    })
    assert response.status_code == 200
    assert ("Patient's name: use one line of plain text, without line breaks or control "
            "characters.") in html.unescape(response.text)
    assert Patient.objects.get().display_name == "Alice Patient"


def test_your_own_name_with_a_line_break_is_refused(client, alice):
    client.force_login(alice)
    response = client.post(reverse("profile"), {"name": "Alice\nAdmin"})
    assert "Your name: use one line of plain text" in response.text
    alice.refresh_from_db()
    assert alice.name == "Alice Patient"


def test_a_feed_stays_one_line_per_value_whatever_the_name_holds(client, patient, alice):
    Patient.objects.filter(pk=patient.pk).update(display_name="Alice\r\nX-Evil: 1")
    regimen_from_template(patient)
    response = client.get(reverse("calendar-feed", args=[calendar_feed(patient, alice).token]))
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "B12 — Alice X-Evil: 1"
    assert b"\r\nX-Evil" not in response.content
