"""A review as a document: what it yields (lessons, repeats), read by its page too, and its Markdown export."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from learnloop.loops.models import ActionItem, Lesson, Repeat, Review
from learnloop.loops.reviews import review_duration
from learnloop.loops.selectors import visible


def _cell(text: str) -> str:
    """Text that stays inside one Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _when(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M %Z")


def format_duration(duration: datetime.timedelta | None) -> str:
    if duration is None:
        return ""
    minutes = int(duration.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{days} d"] if days else []
    if hours:
        parts.append(f"{hours} h")
    if minutes or not parts:
        parts.append(f"{minutes} min")
    return " ".join(parts)


def lessons_from(review: Review) -> QuerySet[Lesson]:
    """Lessons drawn from the review, one of its timeline entries or one of its factors."""
    return (
        Lesson.objects.filter(
            Q(source_review=review) | Q(source_timeline_entry__review=review) | Q(source_factor__review=review)
        )
        .select_related("source_timeline_entry", "source_factor__category")
        .prefetch_related(
            "tags", Prefetch("action_items", queryset=ActionItem.objects.select_related("owner", "change"))
        )
        .order_by("created_at", "id")
    )


def lesson_origin(lesson: Lesson) -> str:
    """Where in the review a lesson came from, in words."""
    if lesson.source_timeline_entry is not None:
        entry = lesson.source_timeline_entry
        return f"timeline entry at {_when(entry.at)}: {entry.text[:80]}"
    if lesson.source_factor is not None:
        return f"contributing factor: {lesson.source_factor.category}"
    return "the review as a whole"


def repeats_of(review: Review, viewer: Any = None) -> list[tuple[str, Review]]:
    """("same problem as" | "came back in", other review) for each repeat link, both ways; with a
    viewer, only the reviews that viewer may see."""
    links = Repeat.objects.filter(Q(review=review) | Q(earlier_review=review)).select_related(
        "review__team", "earlier_review__team"
    )
    pairs: list[tuple[str, Review]] = []
    for link in links.order_by("created_at", "id"):
        if link.review_id == review.pk and link.earlier_review is not None:
            pairs.append(("same problem as", link.earlier_review))
        elif link.review is not None:
            pairs.append(("came back in", link.review))
    if viewer is not None:
        seen = set(
            visible(Review.objects.filter(pk__in=[other.pk for _, other in pairs]), viewer).values_list("pk", flat=True)
        )
        pairs = [(relation, other) for relation, other in pairs if other.pk in seen]
    return pairs


def review_markdown(review: Review, *, viewer: Any = None) -> str:
    """The whole review in Markdown. Lessons and repeats are limited to what `viewer` may see."""
    lines = [f"# {review.title}", ""]
    facts = [
        ("Team", review.team.name),
        ("Kind", review.get_kind_display()),
        ("Severity", review.get_severity_display() if review.severity else ""),
        ("Status", review.get_status_display()),
        ("Shared with", review.get_visibility_display()),
        ("Published", _when(review.published_at) if review.published_at else ""),
        ("Duration", format_duration(review_duration(review))),
    ]
    lines += [f"- **{label}:** {value}" for label, value in facts if value]
    lines.append("")

    def section(title: str, text: str) -> None:
        if text.strip():
            lines.extend([f"## {title}", "", text.strip(), ""])

    section("Summary", review.summary)
    section("Impact", review.impact)
    section("Detection", review.detection)
    timeline = list(review.timeline.all())
    if timeline:
        lines += ["## Timeline", "", "| Time | Kind | What happened |", "|---|---|---|"]
        lines += [f"| {_when(e.at)} | {e.get_kind_display()} | {_cell(e.text)} |" for e in timeline]
        lines.append("")
    factors = list(review.factors.select_related("category"))
    if factors:
        lines += ["## Contributing factors", ""]
        lines += [
            f"- **{f.category.name}**" + (f": {' '.join(f.description.split())}" if f.description else "")
            for f in factors
        ]
        lines.append("")
    section("What went well", review.went_well)
    section("Where we got lucky", review.got_lucky)
    section("Narrative", review.body)

    lessons = lessons_from(review)
    if viewer is not None:
        lessons = visible(lessons, viewer)
    lesson_list = list(lessons)
    if lesson_list:
        lines += ["## Lessons", ""]
        for lesson in lesson_list:
            tags = ", ".join(tag.name for tag in lesson.tags.all())
            lines.append(f"- **{lesson.title}** (from {lesson_origin(lesson)})" + (f" — tags: {tags}" if tags else ""))
            for item in lesson.action_items.all():
                done = "x" if item.status == ActionItem.Status.DONE else " "
                ending = ""
                if item.change is not None:
                    ending = f" — changed: {item.change.what} (in {item.change.where})"
                elif item.status == ActionItem.Status.DROPPED:
                    ending = f" — dropped: {item.drop_reason}"
                lines.append(
                    f"  - [{done}] {item.title} — {item.owner}, due {item.due_on:%Y-%m-%d}, "
                    f"{item.get_status_display().lower()}{ending}"
                )
        lines.append("")
    repeats = repeats_of(review, viewer)
    if repeats:
        lines += ["## Repeats", ""]
        lines += [f"- {relation.capitalize()}: {other.title} ({other.team.name})" for relation, other in repeats]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
