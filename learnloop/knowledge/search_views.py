"""The search page (one search over everything the viewer may read) and the "seen before?" panel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from learnloop.core.access import SIGNED_IN
from learnloop.knowledge.search import ResultPage, search_for
from learnloop.knowledge.search_sources import KIND_LABELS
from learnloop.knowledge.similar import similar_to
from learnloop.loops import selectors, services
from learnloop.loops.models import Lesson, Repeat, Review
from learnloop.people.models import Team
from learnloop.people.selectors import get_team_for
from learnloop.people.views import actor

MAX_QUERY = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search for",
        required=False,
        max_length=MAX_QUERY,
        strip=False,
        error_messages={
            "max_length": "Search for at most %(limit_value)d characters (this has %(show_value)d): a few telling "
            "words find more than a whole paragraph."
        },
    )
    kind = forms.ChoiceField(label="Kind", choices=[("", "Every kind"), *KIND_LABELS.items()], required=False)
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.order_by("path"),
        to_field_name="slug",
        required=False,
        empty_label="Every team",
    )
    tag = forms.CharField(label="Tag", required=False, max_length=50)
    since = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError("The period starts after it ends.")
        return data


def run_search(request: HttpRequest, form: SearchForm) -> ResultPage | None:
    if not form.is_valid() or not form.cleaned_data["q"].strip():
        return None
    data = form.cleaned_data
    return search_for(
        actor(request),
        data["q"],
        kinds=[data["kind"]] if data["kind"] else None,
        team=data["team"],
        tag=data["tag"],
        since=data["since"],
        until=data["until"],
        page=data["page"] or 1,
    )


@SIGNED_IN
def search_page(request: HttpRequest) -> HttpResponse:
    """Lessons, reviews, retro summaries, playbooks and decision notes the viewer may read, best match first."""
    form = SearchForm(request.GET or None)
    context = {"form": form, "results": run_search(request, form)}
    if request.headers.get("HX-Request"):
        return render(request, "knowledge/_search_results.html", context)
    return render(request, "knowledge/search.html", context)


# --- "Seen before?" ------------------------------------------------------------------------------

# The writing forms' text fields the panel reads (review, lesson and card forms).
TEXT_FIELDS = ("title", "summary", "impact", "detection", "went_well", "got_lucky", "body", "detail", "text")
MAX_TEXT = 5000
MIN_WORDS = 3
SUGGESTIONS = 5


@dataclass
class Writing:
    """What is being written, as the panel sees it: whose it is and what it may be linked to."""

    team: Team
    exclude: list[tuple[str, int]]
    later: Review | Lesson | None = None
    categories: list[str] | None = None


def _writing(viewer: Any, data: QueryDict) -> Writing:
    """Resolve the panel's subject (404 for anything the viewer may not see, 400 for nonsense)."""
    subject = data.get("subject", "")
    try:
        if subject == "review":
            review = selectors.get_review_for(viewer, int(data.get("object", "")))
            names = [factor.category.name for factor in review.factors.select_related("category")]
            return Writing(team=review.team, exclude=[("review", review.pk)], later=review, categories=names)
        if subject == "lesson":
            lesson = selectors.get_lesson_for(viewer, int(data.get("object", "")))
            return Writing(team=lesson.team, exclude=[("lesson", lesson.pk)], later=lesson)
        if subject == "card":
            retro = selectors.get_retro_for(viewer, int(data.get("retro", "")))
            return Writing(team=retro.team, exclude=[])
        if subject == "review-new":
            return Writing(team=get_team_for(viewer, data.get("team", "")), exclude=[])
    except ValueError:
        raise SuspiciousOperation("The panel sent an id that is not a number.") from None
    raise SuspiciousOperation(f"Unknown subject {subject!r}.")


@require_POST
@SIGNED_IN
def seen_before(request: HttpRequest) -> HttpResponse:
    """Similar items from other teams for the text being written. Stores nothing (a card may be anonymous)."""
    viewer = actor(request)
    writing = _writing(viewer, request.POST)
    text = "\n".join(request.POST.get(name, "") for name in TEXT_FIELDS)[:MAX_TEXT]
    suggestions = []
    if len(text.split()) >= MIN_WORDS:
        suggestions = similar_to(
            viewer,
            text,
            top=SUGGESTIONS,
            exclude_team_ids=[writing.team.pk],
            exclude=writing.exclude,
            categories=writing.categories or (),
        )
    later = writing.later
    linkable = "review" if isinstance(later, Review) else "lesson" if isinstance(later, Lesson) else None
    linked: set[int] = set()
    if isinstance(later, Review):
        linked = set(Repeat.objects.filter(review=later).values_list("earlier_review_id", flat=True))
        linked |= set(Repeat.objects.filter(earlier_review=later).values_list("review_id", flat=True))
    elif isinstance(later, Lesson):
        linked = set(Repeat.objects.filter(lesson=later).values_list("earlier_lesson_id", flat=True))
        linked |= set(Repeat.objects.filter(earlier_lesson=later).values_list("lesson_id", flat=True))
    return render(
        request,
        "knowledge/_seen_before_results.html",
        {
            "suggestions": suggestions,
            "enough": len(text.split()) >= MIN_WORDS,
            "linkable": linkable,
            "later": later,
            "linked": linked,
        },
    )


@require_POST
@SIGNED_IN
def seen_before_accept(request: HttpRequest) -> HttpResponse:
    """The writer says a suggestion is the same problem: record the repeat through the loop's service."""
    viewer = actor(request)
    subject = request.POST.get("subject", "")
    try:
        later_id, earlier_id = int(request.POST.get("object", "")), int(request.POST.get("earlier", ""))
    except ValueError:
        raise SuspiciousOperation("The suggestion sent an id that is not a number.") from None
    later: Review | Lesson
    earlier: Review | Lesson
    if subject == "review":
        later, earlier = selectors.get_review_for(viewer, later_id), selectors.get_review_for(viewer, earlier_id)
    elif subject == "lesson":
        later, earlier = selectors.get_lesson_for(viewer, later_id), selectors.get_lesson_for(viewer, earlier_id)
    else:
        raise SuspiciousOperation(f"Unknown subject {subject!r}.")
    error = ""
    try:
        services.repeat_link(
            actor=viewer,
            later=later,
            earlier=earlier,
            reason=Repeat.Reason.SEEN_BEFORE,
            note='Accepted a "seen before?" suggestion.',
        )
    except ValidationError as problem:
        error = " ".join(problem.messages)
    if request.headers.get("HX-Request"):
        return render(request, "knowledge/_seen_before_linked.html", {"earlier": earlier, "error": error})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"Linked as the same problem as “{earlier}”.")
    return redirect("review" if subject == "review" else "lesson", pk=later.pk)
