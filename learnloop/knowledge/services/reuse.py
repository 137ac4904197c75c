"""Recording reuse: a person of another team opened, applied or cited a playbook, lesson or decision note."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from learnloop.core import audit
from learnloop.knowledge.models import DecisionNote, Playbook, ReuseEvent
from learnloop.loops.models import Lesson
from learnloop.loops.rules import can_see
from learnloop.people.models import Membership, Person
from learnloop.people.rules import manages_team

ReusableItem = Playbook | DecisionNote | Lesson

ITEM_FIELD = {Playbook: "playbook", DecisionNote: "decision", Lesson: "lesson"}


def is_other_team(person: Person, item: ReusableItem) -> bool:
    """True when the person is neither a member of the item's team nor a manager above it."""
    if Membership.objects.filter(person=person, team_id=item.team_id).exists():
        return False
    return not manages_team(person, item.team)


def reuse_record(
    *,
    actor: Any,
    item: ReusableItem,
    action: str,
    where: str = "",
    day: datetime.date | None = None,
) -> ReuseEvent | None:
    """Count one reuse. Returns None when nothing is counted: the actor belongs to the owning team, or
    the same person already did the same with the same item that day (no flood from reloads)."""
    if action not in ReuseEvent.Action.values:
        raise ValidationError({"action": f"{action!r} is not opened, applied or cited."})
    if not isinstance(actor, Person):
        return None
    if not can_see(actor, item):
        raise PermissionDenied("This is not shared with you.")
    if action == ReuseEvent.Action.CITED and not where.strip():
        raise ValidationError({"where": "Say where you cited it (a link or a document name)."})
    if not is_other_team(actor, item):
        return None
    field = ITEM_FIELD[type(item)]
    day = day or timezone.localdate()
    if ReuseEvent.objects.filter(person=actor, action=action, day=day, **{field: item}).exists():
        return None
    first_team = Membership.objects.filter(person=actor).order_by("team__path").values_list("team", flat=True).first()
    event = ReuseEvent(
        person=actor,
        reader_team_id=first_team,
        owner_team_id=item.team_id,
        action=action,
        where=where.strip()[:500],
        day=day,
        **{field: item},
    )
    try:
        # Two tabs opening the same page at once: the unique constraint keeps one row.
        with transaction.atomic():
            event.save()
            if action != ReuseEvent.Action.OPENED:
                audit.record(actor=actor, action=f"reuse.{action}", target=item, changes={"where": event.where})
    except IntegrityError:
        return None
    return event
