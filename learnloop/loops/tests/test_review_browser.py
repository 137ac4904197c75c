"""A blameless review end to end in a real browser: write it, see blame flags while typing, publish
it, and close its action item only with a change."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from conftest import sign_in
from learnloop.loops.models import ActionItem, FactorCategory, Review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLAMING = "The outage happened because Bob forgot to check the config; he should have been more careful."


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in/**")


def test_a_review_from_first_draft_to_a_closed_action_item(page, alice, bob):
    FactorCategory.objects.create(name="Config change", slug="config-change")
    errors = page.console_errors  # filled by the page fixture: script errors, CSP violations, 404s
    sign_in(page, "bob@example.com")

    # Bob starts the review from his team.
    page.goto("/teams/platform/reviews/new/")
    page.get_by_label("Title").fill("Checkout outage")
    page.get_by_label("Summary").fill("Checkout failed for 40 minutes after a config change.")
    page.get_by_role("button", name="Start the review").click()
    page.get_by_role("heading", name="Checkout outage", level=1).wait_for()

    # Two timeline entries and a contributing factor.
    for at, kind, text in [
        ("2026-03-01T10:00", "started", "Errors rise"),
        ("2026-03-01T10:40", "resolved", "Rolled back"),
    ]:
        page.get_by_text("Add a timeline entry").click()
        page.get_by_label("Time", exact=True).fill(at)
        page.get_by_label("Kind", exact=True).select_option(kind)
        page.get_by_label("What happened").fill(text)
        page.get_by_role("button", name="Add the entry").click()
        page.get_by_role("cell", name=text).wait_for()
    assert page.get_by_text("40 min", exact=True).is_visible()
    page.get_by_text("Add a contributing factor").click()
    page.get_by_label("Category", exact=True).select_option(label="Config change")
    page.get_by_label("Description").fill("A feature flag defaulted to on in production.")
    page.get_by_role("button", name="Add the factor").click()
    page.get_by_text("Contributing factor added.").wait_for()

    # He types a blaming sentence: flags appear beside the text without a reload.
    page.get_by_role("link", name="Edit the text").click()
    page.evaluate("window.__same_page = true")
    impact = page.get_by_label("Impact")
    impact.fill(BLAMING)
    panel = page.locator("#blame-panel")
    flagged = panel.locator(".blame-flags li")
    flagged.filter(has_text="“forgot to”").wait_for()
    assert flagged.filter(has_text="“should have been”").is_visible()
    flagged.filter(has_text="“forgot to”").get_by_role("button", name="Mark as intended").click()
    panel.get_by_role("heading", name="Marked as intended").wait_for()
    assert flagged.filter(has_text="“forgot to”").count() == 0
    assert flagged.filter(has_text="“should have been”").get_by_role("button", name="Mark as intended").is_visible()
    assert impact.input_value() == BLAMING  # the check never touches the text
    assert page.evaluate("window.__same_page") is True
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Review saved.").wait_for()
    review = Review.objects.get()
    assert review.impact == BLAMING
    assert review.intended_flags == ["failed-to:forgot to"]

    # A lesson from the timeline, and an action item from the lesson.
    page.get_by_text("Draw a lesson").click()
    page.get_by_label("Drawn from").select_option(label=f"Timeline: {review.timeline.first()}")
    page.get_by_label("Lesson", exact=True).fill("A config default needs a review before release")
    page.get_by_label("Tags").fill("config, deploys")
    page.get_by_role("button", name="Record the lesson").click()
    page.get_by_role("heading", name="A config default needs a review before release").wait_for()
    page.get_by_text("Add an action item").click()
    page.get_by_label("Action", exact=True).fill("Add a config diff to the deploy checklist")
    page.get_by_label("Owner").select_option(label="Bob Baker")
    page.get_by_label("Due on").fill((timezone.localdate() + datetime.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Add the action item").click()
    page.get_by_role("link", name="Add a config diff to the deploy checklist").wait_for()
    _sign_out(page)

    # Alice, the facilitator, publishes it.
    sign_in(page, "alice@example.com")
    page.goto(f"/reviews/{review.pk}/")
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("The review is now published.").wait_for()

    # The action item cannot be closed without a change; then it closes with one.
    page.goto("/actions/?tab=team")
    page.get_by_role("link", name="Add a config diff to the deploy checklist").click()
    page.get_by_role("link", name="Record the change").click()
    page.get_by_role("button", name="Mark as done").click()
    page.get_by_role("alert").filter(has_text="Say what changed").wait_for()
    assert page.get_by_role("alert").filter(has_text="Say where the change lives").is_visible()
    assert ActionItem.objects.get().status == ActionItem.Status.OPEN
    page.get_by_label("What changed").fill("The deploy checklist shows the config diff before release.")
    page.get_by_label("Where the change lives").fill("deploy checklist")
    page.get_by_role("button", name="Mark as done").click()
    page.get_by_text("Done: The deploy checklist shows the config diff").wait_for()
    assert ActionItem.objects.get().status == ActionItem.Status.DONE
    assert errors == []
