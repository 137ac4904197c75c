"""Who may write knowledge: any member of the owning team (and managers above it, and admins).

Reading follows the loop's rule: the owning team, or everyone when shared with the organization."""

from __future__ import annotations

from learnloop.core.access import Rule
from learnloop.loops.rules import can_see, is_team_member

EDIT_KNOWLEDGE = Rule("edit-knowledge", "a member of the owning team", is_team_member)
SEE_KNOWLEDGE = Rule("see-knowledge", "access to this team's knowledge, or an organization-wide share", can_see)
