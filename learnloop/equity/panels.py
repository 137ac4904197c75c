"""Equity's parts of pages other apps own: the speaking order (retro board, team page) and, for a
team's facilitators only, the members who have been quiet lately."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from learnloop.equity.models import Application, Opportunity
from learnloop.equity.participation import quiet_members
from learnloop.equity.rules import SEE_SILENCE
from learnloop.equity.selectors import opportunities_for
from learnloop.equity.speaking import speaking_turn, upcoming_order
from learnloop.people.models import Person, Team
from learnloop.people.selectors import (
    DueItem,
    TeamPanel,
    register_due_provider,
    register_speaking_order_provider,
    register_team_panel,
)


@register_speaking_order_provider
def fair_speaking_order(team: Team, present: list[Person], occasion: str) -> list[Person]:
    return speaking_turn(team=team, present=present, occasion=occasion)


@register_team_panel
def team_equity_panel(team: Team, viewer: Person) -> TeamPanel | None:
    order = upcoming_order(team)
    facilitating = SEE_SILENCE.allows(viewer, team)
    if not order and not facilitating:
        return None
    return TeamPanel(
        template="equity/_team_panel.html",
        context={
            "team": team,
            "order": order,
            "quiet": quiet_members(team) if facilitating else None,
            "silence_url": reverse("equity-silence", kwargs={"slug": team.slug}) if facilitating else None,
        },
    )


@register_due_provider
def opportunities_due(person: Person) -> list[DueItem]:
    """Open opportunities the person may still apply for, and decisions waiting on whoever posted."""
    items: list[DueItem] = []
    url = reverse("equity-opportunities")
    open_to_apply = opportunities_for(person).exclude(posted_by=person).exclude(applications__person=person).count()
    if open_to_apply:
        noun = "opportunity is" if open_to_apply == 1 else "opportunities are"
        items.append(
            DueItem(
                title=f"{open_to_apply} learning {noun} open to you",
                detail="Stretch assignments, courses, conferences, mentoring, speaking slots: anyone eligible applies.",
                url=url,
            )
        )
    waiting = (
        Opportunity.objects.filter(
            posted_by=person,
            status=Opportunity.Status.OPEN,
            deadline__lt=timezone.localdate(),
            applications__status=Application.Status.APPLIED,
        )
        .distinct()
        .order_by("deadline")
    )
    for opportunity in waiting[:5]:
        items.append(
            DueItem(
                title=f"Decide on the applications for “{opportunity.title}”",
                detail=f"Applications closed on {opportunity.deadline:%d %b}; each decision records why.",
                url=reverse("equity-opportunity", kwargs={"pk": opportunity.pk}),
                overdue=True,
            )
        )
    return items
