"""Who may do what with pulses and questions. Pages, API and CLI all check these rules."""

from __future__ import annotations

from typing import Any

from learnloop.core.access import Rule
from learnloop.people.models import Membership, Person, Role, Team
from learnloop.people.rules import manages_team


def designs_surveys(actor: Any, obj: Any = None) -> bool:
    """Admins and people analysts define instruments and run pulses."""
    return isinstance(actor, Person) and (actor.is_admin or actor.is_analyst)


def sees_all_results(actor: Any, obj: Any = None) -> bool:
    return designs_surveys(actor)


def manages_any_team(actor: Any) -> bool:
    return isinstance(actor, Person) and Membership.objects.filter(person=actor, role=Role.MANAGER).exists()


def answers_for(actor: Any, question: Any) -> bool:
    """Who answers (and moderates) a question: admins; the managers of the team it is
    addressed to; the manager it is addressed to."""
    if not isinstance(actor, Person):
        return False
    if actor.is_admin:
        return True
    if getattr(question, "to", None) == "team" and isinstance(question.team, Team):
        return manages_team(actor, question.team)
    if getattr(question, "to", None) == "manager":
        return question.manager_id == actor.pk
    return False


DESIGN_SURVEYS = Rule("design-surveys", "the people-analyst or admin role", designs_surveys)
ANSWER_QUESTION = Rule("answer-question", "the question's addressee (or an admin)", answers_for)
