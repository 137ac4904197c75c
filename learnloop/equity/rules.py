"""Who may do what with opportunities, audits and speaking orders. Pages, API and CLI check these rules."""

from __future__ import annotations

from typing import Any

from learnloop.core.access import Rule
from learnloop.loops.rules import FACILITATE
from learnloop.people.models import Membership, Person, Role
from learnloop.people.rules import ANALYST


def _posts_opportunities(actor: Any, obj: Any = None) -> bool:
    """Admins, and anyone who manages a team."""
    if not isinstance(actor, Person):
        return False
    return actor.is_admin or Membership.objects.filter(person=actor, role=Role.MANAGER).exists()


def _decides(actor: Any, opportunity: Any) -> bool:
    """The person who posted the opportunity, and admins."""
    if not isinstance(actor, Person):
        return False
    return actor.is_admin or getattr(opportunity, "posted_by_id", None) == actor.pk


POST_OPPORTUNITY = Rule("post-opportunity", "a manager of a team (or an admin)", _posts_opportunities)
DECIDE_APPLICATIONS = Rule("decide-applications", "the person who posted it (or an admin)", _decides)
# Who sees a team's quiet members: its facilitators and managers (loops' rule), never anyone else.
SEE_SILENCE = FACILITATE

__all__ = ["ANALYST", "DECIDE_APPLICATIONS", "POST_OPPORTUNITY", "SEE_SILENCE"]
