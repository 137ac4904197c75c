"""Pages for what the loop yields: lessons, action items that end in a change, and the loop measures."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from learnloop.core.access import SIGNED_IN, require
from learnloop.loops import selectors, services
from learnloop.loops.models import ActionItem, Lesson, Repeat
from learnloop.loops.page_panels import action_item_panels, lesson_panels
from learnloop.loops.review_forms import (
    ActionItemForm,
    CompleteForm,
    DropForm,
    LessonForm,
    PeriodForm,
    RepeatForm,
    parse_tags,
)
from learnloop.loops.rules import OWN_OR_FACILITATE, SEE, TEAM_MEMBER
from learnloop.loops.signals import lesson_viewed
from learnloop.people.models import Membership, Person, Role
from learnloop.people.views import actor, add_errors

PAGE_SIZE = 50


# --- Lessons ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Where a lesson came from, as the viewer may see it."""

    description: str
    title: str
    url: str | None


def lesson_source(lesson: Lesson, viewer: Any) -> Source:
    """A card or card group links to its retro; a timeline entry, factor or review to the review.
    A source the viewer may not see is named only by its team."""
    part = lesson.source_card or lesson.source_group
    if part is not None:
        retro = part.retro
        if not SEE.allows(viewer, retro):
            return Source(f"A retro of {retro.team} that is not shared with you", "", None)
        what = "A card" if lesson.source_card is not None else f"The card group “{part}”"
        return Source(f"{what} in the retro", retro.title, reverse("retro", kwargs={"pk": retro.pk}))
    entry, factor = lesson.source_timeline_entry, lesson.source_factor
    if entry is not None:
        review, what = entry.review, f"The timeline entry “{entry.text[:80]}” of the review"
    elif factor is not None:
        review, what = factor.review, f"The contributing factor “{factor.category}” of the review"
    elif lesson.source_review is not None:
        review, what = lesson.source_review, "The review"
    else:  # the database guarantees a source; say so plainly if that ever breaks
        return Source("An unknown source", "", None)
    if not SEE.allows(viewer, review):
        return Source(f"A review of {review.team} that is not shared with you", "", None)
    return Source(what, review.title, reverse("review", kwargs={"pk": review.pk}))


def _visible_repeats(lesson: Lesson, viewer: Any) -> list[tuple[str, Lesson]]:
    """("same problem as" | "came back in", the other lesson), only lessons the viewer may see."""
    pairs: list[tuple[str, Lesson]] = []
    for link in selectors.repeats_of_lesson(lesson).order_by("created_at", "id"):
        if link.lesson_id == lesson.pk and link.earlier_lesson is not None:
            pairs.append(("Same problem as", link.earlier_lesson))
        elif link.lesson is not None:
            pairs.append(("Came back in", link.lesson))
    seen = set(
        selectors.visible(Lesson.objects.filter(pk__in=[other.pk for _, other in pairs]), viewer).values_list(
            "pk", flat=True
        )
    )
    return [(relation, other) for relation, other in pairs if other.pk in seen]


def _lesson_page(request: HttpRequest, lesson: Lesson, **forms: Any) -> HttpResponse:
    viewer = actor(request)
    is_member = TEAM_MEMBER.allows(viewer, lesson)
    context: dict[str, Any] = {
        "lesson": lesson,
        "source": lesson_source(lesson, viewer),
        "tags": list(lesson.tags.all()),
        "items": lesson.action_items.select_related("owner", "change").order_by("due_on", "id"),
        "repeats": _visible_repeats(lesson, viewer),
        "is_member": is_member,
        "today": timezone.localdate(),
        "panels": lesson_panels(lesson, viewer),
    }
    if is_member:
        context["action_form"] = forms.get("action_form") or ActionItemForm(team=lesson.team)
        context["repeat_form"] = forms.get("repeat_form") or RepeatForm()
    return render(request, "loops/lesson.html", context)


@SIGNED_IN
def lesson_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = selectors.get_lesson_for(actor(request), pk)
    lesson_viewed.send(sender=Lesson, lesson=lesson, viewer=actor(request))
    return _lesson_page(request, lesson)


@SIGNED_IN
def lesson_edit(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = actor(request)
    lesson = selectors.get_lesson_for(viewer, pk)
    require(viewer, TEAM_MEMBER, lesson, message=f"Only members of {lesson.team} edit its lessons.")
    initial = {
        "title": lesson.title,
        "detail": lesson.detail,
        "tags": ", ".join(lesson.tags.values_list("name", flat=True)),
        "visibility": lesson.visibility,
    }
    form = LessonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.lesson_update(
                actor=viewer,
                lesson=lesson,
                title=data["title"],
                detail=data["detail"],
                tags=parse_tags(data["tags"]),
                visibility=data["visibility"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Lesson saved.")
            return redirect("lesson", pk=lesson.pk)
    return render(request, "loops/lesson_edit.html", {"lesson": lesson, "form": form})


@require_POST
@SIGNED_IN
def lesson_repeat(request: HttpRequest, pk: int) -> HttpResponse:
    """Link this lesson to an earlier one the viewer can see: the same problem again."""
    viewer = actor(request)
    lesson = selectors.get_lesson_for(viewer, pk)
    form = RepeatForm(request.POST)
    if form.is_valid():
        try:
            earlier = selectors.get_lesson_for(viewer, form.cleaned_data["earlier"])
        except Http404:
            form.add_error("earlier", f"There is no lesson #{form.cleaned_data['earlier']} that you can see.")
        else:
            try:
                services.repeat_link(
                    actor=viewer,
                    later=lesson,
                    earlier=earlier,
                    reason=Repeat.Reason.MANUAL,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, f"Linked as the same problem as “{earlier}”.")
                return redirect("lesson", pk=lesson.pk)
    return _lesson_page(request, lesson, repeat_form=form)


@require_POST
@SIGNED_IN
def lesson_action_create(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = actor(request)
    lesson = selectors.get_lesson_for(viewer, pk)
    form = ActionItemForm(request.POST, team=lesson.team)
    if form.is_valid():
        try:
            item = services.action_item_create(actor=viewer, lesson=lesson, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Action item added for {item.owner}.")
            return redirect("lesson", pk=lesson.pk)
    return _lesson_page(request, lesson, action_form=form)


# --- Action items -------------------------------------------------------------------------------


def _open_first(items: QuerySet[ActionItem]) -> QuerySet[ActionItem]:
    return (
        items.select_related("team", "owner", "lesson", "change")
        .annotate(
            closed_order=Case(
                When(status=ActionItem.Status.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("closed_order", "due_on", "-closed_at", "id")
    )


def facilitated_items(person: Person) -> QuerySet[ActionItem]:
    """Items of the teams a person facilitates: as facilitator or manager, and below a team they manage."""
    if person.is_admin:
        return ActionItem.objects.all()
    roles = Membership.objects.filter(person=person, role__in=[Role.FACILITATOR, Role.MANAGER]).select_related("team")
    condition = Q(pk__in=[])
    for membership in roles:
        if membership.role == Role.MANAGER:
            condition |= Q(team__path__startswith=membership.team.path)
        else:
            condition |= Q(team=membership.team)
    return ActionItem.objects.filter(condition)


@SIGNED_IN
def action_items(request: HttpRequest) -> HttpResponse:
    """My action items (open first, overdue marked), and a tab for the teams I facilitate."""
    viewer = actor(request)
    tab = "team" if request.GET.get("tab") == "team" else "mine"
    facilitated = facilitated_items(viewer)
    items = facilitated if tab == "team" else ActionItem.objects.filter(owner=viewer)
    page = Paginator(_open_first(items), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "loops/action_items.html",
        {
            "page": page,
            "tab": tab,
            "facilitates": facilitated.exists() if tab == "mine" else True,
            "today": timezone.localdate(),
        },
    )


def _item_page(request: HttpRequest, item: ActionItem, *, drop_form: DropForm | None = None) -> HttpResponse:
    can_close = item.status == ActionItem.Status.OPEN and OWN_OR_FACILITATE.allows(actor(request), item)
    return render(
        request,
        "loops/action_item.html",
        {
            "item": item,
            "can_close": can_close,
            "drop_form": drop_form or DropForm(),
            "today": timezone.localdate(),
            "panels": action_item_panels(item, actor(request)),
        },
    )


@SIGNED_IN
def action_item(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_page(request, selectors.get_action_item_for(actor(request), pk))


@SIGNED_IN
def action_item_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """Close an item as done: what changed and where. Without a change it stays open."""
    viewer = actor(request)
    item = selectors.get_action_item_for(viewer, pk, write=True)
    if item.status != ActionItem.Status.OPEN:
        messages.info(request, f"This action item is already {item.get_status_display().lower()}.")
        return redirect("action-item", pk=item.pk)
    form = CompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.action_item_complete(actor=viewer, item=item, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Done: {change.what} ({change.where}).")
            return redirect("action-item", pk=item.pk)
    return render(
        request,
        "loops/action_item_complete.html",
        {"item": item, "form": form, "panels": action_item_panels(item, viewer)},
    )


@require_POST
@SIGNED_IN
def action_item_drop(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = actor(request)
    item = selectors.get_action_item_for(viewer, pk, write=True)
    form = DropForm(request.POST)
    if form.is_valid():
        try:
            services.action_item_drop(actor=viewer, item=item, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Action item dropped; the reason is kept with it.")
            return redirect("action-item", pk=item.pk)
    return _item_page(request, item, drop_form=form)


# --- Measures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureDefinition:
    key: str
    name: str
    behaviour: str
    formula: str
    percent: bool = False


MEASURES = [
    MeasureDefinition(
        "follow_through",
        "Follow-through",
        "Teams do what they decided, and it changes something.",
        "Action items done with a recorded change on or before their due date, divided by the action "
        "items whose due date fell in the period (and has passed).",
        percent=True,
    ),
    MeasureDefinition(
        "median_days_lesson_to_change",
        "Days from lesson to change (median)",
        "How quickly a lesson becomes a change to how people work.",
        "For every change recorded in the period: the days from the lesson's creation to the change; the median.",
    ),
    MeasureDefinition(
        "repeat_rate",
        "Repeat rate",
        "Whether the same problems keep coming back.",
        "Lessons created in the period that are linked as a repeat of an earlier lesson, divided by the "
        "lessons created in the period.",
        percent=True,
    ),
    MeasureDefinition(
        "regenerated_items",
        "Regenerated items",
        "Changes that did not hold: the problem came back in a later retro.",
        "Action items marked as having come back in a retro held in the period.",
    ),
    MeasureDefinition(
        "open_items",
        "Open items",
        "Work the team still owes itself.",
        "Action items open now (not limited to the period).",
    ),
    MeasureDefinition(
        "overdue_items",
        "Overdue items",
        "Promises the team is late on.",
        "Open action items whose due date has passed (now, not limited to the period).",
    ),
]


def _measures_doc() -> str:
    """docs/loop-measures.md beside the code, or nothing when the package was installed without docs."""
    path = Path(settings.BASE_DIR).parent / "docs" / "loop-measures.md"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def measure_cells(measures: selectors.Measures) -> list[tuple[MeasureDefinition, str]]:
    """Each measure with its value as people read it: a percentage, days, a count, or a dash for none."""
    cells = []
    for definition in MEASURES:
        value = getattr(measures, definition.key)
        if value is None:
            shown = "—"
        elif definition.percent:
            shown = f"{value:.0%}"
        elif isinstance(value, float):
            shown = f"{value:g} d"
        else:
            shown = str(value)
        cells.append((definition, shown))
    return cells


@SIGNED_IN
def loop_measures(request: HttpRequest) -> HttpResponse:
    """The organization's measures and one row per team with lessons or action items, for a period."""
    form = PeriodForm(request.GET or None)
    since = until = None
    if form.is_valid():
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    since, until = selectors.measure_period(since, until)
    organization = selectors.loop_measures(since=since, until=until)
    rows = [
        (team, measure_cells(measures)) for team, measures in selectors.loop_measures_by_team(since=since, until=until)
    ]
    return render(
        request,
        "loops/measures.html",
        {
            "form": form,
            "since": since,
            "until": until,
            "organization": measure_cells(organization),
            "definitions": MEASURES,
            "rows": rows,
            "doc": _measures_doc(),
        },
    )
