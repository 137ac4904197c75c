"""The loop's parts of pages `people` owns: due action items on the home page, and the team page's
loop section (measures, overdue items, latest reviews)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from learnloop.loops import selectors
from learnloop.loops.models import ActionItem, Lesson, Review
from learnloop.loops.rules import TEAM_MEMBER
from learnloop.loops.views.items import measure_cells
from learnloop.people.models import Person, Team
from learnloop.people.selectors import DueItem, TeamPanel, register_due_provider, register_team_panel

DUE_SOON_DAYS = 7
LATEST_REVIEWS = 5
OVERDUE_SHOWN = 20


def _due_detail(item: ActionItem, today: datetime.date) -> str:
    days = (item.due_on - today).days
    if days < 0:
        when = f"overdue by {-days} day{'s' if days != -1 else ''}"
    elif days == 0:
        when = "due today"
    else:
        when = f"due in {days} day{'s' if days != 1 else ''} ({item.due_on:%d %b})"
    return f"{item.team} · {when}. Done means something changed: say what and where when you close it."


@register_due_provider
def action_items_due(person: Person) -> list[DueItem]:
    """The person's open action items that are overdue or due within a week."""
    today = timezone.localdate()
    items = (
        ActionItem.objects.filter(
            owner=person, status=ActionItem.Status.OPEN, due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
        )
        .select_related("team")
        .order_by("due_on", "id")
    )
    return [
        DueItem(
            title=f"Action item: {item.title}",
            detail=_due_detail(item, today),
            url=reverse("action-item", kwargs={"pk": item.pk}),
            overdue=item.due_on < today,
        )
        for item in items
    ]


@register_team_panel
def team_loop_panel(team: Team, viewer: Person) -> TeamPanel:
    """Measures for everyone; overdue items only for the team's members; reviews the viewer may see."""
    is_member = TEAM_MEMBER.allows(viewer, team)
    overdue: list[ActionItem] = []
    if is_member:
        overdue = list(
            selectors.overdue_items()
            .filter(team__path__startswith=team.path, lesson__in=selectors.visible(Lesson.objects.all(), viewer))
            .select_related("owner", "team")[:OVERDUE_SHOWN]
        )
    reviews = selectors.visible(Review.objects.filter(team=team), viewer).order_by("-created_at", "-id")
    return TeamPanel(
        template="loops/_team_loop_panel.html",
        context={
            "team": team,
            "measures": measure_cells(selectors.loop_measures(team=team)),
            "is_member": is_member,
            "overdue": overdue,
            "today": timezone.localdate(),
            "reviews": list(reviews[:LATEST_REVIEWS]),
            "reviews_url": reverse("reviews") + f"?team={team.slug}",
            "review_create_url": reverse("review-create", kwargs={"slug": team.slug}) if is_member else None,
            "retros_url": reverse("retros", kwargs={"slug": team.slug}),
        },
    )
