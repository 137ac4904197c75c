"""Writes for playbooks: creating one, saving a new revision (refused when someone saved meanwhile)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.text import slugify

from learnloop.core import audit
from learnloop.core.access import require
from learnloop.knowledge.models import Playbook, PlaybookRevision
from learnloop.knowledge.rules import EDIT_KNOWLEDGE
from learnloop.loops.models import ActionItem, Change, Visibility
from learnloop.loops.selectors import visible
from learnloop.loops.services import StaleEdit
from learnloop.loops.services.lessons import _tags as tag_objects
from learnloop.people.models import Person, Team

# Reused from the loop so the API's 409 handler covers playbooks too.
__all__ = ["StaleEdit", "playbook_create", "playbook_mark_reviewed", "playbook_update"]

DEFAULT_REVIEW_DAYS = 180
STALE_MESSAGE = (
    "Someone else saved this playbook while you were editing. Nothing was overwritten: your text is kept "
    "below. Compare it with the newer saved text, merge what you want to keep, and save again."
)


def unique_slug(model: type[Model], title: str, *, wanted: str = "", exclude_pk: int | None = None) -> str:
    """A slug from the title (or the one asked for), made unique with -2, -3, … when taken."""
    base = slugify(wanted or title)[:180].strip("-") or "untitled"
    taken = model._default_manager.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    used = set(taken.values_list("slug", flat=True))
    slug, number = base, 2
    while slug in used:
        slug, number = f"{base}-{number}", number + 1
    return slug


def check_change_for(actor: Any, change: Change | None) -> None:
    """A revision may cite a change only when the actor can see the action item it closed."""
    if change is None:
        return
    item = ActionItem.objects.filter(change=change).select_related("lesson").first()
    if item is None or not visible(type(item.lesson).objects.filter(pk=item.lesson_id), actor).exists():
        raise ValidationError({"change": "There is no recorded change with that number that you can see."})


def plain_text(text: str) -> str:
    """Stored text: Unix line ends (browsers send CRLF), no surrounding blank space."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _clean_common(title: str, visibility: str, review_by: datetime.date | None) -> dict[str, str]:
    errors = {}
    if not title.strip():
        errors["title"] = "Give the playbook a title."
    if visibility not in Visibility.values:
        errors["visibility"] = f"{visibility!r} is not a visibility; choose team or organization."
    if review_by is None:
        errors["review_by"] = "Give a review-by date: when should someone check this playbook is still right?"
    return errors


def _revise(
    playbook: Playbook,
    *,
    actor: Any,
    note: str,
    change: Change | None,
    at: datetime.datetime | None = None,
) -> PlaybookRevision:
    number = (playbook.revisions.aggregate(top=Max("number"))["top"] or 0) + 1
    revision = PlaybookRevision(
        playbook=playbook,
        number=number,
        title=playbook.title,
        body=playbook.body,
        note=note.strip()[:300],
        author=actor if isinstance(actor, Person) else None,
        change=change,
        created_at=at or timezone.now(),
    )
    revision.full_clean()
    revision.save()
    return revision


@transaction.atomic
def playbook_create(
    *,
    actor: Any,
    team: Team,
    title: str,
    body: str = "",
    review_by: datetime.date | None = None,
    visibility: str = Visibility.TEAM,
    tags: list[str] | None = None,
    slug: str = "",
    note: str = "",
    change: Change | None = None,
) -> Playbook:
    """A new playbook of the team and its first revision."""
    require(actor, EDIT_KNOWLEDGE, team, message=f"Only members of {team} write its playbooks.")
    review_by = review_by or timezone.localdate() + datetime.timedelta(days=DEFAULT_REVIEW_DAYS)
    errors = _clean_common(title, visibility, review_by)
    if errors:
        raise ValidationError(errors)
    check_change_for(actor, change)
    playbook = Playbook(
        team=team,
        title=title.strip(),
        slug=unique_slug(Playbook, title, wanted=slug),
        body=plain_text(body),
        review_by=review_by,
        visibility=visibility,
        created_by=actor if isinstance(actor, Person) else None,
    )
    playbook.full_clean()
    playbook.save()
    playbook.tags.set(tag_objects(tags or []))
    _revise(playbook, actor=actor, note=note or "First version.", change=change)
    audit.record(actor=actor, action="playbook.created", target=playbook, changes={"team": team.name})
    return playbook


@transaction.atomic
def playbook_update(
    *,
    actor: Any,
    playbook: Playbook,
    version: int,
    title: str,
    body: str,
    review_by: datetime.date | None,
    visibility: str,
    tags: list[str] | None = None,
    note: str = "",
    change: Change | None = None,
) -> Playbook:
    """Save an edit made on top of `version`. If anyone saved since, raise StaleEdit and change nothing.

    A new revision is written when the title or text changed (or a change is cited); a save that
    only moves the review-by date, visibility or tags updates the playbook without one."""
    require(actor, EDIT_KNOWLEDGE, playbook, message=f"Only members of {playbook.team} edit its playbooks.")
    current = Playbook.objects.select_for_update().get(pk=playbook.pk)
    if current.version != version:
        raise StaleEdit(STALE_MESSAGE)
    errors = _clean_common(title, visibility, review_by)
    if errors:
        raise ValidationError(errors)
    check_change_for(actor, change)
    fields = {"title": title.strip(), "body": plain_text(body), "review_by": review_by, "visibility": visibility}
    changes = audit.diff(current, fields)
    new_tags = tag_objects(tags) if tags is not None else None
    tags_changed = new_tags is not None and {tag.pk for tag in new_tags} != set(
        current.tags.values_list("pk", flat=True)
    )
    if not changes and not tags_changed and change is None:
        return current
    for key, value in fields.items():
        setattr(current, key, value)
    current.version += 1
    current.full_clean()
    current.save(update_fields=[*fields, "version", "updated_at"])
    if new_tags is not None:
        current.tags.set(new_tags)
    text_changed = "title" in changes or "body" in changes
    if text_changed or change is not None:
        _revise(current, actor=actor, note=note, change=change)
    audit.record(
        actor=actor,
        action="playbook.updated",
        target=current,
        changes={key: "edited" if key == "body" else value for key, value in changes.items()},
    )
    return current


@transaction.atomic
def playbook_mark_reviewed(*, actor: Any, playbook: Playbook, days: int = DEFAULT_REVIEW_DAYS) -> Playbook:
    """ "Still right": someone of the team checked the text; the next review is due in `days` days.

    Only the date moves, so an edit in progress elsewhere is not made stale by it."""
    require(actor, EDIT_KNOWLEDGE, playbook, message=f"Only members of {playbook.team} review its playbooks.")
    if not 1 <= days <= 3660:
        raise ValidationError({"days": "Give the next review in 1 to 3660 days."})
    old = playbook.review_by
    playbook.review_by = timezone.localdate() + datetime.timedelta(days=days)
    Playbook.objects.filter(pk=playbook.pk).update(review_by=playbook.review_by)
    audit.record(
        actor=actor,
        action="playbook.reviewed",
        target=playbook,
        changes={"review_by": [old.isoformat(), playbook.review_by.isoformat()]},
    )
    return playbook
