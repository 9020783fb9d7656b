"""What the log form opens with, prepared once (doses/prefill.py): who gives the dose, the
suggested site, the body map, the wrong-route refusal, and one dose per form token, the same
on the form, through a reminder's "Taken" and through the API."""

import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse

from accounts.models import Role
from doses import prefill
from doses.models import AdministeredBy, Dose, SiteAvoidance
from supplies.models import GivenBy
from supplies.services import arrangement_update
from tests.api.conftest import TokenClient
from tests.factories import (
    MemberFactory,
    TOTPDeviceFactory,
    api_token,
    doses_on,
    template_product,
)
from tests.support import first_week

pytestmark = pytest.mark.django_db
NOW = first_week.NOW


_pinned_clock = first_week.pinned_clock
regimen = first_week.regimen


@pytest.fixture
def api_as(client):
    """The API's side of each rule, with the same Django test client."""
    return lambda user: TokenClient(client, api_token(user))


def _form_url(patient):
    return reverse("dose-add", args=[patient.pk])


def _sent(**changes):
    return {
        "administered_at": "2026-03-04T09:00", "product": template_product().pk,
        "dose_mcg": "1000", "volume_ml": "1.00", "route": "IM", "site": "im_deltoid_right",
        "administered_by": "self", "reaction": "none", "form_token": str(uuid.uuid4()),
        **changes,
    }


def test_every_role_has_a_given_by():
    assert set(prefill.GIVEN_BY_ROLE) == set(Role.values)


WHO = [  # role on the care team, a nurse-given regimen?, given by, name
    (Role.SELF, False, AdministeredBy.SELF, ""),
    (Role.CAREGIVER, False, AdministeredBy.CAREGIVER, ""),
    (Role.CLINICIAN, False, AdministeredBy.CLINICIAN, ""),
    (Role.SELF, True, AdministeredBy.OTHER, "The nurse at the practice"),
    (Role.CAREGIVER, True, AdministeredBy.OTHER, "The nurse at the practice"),
]


@pytest.mark.parametrize(("role", "nurse", "given_by", "name"), WHO,
                         ids=[f"{r}{'-nurse' if n else ''}" for r, n, _, _ in WHO])
def test_the_form_and_the_api_assume_the_same_person_gave_it(
    client, api_as, patient, regimen, role, nurse, given_by, name
):
    member = MemberFactory(patient=patient, role=role, can_log_doses=True)
    if role == Role.CLINICIAN:
        TOTPDeviceFactory(user=member.user)  # clinicians need two-factor to see records
    if nurse:
        arrangement_update(regimen=regimen, by=member.user, given_by=GivenBy.NURSE_PRACTICE)
    client.force_login(member.user)
    initial = client.get(_form_url(patient)).context["form"].initial
    assert (initial["administered_by"], initial["administered_by_name"]) == (given_by, name)

    response = api_as(member.user).post(reverse("api-dose-list", args=[patient.pk]), {
        "administered_at": "2026-03-04T09:00", "site": "im_deltoid_right"})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["administered_by"], body["administered_by_name"]) == (given_by, name)


def test_the_api_keeps_who_gave_it_when_it_is_sent(api_as, patient, alice, regimen):
    arrangement_update(regimen=regimen, by=alice, given_by=GivenBy.NURSE_PRACTICE)
    response = api_as(alice).post(reverse("api-dose-list", args=[patient.pk]), {
        "administered_at": "2026-03-04T09:00", "site": "im_deltoid_right",
        "administered_by": "self"})
    assert (response.json()["administered_by"], response.json()["administered_by_name"]) == (
        "self", "")


ROUTES = [  # the route sent, a site of the other route, the message under "Site"
    ("IM", "sc_thigh_left", "Site: choose an IM site."),
    ("SC", "im_deltoid_right", "Site: choose an SC site."),
]


@pytest.mark.parametrize(("route", "site", "message"), ROUTES, ids=["IM", "SC"])
def test_a_site_of_the_other_route_is_refused_naming_the_field_and_the_route(
    client, alice, patient, regimen, route, site, message
):
    client.force_login(alice)
    sc_product = template_product("us-cyanocobalamin").pk  # given IM or SC
    response = client.post(_form_url(patient), _sent(
        route=route, site=site, product=sc_product, confirm_route="on", confirm_dose="on"))
    assert response.context["form"].errors["site"] == [message]
    assert "a IM" not in response.text
    assert "a SC" not in response.text
    # In the summary of problems, linking to the first of the site's radios.
    assert f'<a href="#id_site_0">{message}</a>' in response.text
    assert 'id="id_site_0"' in response.text
    assert Dose.objects.count() == 1


def test_the_api_refuses_a_site_of_the_other_route_in_the_same_words(api_as, patient, alice,
                                                                      regimen):
    response = api_as(alice).post(reverse("api-dose-list", args=[patient.pk]), {
        "administered_at": "2026-03-04T09:00", "site": "sc_thigh_left"})
    assert response.status_code == 409
    assert response.json()["errors"]["site"] == ["Site: choose an IM site."]


def test_the_map_draws_the_other_routes_sites_without_a_link(client, alice, patient, regimen):
    client.force_login(alice)
    html = client.get(_form_url(patient)).text
    assert '<a href="?site=im_vastus_lateralis_left"' in html
    assert '<a href="?site=sc_thigh_left"' not in html
    sc_sites = html.count('aria-disabled="true" data-href="?site=sc_')
    assert sc_sites == 8
    assert html.count("route-other") == 8


def test_a_map_link_to_a_site_of_the_other_route_preselects_the_suggestion(client, alice,
                                                                           patient, regimen):
    client.force_login(alice)
    response = client.get(_form_url(patient) + "?site=sc_thigh_left")
    assert response.context["form"].initial["site"] == "im_deltoid_right"


def test_the_body_map_labels_the_patients_own_sides(client, alice, patient, regimen):
    client.force_login(alice)
    html = client.get(_form_url(patient)).text
    front = html[html.index('data-view="front"'):html.index('data-view="back"')]
    back = html[html.index('data-view="back"'):]
    # Front: facing the patient, their right is on the viewer's left; behind them, not.
    assert front.index("Your right") < front.index("Your left")
    assert back.index("Your left") < back.index("Your right")


def test_a_caregiver_reads_their_left_and_right(client, patient, regimen):
    sam = MemberFactory(patient=patient, role=Role.CAREGIVER, can_log_doses=True).user
    client.force_login(sam)
    html = client.get(_form_url(patient)).text
    assert "Their left" in html
    assert "Your left" not in html


def test_a_body_map_drawn_again_is_looked_up_but_follows_every_use_side_and_language(
        client, alice, patient, regimen):
    """The drawing is kept by value: the same map comes from the drawings kept, a new dose
    redraws it, and the patient's and a caregiver's sides or another language never mix."""
    from django.utils import translation

    from doses.templatetags.doses_tags import _map_drawn, body_map

    client.force_login(alice)
    first = client.get(_form_url(patient)).text
    hits = _map_drawn.cache_info().hits
    assert client.get(_form_url(patient)).text.count("Your left") == first.count("Your left")
    assert _map_drawn.cache_info().hits == hits + 1
    assert 'aria-label="Deltoid, right (IM): never used, suggested next"' in first
    doses_on(regimen, [date(2026, 3, 3)], site="im_deltoid_right")
    again = client.get(_form_url(patient)).text
    assert ('aria-label="Deltoid, right (IM): last used 3 March 2026, once, the latest site"'
            in again)
    assert 'aria-label="Deltoid, left (IM): last used 2 March 2026, once"' in again
    sam = MemberFactory(patient=patient, role=Role.CAREGIVER, can_log_doses=True).user
    client.force_login(sam)
    assert "Your left" not in client.get(_form_url(patient)).text
    with translation.override("es"):
        regions = prefill.site_map(patient, [], date(2026, 3, 3)).drawn()
        assert "Vista frontal" in body_map(regions, None, selectable=False)
    assert "Front view" in body_map(regions, None, selectable=False)


def test_the_prescription_is_a_line_and_opens_only_when_it_needs_a_look(client, alice, patient,
                                                                        regimen):
    client.force_login(alice)
    html = client.get(_form_url(patient)).text
    assert '<details class="prescription mb-2">' in html
    assert "1000 mcg IM</strong> · <strong>draw 1.0 mL</strong>" in html
    assert "Hydroxocobalamin 1000 mcg/mL ampoule" in html
    changed = client.post(_form_url(patient), _sent(dose_mcg="500", volume_ml="0.5"))
    assert '<details class="prescription mb-2" open>' in changed.text
    assert "This differs from the prescription" in changed.text
    other_field = client.post(_form_url(patient), _sent(administered_at="yesterday"))
    assert '<details class="prescription mb-2">' in other_field.text


def test_two_posts_of_one_form_save_one_dose(client, alice, patient, regimen):
    client.force_login(alice)
    sent = _sent()
    first = client.post(_form_url(patient), sent)
    second = client.post(_form_url(patient), sent, follow=True)
    assert first.status_code == 302
    assert Dose.objects.filter(form_token=sent["form_token"]).count() == 1
    assert "This dose was already saved; it was not logged twice." in second.text
    assert "Is this the same injection logged twice?" not in second.text


def test_taken_twice_with_one_token_saves_one_dose(patient, alice, regimen):
    member = alice.memberships.get(patient=patient)
    token = uuid.uuid4()
    logged = [prefill.dose_log_as_prefilled(patient=patient, regimen=regimen, member=member,
                                            entered_by=alice, form_token=token)
              for _ in range(2)]
    assert [log.created for log in logged] == [True, False]
    assert logged[0].dose == logged[1].dose
    assert Dose.objects.filter(form_token=token).count() == 1


def test_a_form_saved_then_tapped_as_taken_with_its_token_saves_once(client, alice, patient,
                                                                     regimen):
    client.force_login(alice)
    sent = _sent()
    client.post(_form_url(patient), sent)
    again = prefill.dose_log_as_prefilled(
        patient=patient, regimen=regimen, member=alice.memberships.get(patient=patient),
        entered_by=alice, form_token=uuid.UUID(sent["form_token"]))
    assert (again.created, again.warnings) == (False, [])
    assert Dose.objects.count() == 2  # Monday's and this one


def _history(regimen, count):
    start = regimen.start_on
    doses_on(regimen, [start - timedelta(days=n) for n in range(1, count)],
             site="im_ventrogluteal_left")


PAGES = {
    "log form": lambda p: reverse("dose-add", args=[p.pk]),
    "sites page": lambda p: reverse("site-usage", args=[p.pk]),
    "pre-visit summary": lambda p: reverse("previsit-summary", args=[p.pk]),
}


@pytest.mark.parametrize("page", PAGES)
def test_the_pages_drawing_the_body_map_read_as_much_for_2_doses_as_for_400(
    client, alice, patient, regimen, django_assert_max_num_queries, page
):
    client.force_login(alice)
    url = PAGES[page](patient)
    client.get(url)
    with django_assert_max_num_queries(60) as short:
        assert client.get(url).status_code == 200
    _history(regimen, 400)
    with django_assert_max_num_queries(len(short.captured_queries)):
        response = client.get(url)
    assert "Ventrogluteal (hip), left (IM): last used" in response.text


def test_logging_reads_as_much_for_2_doses_as_for_400(client, alice, patient, regimen,
                                                      django_assert_max_num_queries):
    client.force_login(alice)
    with django_assert_max_num_queries(60) as short:
        client.post(_form_url(patient), _sent())
    _history(regimen, 400)
    with django_assert_max_num_queries(len(short.captured_queries)):
        assert client.post(_form_url(patient), _sent(
            administered_at="2026-03-04T09:05", confirm_duplicate="on",
            confirm_site="on")).status_code == 302
    assert Dose.objects.filter(administered_at__date=date(2026, 3, 4)).count() == 2


def test_the_api_opens_with_what_the_form_opens_with(client, api_as, patient, alice, regimen):
    client.force_login(alice)
    form = client.get(_form_url(patient)).context["form"]
    body = api_as(alice).get(reverse("api-dose-prefill", args=[patient.pk])).json()
    initial = form.initial
    assert (body["product"], body["dose_mcg"], body["route"], body["volume_ml"]) == (
        initial["product"].pk, initial["dose_mcg"], initial["route"], "1.00")
    assert (body["administered_by"], body["suggested_site"]) == ("self", initial["site"])
    by_site = {use["site"]: use for use in body["sites"]}
    assert len(by_site) == 14
    assert by_site["im_deltoid_left"]["count"] == 1
    assert by_site["im_deltoid_left"]["last_used_at"] == "2026-03-02T09:00:00Z"


def test_the_api_prefill_reads_as_much_for_2_doses_as_for_400(api_as, patient, alice, regimen,
                                                              django_assert_max_num_queries):
    api = api_as(alice)
    url = reverse("api-dose-prefill", args=[patient.pk])
    with django_assert_max_num_queries(40) as short:
        api.get(url)
    _history(regimen, 400)
    with django_assert_max_num_queries(len(short.captured_queries)):
        body = api.get(url).json()
    assert {u["site"]: u["count"] for u in body["sites"]}["im_ventrogluteal_left"] == 399


def test_the_correction_opens_with_the_prescription_fields_open(client, alice, patient, regimen):
    client.force_login(alice)
    dose = Dose.objects.get()
    html = client.get(reverse("dose-correct", args=[patient.pk, dose.pk])).text
    assert '<details class="prescription mb-2" open>' in html
    assert '<a href="?site=sc_thigh_left"' not in html  # the dose was IM
    assert "Your left" in html


def test_today_suggests_the_site_the_log_form_opens_on(client, alice, patient, regimen):
    """The Today screen (and a reminder) read per-site totals; the log form reads every
    injection: the same rules must pick the same site."""
    for day, site in [(1, "im_vastus_lateralis_right"), (2, "im_ventrogluteal_left"),
                      (3, "im_vastus_lateralis_left"), (4, "im_deltoid_right")]:
        doses_on(regimen, [date(2026, 2, day)], site=site)
    voided, = doses_on(regimen, [date(2026, 2, 5)], site="im_ventrogluteal_right")
    Dose.objects.filter(pk=voided.pk).update(status="voided")  # never used, then
    SiteAvoidance.objects.create(patient=patient, site="im_ventrogluteal_right",
                                 until_on=date(2026, 3, 10))
    SiteAvoidance.objects.create(patient=patient, site="im_vastus_lateralis_right")
    SiteAvoidance.objects.create(patient=patient, site="im_ventrogluteal_left",
                                 lifted_at=NOW - timedelta(days=1))
    SiteAvoidance.objects.create(patient=patient, site="im_vastus_lateralis_left",
                                 until_on=date(2026, 2, 20))
    member = patient.memberships.get(user=alice)

    form_site = prefill.log_form_prefill(patient, regimen, member).suggested
    assert prefill.suggested_site_now(patient, "IM") == form_site == "im_ventrogluteal_left"
    client.force_login(alice)
    due = client.get(reverse("patient-dashboard", args=[patient.pk])).text
    assert "Ventrogluteal (hip), left" in due.split('data-testid="today-due"', 1)[1][:2000]
