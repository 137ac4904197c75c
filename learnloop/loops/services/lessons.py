"""Writes for lessons, action items, changes and repeats: the part of the loop every source shares."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from learnloop.core import audit
from learnloop.core.access import SystemActor, require
from learnloop.loops.models import (
    ActionItem,
    Card,
    CardGroup,
    Change,
    ContributingFactor,
    Lesson,
    Repeat,
    Retrospective,
    Review,
    Tag,
    TimelineEntry,
    Visibility,
)
from learnloop.loops.rules import FACILITATE, OWN_OR_FACILITATE, SEE, TEAM_MEMBER
from learnloop.people.models import Person

LessonSource = Card | CardGroup | TimelineEntry | ContributingFactor | Review


def _source_field(source: LessonSource) -> str:
    fields = {
        Card: "source_card",
        CardGroup: "source_group",
        TimelineEntry: "source_timeline_entry",
        ContributingFactor: "source_factor",
        Review: "source_review",
    }
    return fields[type(source)]


def source_team_and_visibility(source: LessonSource) -> tuple[Any, str]:
    """The team that owns a source, and how widely the source is shared."""
    if isinstance(source, Card | CardGroup):
        return source.retro.team, source.retro.visibility
    if isinstance(source, TimelineEntry | ContributingFactor):
        return source.review.team, source.review.visibility
    return source.team, source.visibility


def _tags(names: list[str]) -> list[Tag]:
    cleaned = sorted({name.strip().lower()[:50] for name in names if name.strip()})
    return [Tag.objects.get_or_create(name=name)[0] for name in cleaned]


@transaction.atomic
def lesson_create(
    *,
    actor: Any,
    source: LessonSource,
    title: str,
    detail: str = "",
    tags: list[str] | None = None,
    visibility: str | None = None,
) -> Lesson:
    """A lesson from a card, a card group, a timeline entry, a contributing factor or a review."""
    team, source_visibility = source_team_and_visibility(source)
    require(actor, TEAM_MEMBER, team, message=f"Only members of {team} can draw lessons from its work.")
    lesson = Lesson(
        team=team,
        title=title.strip(),
        detail=detail.strip(),
        visibility=visibility or source_visibility,
        created_by=actor if isinstance(actor, Person) else None,
    )
    setattr(lesson, _source_field(source), source)
    lesson.full_clean()
    lesson.save()
    if tags:
        lesson.tags.set(_tags(tags))
    audit.record(actor=actor, action="lesson.created", target=lesson, changes={"source": _source_field(source)})
    return lesson


@transaction.atomic
def lesson_update(*, actor: Any, lesson: Lesson, title: str, detail: str, tags: list[str], visibility: str) -> Lesson:
    require(actor, TEAM_MEMBER, lesson, message=f"Only members of {lesson.team} can edit its lessons.")
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": f"{visibility!r} is not a visibility."})
    changes = audit.diff(lesson, {"title": title.strip(), "detail": detail.strip(), "visibility": visibility})
    lesson.title, lesson.detail, lesson.visibility = title.strip(), detail.strip(), visibility
    lesson.full_clean()
    lesson.save(update_fields=["title", "detail", "visibility"])
    before = sorted(lesson.tags.values_list("name", flat=True))
    lesson.tags.set(_tags(tags))
    after = sorted(lesson.tags.values_list("name", flat=True))
    if before != after:
        changes["tags"] = [before, after]
    if changes:
        audit.record(actor=actor, action="lesson.updated", target=lesson, changes=changes)
    return lesson


def _check_owner(owner: Person, lesson: Lesson) -> None:
    if not TEAM_MEMBER.allows(owner, lesson.team) and not owner.is_admin:
        raise ValidationError({"owner": f"{owner} is not in {lesson.team}; the owner must be able to see the item."})


@transaction.atomic
def action_item_create(
    *,
    actor: Any,
    lesson: Lesson,
    title: str,
    owner: Person,
    due_on: datetime.date,
    retro: Retrospective | None = None,
) -> ActionItem:
    require(actor, TEAM_MEMBER, lesson, message=f"Only members of {lesson.team} can add its action items.")
    _check_owner(owner, lesson)
    if due_on < timezone.localdate() and not isinstance(actor, SystemActor):
        raise ValidationError({"due_on": "The due date is in the past."})
    item = ActionItem(lesson=lesson, team=lesson.team, retro=retro, title=title.strip(), owner=owner, due_on=due_on)
    item.full_clean()
    item.save()
    audit.record(
        actor=actor,
        action="action_item.created",
        target=item,
        changes={"owner": str(owner), "due_on": due_on.isoformat()},
    )
    if retro is not None:
        Retrospective.objects.filter(pk=retro.pk).update(version=F("version") + 1)
    return item


def _lock_open(item: ActionItem) -> ActionItem:
    locked = ActionItem.objects.select_for_update().get(pk=item.pk)
    if locked.status != ActionItem.Status.OPEN:
        raise ValidationError(f"This action item is already {locked.get_status_display().lower()}.")
    return locked


@transaction.atomic
def action_item_complete(*, actor: Any, item: ActionItem, what: str, where: str, evidence_url: str = "") -> Change:
    """Done means something changed: record what, where and (optionally) the evidence."""
    require(actor, OWN_OR_FACILITATE, item, message="Only the owner or a facilitator can close this item.")
    item = _lock_open(item)
    errors = {}
    if not what.strip():
        errors["what"] = "Say what changed: an item is done only when something in how we work changed."
    if not where.strip():
        errors["where"] = "Say where the change lives (a runbook, a pipeline, a checklist, a process)."
    if errors:
        raise ValidationError(errors)
    change = Change(
        what=what.strip(),
        where=where.strip(),
        evidence_url=evidence_url.strip(),
        recorded_by=actor if isinstance(actor, Person) else None,
    )
    change.full_clean()
    change.save()
    item.status = ActionItem.Status.DONE
    item.change = change
    item.closed_at = timezone.now()
    item.save(update_fields=["status", "change", "closed_at"])
    audit.record(
        actor=actor, action="action_item.done", target=item, changes={"what": change.what, "where": change.where}
    )
    return change


@transaction.atomic
def action_item_drop(*, actor: Any, item: ActionItem, reason: str) -> ActionItem:
    require(actor, OWN_OR_FACILITATE, item, message="Only the owner or a facilitator can drop this item.")
    item = _lock_open(item)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the item is dropped, so the team can learn from that too."})
    item.status = ActionItem.Status.DROPPED
    item.drop_reason = reason.strip()
    item.closed_at = timezone.now()
    item.save(update_fields=["status", "drop_reason", "closed_at"])
    audit.record(actor=actor, action="action_item.dropped", target=item, changes={"reason": item.drop_reason})
    return item


@transaction.atomic
def action_item_reassign(*, actor: Any, item: ActionItem, owner: Person, due_on: datetime.date) -> ActionItem:
    require(actor, OWN_OR_FACILITATE, item, message="Only the owner or a facilitator can change this item.")
    item = _lock_open(item)
    _check_owner(owner, item.lesson)
    changes = audit.diff(item, {"owner": owner, "due_on": due_on})
    item.owner, item.due_on = owner, due_on
    item.save(update_fields=["owner", "due_on"])
    if changes:
        audit.record(actor=actor, action="action_item.updated", target=item, changes=changes)
    return item


@transaction.atomic
def action_item_mark_regenerated(*, actor: Any, item: ActionItem, retro: Retrospective) -> ActionItem:
    """The problem this item was meant to fix came back in a later retro of the team."""
    require(actor, FACILITATE, retro, message="Only a facilitator can mark an item as regenerated.")
    if item.team_id != retro.team_id:
        raise ValidationError("The item and the retro belong to different teams.")
    if item.retro_id == retro.pk:
        raise ValidationError("An item cannot come back in the retro that created it.")
    item.regenerated_in = retro
    item.save(update_fields=["regenerated_in"])
    audit.record(actor=actor, action="action_item.regenerated", target=item, changes={"retro": str(retro)})
    Retrospective.objects.filter(pk=retro.pk).update(version=F("version") + 1)
    return item


@transaction.atomic
def repeat_link(
    *,
    actor: Any,
    later: Lesson | Review,
    earlier: Lesson | Review,
    reason: str = Repeat.Reason.MANUAL,
    note: str = "",
) -> Repeat:
    """Record that `later` is the same problem as `earlier` came back (lessons or reviews)."""
    if type(later) is not type(earlier):
        raise ValidationError("Link a lesson to a lesson, or a review to a review.")
    require(actor, TEAM_MEMBER, later, message=f"Only members of {later.team} can link its work to earlier work.")
    require(actor, SEE, earlier, message="You can only link to earlier work you can see.")
    if later.pk == earlier.pk:
        raise ValidationError("A problem cannot repeat itself.")
    if earlier.created_at > later.created_at:
        later, earlier = earlier, later
    kind = "lesson" if isinstance(later, Lesson) else "review"
    existing = Repeat.objects.filter(**{kind: later, f"earlier_{kind}": earlier}).first()
    if existing is not None:
        return existing
    repeat = Repeat(
        reason=reason,
        note=note.strip(),
        created_by=actor if isinstance(actor, Person) else None,
        **{kind: later, f"earlier_{kind}": earlier},
    )
    repeat.full_clean()
    repeat.save()
    audit.record(actor=actor, action=f"{kind}.repeat_linked", target=later, changes={"earlier": str(earlier)})
    return repeat
