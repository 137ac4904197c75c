"""Facts derived from a review's records: its duration, and the blame-language check of its texts."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from learnloop.loops import blame
from learnloop.loops.models import ActionItem, Review, TimelineEntry
from learnloop.people.models import Membership


def review_duration(review: Review) -> datetime.timedelta | None:
    """From impact start to resolution when both are marked; otherwise first to last entry."""
    times = dict(review.timeline.values_list("kind", "at").order_by("at"))
    entries = list(review.timeline.values_list("at", flat=True).order_by("at"))
    start = times.get(TimelineEntry.Kind.STARTED) or (entries[0] if entries else None)
    end = times.get(TimelineEntry.Kind.RESOLVED) or (entries[-1] if entries else None)
    if start is None or end is None or end <= start:
        return None
    return end - start


@dataclass(frozen=True)
class CheckedText:
    """One text of a review the blame-language check reads, with its findings."""

    key: str  # stable: "summary", "timeline/12", "factors/3", "action_items/7"
    label: str  # for people: "Summary", "Timeline, 2026-03-01 10:00", …
    text: str
    report: blame.Report


FIELD_LABELS = {
    "title": "Title",
    "summary": "Summary",
    "impact": "Impact",
    "detection": "Detection",
    "went_well": "What went well",
    "got_lucky": "Where we got lucky",
    "body": "Narrative",
}


def review_blame(review: Review, *, overrides: Mapping[str, str] | None = None) -> list[CheckedText]:
    """Check every text of a review (its fields, with `overrides` for text being typed, timeline
    entries, factor descriptions and the titles of action items drawn from it). Never rewrites."""
    from learnloop.loops.review_export import lessons_from

    people = list(Membership.objects.filter(team=review.team).values_list("person__display_name", flat=True))
    texts: list[tuple[str, str, str, str]] = []
    for name, label in FIELD_LABELS.items():
        value = overrides.get(name, getattr(review, name)) if overrides is not None else getattr(review, name)
        texts.append((name, label, str(value), "narrative"))
    for entry in review.timeline.all():
        texts.append((f"timeline/{entry.pk}", f"Timeline, {entry.at:%Y-%m-%d %H:%M}", entry.text, "narrative"))
    for factor in review.factors.select_related("category"):
        texts.append((f"factors/{factor.pk}", f"Factor: {factor.category.name}", factor.description, "narrative"))
    items = ActionItem.objects.filter(lesson__in=lessons_from(review).values("pk")).order_by("id")
    for pk, title in items.values_list("pk", "title"):
        texts.append((f"action_items/{pk}", "Action item", title, "action"))
    return [
        CheckedText(key, label, text, blame.check(text, people=people, ignore=review.intended_flags, kind=kind))
        for key, label, text, kind in texts
        if text.strip()
    ]
