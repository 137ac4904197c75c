"""Reads of knowledge that pages, API, CLI and search share: what a person may see, stale playbooks, reuse."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from learnloop.core.access import require
from learnloop.knowledge.models import DecisionNote, Playbook, PlaybookRevision
from learnloop.knowledge.rules import EDIT_KNOWLEDGE
from learnloop.loops.selectors import visible


def playbooks_visible_to(person: Any) -> QuerySet[Playbook]:
    """Playbooks of the person's teams (and teams below ones they manage) and organization-wide ones.
    Admins and the command line see all; anyone else (or nobody signed in) sees none of the private ones."""
    return visible(Playbook.objects.all(), person)


def decisions_visible_to(person: Any) -> QuerySet[DecisionNote]:
    """Decision notes, by the same rule as playbooks."""
    return visible(DecisionNote.objects.all(), person)


def get_playbook_for(actor: Any, pk: int, *, write: bool = False) -> Playbook:
    """The playbook, or 404 both when missing and when not shared with the actor."""
    try:
        playbook = playbooks_visible_to(actor).select_related("team", "created_by").get(pk=pk)
    except (Playbook.DoesNotExist, ValueError):
        raise Http404("Not found, or not shared with you.") from None
    if write:
        require(actor, EDIT_KNOWLEDGE, playbook)
    return playbook


def get_playbook_by_slug_for(actor: Any, slug: str) -> Playbook:
    try:
        return playbooks_visible_to(actor).select_related("team").get(slug=slug)
    except Playbook.DoesNotExist:
        raise Http404("Not found, or not shared with you.") from None


def get_decision_for(actor: Any, pk: int, *, write: bool = False) -> DecisionNote:
    try:
        note = decisions_visible_to(actor).select_related("team", "created_by", "superseded_by").get(pk=pk)
    except (DecisionNote.DoesNotExist, ValueError):
        raise Http404("Not found, or not shared with you.") from None
    if write:
        require(actor, EDIT_KNOWLEDGE, note)
    return note


def get_revision_for(playbook: Playbook, number: int) -> PlaybookRevision:
    """A revision of a playbook the caller already resolved with get_playbook_for."""
    try:
        return playbook.revisions.select_related("author", "change").get(number=number)
    except PlaybookRevision.DoesNotExist:
        raise Http404("No such revision.") from None


def stale_playbooks(viewer: Any, *, today: datetime.date | None = None) -> QuerySet[Playbook]:
    """Playbooks the viewer may see whose review-by date has passed, the longest overdue first."""
    today = today or timezone.localdate()
    return (
        playbooks_visible_to(viewer)
        .filter(review_by__lt=today)
        .select_related("team")
        .order_by("review_by", "title", "id")
    )


def is_stale(playbook: Playbook, *, today: datetime.date | None = None) -> bool:
    return playbook.review_by < (today or timezone.localdate())
