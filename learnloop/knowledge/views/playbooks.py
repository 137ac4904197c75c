"""Playbook pages: the list, stale ones, writing and editing (with the stale-edit merge), revisions and diffs."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from learnloop.core.access import SIGNED_IN, require
from learnloop.knowledge import selectors, services
from learnloop.knowledge.diff import line_diff
from learnloop.knowledge.docs_as_code import playbook_markdown
from learnloop.knowledge.forms import PlaybookForm
from learnloop.knowledge.models import Playbook
from learnloop.knowledge.rules import EDIT_KNOWLEDGE
from learnloop.knowledge.services.playbooks import plain_text
from learnloop.knowledge.views.reuse import reuse_context
from learnloop.loops.models import ActionItem, Change, Lesson
from learnloop.loops.selectors import visible
from learnloop.people.models import Team
from learnloop.people.selectors import get_team_for
from learnloop.people.views import actor, add_errors

PAGE_SIZE = 25


@SIGNED_IN
def playbook_list(request: HttpRequest) -> HttpResponse:
    """Every playbook the viewer may read, by title; filter by team and words in the title."""
    viewer = actor(request)
    playbooks = selectors.playbooks_visible_to(viewer).select_related("team")
    team = Team.objects.filter(slug=request.GET.get("team", "")).first()
    if team is not None:
        playbooks = playbooks.filter(team=team)
    query = request.GET.get("q", "").strip()
    for word in query.split():
        playbooks = playbooks.filter(Q(title__icontains=word) | Q(tags__name__iexact=word)).distinct()
    page = Paginator(playbooks.order_by("title", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    my_teams = Team.objects.filter(memberships__person=viewer).order_by("path")
    return render(
        request,
        "knowledge/playbook_list.html",
        {"page": page, "team": team, "q": query, "today": timezone.localdate(), "my_teams": my_teams},
    )


@SIGNED_IN
def playbook_stale(request: HttpRequest) -> HttpResponse:
    """Playbooks past their review-by date, the longest overdue first."""
    today = timezone.localdate()
    playbooks = selectors.stale_playbooks(actor(request), today=today)
    page = Paginator(playbooks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "knowledge/playbook_stale.html", {"page": page, "today": today})


def _change_from(request: HttpRequest, raw: Any) -> tuple[Change | None, ActionItem | None]:
    """The change named in ?change= (or the form), with its action item, if the viewer may see it."""
    if raw in (None, ""):
        return None, None
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        raise Http404("No such change.") from None
    item = (
        ActionItem.objects.filter(change_id=pk, lesson__in=visible(Lesson.objects.all(), actor(request)))
        .select_related("change", "team")
        .first()
    )
    if item is None or item.change is None:
        raise Http404("No such change, or not shared with you.")
    return item.change, item


@SIGNED_IN
def playbook_create(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = actor(request)
    team = get_team_for(viewer, slug)
    require(viewer, EDIT_KNOWLEDGE, team, message=f"Only members of {team} write its playbooks.")
    change, item = _change_from(request, request.POST.get("change") or request.GET.get("change"))
    initial: dict[str, Any] = {"change": change.pk if change else None}
    if change is not None:
        initial["note"] = f"From the change: {change.what}"[:300]
    form = PlaybookForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            playbook = services.playbook_create(actor=viewer, team=team, change=change, **form.service_fields())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Playbook saved.")
            return redirect("playbook", pk=playbook.pk)
    return render(request, "knowledge/playbook_form.html", {"form": form, "team": team, "change": change, "item": item})


@SIGNED_IN
def playbook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = actor(request)
    playbook = selectors.get_playbook_for(viewer, pk)
    latest = playbook.revisions.select_related("author", "change").first()
    context = {
        "playbook": playbook,
        "latest": latest,
        "tags": list(playbook.tags.all()),
        "can_edit": EDIT_KNOWLEDGE.allows(viewer, playbook),
        "stale": selectors.is_stale(playbook),
        **reuse_context(request, "playbook", playbook),
    }
    return render(request, "knowledge/playbook.html", context)


def _saved_differences(saved: Playbook, form: PlaybookForm) -> list[tuple[str, str]]:
    return [
        (str(PlaybookForm.base_fields[name].label or name.capitalize()), getattr(saved, name))
        for name in PlaybookForm.TEXT_FIELDS
        if plain_text(form.data.get(name, "")) != getattr(saved, name)
    ]


@SIGNED_IN
def playbook_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the playbook. If someone saved meanwhile, keep this person's text in the form, show the newer
    saved text and a diff beside it, and let them save again on top of it: nothing is lost."""
    viewer = actor(request)
    playbook = selectors.get_playbook_for(viewer, pk, write=True)
    change, item = _change_from(request, request.POST.get("change") or request.GET.get("change"))
    differences: list[tuple[str, str]] = []
    theirs = None
    if request.method == "POST":
        form = PlaybookForm(request.POST)
        if form.is_valid():
            try:
                services.playbook_update(
                    actor=viewer,
                    playbook=playbook,
                    version=form.cleaned_data["version"] or 0,
                    change=change,
                    **form.service_fields(),
                )
            except services.StaleEdit as error:
                saved = Playbook.objects.get(pk=playbook.pk)
                data = request.POST.copy()
                data["version"] = str(saved.version)  # the next save merges onto the newer version
                form = PlaybookForm(data)
                form.is_valid()
                form.add_error(None, error.messages)
                differences = _saved_differences(saved, form)
                theirs = line_diff(saved.body, plain_text(form.data.get("body", "")))
                playbook = saved
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Playbook saved.")
                return redirect("playbook", pk=playbook.pk)
    else:
        initial = PlaybookForm.initial_for(playbook)
        if change is not None:
            initial["change"] = change.pk
            initial["note"] = f"From the change: {change.what}"[:300]
        form = PlaybookForm(initial=initial)
    return render(
        request,
        "knowledge/playbook_form.html",
        {
            "form": form,
            "playbook": playbook,
            "team": playbook.team,
            "change": change,
            "item": item,
            "differences": differences,
            "theirs": theirs,
        },
    )


@require_POST
@SIGNED_IN
def playbook_reviewed(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Still right": the text was checked; the next review is due in 180 days."""
    playbook = selectors.get_playbook_for(actor(request), pk, write=True)
    services.playbook_mark_reviewed(actor=actor(request), playbook=playbook)
    messages.success(request, f"Marked as reviewed; the next review is due by {playbook.review_by:%Y-%m-%d}.")
    return redirect("playbook", pk=playbook.pk)


@SIGNED_IN
def playbook_revisions(request: HttpRequest, pk: int) -> HttpResponse:
    playbook = selectors.get_playbook_for(actor(request), pk)
    revisions = playbook.revisions.select_related("author", "change").order_by("-number")
    return render(request, "knowledge/playbook_revisions.html", {"playbook": playbook, "revisions": revisions})


def _item_of(actor_: Any, revision: Any) -> ActionItem | None:
    if revision.change_id is None:
        return None
    return (
        ActionItem.objects.filter(change_id=revision.change_id, lesson__in=visible(Lesson.objects.all(), actor_))
        .select_related("team")
        .first()
    )


@SIGNED_IN
def playbook_revision(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One revision's full text, who wrote it, the change it came from, and its diff to the one before."""
    viewer = actor(request)
    playbook = selectors.get_playbook_for(viewer, pk)
    revision = selectors.get_revision_for(playbook, number)
    previous = playbook.revisions.filter(number__lt=number).order_by("-number").first()
    return render(
        request,
        "knowledge/playbook_revision.html",
        {
            "playbook": playbook,
            "revision": revision,
            "previous": previous,
            "item": _item_of(viewer, revision),
            "diff": line_diff(previous.body if previous else "", revision.body),
        },
    )


@SIGNED_IN
def playbook_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """Compare any two revisions: ?from=N&to=M (default: the latest against the one before)."""
    playbook = selectors.get_playbook_for(actor(request), pk)
    numbers = list(playbook.revisions.order_by("number").values_list("number", flat=True))
    try:
        new = int(request.GET.get("to") or numbers[-1])
        old = int(request.GET.get("from") or (numbers[-2] if len(numbers) > 1 else numbers[-1]))
    except (ValueError, IndexError):
        raise Http404("Give two revision numbers.") from None
    old_revision = selectors.get_revision_for(playbook, old)
    new_revision = selectors.get_revision_for(playbook, new)
    return render(
        request,
        "knowledge/playbook_diff.html",
        {
            "playbook": playbook,
            "old": old_revision,
            "new": new_revision,
            "numbers": numbers,
            "title_changed": old_revision.title != new_revision.title,
            "diff": line_diff(old_revision.body, new_revision.body),
        },
    )


@SIGNED_IN
def playbook_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The playbook as a Markdown file with front matter, the same as `learnloop knowledge export` writes."""
    playbook = selectors.get_playbook_for(actor(request), pk)
    response = HttpResponse(playbook_markdown(playbook), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{playbook.slug}.md"'
    return response


@SIGNED_IN
def change_to_playbook(request: HttpRequest, change_id: int) -> HttpResponse:
    """Write down a recorded change in a playbook: choose which playbook (or start a new one)."""
    viewer = actor(request)
    change, item = _change_from(request, change_id)
    assert change is not None and item is not None  # _change_from raised 404 otherwise
    chosen = request.GET.get("playbook")
    if chosen:
        try:
            playbook = selectors.get_playbook_for(viewer, int(chosen), write=True)
        except ValueError:
            raise Http404("No such playbook.") from None
        return redirect(f"{playbook_edit_url(playbook.pk)}?change={change.pk}")
    editable_teams = [
        team for team in Team.objects.filter(memberships__person=viewer) if EDIT_KNOWLEDGE.allows(viewer, team)
    ]
    playbooks = selectors.playbooks_visible_to(viewer).filter(team__in=editable_teams).select_related("team")
    return render(
        request,
        "knowledge/change_to_playbook.html",
        {"change": change, "item": item, "playbooks": playbooks, "teams": editable_teams},
    )


def playbook_edit_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("playbook-edit", kwargs={"pk": pk})
