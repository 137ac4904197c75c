from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from learnloop.loops import services
from learnloop.loops.models import Review


def test_publishing_needs_a_timeline(alice, review):
    with pytest.raises(ValidationError) as error:
        services.review_set_status(actor=alice, review=review, status="published")
    assert "timeline" in error.value.message_dict


def test_a_facilitator_publishes_a_review(alice, review):
    services.timeline_add(actor=alice, review=review, at=timezone.now(), text="Rolled back", kind="resolved")
    services.review_set_status(actor=alice, review=review, status="published")
    review.refresh_from_db()
    assert review.status == Review.Status.PUBLISHED
    assert review.published_at is not None


def test_a_member_cannot_publish(bob, review):
    with pytest.raises(PermissionDenied):
        services.review_set_status(actor=bob, review=review, status="published")


def test_a_second_save_of_the_same_version_is_refused(alice, bob, review):
    services.review_update(actor=bob, review=review, version=review.version, impact="Checkout down 40 min")
    with pytest.raises(services.StaleEdit, match="Someone else saved"):
        services.review_update(actor=alice, review=review, version=review.version, impact="Something else")
    review.refresh_from_db()
    assert review.impact == "Checkout down 40 min"


def test_the_duration_comes_from_the_timeline(alice, review):
    from learnloop.loops.reviews import review_duration

    start = timezone.now() - datetime.timedelta(hours=3)
    services.timeline_add(actor=alice, review=review, at=start, text="Errors rise", kind="started")
    services.timeline_add(
        actor=alice, review=review, at=start + datetime.timedelta(minutes=95), text="Fixed", kind="resolved"
    )
    assert review_duration(review) == datetime.timedelta(minutes=95)


def test_a_naive_time_is_refused(alice, review):
    with pytest.raises(ValidationError, match="time zone"):
        services.timeline_add(actor=alice, review=review, at=datetime.datetime(2026, 1, 1, 12, 0), text="x")
