"""Decision-note pages: the list, one note, writing and editing (with the stale-edit merge)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from learnloop.core.access import SIGNED_IN, require
from learnloop.knowledge import selectors, services
from learnloop.knowledge.docs_as_code import decision_markdown
from learnloop.knowledge.forms import DecisionForm
from learnloop.knowledge.models import DecisionNote
from learnloop.knowledge.rules import EDIT_KNOWLEDGE
from learnloop.knowledge.services.playbooks import plain_text
from learnloop.knowledge.views.reuse import reuse_context
from learnloop.loops.review_forms import parse_tags
from learnloop.people.models import Person, Team
from learnloop.people.selectors import get_team_for
from learnloop.people.views import actor, add_errors

PAGE_SIZE = 25


@SIGNED_IN
def decision_list(request: HttpRequest) -> HttpResponse:
    viewer = actor(request)
    notes = selectors.decisions_visible_to(viewer).select_related("team", "superseded_by")
    team = Team.objects.filter(slug=request.GET.get("team", "")).first()
    if team is not None:
        notes = notes.filter(team=team)
    status = request.GET.get("status", "")
    if status in DecisionNote.Status.values:
        notes = notes.filter(status=status)
    page = Paginator(notes.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    my_teams = Team.objects.filter(memberships__person=viewer).order_by("path")
    return render(
        request,
        "knowledge/decision_list.html",
        {
            "page": page,
            "team": team,
            "status": status,
            "statuses": DecisionNote.Status.choices,
            "my_teams": my_teams,
        },
    )


def _fields(viewer: Person, form: DecisionForm) -> dict[str, Any] | None:
    """The service's arguments, or None after adding an error when the successor cannot be found."""
    data = form.cleaned_data
    successor = None
    if data["superseded_by"]:
        successor = selectors.decisions_visible_to(viewer).filter(pk=data["superseded_by"]).first()
        if successor is None:
            form.add_error("superseded_by", f"There is no decision note #{data['superseded_by']} that you can see.")
            return None
    return {
        "title": data["title"],
        "context": data["context"],
        "options": data["options"],
        "decision": data["decision"],
        "consequences": data["consequences"],
        "status": data["status"],
        "superseded_by": successor,
        "review_on": data["review_on"],
        "visibility": data["visibility"],
        "tags": parse_tags(data["tags"]),
    }


@SIGNED_IN
def decision_create(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = actor(request)
    team = get_team_for(viewer, slug)
    require(viewer, EDIT_KNOWLEDGE, team, message=f"Only members of {team} write its decision notes.")
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (fields := _fields(viewer, form)) is not None:
        try:
            note = services.decision_create(actor=viewer, team=team, **fields)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Decision note saved.")
            return redirect("decision", pk=note.pk)
    return render(request, "knowledge/decision_form.html", {"form": form, "team": team})


@SIGNED_IN
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = actor(request)
    note = selectors.get_decision_for(viewer, pk)
    context = {
        "note": note,
        "tags": list(note.tags.all()),
        "supersedes": list(selectors.decisions_visible_to(viewer).filter(superseded_by=note)),
        "successor_visible": note.superseded_by_id is not None
        and selectors.decisions_visible_to(viewer).filter(pk=note.superseded_by_id).exists(),
        "can_edit": EDIT_KNOWLEDGE.allows(viewer, note),
        **reuse_context(request, "decision", note),
    }
    return render(request, "knowledge/decision.html", context)


@SIGNED_IN
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = actor(request)
    note = selectors.get_decision_for(viewer, pk, write=True)
    differences: list[tuple[str, str]] = []
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid() and (fields := _fields(viewer, form)) is not None:
            try:
                services.decision_update(actor=viewer, note=note, version=form.cleaned_data["version"] or 0, **fields)
            except services.StaleEdit as error:
                saved = DecisionNote.objects.get(pk=note.pk)
                data = request.POST.copy()
                data["version"] = str(saved.version)
                form = DecisionForm(data)
                form.is_valid()
                form.add_error(None, error.messages)
                differences = [
                    (str(DecisionForm.base_fields[name].label or name.capitalize()), getattr(saved, name))
                    for name in DecisionForm.TEXT_FIELDS
                    if plain_text(form.data.get(name, "")) != getattr(saved, name)
                ]
                note = saved
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Decision note saved.")
                return redirect("decision", pk=note.pk)
    else:
        form = DecisionForm(initial=DecisionForm.initial_for(note))
    return render(
        request,
        "knowledge/decision_form.html",
        {"form": form, "note": note, "team": note.team, "differences": differences},
    )


@SIGNED_IN
def decision_export(request: HttpRequest, pk: int) -> HttpResponse:
    note = selectors.get_decision_for(actor(request), pk)
    response = HttpResponse(decision_markdown(note), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{note.slug}.md"'
    return response
