"""Who may see and do what in the loop: team-private by default, shared by an explicit act."""

from __future__ import annotations

from typing import Any

from learnloop.core.access import Rule
from learnloop.people.models import Membership, Person, Role, Team
from learnloop.people.rules import manages_team


def _team_of(obj: Any) -> Team | None:
    if isinstance(obj, Team):
        return obj
    return getattr(obj, "team", None)


def is_team_member(actor: Any, obj: Any) -> bool:
    """A member (any role) of the team, or a manager of a team above it, or an admin."""
    team = _team_of(obj)
    if not isinstance(actor, Person) or team is None:
        return False
    if actor.is_admin:
        return True
    if Membership.objects.filter(person=actor, team=team).exists():
        return True
    return manages_team(actor, team)


def belongs_to_team(actor: Any, obj: Any) -> bool:
    """Someone in the team itself, in any role: not an admin or a manager above it as such. Only
    they take part in its retros (and so stand in its speaking order)."""
    team = _team_of(obj)
    if not isinstance(actor, Person) or team is None:
        return False
    return Membership.objects.filter(person=actor, team=team).exists()


def can_see(actor: Any, obj: Any) -> bool:
    """Organization-wide things are seen by everyone signed in; the rest by the team."""
    if not isinstance(actor, Person):
        return False
    if getattr(obj, "visibility", "team") == "organization":
        return True
    return is_team_member(actor, obj)


def facilitates(actor: Any, obj: Any) -> bool:
    """Facilitators and managers of the team (and managers above it), and admins."""
    team = _team_of(obj)
    if not isinstance(actor, Person) or team is None:
        return False
    if manages_team(actor, team):
        return True
    return Membership.objects.filter(person=actor, team=team, role__in=[Role.FACILITATOR, Role.MANAGER]).exists()


def owns_or_facilitates(actor: Any, item: Any) -> bool:
    """An action item's owner, or whoever facilitates its team."""
    return (isinstance(actor, Person) and getattr(item, "owner_id", None) == actor.pk) or facilitates(actor, item)


def edits_review(actor: Any, review: Any) -> bool:
    return (isinstance(actor, Person) and getattr(review, "author_id", None) == actor.pk) or facilitates(actor, review)


TEAM_MEMBER = Rule("team-member", "a member of this team", is_team_member)
IN_TEAM = Rule("in-team", "someone in this team itself", belongs_to_team)
SEE = Rule("see", "access to this team's work, or an organization-wide share", can_see)
FACILITATE = Rule("facilitate", "a facilitator or manager of this team", facilitates)
OWN_OR_FACILITATE = Rule(
    "own-or-facilitate", "the owner of this item or a facilitator of its team", owns_or_facilitates
)
EDIT_REVIEW = Rule("edit-review", "the review's author or a facilitator of its team", edits_review)
