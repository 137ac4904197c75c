"""Writes for blameless reviews: drafting, the timeline, contributing factors, publishing."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from learnloop.core import audit
from learnloop.core.access import ADMIN, require
from learnloop.loops.models import ContributingFactor, FactorCategory, Review, TimelineEntry
from learnloop.loops.rules import EDIT_REVIEW, FACILITATE, TEAM_MEMBER
from learnloop.people.models import Person, Team

REVIEW_TEXT_FIELDS = ["title", "summary", "impact", "detection", "went_well", "got_lucky", "body"]


class StaleEdit(ValidationError):
    """Someone else saved the review since this edit started; their text is kept."""


@transaction.atomic
def factor_category_save(
    *, actor: Any, name: str, description: str = "", category: FactorCategory | None = None
) -> FactorCategory:
    """Add a category to the contributing-factor taxonomy, or rename one (admins)."""
    require(actor, ADMIN, message="Only an admin edits the contributing-factor taxonomy.")
    name = name.strip()
    if category is None:
        category = FactorCategory(name=name, slug=slugify(name)[:100], description=description.strip())
        action = "factor_category.created"
    else:
        category.name, category.description = name, description.strip()
        action = "factor_category.updated"
    category.full_clean()
    category.save()
    audit.record(actor=actor, action=action, target=category)
    return category


@transaction.atomic
def review_create(
    *,
    actor: Any,
    team: Team,
    title: str,
    kind: str = Review.Kind.INCIDENT,
    severity: str = "",
    visibility: str = "team",
    summary: str = "",
) -> Review:
    require(actor, TEAM_MEMBER, team, message=f"Only members of {team} write its reviews.")
    review = Review(
        team=team,
        title=title.strip(),
        kind=kind,
        severity=severity,
        visibility=visibility,
        summary=summary.strip(),
        author=actor if isinstance(actor, Person) else None,
    )
    review.full_clean()
    review.save()
    audit.record(actor=actor, action="review.created", target=review, changes={"kind": kind})
    return review


@transaction.atomic
def review_update(*, actor: Any, review: Review, version: int, **fields: Any) -> Review:
    """Save the review's text fields, refusing if someone saved since `version` was read."""
    require(actor, EDIT_REVIEW, review, message="Only the author or a facilitator of the team edits this review.")
    unknown = set(fields) - {*REVIEW_TEXT_FIELDS, "severity", "visibility", "kind"}
    if unknown:
        raise ValidationError(f"Unknown review fields: {', '.join(sorted(unknown))}.")
    current = Review.objects.select_for_update().get(pk=review.pk)
    if current.version != version:
        raise StaleEdit(
            "Someone else saved this review while you were editing. Your text is kept below: "
            "compare it with theirs and save again."
        )
    cleaned = {key: value.strip() if isinstance(value, str) else value for key, value in fields.items()}
    changes = audit.diff(current, cleaned)
    if not changes:
        return current
    for key, value in cleaned.items():
        setattr(current, key, value)
    current.version += 1
    current.full_clean()
    current.save(update_fields=[*cleaned, "version", "updated_at"])
    audit.record(actor=actor, action="review.updated", target=current, changes=dict.fromkeys(changes, "edited"))
    return current


@transaction.atomic
def review_set_status(*, actor: Any, review: Review, status: str) -> Review:
    """Draft → in review → published. Publishing needs a summary and at least one timeline entry."""
    if status == Review.Status.PUBLISHED:
        require(actor, FACILITATE, review, message="Only a facilitator or manager of the team publishes a review.")
    else:
        require(actor, EDIT_REVIEW, review, message="Only the author or a facilitator of the team changes this review.")
    if status not in Review.Status.values:
        raise ValidationError({"status": f"{status!r} is not a review status."})
    if status == Review.Status.PUBLISHED:
        problems = {}
        if not review.summary.strip() and not review.body.strip():
            problems["summary"] = "Write a summary before publishing."
        if not review.timeline.exists():
            problems["timeline"] = "Add at least one timeline entry before publishing."
        if problems:
            raise ValidationError(problems)
    old = review.status
    review.status = status
    review.published_at = (review.published_at or timezone.now()) if status == Review.Status.PUBLISHED else None
    review.version += 1
    review.save(update_fields=["status", "published_at", "version"])
    audit.record(actor=actor, action="review.status_changed", target=review, changes={"status": [old, status]})
    return review


@transaction.atomic
def review_mark_flag(*, actor: Any, review: Review, fingerprint: str, intended: bool) -> Review:
    """The author says a flagged phrase is meant as written (or takes that back)."""
    require(actor, EDIT_REVIEW, review, message="Only the author or a facilitator marks flags on this review.")
    marks = [mark for mark in review.intended_flags if mark != fingerprint]
    if intended:
        marks.append(fingerprint)
    review.intended_flags = marks
    review.save(update_fields=["intended_flags"])
    audit.record(
        actor=actor,
        action="review.flag_marked" if intended else "review.flag_unmarked",
        target=review,
        changes={"fingerprint": fingerprint},
    )
    return review


@transaction.atomic
def timeline_add(
    *, actor: Any, review: Review, at: datetime.datetime, text: str, kind: str = TimelineEntry.Kind.EVENT
) -> TimelineEntry:
    require(actor, EDIT_REVIEW, review, message="Only the author or a facilitator edits this review's timeline.")
    if timezone.is_naive(at):
        raise ValidationError({"at": "Give the time with its time zone."})
    entry = TimelineEntry(review=review, at=at, text=text.strip(), kind=kind)
    entry.full_clean()
    entry.save()
    audit.record(actor=actor, action="review.timeline_added", target=review, changes={"at": at.isoformat()})
    return entry


@transaction.atomic
def timeline_remove(*, actor: Any, entry: TimelineEntry) -> None:
    require(actor, EDIT_REVIEW, entry.review, message="Only the author or a facilitator edits this review's timeline.")
    if entry.lessons.exists():
        raise ValidationError("A lesson was drawn from this entry; it stays so the lesson keeps its source.")
    audit.record(actor=actor, action="review.timeline_removed", target=entry.review, changes={"text": entry.text[:100]})
    entry.delete()


@transaction.atomic
def factor_add(*, actor: Any, review: Review, category: FactorCategory, description: str = "") -> ContributingFactor:
    require(actor, EDIT_REVIEW, review, message="Only the author or a facilitator edits this review's factors.")
    factor = ContributingFactor(review=review, category=category, description=description.strip())
    factor.full_clean()
    factor.save()
    audit.record(actor=actor, action="review.factor_added", target=review, changes={"category": category.name})
    return factor


@transaction.atomic
def factor_remove(*, actor: Any, factor: ContributingFactor) -> None:
    require(actor, EDIT_REVIEW, factor.review, message="Only the author or a facilitator edits this review's factors.")
    if factor.lessons.exists():
        raise ValidationError("A lesson was drawn from this factor; it stays so the lesson keeps its source.")
    audit.record(
        actor=actor, action="review.factor_removed", target=factor.review, changes={"category": factor.category.name}
    )
    factor.delete()
