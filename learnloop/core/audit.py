"""Writing the audit log: services call `record` inside their own transaction."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import models

from learnloop.core.access import SystemActor
from learnloop.core.models import ANONYMOUS, AuditEvent
from learnloop.core.unlinkable import start_of_day

# Anonymous events draw their id from -1 .. -2**62: a collision is as likely as guessing a key.
ANONYMOUS_IDS = 2**62


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit row. `actor` is a person, a SystemActor, or None (anonymous).

    An anonymous act keeps the day only (midnight in the configured time zone) and a random
    negative id instead of the next number: a time, or an id between two named events, would
    place it among what known people did at that moment."""
    user = None
    if actor is None:
        label = ANONYMOUS
    elif isinstance(actor, SystemActor):
        label = str(actor)
    else:
        user = getattr(actor, "user", None)
        label = str(actor)
    event = AuditEvent(
        actor_user=user,
        actor_label=label[:300],
        action=action,
        changes=changes or {},
    )
    if actor is None:
        event.at = start_of_day()
        event.pk = -1 - secrets.randbelow(ANONYMOUS_IDS)
    if target is not None:
        event.target_type = target._meta.label_lower
        event.target_id = str(target.pk)
        event.target_label = str(target)[:300]
    event.save(force_insert=True)
    return event


def diff(instance: models.Model, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value would change; JSON-safe values."""
    changes: dict[str, list[Any]] = {}
    for name, new in fields.items():
        old = getattr(instance, name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
    return changes


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
