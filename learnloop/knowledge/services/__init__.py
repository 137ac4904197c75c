"""Every write of the knowledge app. Split by subject; import from here."""

from __future__ import annotations

from learnloop.knowledge.services.decisions import decision_create, decision_update
from learnloop.knowledge.services.playbooks import (
    StaleEdit,
    playbook_create,
    playbook_mark_reviewed,
    playbook_update,
)
from learnloop.knowledge.services.reuse import reuse_record

__all__ = [
    "StaleEdit",
    "decision_create",
    "decision_update",
    "playbook_create",
    "playbook_mark_reviewed",
    "playbook_update",
    "reuse_record",
]
