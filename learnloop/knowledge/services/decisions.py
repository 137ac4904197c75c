"""Writes for decision notes: drafting, accepting, superseding (with a version check on every edit)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from learnloop.core import audit
from learnloop.core.access import require
from learnloop.knowledge.models import DecisionNote
from learnloop.knowledge.rules import EDIT_KNOWLEDGE
from learnloop.knowledge.selectors import decisions_visible_to
from learnloop.knowledge.services.playbooks import plain_text, unique_slug
from learnloop.loops.models import Visibility
from learnloop.loops.services import StaleEdit
from learnloop.loops.services.lessons import _tags as tag_objects
from learnloop.people.models import Person, Team

TEXT_FIELDS = ["title", "context", "options", "decision", "consequences"]
STALE_MESSAGE = (
    "Someone else saved this decision note while you were editing. Nothing was overwritten: your text is "
    "kept below. Compare it with the newer saved text, merge, and save again."
)


def _check(
    actor: Any,
    *,
    note: DecisionNote | None,
    title: str,
    status: str,
    superseded_by: DecisionNote | None,
    visibility: str,
) -> None:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "Give the decision a title."
    if status not in DecisionNote.Status.values:
        errors["status"] = f"{status!r} is not a status; choose proposed, accepted or superseded."
    elif status == DecisionNote.Status.SUPERSEDED and superseded_by is None:
        errors["superseded_by"] = "Say which decision note supersedes this one."
    elif status != DecisionNote.Status.SUPERSEDED and superseded_by is not None:
        errors["superseded_by"] = "Only a superseded note names the note that replaces it; set the status too."
    if visibility not in Visibility.values:
        errors["visibility"] = f"{visibility!r} is not a visibility; choose team or organization."
    if superseded_by is not None and "superseded_by" not in errors:
        if not decisions_visible_to(actor).filter(pk=superseded_by.pk).exists():
            errors["superseded_by"] = "There is no decision note with that number that you can see."
        elif note is not None and _leads_back(superseded_by, note):
            errors["superseded_by"] = "A note cannot be superseded by itself or by a note it supersedes."
    if errors:
        raise ValidationError(errors)


def _leads_back(successor: DecisionNote, note: DecisionNote) -> bool:
    """Whether following `superseded_by` from `successor` reaches `note` (a cycle)."""
    seen: set[int] = set()
    current: DecisionNote | None = successor
    while current is not None and current.pk not in seen:
        if current.pk == note.pk:
            return True
        seen.add(current.pk)
        current = current.superseded_by
    return False


@transaction.atomic
def decision_create(
    *,
    actor: Any,
    team: Team,
    title: str,
    context: str = "",
    options: str = "",
    decision: str = "",
    consequences: str = "",
    status: str = DecisionNote.Status.PROPOSED,
    superseded_by: DecisionNote | None = None,
    review_on: datetime.date | None = None,
    visibility: str = Visibility.TEAM,
    tags: list[str] | None = None,
    slug: str = "",
) -> DecisionNote:
    require(actor, EDIT_KNOWLEDGE, team, message=f"Only members of {team} write its decision notes.")
    _check(actor, note=None, title=title, status=status, superseded_by=superseded_by, visibility=visibility)
    note = DecisionNote(
        team=team,
        title=title.strip(),
        slug=unique_slug(DecisionNote, title, wanted=slug),
        context=plain_text(context),
        options=plain_text(options),
        decision=plain_text(decision),
        consequences=plain_text(consequences),
        status=status,
        superseded_by=superseded_by,
        review_on=review_on,
        visibility=visibility,
        created_by=actor if isinstance(actor, Person) else None,
    )
    note.full_clean()
    note.save()
    note.tags.set(tag_objects(tags or []))
    audit.record(actor=actor, action="decision.created", target=note, changes={"status": status})
    return note


@transaction.atomic
def decision_update(
    *,
    actor: Any,
    note: DecisionNote,
    version: int,
    title: str,
    context: str,
    options: str,
    decision: str,
    consequences: str,
    status: str,
    superseded_by: DecisionNote | None,
    review_on: datetime.date | None,
    visibility: str,
    tags: list[str] | None = None,
) -> DecisionNote:
    """Save an edit made on top of `version`; refuse with StaleEdit if someone saved since."""
    require(actor, EDIT_KNOWLEDGE, note, message=f"Only members of {note.team} edit its decision notes.")
    current = DecisionNote.objects.select_for_update().get(pk=note.pk)
    if current.version != version:
        raise StaleEdit(STALE_MESSAGE)
    _check(actor, note=current, title=title, status=status, superseded_by=superseded_by, visibility=visibility)
    fields: dict[str, Any] = {
        "title": title.strip(),
        "context": plain_text(context),
        "options": plain_text(options),
        "decision": plain_text(decision),
        "consequences": plain_text(consequences),
        "status": status,
        "superseded_by": superseded_by,
        "review_on": review_on,
        "visibility": visibility,
    }
    changes = audit.diff(current, fields)
    new_tags = tag_objects(tags) if tags is not None else None
    tags_changed = new_tags is not None and {tag.pk for tag in new_tags} != set(
        current.tags.values_list("pk", flat=True)
    )
    if not changes and not tags_changed:
        return current
    for key, value in fields.items():
        setattr(current, key, value)
    current.version += 1
    current.full_clean()
    current.save(update_fields=[*fields, "version", "updated_at"])
    if new_tags is not None:
        current.tags.set(new_tags)
    audit.record(
        actor=actor,
        action="decision.updated",
        target=current,
        changes={key: "edited" if key in TEXT_FIELDS[1:] else value for key, value in changes.items()},
    )
    return current
