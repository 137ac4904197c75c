"""Action items in the JSON API, and the changes that close them."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Schema
from ninja.responses import Status

from learnloop.core.web import Id, answers, paged
from learnloop.loops import selectors, services
from learnloop.loops.api.shared import (
    ItemStatus,
    PersonRef,
    fields_named,
    referenced,
    router,
    team_filter,
)
from learnloop.loops.models import (
    ActionItem,
    Change,
    Lesson,
)
from learnloop.people.api import TeamRef, actor
from learnloop.people.models import Person

# --- Action items (the retro's carried-over list uses them) --------------------------------------


class ChangeOut(Schema):
    id: int
    what: str
    where: str
    evidence_url: str
    recorded_by: PersonRef | None
    recorded_at: datetime.datetime


class ActionItemOut(Schema):
    id: int
    title: str
    team: TeamRef
    lesson_id: int
    retro_id: int | None = Field(description="The retro that decided it, if any.")
    owner: PersonRef
    due_on: datetime.date
    status: ItemStatus
    overdue: bool = Field(description="Open and past its due date.")
    closed_at: datetime.datetime | None
    drop_reason: str
    change: ChangeOut | None = Field(description="What changed, where: set exactly when the item is done.")
    regenerated_in_id: int | None = Field(description="A later retro in which the problem came back.")
    created_at: datetime.datetime

    @staticmethod
    def resolve_overdue(item: ActionItem) -> bool:
        return item.status == ActionItem.Status.OPEN and item.due_on < timezone.localdate()


class ActionItemCreate(Schema):
    lesson_id: int
    title: str
    owner_id: int
    due_on: datetime.date


class CompleteIn(Schema):
    what: str = Field("", description="What changed in how people work.")
    where: str = Field("", description="Where the change lives: a runbook, a pipeline, a checklist.")
    evidence_url: str = ""


class DropIn(Schema):
    reason: str = ""


def items_for(person: Person) -> QuerySet[ActionItem]:
    """Action items of the lessons the person may see."""
    return ActionItem.objects.filter(lesson__in=selectors.visible(Lesson.objects.all(), person).values("pk"))


def item_detail(request: HttpRequest, item_id: Id) -> ActionItem:
    selectors.get_action_item_for(actor(request), item_id)
    return ActionItem.objects.select_related("team", "owner", "change__recorded_by").get(pk=item_id)


@router.get(
    "/retros/{int:retro_id}/carried-over",
    response=list[ActionItemOut],
    tags=["retros"],
    summary="Open items from the team's earlier retros",
)
def retro_carried_over(request: HttpRequest, retro_id: Id) -> QuerySet[ActionItem]:
    retro = selectors.get_retro_for(actor(request), retro_id)
    return (
        selectors.carried_over_items(retro)
        .filter(pk__in=items_for(actor(request)).values("pk"))
        .select_related("team", "change__recorded_by")
    )


@router.get(
    "/action-items",
    response=list[ActionItemOut],
    tags=["action items"],
    summary="Action items",
    openapi_extra=answers(400),
)
@paged
def action_item_list(
    request: HttpRequest,
    owner: str = "",
    team: str = "",
    status: ItemStatus | None = None,
    overdue: bool | None = None,
) -> QuerySet[ActionItem]:
    """Items of the lessons the token's person may see, by due date. `owner`: `me` or a person's
    id; `team`: the slug of the team that owns the items; `overdue`: open and past the due date."""
    items = items_for(actor(request)).select_related("team", "owner", "change__recorded_by")
    if owner == "me":
        items = items.filter(owner=actor(request))
    elif owner:
        if not owner.isdigit():
            raise ValidationError({"owner": "Use `me` or a person's id."})
        items = items.filter(owner_id=int(owner))
    the_team = team_filter(request, team)
    if the_team is not None:
        items = items.filter(team=the_team)
    if status is not None:
        items = items.filter(status=status)
    if overdue is not None:
        late = Q(status=ActionItem.Status.OPEN, due_on__lt=timezone.localdate())
        items = items.filter(late) if overdue else items.exclude(late)
    return items.order_by("due_on", "id")


@router.post("/action-items", response={201: ActionItemOut}, tags=["action items"], summary="Add an action item")
def action_item_create(request: HttpRequest, payload: ActionItemCreate) -> Status:
    """Members of the lesson's team. The owner must be in the team. An item from a retro's card or
    group belongs to that retro (it is carried over to the team's next retros while open)."""
    person = actor(request)
    message = f"There is no lesson #{payload.lesson_id} that you can see."
    lesson = referenced("lesson_id", message, selectors.get_lesson_for, person, payload.lesson_id)
    owner = Person.objects.filter(pk=payload.owner_id).first()
    if owner is None:
        raise ValidationError({"owner_id": f"No person has the id {payload.owner_id}."})
    part = lesson.source_card or lesson.source_group
    with fields_named(owner="owner_id"):
        item = services.action_item_create(
            actor=person,
            lesson=lesson,
            title=payload.title,
            owner=owner,
            due_on=payload.due_on,
            retro=part.retro if part is not None else None,
        )
    return Status(201, item_detail(request, item.pk))


@router.get("/action-items/{int:item_id}", response=ActionItemOut, tags=["action items"], summary="An action item")
def action_item_get(request: HttpRequest, item_id: Id) -> ActionItem:
    return item_detail(request, item_id)


@router.post(
    "/action-items/{int:item_id}/complete",
    response={201: ChangeOut},
    tags=["action items"],
    summary="Done: record what changed",
)
def action_item_complete(request: HttpRequest, item_id: Id, payload: CompleteIn) -> Status:
    """The owner or a facilitator of the team. `what` and `where` are required: done means
    something in how people work changed. Answers with the recorded change."""
    item = selectors.get_action_item_for(actor(request), item_id)
    change = services.action_item_complete(
        actor=actor(request), item=item, what=payload.what, where=payload.where, evidence_url=payload.evidence_url
    )
    return Status(201, Change.objects.select_related("recorded_by").get(pk=change.pk))


@router.post(
    "/action-items/{int:item_id}/drop", response=ActionItemOut, tags=["action items"], summary="Drop, with a reason"
)
def action_item_drop(request: HttpRequest, item_id: Id, payload: DropIn) -> ActionItem:
    item = selectors.get_action_item_for(actor(request), item_id)
    services.action_item_drop(actor=actor(request), item=item, reason=payload.reason)
    return item_detail(request, item_id)
