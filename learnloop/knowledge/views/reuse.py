"""Reuse across teams: the "we used this" and "cited" buttons, and the figures per team and organization."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from learnloop.core.access import SIGNED_IN
from learnloop.knowledge import reuse, selectors, services
from learnloop.knowledge.forms import CiteForm
from learnloop.knowledge.models import ReuseEvent
from learnloop.knowledge.services.reuse import ReusableItem, is_other_team
from learnloop.loops.selectors import get_lesson_for
from learnloop.people.views import actor

WINDOWS = [30, 90, 365]


def reuse_context(request: HttpRequest, kind: str, item: ReusableItem, *, count_open: bool = True) -> dict[str, Any]:
    """What an item page shows about reuse; opening the page counts as "opened" for another team."""
    viewer = actor(request)
    other = is_other_team(viewer, item)
    if other and count_open:
        services.reuse_record(actor=viewer, item=item, action=ReuseEvent.Action.OPENED)
    return {"reuse_panel": panel_context(kind, item, other=other)}


def panel_context(kind: str, item: ReusableItem, *, other: bool) -> dict[str, Any]:
    """The context of knowledge/_reuse_panel.html (as `panel`)."""
    return {
        "reuse": reuse.item_reuse(kind, item.pk),
        "reuse_events": reuse.recent_events(kind, item.pk),
        "reuse_kind": kind,
        "reuse_pk": item.pk,
        "other_team": other,
        "cite_form": CiteForm(),
    }


def item_for(viewer: Any, kind: str, pk: int) -> tuple[ReusableItem, str]:
    """The item (404 when missing or not shared) and the name of its page's route."""
    if kind == "playbook":
        return selectors.get_playbook_for(viewer, pk), "playbook"
    if kind == "decision":
        return selectors.get_decision_for(viewer, pk), "decision"
    if kind == "lesson":
        return get_lesson_for(viewer, pk), "lesson"
    raise Http404("No such kind of knowledge.")


@require_POST
@SIGNED_IN
def reuse_mark(request: HttpRequest, kind: str, pk: int, action: str) -> HttpResponse:
    """ "We used this" (applied) or "we cited this" (cited, with where) from a person of another team."""
    viewer = actor(request)
    item, route = item_for(viewer, kind, pk)
    if action not in (ReuseEvent.Action.APPLIED, ReuseEvent.Action.CITED):
        raise Http404("Mark a use as applied or cited.")
    where = ""
    if action == ReuseEvent.Action.CITED:
        form = CiteForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Say where you cited it (a link or a document name).")
            return redirect(route, pk=pk)
        where = form.cleaned_data["where"]
    if not is_other_team(viewer, item):
        messages.info(request, f"Reuse counts other teams only; this belongs to {item.team}.")
        return redirect(route, pk=pk)
    try:
        event = services.reuse_record(actor=viewer, item=item, action=action, where=where)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(route, pk=pk)
    if event is None:
        messages.info(request, "Already counted today. Thank you!")
    else:
        messages.success(request, "Thank you: the owning team sees that their knowledge travelled.")
    return redirect(route, pk=pk)


@SIGNED_IN
def reuse_figures(request: HttpRequest) -> HttpResponse:
    """Cross-team reuse rate per team and for the organization, over 30, 90 or 365 days."""
    try:
        days = int(request.GET.get("days", reuse.DEFAULT_WINDOW_DAYS))
    except ValueError:
        days = reuse.DEFAULT_WINDOW_DAYS
    if days not in WINDOWS:
        days = reuse.DEFAULT_WINDOW_DAYS
    start, end = reuse.window(days)
    teams, organization = reuse.team_reuse(start=start, end=end)
    return render(
        request,
        "knowledge/reuse.html",
        {"teams": teams, "organization": organization, "days": days, "windows": WINDOWS, "start": start, "end": end},
    )
