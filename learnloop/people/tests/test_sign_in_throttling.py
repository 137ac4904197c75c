"""Failed sign-ins are throttled per account and address, and per address across accounts:
guessing one account's password and trying a few common passwords on every account both end
in a lock-out, while other people (and other addresses) still sign in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PASSWORD
from learnloop.people.tests.factories import PersonFactory, UserFactory

GUESSER = "203.0.113.7"
COLLEAGUE = "198.51.100.4"


def sign_in(client, email: str, password: str, address: str = GUESSER):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address)


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("home")


@pytest.fixture
def accounts(db) -> list[str]:
    """Twenty-five people with their own accounts, as an organization would have."""
    return [PersonFactory.create(user=UserFactory.create(email=f"person{n}@example.com")).email for n in range(25)]


@pytest.fixture
def limits(settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 20
    return settings


def test_many_passwords_for_one_account_lock_that_account_out_from_that_address(client, limits, alice, bob):
    for guess in ("123456", "password", "qwerty", "letmein"):
        assert sign_in(client, "bob@example.com", guess).status_code == 200
    assert sign_in(client, "bob@example.com", "welcome1").status_code == 429  # the fifth failure locks
    locked = sign_in(client, "bob@example.com", PASSWORD)
    assert locked.status_code == 429
    assert "too many failed sign-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert signed_in(sign_in(client, "bob@example.com", PASSWORD, address=COLLEAGUE))
    client.logout()
    assert signed_in(sign_in(client, "alice@example.com", PASSWORD))


def test_changing_the_case_of_the_address_gets_around_nothing(client, limits, bob):
    for email in ("bob@example.com", "BOB@example.com", "Bob@Example.com", "bOB@example.COM", "BoB@example.com"):
        sign_in(client, email, "wrong password")
    assert sign_in(client, "bob@example.com", PASSWORD).status_code == 429


def test_one_password_tried_on_many_accounts_locks_the_address_out(client, limits, accounts, bob):
    for email in accounts[:19]:
        assert sign_in(client, email, "Summer2026!").status_code == 200
    assert sign_in(client, accounts[19], "Summer2026!").status_code == 429  # the twentieth locks
    locked = sign_in(client, "bob@example.com", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert sign_in(client, accounts[21], "Summer2026!").status_code == 429
    assert signed_in(sign_in(client, "bob@example.com", PASSWORD, address=COLLEAGUE))


def test_below_the_address_limit_other_accounts_still_sign_in(client, limits, accounts, bob):
    for email in accounts[:19]:
        sign_in(client, email, "Summer2026!")
    assert signed_in(sign_in(client, "bob@example.com", PASSWORD))


def test_signing_in_to_ones_own_account_does_not_reset_the_address_count(client, limits, accounts, bob):
    for email in accounts[:10]:
        sign_in(client, email, "Summer2026!")
    assert signed_in(sign_in(client, "bob@example.com", PASSWORD))
    client.logout()
    for email in accounts[10:20]:
        sign_in(client, email, "Summer2026!")
    assert sign_in(client, accounts[20], "Summer2026!").status_code == 429


def test_a_successful_sign_in_forgets_that_accounts_own_failures(client, limits, bob):
    for _ in range(4):
        sign_in(client, "bob@example.com", "typo")
    assert signed_in(sign_in(client, "bob@example.com", PASSWORD))
    client.logout()
    for _ in range(4):
        sign_in(client, "bob@example.com", "typo again")
    assert signed_in(sign_in(client, "bob@example.com", PASSWORD))
