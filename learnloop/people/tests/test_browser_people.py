"""A newcomer signs in with a real browser and finds their team and colleagues."""

from __future__ import annotations

import pytest

from conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_signs_in_and_finds_their_team(page, alice, bob):
    sign_in(page, "bob@example.com")
    assert page.get_by_role("heading", name="Hello, Bob Baker").is_visible()
    page.get_by_role("link", name="Platform").first.click()
    assert page.get_by_role("heading", name="Platform").is_visible()
    assert page.get_by_role("cell", name="Alice Archer", exact=True).is_visible()
    assert page.console_errors == []


def test_live_search_filters_the_directory_without_reloading(page, alice, bob, charlie):
    sign_in(page, "bob@example.com")
    page.goto("/people/")
    page.evaluate("window.__same_page = true")
    page.get_by_label("Search by name, e-mail, title or employee id").fill("charl")
    page.get_by_text("1 person").wait_for()
    assert page.get_by_role("link", name="Charlie Chen").is_visible()
    assert page.get_by_role("link", name="Alice Archer").count() == 0
    assert page.evaluate("window.__same_page") is True  # htmx swapped the results in place
    assert page.console_errors == []


def test_a_manager_adds_a_colleague_to_the_team(page, alice, charlie):
    sign_in(page, "alice@example.com")
    page.goto("/teams/platform/")
    page.get_by_label("Person's e-mail").fill("charlie@example.com")
    page.get_by_role("combobox", name="Role").last.select_option("facilitator")
    page.get_by_role("button", name="Add to Platform").click()
    page.get_by_text("Charlie Chen is now facilitator of Platform.").wait_for()
    assert page.get_by_role("cell", name="Charlie Chen", exact=True).is_visible()


def test_an_anonymous_visitor_is_sent_to_sign_in(page, db):
    page.goto("/teams/")
    assert "/sign-in/" in page.url
    assert page.get_by_role("heading", name="Sign in to Learnloop").is_visible()
