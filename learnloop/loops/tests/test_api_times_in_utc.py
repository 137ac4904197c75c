"""A time sent to the API is stored in UTC, whatever offset it carries: JSON allows offsets up to
±23:59 and PostgreSQL refuses those past ±15:59. A time that leaves the calendar once in UTC is
a 422, never a server error."""

from __future__ import annotations

import datetime

from learnloop.loops.models import TimelineEntry


def test_a_timeline_entry_with_an_unusual_offset_is_stored_at_the_same_instant(api_as, bob, review):
    response = api_as(bob).post(f"/reviews/{review.pk}/timeline", {"at": "2025-03-01T14:05:00-21:32", "text": "Paged"})
    assert response.status_code == 201, response.content
    instant = datetime.datetime(2025, 3, 2, 11, 37, tzinfo=datetime.UTC)
    assert TimelineEntry.objects.get(review=review).at == instant
    assert datetime.datetime.fromisoformat(response.json()["at"]) == instant


def test_a_time_that_leaves_the_calendar_in_utc_is_a_422(api_as, bob, review):
    response = api_as(bob).post(f"/reviews/{review.pk}/timeline", {"at": "0001-01-01T00:30:00+05:00", "text": "Paged"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["at"]
    assert not TimelineEntry.objects.filter(review=review).exists()


def test_an_asynchronous_retro_gathers_until_the_same_instant(api_as, alice, org):
    body = {
        "team": "platform",
        "title": "Async",
        "format": "start-stop-continue",
        "mode": "async",
        "gather_until": "2099-01-01T08:00:00+19:00",
    }
    response = api_as(alice).post("/retros", body)
    assert response.status_code == 201, response.content
    assert datetime.datetime.fromisoformat(response.json()["gather_until"]) == datetime.datetime(
        2098, 12, 31, 13, 0, tzinfo=datetime.UTC
    )
