import re

from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD


def test_it_logs_in_with_email_and_lands_on_the_dashboard(client, patient, alice):
    response = client.post(
        reverse("login"), {"username": "alice@example.com", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("patient-dashboard", args=[patient.pk])
    assert "Alice Patient" in response.text


def test_it_refuses_a_wrong_password_with_a_message(client, alice):
    response = client.post(reverse("login"), {"username": "alice@example.com", "password": "nope"})
    assert "Please enter a correct email address and password" in response.text
    assert "_auth_user_id" not in client.session


def test_it_resets_a_password_through_the_emailed_link(client, alice):
    client.post(reverse("password_reset"), {"email": "alice@example.com"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Reset your B12 Tracker password"
    link = re.search(r"http://127\.0\.0\.1:8000(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new = "saffron-kettle-77"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True
    )
    assert "Your new password is set" in done.text
    alice.refresh_from_db()
    assert alice.check_password(new)


def test_the_reset_link_is_built_from_site_url_whatever_the_host_header(client, alice,
                                                                           settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://b12.example.org"
    client.post(reverse("password_reset"), {"email": "alice@example.com"},
                HTTP_HOST="127.0.0.1:6666")
    [message] = mail.outbox
    assert "https://b12.example.org/accounts/reset/" in message.body
    assert "6666" not in message.body


def test_it_changes_the_password_of_a_logged_in_user(client, alice):
    client.force_login(alice)
    new = "saffron-kettle-77"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        follow=True,
    )
    assert "Your password was changed" in response.text
    alice.refresh_from_db()
    assert alice.check_password(new)


def test_it_logs_out_on_post(client, alice):
    client.force_login(alice)
    response = client.post(reverse("logout"))
    assert response.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_the_profile_saves_the_name(client, alice):
    client.force_login(alice)
    client.post(reverse("profile"), {"name": "Alice P."})
    alice.refresh_from_db()
    assert alice.name == "Alice P."


def test_the_manager_edits_the_time_zone(client, patient, alice):
    client.force_login(alice)
    response = client.post(
        reverse("patient-edit", args=[patient.pk]),
        {"display_name": "Alice", "timezone": "America/New_York", "preferred_b12_unit": "pmol/L"},
    )
    assert response.url == reverse("patient-dashboard", args=[patient.pk])
    patient.refresh_from_db()
    assert patient.timezone == "America/New_York"


def test_the_care_team_page_lists_members_and_what_they_may_do(client, patient, alice, bob):
    client.force_login(bob)
    response = client.get(reverse("care-team", args=[patient.pk]))
    assert "Bob Caregiver" in response.text
    assert "Can: view, log doses, manage regimen and lab plans, manage the care team." in (
        response.text
    )


def test_the_edit_form_keeps_the_date_of_birth_in_the_date_input(client, patient, alice):
    import datetime

    patient.date_of_birth = datetime.date(1961, 4, 30)
    patient.save()
    client.force_login(alice)
    page = client.get(reverse("patient-edit", args=[patient.pk])).text
    assert 'type="date" name="date_of_birth" value="1961-04-30"' in page


def test_a_login_rehashes_an_old_argon2_hash_with_owasps_parameters(client, alice, settings):
    from django.contrib.auth.hashers import Argon2PasswordHasher, make_password

    settings.PASSWORD_HASHERS = ["accounts.hashers.BoundedArgon2PasswordHasher"]
    stock = Argon2PasswordHasher()
    alice.password = make_password(PASSWORD, hasher=stock)
    alice.save(update_fields=["password"])
    assert "m=102400,t=2,p=8" in alice.password  # argon2-cffi's default: 100 MiB a hash
    response = client.post(reverse("login"), {"username": "alice@example.com",
                                              "password": PASSWORD})
    assert response.url == reverse("home")
    alice.refresh_from_db()
    assert alice.password.startswith("argon2$argon2id$")
    assert "m=19456,t=2,p=1" in alice.password


def test_colours_and_text_size_follow_the_profile(client, alice):
    client.force_login(alice)
    page = client.get(reverse("profile")).text
    # By default the page follows the device (colour-scheme.js reads the system setting).
    assert '<html lang="en" dir="ltr" data-colour-scheme="auto" data-bs-theme="light">' in page
    assert "/static/js/colour-scheme.js" in page.split("</head>")[0]
    client.post(reverse("profile"), {"name": alice.name, "colour_scheme": "dark",
                                     "text_size": "large"})
    alice.refresh_from_db()
    assert (alice.colour_scheme, alice.text_size) == ("dark", "large")
    page = client.get(reverse("home"), follow=True).text
    assert ('<html lang="en" dir="ltr" data-colour-scheme="dark" data-bs-theme="dark" '
            'class="text-large">') in page
    response = client.post(reverse("profile"), {"name": alice.name, "colour_scheme": "pink"})
    assert "Select a valid choice. pink is not one of the available choices." in response.text
    alice.refresh_from_db()
    assert alice.colour_scheme == "dark"
