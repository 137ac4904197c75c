"""In real Chromium: a manager posts an opportunity, a member applies, the manager awards it with a reason."""

from __future__ import annotations

import datetime

import pytest

from conftest import sign_in
from learnloop.equity.models import Application, LearningRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_opportunity_is_posted_applied_for_and_awarded(page, alice, bob, org):
    sign_in(page, "alice@example.com")
    page.goto("/opportunities/")
    page.get_by_role("link", name="Post an opportunity").click()
    page.get_by_label("Title").fill("Run the incident-review workshop")
    page.get_by_label("Kind").select_option("stretch")
    page.get_by_label("Skills").fill("facilitation, incident analysis")
    page.get_by_label("Capacity").fill("1")
    page.get_by_label("Deadline").fill((datetime.date.today() + datetime.timedelta(days=7)).isoformat())
    page.get_by_label("Teams").select_option(label="— — Platform")
    page.get_by_role("button", name="Post").click()
    page.get_by_text("Posted: everyone eligible can see it and apply now.").wait_for()
    assert page.console_errors == []

    page.context.clear_cookies()
    sign_in(page, "bob@example.com")
    page.goto("/opportunities/")
    page.get_by_role("link", name="Run the incident-review workshop").click()
    page.get_by_label("Motivation").fill("I have never led one and would like to.")
    page.get_by_role("button", name="Apply").click()
    page.get_by_text("Applied. You will see the decision and its reason here.").wait_for()

    page.context.clear_cookies()
    sign_in(page, "alice@example.com")
    page.goto("/opportunities/")
    page.get_by_role("link", name="Run the incident-review workshop").click()
    decision = page.get_by_role("form", name="Decide on Bob Baker")
    decision.get_by_label("Decision").select_option("award")
    decision.get_by_label("Rationale").fill("Bob has not led a workshop yet; Alice will pair with him.")
    decision.get_by_role("button", name="Record decision").click()
    page.get_by_text("Awarded to Bob Baker.").wait_for()
    assert page.console_errors == []

    application = Application.objects.get(person=bob)
    assert application.status == Application.Status.AWARDED
    assert LearningRecord.objects.get(person=bob).kind == "Stretch assignment"

    page.context.clear_cookies()
    sign_in(page, "bob@example.com")
    page.goto("/opportunities/")
    assert page.get_by_text("Stretch assignment ·").is_visible()
