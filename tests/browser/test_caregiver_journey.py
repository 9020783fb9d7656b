"""Journey 2: the patient invites a caregiver by email; the caregiver signs up through the
link, accepts, sees the patient's adherence on the dashboard and logs a dose for them."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.core import mail
from playwright.sync_api import expect

from accounts.models import CareTeamMember, Role
from doses.models import AdministeredBy, Dose
from doses.selectors import regimen_adherence
from tests.browser.journey import emailed_link
from tests.factories import PASSWORD, MemberFactory, PatientFactory, UserFactory, doses_on
from tests.factories import regimen_from_template as start_regimen

CAREGIVER_EMAIL = "sam.carer@example.com"


def a_patient_a_month_into_treatment():
    user = UserFactory(email="rosa@example.com", name="Rosa Lind")
    patient = PatientFactory(display_name="Rosa Lind", user=user, timezone="Europe/London")
    MemberFactory(patient=patient, user=user, role=Role.SELF, can_log_doses=True,
                  can_manage_regimen=True, can_manage_team=True)
    today = patient.local_today()
    # Alternate-day loading (neurological involvement), started four weeks ago; one dose
    # three days late, so the figures are not all perfect.
    regimen = start_regimen(patient, "uk-hydroxocobalamin-neuro",
                            start_on=today - timedelta(days=28), by=user)
    days = [today - timedelta(days=28 - 2 * n) for n in range(10)] + [today - timedelta(days=5)]
    doses_on(regimen, sorted(days), site="im_deltoid_left")
    return patient, regimen


def test_a_caregiver_accepts_an_invitation_sees_adherence_and_logs_a_dose(journey):
    patient, regimen = a_patient_a_month_into_treatment()
    page = journey.log_in("rosa@example.com", PASSWORD)
    journey.follow("Care team")
    journey.follow("Invite someone")
    journey.fill_form({
        "Their email address": CAREGIVER_EMAIL,
        "Caregiver": True,
        "May log doses": True,
    }, submit="Send the invitation")
    expect(page.get_by_role("status")).to_contain_text(f"Invitation sent to {CAREGIVER_EMAIL}")

    (email,) = mail.outbox
    assert email.to == [CAREGIVER_EMAIL]
    assert "Rosa Lind's care team" in email.body
    link = re.search(r"https?://\S+/invitations/\S+/", email.body).group(0)
    journey.log_out()

    journey.visit(urlsplit(link).path)
    expect(page.get_by_text(f"invited {CAREGIVER_EMAIL} to join Rosa Lind's care team "
                            "as a caregiver")).to_be_visible()
    journey.follow("Create an account")
    expect(journey.control("Email address")).to_have_value(CAREGIVER_EMAIL)
    journey.fill_form({
        "Your name": "Sam Carer",
        "Password": "quiet-harbour-19",
        "Password confirmation": "quiet-harbour-19",
    }, submit="Sign up")
    journey.visit(emailed_link(CAREGIVER_EMAIL, "/accounts/confirm-email/"))
    expect(page.get_by_role("status")).to_contain_text("your account is ready")
    journey.submit("Accept and join")
    expect(page.get_by_role("status")).to_contain_text("You joined Rosa Lind's care team.")
    member = CareTeamMember.objects.get(user__email=CAREGIVER_EMAIL)
    assert (member.patient, member.role, member.can_log_doses) == (patient, Role.CAREGIVER, True)

    # The dashboard shows the patient's adherence in the words the engine's figures give.
    expect(page.get_by_role("heading", level=1)).to_have_text("Rosa Lind")
    summary = regimen_adherence(regimen, patient.local_today()).summary
    card = page.get_by_role("region", name="Doses and adherence")
    expect(card).to_contain_text(summary)
    expect(card).to_contain_text("of days covered in the last year")

    journey.follow("Log it")
    expect(journey.control("Given by")).to_have_value(AdministeredBy.CAREGIVER)
    thigh = page.get_by_role("radio", name=re.compile(r"^Vastus lateralis \(outer thigh\), "
                                                      r"right \(IM\)"))
    thigh.click()
    journey.submit("Save dose")
    expect(page.get_by_role("status")).to_contain_text("Dose logged.")
    dose = Dose.objects.order_by("-entered_at", "-id").first()
    assert (dose.entered_by.email, dose.administered_by, dose.site) == (
        CAREGIVER_EMAIL, AdministeredBy.CAREGIVER, "im_vastus_lateralis_right"
    )
    assert dose.patient == patient
    journey.finish("journey-2-caregiver")
