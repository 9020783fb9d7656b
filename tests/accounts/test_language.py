"""The language a person reads the app in: proposed from the browser, kept on the profile,
switched from any page, right to left for Urdu (the body map excepted)."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.accounts.test_signup import GOOD


@pytest.mark.django_db
def test_sign_up_proposes_the_browsers_language_and_keeps_it(client):
    page = client.get(reverse("signup"), HTTP_ACCEPT_LANGUAGE="pl-PL,pl;q=0.9,en;q=0.5").text
    assert '<html lang="pl" dir="ltr"' in page
    assert '<option value="pl" selected>Polski</option>' in page
    client.post(reverse("signup"), {**GOOD, "language": "ur"}, HTTP_ACCEPT_LANGUAGE="pl")
    assert User.objects.get().language == "ur"


@pytest.mark.django_db
def test_sign_up_without_a_choice_takes_the_browsers_language(client):
    client.post(reverse("signup"), GOOD, HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")
    assert User.objects.get().language == "es"


def test_a_signed_in_person_reads_their_own_language_whatever_the_browser_asks(client, alice):
    alice.language = "pl"
    alice.save()
    client.force_login(alice)
    page = client.get(reverse("profile"), HTTP_ACCEPT_LANGUAGE="en-GB,en").text
    assert '<html lang="pl" dir="ltr"' in page
    assert "Zmień język" in page  # the switcher's button


def test_the_profile_changes_the_language_and_this_browser_keeps_it(client, alice):
    client.force_login(alice)
    response = client.post(reverse("profile"), {"name": alice.name, "language": "es"},
                           follow=True)
    alice.refresh_from_db()
    assert alice.language == "es"
    assert '<html lang="es" dir="ltr"' in response.text
    assert client.cookies["django_language"].value == "es"


def test_the_switcher_on_any_page_saves_the_choice_on_the_profile(client, patient, alice):
    client.force_login(alice)
    dashboard = reverse("patient-dashboard", args=[patient.pk])
    page = client.get(dashboard).text
    assert f'action="{reverse("set_language")}"' in page
    response = client.post(reverse("set_language"), {"language": "ur", "next": dashboard})
    assert response.status_code == 302
    assert response["Location"] == dashboard
    alice.refresh_from_db()
    assert alice.language == "ur"


@pytest.mark.django_db
def test_a_visitors_switch_lasts_in_the_cookie(client):
    client.post(reverse("set_language"), {"language": "pl", "next": "/accounts/login/"})
    page = client.get(reverse("login")).text
    assert '<html lang="pl" dir="ltr"' in page


@pytest.mark.django_db
def test_an_unknown_language_changes_nothing(client):
    client.post(reverse("set_language"), {"language": "xx", "next": "/accounts/login/"})
    assert '<html lang="en" dir="ltr"' in client.get(reverse("login")).text


def test_urdu_reads_right_to_left_with_bootstraps_mirrored_stylesheet(client, patient, alice):
    alice.language = "ur"
    alice.save()
    client.force_login(alice)
    page = client.get(reverse("site-usage", args=[patient.pk])).text
    assert '<html lang="ur" dir="rtl"' in page
    assert "/static/vendor/bootstrap/css/bootstrap.rtl.min.css" in page
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" not in page
    # The body map keeps the patient's own left and right: it is never mirrored.
    assert '<div dir="ltr" class="body-map' in page


def test_left_to_right_languages_keep_bootstraps_usual_stylesheet(client, alice):
    client.force_login(alice)
    page = client.get(reverse("profile")).text
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in page
    assert "bootstrap.rtl" not in page


@pytest.mark.django_db
def test_the_javascript_catalogue_speaks_the_pages_language(client):
    client.post(reverse("set_language"), {"language": "pl", "next": "/"})
    catalogue = client.get(reverse("javascript-catalog")).text
    assert "Sprawd\\u017a dawk\\u0119" in catalogue or "Sprawdź dawkę" in catalogue
    # Polish has three plural forms: 1 dawka, 2–4 dawki, 5+ dawek.
    assert "n%10>=2 && n%10<=4" in catalogue
