from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse

from conftest import PASSWORD
from learnloop.people.models import User


def test_a_person_signs_in_with_email_and_password(client, bob):
    response = client.post(reverse("login"), {"username": "BOB@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert "Bob Baker" in client.get(reverse("home")).content.decode()


def test_a_wrong_password_is_refused_with_a_message(client, bob):
    response = client.post(reverse("login"), {"username": "bob@example.com", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct" in response.content.decode()


def test_five_failures_lock_the_account_out(client, bob):
    for _ in range(5):
        client.post(reverse("login"), {"username": "bob@example.com", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "bob@example.com", "password": PASSWORD})
    assert response.status_code == 429
    assert "too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_session_cookie_is_http_only_and_same_site(client, bob):
    response = client.post(reverse("login"), {"username": "bob@example.com", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_pages_carry_a_content_security_policy(client, bob):
    client.force_login(bob.user)
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_password_reset_mails_a_link_that_sets_a_new_password(client, bob):
    client.post(reverse("password_reset"), {"email": "bob@example.com"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a fresh passphrase 42", "new_password2": "a fresh passphrase 42"},
    )
    assert response.status_code == 302
    bob.user.refresh_from_db()
    assert bob.user.check_password("a fresh passphrase 42")


def test_an_imported_person_without_a_password_can_set_their_first_one(client, bob):
    bob.user.set_unusable_password()
    bob.user.save()
    client.post(reverse("password_reset"), {"email": "bob@example.com"})
    assert len(mail.outbox) == 1


def test_placeholder_addresses_get_no_mail(client, db):
    User.objects.create_user("employee-7@placeholder.invalid")
    client.post(reverse("password_reset"), {"email": "employee-7@placeholder.invalid"})
    assert mail.outbox == []


def test_unknown_addresses_look_the_same_as_known_ones(client, bob):
    known = client.post(reverse("password_reset"), {"email": "bob@example.com"})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_an_account_without_a_person_record_is_refused(client, db):
    user = User.objects.create_user("orphan@example.com", PASSWORD)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 403


def test_signing_out_ends_the_session(client, bob):
    client.force_login(bob.user)
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302
