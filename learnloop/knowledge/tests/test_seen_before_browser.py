"""In a real browser: typing a review shows another team's similar incident without reloading, and
one click links it as a repeat."""

from __future__ import annotations

import pytest

from conftest import sign_in
from learnloop.knowledge.tests.searching import make
from learnloop.loops import services
from learnloop.loops.models import Repeat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_a_review_shows_similar_incidents_of_other_teams_and_links_one(page, bob, erin, org):
    earlier = make(
        "review",
        actor=erin,
        team=org["sales"],
        title="Webhook retries flooded the payment queue",
        text="webhook retries flooded the queue",
        visibility="organization",
    )
    review = services.review_create(actor=bob, team=org["platform"], title="Queue backlog", summary="")
    sign_in(page, "bob@example.com")
    page.goto(f"/reviews/{review.pk}/edit/")
    marker = page.evaluate("() => (window.__notReloaded = true)")
    page.get_by_label("Summary").press_sequentially("Webhook retries flooded our queue", delay=10)
    suggestion = page.get_by_role("link", name="Webhook retries flooded the payment queue")
    suggestion.wait_for()
    assert marker and page.evaluate("() => window.__notReloaded === true")
    page.get_by_role("button", name="Same problem: link as a repeat").click()
    page.get_by_text("Linked as the same problem").first.wait_for()
    repeat = Repeat.objects.get()
    assert {repeat.review_id, repeat.earlier_review_id} == {review.pk, earlier.pk}
    assert page.console_errors == []
