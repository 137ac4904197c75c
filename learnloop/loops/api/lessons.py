"""Lessons in the JSON API, each with the one source it came from."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.responses import Status

from learnloop.core.web import Id, paged
from learnloop.loops import selectors, services
from learnloop.loops.api.shared import (
    PersonRef,
    RepeatOut,
    RepeatRef,
    referenced,
    router,
    team_filter,
    viewer,
)
from learnloop.loops.models import (
    ContributingFactor,
    Lesson,
    Retrospective,
    Review,
    TimelineEntry,
    Visibility,
)
from learnloop.loops.services.lessons import LessonSource
from learnloop.people.api import TeamRef, actor
from learnloop.people.models import Person

# --- Lessons ----------------------------------------------------------------------------------

SOURCE_FIELDS = {
    "source_card": "card",
    "source_group": "group",
    "source_timeline_entry": "timeline_entry",
    "source_factor": "factor",
    "source_review": "review",
}


class SourceOut(Schema):
    kind: Literal["card", "group", "timeline_entry", "factor", "review"]
    id: uuid.UUID | int | None = Field(description="Null when the source is not shared with you.")
    retro_id: int | None = Field(description="The card's or group's retro, if shared with you.")
    review_id: int | None = Field(description="The review the source is, or is part of, if shared with you.")


class LessonOut(Schema):
    id: int
    title: str
    detail: str
    team: TeamRef
    tags: list[str]
    visibility: Visibility
    created_by: PersonRef | None
    created_at: datetime.datetime
    source: SourceOut

    @staticmethod
    def resolve_tags(lesson: Lesson) -> list[str]:
        return [tag.name for tag in lesson.tags.all()]

    @staticmethod
    def resolve_source(lesson: Lesson, context: dict[str, Any]) -> dict[str, Any]:
        return lesson_source(lesson, context["request"])


class LessonDetail(LessonOut):
    action_item_ids: list[int]
    repeats: list[RepeatRef]

    @staticmethod
    def resolve_action_item_ids(lesson: Lesson) -> list[int]:
        return list(lesson.action_items.order_by("due_on", "id").values_list("pk", flat=True))

    @staticmethod
    def resolve_repeats(lesson: Lesson, context: dict[str, Any]) -> list[dict[str, Any]]:
        pairs: list[tuple[str, Lesson]] = []
        for link in selectors.repeats_of_lesson(lesson).order_by("created_at", "id"):
            if link.lesson_id == lesson.pk and link.earlier_lesson is not None:
                pairs.append(("same_problem_as", link.earlier_lesson))
            elif link.lesson is not None:
                pairs.append(("came_back_in", link.lesson))
        others = Lesson.objects.filter(pk__in=[other.pk for _, other in pairs])
        seen = set(selectors.visible(others, viewer(context)).values_list("pk", flat=True))
        return [{"relation": relation, "id": o.pk, "title": o.title} for relation, o in pairs if o.pk in seen]


class LessonCreate(Schema):
    """Exactly one source: `card_id` or `group_id` (each with `retro_id`), `timeline_entry_id`,
    `factor_id` or `review_id`."""

    card_id: uuid.UUID | None = None
    group_id: uuid.UUID | None = None
    retro_id: int | None = None
    timeline_entry_id: int | None = None
    factor_id: int | None = None
    review_id: int | None = None
    title: str
    detail: str = ""
    tags: list[str] = []
    visibility: Visibility | None = Field(None, description="Defaults to the source's visibility.")


class LessonChange(Schema):
    title: str | None = None
    detail: str | None = None
    tags: list[str] | None = Field(None, description="The whole new set of tags.")
    visibility: Visibility | None = None


class LessonRepeatIn(Schema):
    earlier_lesson_id: int
    note: str = ""


def seen_team_ids(request: HttpRequest) -> set[int] | None:
    """selectors.team_ids_of for the token's person, once per request (a list asks per lesson)."""
    if not hasattr(request, "loops_team_ids"):
        setattr(request, "loops_team_ids", selectors.team_ids_of(actor(request)))  # noqa: B010
    return getattr(request, "loops_team_ids")  # noqa: B009


def lesson_source(lesson: Lesson, request: HttpRequest) -> dict[str, Any]:
    """The source's kind always; its ids only when the retro or review it belongs to is shared with you."""
    field = next(name for name in SOURCE_FIELDS if getattr(lesson, f"{name}_id") is not None)
    source = getattr(lesson, field)
    container = getattr(source, "retro", None) or getattr(source, "review", None) or source
    ids = seen_team_ids(request)
    shared = ids is None or container.visibility == Visibility.ORGANIZATION or container.team_id in ids
    is_retro = isinstance(container, Retrospective)
    return {
        "kind": SOURCE_FIELDS[field],
        "id": source.pk if shared else None,
        "retro_id": container.pk if shared and is_retro else None,
        "review_id": container.pk if shared and not is_retro else None,
    }


def lessons() -> QuerySet[Lesson]:
    return Lesson.objects.select_related(
        "team",
        "created_by",
        "source_card__retro",
        "source_group__retro",
        "source_timeline_entry__review",
        "source_factor__review",
        "source_review",
    ).prefetch_related("tags")


def lesson_detail(request: HttpRequest, lesson_id: Id) -> Lesson:
    selectors.get_lesson_for(actor(request), lesson_id)
    return lessons().get(pk=lesson_id)


def lesson_source_for(person: Person, payload: LessonCreate) -> LessonSource:
    """The card, group, timeline entry, factor or review a new lesson comes from, if the person sees it."""
    given = [
        name
        for name in ("card_id", "group_id", "timeline_entry_id", "factor_id", "review_id")
        if getattr(payload, name)
    ]
    if len(given) != 1:
        raise ValidationError(
            "Give exactly one source: card_id or group_id (with retro_id), timeline_entry_id, factor_id or review_id."
        )
    name = given[0]
    if name in {"card_id", "group_id"}:
        if payload.retro_id is None:
            raise ValidationError({"retro_id": "A card or group is found in its retro: give retro_id too."})
        message = f"There is no retro #{payload.retro_id} that you can see."
        retro = referenced("retro_id", message, selectors.get_retro_for, person, payload.retro_id)
        find = selectors.get_card_for if name == "card_id" else selectors.get_group_for
        return referenced(name, "Not found in this retro.", find, retro, getattr(payload, name))
    if payload.retro_id is not None:
        raise ValidationError({"retro_id": "retro_id goes with card_id or group_id."})
    if name == "review_id":
        message = f"There is no review #{payload.review_id} that you can see."
        return referenced(name, message, selectors.get_review_for, person, payload.review_id)
    model = TimelineEntry if name == "timeline_entry_id" else ContributingFactor
    shared = selectors.visible(Review.objects.all(), person)
    part = model.objects.filter(pk=getattr(payload, name), review__in=shared).select_related("review__team").first()
    if part is None:
        raise ValidationError({name: f"There is no {name.removesuffix('_id').replace('_', ' ')} that you can see."})
    return part


@router.get("/lessons", response=list[LessonOut], tags=["lessons"], summary="Lessons, newest first")
@paged
def lesson_list(request: HttpRequest, team: str = "", tag: str = "") -> QuerySet[Lesson]:
    found = selectors.visible(lessons(), actor(request))
    the_team = team_filter(request, team)
    if the_team is not None:
        found = found.filter(team=the_team)
    if tag:
        found = found.filter(tags__name=tag.strip().lower())
    return found.order_by("-created_at", "-id")


@router.post("/lessons", response={201: LessonDetail}, tags=["lessons"], summary="Record a lesson")
def lesson_create(request: HttpRequest, payload: LessonCreate) -> Status:
    """Members of the source's team. A lesson always links to where it came from."""
    person = actor(request)
    lesson = services.lesson_create(
        actor=person,
        source=lesson_source_for(person, payload),
        title=payload.title,
        detail=payload.detail,
        tags=payload.tags,
        visibility=payload.visibility,
    )
    return Status(201, lesson_detail(request, lesson.pk))


@router.get("/lessons/{int:lesson_id}", response=LessonDetail, tags=["lessons"], summary="A lesson")
def lesson_get(request: HttpRequest, lesson_id: Id) -> Lesson:
    return lesson_detail(request, lesson_id)


@router.patch("/lessons/{int:lesson_id}", response=LessonDetail, tags=["lessons"], summary="Edit a lesson")
def lesson_update(request: HttpRequest, lesson_id: Id, payload: LessonChange) -> Lesson:
    """Members of the lesson's team. Fields left out keep their value; `tags` replaces the set."""
    lesson = lesson_detail(request, lesson_id)
    services.lesson_update(
        actor=actor(request),
        lesson=lesson,
        title=lesson.title if payload.title is None else payload.title,
        detail=lesson.detail if payload.detail is None else payload.detail,
        tags=[tag.name for tag in lesson.tags.all()] if payload.tags is None else payload.tags,
        visibility=lesson.visibility if payload.visibility is None else payload.visibility,
    )
    return lesson_detail(request, lesson_id)


@router.post(
    "/lessons/{int:lesson_id}/repeats",
    response={201: RepeatOut},
    tags=["lessons"],
    summary="Link to an earlier lesson about the same problem",
)
def lesson_repeat(request: HttpRequest, lesson_id: Id, payload: LessonRepeatIn) -> Status:
    person = actor(request)
    lesson = selectors.get_lesson_for(person, lesson_id)
    message = f"There is no lesson #{payload.earlier_lesson_id} that you can see."
    earlier = referenced("earlier_lesson_id", message, selectors.get_lesson_for, person, payload.earlier_lesson_id)
    return Status(201, services.repeat_link(actor=person, later=lesson, earlier=earlier, note=payload.note))
