"""The navigation (templates/_nav.html, nav/): the patient switcher, the current page, the
phone's tabs and whose list leads."""

import re

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


def test_the_patient_you_are_on_is_in_the_switcher_even_past_the_tenth(client, patient,
                                                                        clinician):
    _patients_for(clinician, 14)
    last = PatientFactory(display_name="Zoe Last")
    MemberFactory(patient=last, user=clinician, role=Role.CLINICIAN)
    client.force_login(clinician)
    response = client.get(reverse("patient-dashboard", args=[last.pk]))
    menu = response.text.split('aria-labelledby="patient-switcher"', 1)[1].split("</ul>", 1)[0]
    names = re.findall(r"(Alice Patient|Panel patient \d+|Zoe Last)", menu)
    # By name, as ever: the first nine and the one open, and "All your patients" for the rest.
    assert names == ["Alice Patient"] + [f"Panel patient {n:02}" for n in range(8)] + [
        "Zoe Last"]
    assert re.search(r'aria-current="true"[^>]*>[^<]*(<[^>]+>[^<]*)*Zoe Last', menu)
    assert "All your patients…" in menu


def test_a_bigger_panel_costs_no_more_queries(client, patient, clinician,
                                              django_assert_num_queries):
    client.force_login(clinician)
    url = reverse("patient-dashboard", args=[patient.pk])
    client.get(url)
    # The dashboard's fixed cost for a clinician (session, user, device, membership, access
    # log, the cards, the switcher): it must not grow with the size of the panel.
    with django_assert_num_queries(11) as small:
        client.get(url)
    _patients_for(clinician, 30)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.text.count("Panel patient") == 9  # Alice Patient sorts first


def test_the_nav_marks_the_page_you_are_on(client, patient, alice):
    client.force_login(alice)
    response = client.get(reverse("care-team", args=[patient.pk]))
    team = f'href="/patients/{patient.pk}/team/" aria-current="page">'
    assert response.text.count(team) == 2  # the desktop menu and the phone's sheet
    today = f'href="/patients/{patient.pk}/" aria-current'
    assert today not in response.text
    response = client.get(reverse("dose-list", args=[patient.pk]))
    assert f'href="/patients/{patient.pk}/doses/" aria-current="page" data-nav="history"' in (
        response.text)


def _tabs(html: str) -> list[str]:
    bar = html.split('aria-label="Tabs"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'data-nav="([a-z]+)"', bar)


def test_a_patient_has_today_log_history_labs_and_more(client, patient, alice):
    client.force_login(alice)
    response = client.get(reverse("patient-dashboard", args=[patient.pk]))
    assert _tabs(response.text) == ["today", "log", "history", "labs", "more"]


def test_a_caregiver_starts_from_their_people_and_a_clinician_from_their_caseload(
        client, patient, bob, clinician):
    client.force_login(bob)
    response = client.get(reverse("patient-dashboard", args=[patient.pk]))
    assert _tabs(response.text) == ["lists", "today", "history", "more"]  # bob may not log
    assert 'href="/overview/caring/" data-nav="lists"' in response.text
    client.force_login(clinician)
    response = client.get(reverse("patient-dashboard", args=[patient.pk]))
    assert _tabs(response.text) == ["lists", "today", "history", "labs", "more"]
    assert 'href="/overview/clinic/" data-nav="lists"' in response.text
    assert ">Caseload</span>" in response.text


def test_pages_of_no_patient_open_the_tabs_on_the_users_own_record(client, patient, alice):
    client.force_login(alice)
    response = client.get(reverse("inbox"))
    assert _tabs(response.text) == ["today", "log", "history", "labs", "more"]
    assert f'href="/patients/{patient.pk}/" data-nav="today"' in response.text


def test_a_user_with_one_patient_and_no_patient_page_gets_no_switcher(client, patient, alice):
    client.force_login(alice)
    response = client.get(reverse("profile"))
    assert 'id="patient-switcher"' not in response.text
    assert '<span class="visually-hidden">You: </span>Alice' in response.text
