"""Two people edit the same review: the second save is refused and loses nothing."""

from __future__ import annotations

from django.urls import reverse

from learnloop.loops import services
from learnloop.loops.models import Review


def _form(review, **changes):
    data = {
        "title": review.title,
        "kind": review.kind,
        "severity": review.severity,
        "visibility": review.visibility,
        "summary": review.summary,
        "impact": review.impact,
        "detection": review.detection,
        "went_well": review.went_well,
        "got_lucky": review.got_lucky,
        "body": review.body,
        "version": review.version,
    }
    return {**data, **changes}


def test_an_edit_saves_the_text_and_returns_to_the_review(client, bob, review):
    client.force_login(bob.user)
    response = client.post(reverse("review-edit", args=[review.pk]), _form(review, impact="Checkout down 40 min"))
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.impact == "Checkout down 40 min"


def test_a_stale_edit_keeps_the_submitted_text_beside_the_newer_saved_text(client, alice, bob, review):
    started_from = _form(review, impact="Bob's careful account of the impact")
    services.review_update(actor=alice, review=review, version=review.version, impact="Alice's newer impact text")
    client.force_login(bob.user)
    response = client.post(reverse("review-edit", args=[review.pk]), started_from)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this review" in page
    assert "Bob&#x27;s careful account of the impact</textarea>" in page  # still in the form
    assert "Alice&#x27;s newer impact text" in page  # shown beside it to merge
    assert Review.objects.get(pk=review.pk).impact == "Alice's newer impact text"


def test_saving_again_after_a_stale_edit_merges_onto_the_newer_version(client, alice, bob, review):
    started_from = _form(review, impact="Merged impact")
    services.review_update(actor=alice, review=review, version=review.version, impact="Alice's newer impact text")
    client.force_login(bob.user)
    page = client.post(reverse("review-edit", args=[review.pk]), started_from).content.decode()
    review.refresh_from_db()
    assert f'name="version" value="{review.version}"' in page
    response = client.post(reverse("review-edit", args=[review.pk]), {**started_from, "version": review.version})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.impact == "Merged impact"
