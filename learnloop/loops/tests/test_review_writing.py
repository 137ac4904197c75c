"""Writing a review through its pages: start it, build the timeline and factors, publish it."""

from __future__ import annotations

from django.urls import reverse

from learnloop.loops import services
from learnloop.loops.models import ContributingFactor, FactorCategory, Review, TimelineEntry


def test_a_member_starts_a_review_for_their_team(client, bob, org):
    client.force_login(bob.user)
    response = client.post(
        reverse("review-create", args=["platform"]),
        {"kind": "incident", "title": "Login outage", "severity": "sev2", "visibility": "team", "summary": "x"},
    )
    review = Review.objects.get(title="Login outage")
    assert response["Location"] == reverse("review", args=[review.pk])
    assert (review.team, review.author, review.severity) == (org["platform"], bob, "sev2")


def test_someone_outside_the_team_cannot_start_its_review(client, charlie, org):
    client.force_login(charlie.user)
    assert client.get(reverse("review-create", args=["platform"])).status_code == 403
    assert client.post(reverse("review-create", args=["platform"]), {"title": "x"}).status_code == 403
    assert not Review.objects.exists()


def test_a_review_without_a_title_shows_the_field_error(client, bob, org):
    client.force_login(bob.user)
    page = client.post(reverse("review-create", args=["platform"]), {"kind": "incident", "visibility": "team"})
    assert "This field is required." in page.content.decode()
    assert not Review.objects.exists()


def test_timeline_entries_are_added_in_time_order_and_removed(client, bob, review):
    client.force_login(bob.user)
    url = reverse("review-timeline-add", args=[review.pk])
    client.post(url, {"at": "2026-03-01T10:40", "kind": "resolved", "text": "Rolled back"})
    client.post(url, {"at": "2026-03-01T10:00", "kind": "started", "text": "Errors rise"})
    page = client.get(reverse("review", args=[review.pk])).content.decode()
    assert page.index("Errors rise") < page.index("Rolled back")
    assert "40 min" in page  # the duration, from impact start to resolution
    entry = TimelineEntry.objects.get(text="Errors rise")
    client.post(reverse("review-timeline-remove", args=[review.pk, entry.pk]))
    assert list(review.timeline.values_list("text", flat=True)) == ["Rolled back"]


def test_a_timeline_entry_without_text_shows_the_error_on_the_review(client, bob, review):
    client.force_login(bob.user)
    response = client.post(
        reverse("review-timeline-add", args=[review.pk]), {"at": "2026-03-01T10:40", "kind": "event"}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not review.timeline.exists()


def test_a_contributing_factor_is_added_with_its_category(client, bob, review):
    category = FactorCategory.objects.create(name="Capacity", slug="capacity")
    client.force_login(bob.user)
    client.post(reverse("review-factor-add", args=[review.pk]), {"category": category.pk, "description": "Disk full"})
    factor = ContributingFactor.objects.get(review=review)
    assert (factor.category, factor.description) == (category, "Disk full")
    assert "Disk full" in client.get(reverse("review", args=[review.pk])).content.decode()
    client.post(reverse("review-factor-remove", args=[review.pk, factor.pk]))
    assert not review.factors.exists()


def test_publishing_without_a_timeline_shows_why(client, alice, review):
    client.force_login(alice.user)
    response = client.post(reverse("review-status", args=[review.pk]), {"status": "published"}, follow=True)
    assert "Add at least one timeline entry before publishing." in response.content.decode()
    review.refresh_from_db()
    assert review.status == "draft"


def test_the_facilitator_publishes_and_a_member_may_not(client, alice, bob, review):
    from django.utils import timezone

    services.timeline_add(actor=bob, review=review, at=timezone.now(), text="Fixed", kind="resolved")
    client.force_login(bob.user)
    assert client.post(reverse("review-status", args=[review.pk]), {"status": "published"}).status_code == 403
    client.post(reverse("review-status", args=[review.pk]), {"status": "in_review"})
    review.refresh_from_db()
    assert review.status == "in_review"
    client.force_login(alice.user)
    client.post(reverse("review-status", args=[review.pk]), {"status": "published"})
    review.refresh_from_db()
    assert review.status == "published"


def test_a_review_body_is_rendered_as_sanitized_markdown(client, bob, review):
    services.review_update(
        actor=bob, review=review, version=review.version, body="## What happened\n\n**Bold** <script>x()</script>"
    )
    client.force_login(bob.user)
    page = client.get(reverse("review", args=[review.pk])).content.decode()
    assert "<h2>What happened</h2>" in page
    assert "<strong>Bold</strong>" in page
    assert "<script>x()" not in page
