"""Facts derived from a review's records: its duration from the timeline."""

from __future__ import annotations

import datetime

from learnloop.loops.models import Review, TimelineEntry


def review_duration(review: Review) -> datetime.timedelta | None:
    """From impact start to resolution when both are marked; otherwise first to last entry."""
    times = dict(review.timeline.values_list("kind", "at").order_by("at"))
    entries = list(review.timeline.values_list("at", flat=True).order_by("at"))
    start = times.get(TimelineEntry.Kind.STARTED) or (entries[0] if entries else None)
    end = times.get(TimelineEntry.Kind.RESOLVED) or (entries[-1] if entries else None)
    if start is None or end is None or end <= start:
        return None
    return end - start
