"""Who may do what with people and teams. Pages, API and CLI all check these rules.

ADMIN lives in core (it is the account's flags); it is re-exported here for convenience.
"""

from __future__ import annotations

from typing import Any

from learnloop.core.access import ADMIN, Rule
from learnloop.people.models import Membership, Person, Role, Team


def is_analyst(actor: Any, obj: Any = None) -> bool:
    return isinstance(actor, Person) and actor.is_analyst


def manages_team(actor: Any, team: Any) -> bool:
    """Admins, and managers of the team or of any team above it."""
    if not isinstance(actor, Person):
        return False
    if actor.is_admin:
        return True
    if not isinstance(team, Team):
        return False
    return Membership.objects.filter(
        person=actor, role=Role.MANAGER, team_id__in=[*team.ancestor_ids(), team.pk]
    ).exists()


# Analysts' pages (sensitive attributes, the learning audit, participation) are closed to admins
# too; the refusal says so and how the role is given, rather than a bare "not allowed".
ANALYST = Rule("analyst", "the people-analyst role", is_analyst, refusal_template="people/analyst_only.html")
__all__ = ["ADMIN", "ANALYST", "MANAGE_TEAM", "is_analyst", "manages_team"]

MANAGE_TEAM = Rule("manage-team", "a manager of this team (or an admin)", manages_team)
