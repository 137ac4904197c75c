"""A review exports as one Markdown document with everything on its page."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from learnloop.loops import services
from learnloop.loops.models import FactorCategory
from learnloop.loops.review_export import review_markdown


def _full_review(alice, bob, review):
    start = timezone.now() - datetime.timedelta(hours=2)
    review = services.review_update(
        actor=bob,
        review=review,
        version=review.version,
        impact="Checkout down | 40 min",
        went_well="Rollback was quick.",
        body="## Narrative\n\nThe deploy *went out* at noon.",
    )
    services.timeline_add(actor=bob, review=review, at=start, text="Errors rise", kind="started")
    entry = services.timeline_add(
        actor=bob, review=review, at=start + datetime.timedelta(minutes=40), text="Rolled back", kind="resolved"
    )
    category = FactorCategory.objects.create(name="Config change", slug="config-change")
    services.factor_add(actor=bob, review=review, category=category, description="A flag flipped")
    lesson = services.lesson_create(actor=bob, source=entry, title="Rollbacks need one command", tags=["deploys"])
    services.action_item_create(
        actor=alice, lesson=lesson, title="Script the rollback", owner=bob, due_on=timezone.localdate()
    )
    return review


def test_the_export_has_every_section_of_the_review(alice, bob, review):
    text = review_markdown(_full_review(alice, bob, review))
    assert text.startswith("# Checkout outage\n")
    assert "- **Duration:** 40 min" in text
    assert "## Summary\n\nCheckout failed." in text
    assert "## Impact\n\nCheckout down | 40 min" in text
    assert "| Impact started | Errors rise |" in text
    assert "- **Config change**: A flag flipped" in text
    assert "## What went well\n\nRollback was quick." in text
    assert "## Narrative\n\n## Narrative\n\nThe deploy *went out* at noon." in text
    assert "- **Rollbacks need one command** (from timeline entry at" in text
    assert "tags: deploys" in text
    assert "  - [ ] Script the rollback — Bob Baker, due" in text


def test_a_pipe_in_a_timeline_entry_stays_inside_its_cell(alice, bob, review):
    services.timeline_add(actor=bob, review=review, at=timezone.now(), text="grep a | wc -l\nreturned 0")
    assert "| grep a \\| wc -l returned 0 |" in review_markdown(review)


def test_the_export_is_a_markdown_attachment(client, alice, bob, review):
    client.force_login(bob.user)
    response = client.get(reverse("review-export", args=[_full_review(alice, bob, review).pk]))
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="review-{review.pk}-checkout-outage.md"'
    assert response.content.decode().startswith("# Checkout outage")


def test_the_export_leaves_out_repeats_the_reader_may_not_see(alice, bob, charlie, review, org):
    review = services.review_update(actor=alice, review=review, version=review.version, visibility="organization")
    other = services.review_create(actor=charlie, team=org["sales"], title="Sales checkout outage")
    services.repeat_link(actor=charlie, later=other, earlier=review)
    assert "Sales checkout outage" in review_markdown(review)
    assert "Sales checkout outage" not in review_markdown(review, viewer=bob)
    assert "Sales checkout outage" in review_markdown(review, viewer=charlie)
