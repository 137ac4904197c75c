"""Knowledge's parts of pages the loop owns: playbook revisions on an action item, reuse on a lesson.

Registered through the loop's page-panel registry and signal, so the loop never imports knowledge."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from learnloop.knowledge import reuse, selectors, services
from learnloop.knowledge.models import ReuseEvent
from learnloop.knowledge.rules import EDIT_KNOWLEDGE
from learnloop.knowledge.services.reuse import is_other_team
from learnloop.knowledge.views.reuse import panel_context
from learnloop.loops.models import ActionItem, Lesson
from learnloop.loops.page_panels import PagePanel, register_action_item_panel, register_lesson_panel
from learnloop.loops.signals import lesson_viewed
from learnloop.people.models import Person, Team
from learnloop.people.selectors import TeamPanel, register_team_panel


@register_action_item_panel
def playbook_revisions_panel(item: ActionItem, viewer: Any) -> PagePanel | None:
    """On a done item: the playbook revisions written from its change, and a way to write one."""
    if item.change_id is None:
        if item.status == ActionItem.Status.OPEN:
            return PagePanel(template="knowledge/_change_hint.html")
        return None
    revisions = (
        selectors.playbooks_visible_to(viewer)
        .filter(revisions__change_id=item.change_id)
        .values_list("pk", "title", "revisions__number")
        .order_by("title", "revisions__number")
    )
    may_write = isinstance(viewer, Person) and (EDIT_KNOWLEDGE.allows(viewer, item.team) or viewer.memberships.exists())
    return PagePanel(
        template="knowledge/_change_panel.html",
        context={"item": item, "revisions": list(revisions), "may_write": may_write},
    )


@register_lesson_panel
def lesson_reuse_panel(lesson: Lesson, viewer: Any) -> PagePanel | None:
    if not isinstance(viewer, Person):
        return None
    return PagePanel(
        template="knowledge/_reuse_panel.html",
        context=panel_context("lesson", lesson, other=is_other_team(viewer, lesson)),
    )


@receiver(lesson_viewed, dispatch_uid="knowledge.lesson_opened")
def count_lesson_opened(sender: Any, lesson: Lesson, viewer: Any, **kwargs: Any) -> None:
    """A person of another team opened a lesson: count it (once a day per person)."""
    if isinstance(viewer, Person):
        services.reuse_record(actor=viewer, item=lesson, action=ReuseEvent.Action.OPENED)


@register_team_panel
def team_knowledge_panel(team: Team, viewer: Person) -> TeamPanel:
    """The team's playbooks and decision notes the viewer may read, the stale ones, and its reuse rate."""
    start, end = reuse.window()
    rates = {row.team.pk: row for row in reuse.team_reuse(start=start, end=end)[0] if row.team is not None}
    return TeamPanel(
        template="knowledge/_team_knowledge_panel.html",
        context={
            "team": team,
            "playbooks": list(selectors.playbooks_visible_to(viewer).filter(team=team).order_by("title")[:10]),
            "stale": selectors.stale_playbooks(viewer).filter(team=team).count(),
            "decisions": selectors.decisions_visible_to(viewer).filter(team=team).count(),
            "rate": rates.get(team.pk),
            "days": reuse.DEFAULT_WINDOW_DAYS,
            "may_write": EDIT_KNOWLEDGE.allows(viewer, team),
            "today": timezone.localdate(),
        },
    )
