"""The navigation bar of templates/base.html: the patient switcher, the current page."""

from django.urls import reverse

from accounts.models import Role
from tests.factories import MemberFactory, PatientFactory


def _patients_for(user, how_many):
    for n in range(how_many):
        MemberFactory(patient=PatientFactory(display_name=f"Panel patient {n:02}"), user=user,
                      role=Role.CLINICIAN)


def test_the_switcher_lists_ten_patients_and_links_to_the_rest(client, patient, clinician):
    _patients_for(clinician, 12)
    client.force_login(clinician)
    response = client.get(reverse("patient-dashboard", args=[patient.pk]))
    menu = response.text.split('aria-labelledby="patient-switcher"', 1)[1].split("</ul>", 1)[0]
    assert menu.count('class="dropdown-item') == 10 + 2  # ten patients, all, add
    assert "All your patients…" in menu
    assert "Panel patient 08" in menu
    assert "Panel patient 09" not in menu


def test_a_bigger_panel_costs_no_more_queries(client, patient, clinician,
                                              django_assert_num_queries):
    client.force_login(clinician)
    url = reverse("patient-dashboard", args=[patient.pk])
    client.get(url)
    # The dashboard's fixed cost for a clinician (session, user, device, membership, access
    # log, the cards, the switcher): it must not grow with the size of the panel.
    with django_assert_num_queries(12) as small:
        client.get(url)
    _patients_for(clinician, 30)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.text.count("Panel patient") == 9  # Alice Patient sorts first


def test_the_nav_marks_the_page_you_are_on(client, patient, alice):
    client.force_login(alice)
    response = client.get(reverse("care-team", args=[patient.pk]))
    assert f'href="/patients/{patient.pk}/team/" aria-current="page">Care team' in response.text
    assert 'aria-current="page">Dashboard' not in response.text


def test_a_user_with_one_patient_and_no_patient_page_gets_no_switcher(client, patient, alice):
    client.force_login(alice)
    response = client.get(reverse("profile"))
    assert 'id="patient-switcher"' not in response.text
    assert '<span class="visually-hidden">Your profile: </span>Alice' in response.text
