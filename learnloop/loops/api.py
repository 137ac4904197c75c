"""The learning loop's endpoints of the JSON API: retros, reviews, lessons, action items, measures.

Reads go through `loops.selectors` (a token sees what its person may see, no more); writes call
`loops.services`, which check permissions and write the audit log.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Literal, TypeVar, get_type_hints

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from learnloop.loops import formats, selectors, services
from learnloop.loops import reviews as review_facts
from learnloop.loops.models import (
    ActionItem,
    Card,
    CardGroup,
    Change,
    ContributingFactor,
    FactorCategory,
    Lesson,
    Phase,
    Repeat,
    Retrospective,
    RetroTemplate,
    Review,
    SafetyCheckIn,
    TimelineEntry,
    Visibility,
    Vote,
)
from learnloop.loops.retro_export import format_name, retro_markdown, safety_distribution, votes
from learnloop.loops.review_export import lessons_from, repeats_of, review_markdown
from learnloop.loops.reviews import review_duration
from learnloop.loops.services.lessons import LessonSource
from learnloop.people.api import TeamRef, actor
from learnloop.people.models import Person, Team
from learnloop.people.selectors import get_team_for

router = Router()

# A page holds at most this many, whatever `limit` asks for.
MAX_PAGE_SIZE = 200

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])

# Two models each have a `Kind` and a `Status`; in the OpenAPI document, schemas are named by their
# class, so the same name would stand for two lists. These spell the values out (a test keeps them
# equal to the models' choices).
ReviewKind = Literal["incident", "project", "customer"]
ReviewStatus = Literal["draft", "in_review", "published"]
TimelineKind = Literal["event", "started", "detected", "mitigated", "resolved"]
ItemStatus = Literal["open", "done", "dropped"]

MARKDOWN = {200: {"description": "Markdown", "content": {"text/markdown": {"schema": {"type": "string"}}}}}


# --- Shared pieces ----------------------------------------------------------------------------


class PersonRef(Schema):
    id: int
    display_name: str


class RepeatRef(Schema):
    """Another lesson or review linked as the same problem, one the token's person may see."""

    relation: Literal["same_problem_as", "came_back_in"] = Field(
        description="`same_problem_as`: this one repeats the other, earlier one; "
        "`came_back_in`: the other repeats this one."
    )
    id: int
    title: str


class RepeatOut(Schema):
    id: int
    reason: Repeat.Reason
    note: str
    later_id: int = Field(description="The later lesson or review: the problem came back here.")
    earlier_id: int
    created_at: datetime.datetime

    @staticmethod
    def resolve_later_id(repeat: Repeat) -> int:
        return repeat.lesson_id or repeat.review_id  # type: ignore[return-value]

    @staticmethod
    def resolve_earlier_id(repeat: Repeat) -> int:
        return repeat.earlier_lesson_id or repeat.earlier_review_id  # type: ignore[return-value]


def viewer(context: dict[str, Any]) -> Person:
    """The token's person, inside a schema resolver."""
    return actor(context["request"])


@contextmanager
def fields_named(**names: str) -> Iterator[None]:
    """Report a service's field errors under the names the request used (`owner` → `owner_id`)."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        renamed = {names.get(field, field): messages for field, messages in error.message_dict.items()}
        raise ValidationError(renamed) from error


def referenced(field: str, message: str, find: Any, *args: Any) -> Any:
    """What a request body refers to: `find(*args)`, or a 400 on `field` if that answers 404
    (the thing is missing or not the person's to see; as elsewhere, the two look the same)."""
    try:
        return find(*args)
    except Http404:
        raise ValidationError({field: message}) from None


def team_filter(request: HttpRequest, slug: str) -> Team | None:
    return get_team_for(actor(request), slug) if slug else None


def typed(func: Endpoint) -> Endpoint:
    """Resolve the endpoint's string annotations (see `from __future__`) where they were written:
    ninja reads them through @paginate's wrapper, in whose module `Phase` and the rest are unknown."""
    func.__annotations__ = get_type_hints(func)
    return func


def markdown(text: str) -> HttpResponse:
    return HttpResponse(text, content_type="text/markdown; charset=utf-8")


# --- Retrospectives ---------------------------------------------------------------------------


class RetroOut(Schema):
    id: int
    title: str
    team: TeamRef
    format: str = Field(description="A built-in format key, or `custom:<name>` for a team's own format.")
    format_name: str
    mode: Retrospective.Mode
    phase: Phase
    revealed: bool
    visibility: Visibility
    facilitator: PersonRef
    votes_per_person: int
    gather_until: datetime.datetime | None
    created_at: datetime.datetime
    closed_at: datetime.datetime | None

    @staticmethod
    def resolve_format_name(retro: Retrospective) -> str:
        return format_name(retro)


class ColumnOut(Schema):
    key: str
    title: str
    prompt: str = ""
    card_count: int


class NamedCardOut(Schema):
    id: uuid.UUID
    column: str
    text: str
    anonymous: Literal[False]
    author: PersonRef | None
    group_id: uuid.UUID | None
    votes: int


class AnonymousCardOut(Schema):
    """An anonymous card has no author field at all, and no time."""

    id: uuid.UUID
    column: str
    text: str
    anonymous: Literal[True]
    group_id: uuid.UUID | None
    votes: int


class GroupOut(Schema):
    id: uuid.UUID
    title: str
    column: str
    card_ids: list[uuid.UUID]
    votes: int = Field(description="Votes on the group and on the cards in it.")
    discussed: bool


class SafetyOut(Schema):
    answers: int
    distribution: dict[int, int] | None = Field(
        description="How many answered each score from 1 to 5; null while fewer than three answered."
    )


class RetroDetail(RetroOut):
    summary: str
    version: int = Field(description="Goes up on every change to the retro: poll it to know when to reload.")
    card_count: int
    columns: list[ColumnOut]
    cards: list[NamedCardOut | AnonymousCardOut] | None = Field(
        description="In shuffled order; null until the cards are revealed (then only `columns[].card_count`)."
    )
    groups: list[GroupOut] | None = Field(description="Null until the cards are revealed.")
    discussing_group_id: uuid.UUID | None
    timer_ends_at: datetime.datetime | None
    votes_left: int = Field(description="The token's person's dots left in this retro.")
    safety: SafetyOut
    action_item_ids: list[int]


class RetroCreate(Schema):
    team: str = Field(description="The team's slug.")
    title: str
    format: str = Field("", description=f"One of {', '.join(formats.BUILT_IN)}; or give `template_id`.")
    template_id: int | None = Field(None, description="One of the team's own formats (GET /retro-formats).")
    mode: Retrospective.Mode = Retrospective.Mode.LIVE
    gather_until: datetime.datetime | None = Field(None, description="Required for an asynchronous retro.")
    votes_per_person: int = Field(3, ge=1, le=20)
    visibility: Visibility = Visibility.TEAM


class RetroFormatOut(Schema):
    key: str | None = Field(description="A built-in format's key; null for a team's own format.")
    template_id: int | None
    name: str
    columns: list[dict[str, str]]


class PhaseIn(Schema):
    phase: Phase


class CardIn(Schema):
    column: str = Field(description="A column key of the retro.")
    text: str
    anonymous: bool = True


class GroupIn(Schema):
    title: str = Field("", description="Defaults to the first card's text.")
    card_ids: list[uuid.UUID]


class VoteIn(Schema):
    card_id: uuid.UUID | None = None
    group_id: uuid.UUID | None = None


class VotesOut(Schema):
    votes_left: int


class SafetyIn(Schema):
    score: int = Field(description="1 (not safe at all) to 5 (completely safe).")


class CloseIn(Schema):
    summary: str


def card_out(card: Card) -> dict[str, Any]:
    out = {
        "id": card.pk,
        "column": card.column,
        "text": card.text,
        "anonymous": card.is_anonymous,
        "group_id": card.group_id,
        "votes": votes(card),
    }
    if not card.is_anonymous:
        out["author"] = card.author
    return out


def group_out(group: CardGroup, cards: list[Card]) -> dict[str, Any]:
    members = [card for card in cards if card.group_id == group.pk]
    return {
        "id": group.pk,
        "title": group.title,
        "column": group.column,
        "card_ids": [card.pk for card in members],
        "votes": votes(group) + sum(votes(card) for card in members),
        "discussed": group.discussed,
    }


class Board:
    """A retro as its board shows it to one person, read by RetroDetail: the retro's own fields,
    and what the board adds. Before the reveal that is only the number of cards per column."""

    def __init__(self, retro: Retrospective, person: Person) -> None:
        self.retro = retro
        counts = dict(Card.objects.filter(retro=retro).values_list("column").annotate(n=Count("pk")).order_by())
        self.card_count = sum(counts.values())
        self.columns = [{**column, "card_count": counts.get(column["key"], 0)} for column in retro.columns]
        cards = list(board_cards(retro)) if retro.revealed else None
        self.cards = [card_out(card) for card in cards] if cards is not None else None
        self.groups = [group_out(group, cards) for group in board_groups(retro)] if cards is not None else None
        self.discussing_group_id = retro.discussing_id
        self.votes_left = retro.votes_per_person - Vote.objects.filter(retro=retro, voter=person).count()
        self.safety = {
            "answers": SafetyCheckIn.objects.filter(retro=retro).count(),
            "distribution": safety_distribution(retro),
        }
        items = ActionItem.objects.filter(retro=retro, lesson__in=selectors.visible(Lesson.objects.all(), person))
        self.action_item_ids = list(items.order_by("due_on", "id").values_list("pk", flat=True))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.retro, name)


def board_cards(retro: Retrospective) -> QuerySet[Card]:
    return selectors.board_cards(retro).select_related("author")


def board_groups(retro: Retrospective) -> QuerySet[CardGroup]:
    return retro.groups.annotate(vote_count=Count("votes", distinct=True))


def fresh_retro(request: HttpRequest, retro_id: int) -> Board:
    return Board(selectors.get_retro_for(actor(request), retro_id), actor(request))


@router.get("/retros", response=list[RetroOut], tags=["retros"], summary="Retrospectives, newest first")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE_SIZE)
@typed
def retro_list(request: HttpRequest, team: str = "", phase: Phase | None = None) -> QuerySet[Retrospective]:
    """The retros the token's person may see: their teams' and those shared with the organization."""
    retros = selectors.visible(Retrospective.objects.select_related("team", "facilitator"), actor(request))
    the_team = team_filter(request, team)
    if the_team is not None:
        retros = retros.filter(team=the_team)
    if phase is not None:
        retros = retros.filter(phase=phase)
    return retros.order_by("-created_at", "-id")


@router.post("/retros", response={201: RetroDetail}, tags=["retros"], summary="Start a retrospective")
def retro_create(request: HttpRequest, payload: RetroCreate) -> Status:
    """Facilitators and managers of the team. A live retro opens with the safety check; an
    asynchronous one collects cards at once, until `gather_until`."""
    the_team = referenced("team", f"No team has the slug {payload.team!r}.", get_team_for, actor(request), payload.team)
    template = None
    if payload.template_id is not None:
        template = RetroTemplate.objects.filter(pk=payload.template_id).first()
        if template is None:
            raise ValidationError({"template_id": f"No retro format has the id {payload.template_id}."})
    with fields_named(template="template_id"):
        retro = services.retro_create(
            actor=actor(request),
            team=the_team,
            title=payload.title,
            format="" if template else payload.format,
            template=template,
            mode=payload.mode,
            gather_until=payload.gather_until,
            votes_per_person=payload.votes_per_person,
            visibility=payload.visibility,
        )
    return Status(201, fresh_retro(request, retro.pk))


@router.get("/retro-formats", response=list[RetroFormatOut], tags=["retros"], summary="Formats to start a retro with")
def retro_format_list(request: HttpRequest, team: str = "") -> list[dict[str, Any]]:
    """The built-in formats, and with `team` that team's own formats too."""
    out: list[dict[str, Any]] = [
        {"key": key, "template_id": None, "name": name, "columns": columns}
        for key, (name, columns) in formats.BUILT_IN.items()
    ]
    the_team = team_filter(request, team)
    if the_team is not None:
        out += [
            {"key": None, "template_id": t.pk, "name": t.name, "columns": t.columns}
            for t in RetroTemplate.objects.filter(team=the_team)
        ]
    return out


@router.get("/retros/{int:retro_id}", response=RetroDetail, tags=["retros"], summary="A retro's board")
def retro_get(request: HttpRequest, retro_id: int) -> Board:
    """Cards appear once revealed, in shuffled order, with vote totals (never voters); an anonymous
    card has no author field. Before the reveal only the number of cards per column shows."""
    return fresh_retro(request, retro_id)


@router.post("/retros/{int:retro_id}/phase", response=RetroDetail, tags=["retros"], summary="Move to a phase")
def retro_phase(request: HttpRequest, retro_id: int, payload: PhaseIn) -> Board:
    """The facilitator only. Leaving the gathering phase reveals the cards. Close with /close."""
    retro = selectors.get_retro_for(actor(request), retro_id)
    services.retro_set_phase(actor=actor(request), retro=retro, phase=payload.phase)
    return fresh_retro(request, retro_id)


@router.post(
    "/retros/{int:retro_id}/cards",
    response={201: NamedCardOut | AnonymousCardOut},
    tags=["retros"],
    summary="Add a card",
)
def retro_card_add(request: HttpRequest, retro_id: int, payload: CardIn) -> Status:
    """Members of the team, while the retro gathers cards. Anonymous unless `anonymous` is false;
    the answer for an anonymous card names nobody either."""
    retro = selectors.get_retro_for(actor(request), retro_id)
    card = services.card_add(
        actor=actor(request), retro=retro, column=payload.column, text=payload.text, anonymous=payload.anonymous
    )
    return Status(201, card_out(card))


@router.post("/retros/{int:retro_id}/groups", response={201: GroupOut}, tags=["retros"], summary="Group cards")
def retro_group_create(request: HttpRequest, retro_id: int, payload: GroupIn) -> Status:
    retro = selectors.get_retro_for(actor(request), retro_id)
    cards = list(Card.objects.filter(retro=retro, pk__in=payload.card_ids))
    missing = {str(pk) for pk in payload.card_ids} - {str(card.pk) for card in cards}
    if missing:
        raise ValidationError({"card_ids": f"Not cards of this retro: {', '.join(sorted(missing))}."})
    with fields_named(cards="card_ids"):
        group = services.group_create(actor=actor(request), retro=retro, title=payload.title, cards=cards)
    for card in cards:
        card.group_id = group.pk
    return Status(201, group_out(group, cards))


def vote_target(retro: Retrospective, card_id: uuid.UUID | None, group_id: uuid.UUID | None) -> dict[str, Any]:
    if (card_id is None) == (group_id is None):
        raise ValidationError("Vote for one card (card_id) or one group (group_id).")
    if card_id is not None:
        return {"card": referenced("card_id", "No such card in this retro.", selectors.get_card_for, retro, card_id)}
    return {"group": referenced("group_id", "No such group in this retro.", selectors.get_group_for, retro, group_id)}


@router.post("/retros/{int:retro_id}/votes", response={201: VotesOut}, tags=["retros"], summary="Cast a vote")
def retro_vote_cast(request: HttpRequest, retro_id: int, payload: VoteIn) -> Status:
    """One dot on a card or a group, in the dot-voting phase, within the person's budget."""
    retro = selectors.get_retro_for(actor(request), retro_id)
    services.vote_cast(actor=actor(request), retro=retro, **vote_target(retro, payload.card_id, payload.group_id))
    return Status(201, {"votes_left": services.votes_left(retro=retro, person=actor(request))})


@router.delete("/retros/{int:retro_id}/votes", response=VotesOut, tags=["retros"], summary="Take a vote back")
def retro_vote_retract(
    request: HttpRequest, retro_id: int, card_id: uuid.UUID | None = None, group_id: uuid.UUID | None = None
) -> dict[str, int]:
    """Takes back one of the person's own dots on the card or group given as a query parameter."""
    retro = selectors.get_retro_for(actor(request), retro_id)
    services.vote_retract(actor=actor(request), retro=retro, **vote_target(retro, card_id, group_id))
    return {"votes_left": services.votes_left(retro=retro, person=actor(request))}


@router.post("/retros/{int:retro_id}/safety", response={204: None}, tags=["retros"], summary="Answer the safety check")
def retro_safety(request: HttpRequest, retro_id: int, payload: SafetyIn) -> Status:
    """Once per person. The score is stored apart from who answered, with no time."""
    retro = selectors.get_retro_for(actor(request), retro_id)
    services.safety_check_in(actor=actor(request), retro=retro, score=payload.score)
    return Status(204, None)


@router.post("/retros/{int:retro_id}/close", response=RetroDetail, tags=["retros"], summary="Close with a summary")
def retro_close(request: HttpRequest, retro_id: int, payload: CloseIn) -> Board:
    retro = selectors.get_retro_for(actor(request), retro_id)
    services.retro_close(actor=actor(request), retro=retro, summary=payload.summary)
    return fresh_retro(request, retro_id)


@router.get(
    "/retros/{int:retro_id}/export.md",
    tags=["retros"],
    summary="A retro as Markdown",
    openapi_extra={"responses": MARKDOWN},
)
def retro_export(request: HttpRequest, retro_id: int) -> HttpResponse:
    return markdown(retro_markdown(selectors.get_retro_for(actor(request), retro_id)))


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


def item_detail(request: HttpRequest, item_id: int) -> ActionItem:
    selectors.get_action_item_for(actor(request), item_id)
    return ActionItem.objects.select_related("team", "owner", "change__recorded_by").get(pk=item_id)


@router.get(
    "/retros/{int:retro_id}/carried-over",
    response=list[ActionItemOut],
    tags=["retros"],
    summary="Open items from the team's earlier retros",
)
def retro_carried_over(request: HttpRequest, retro_id: int) -> QuerySet[ActionItem]:
    retro = selectors.get_retro_for(actor(request), retro_id)
    return (
        selectors.carried_over_items(retro)
        .filter(pk__in=items_for(actor(request)).values("pk"))
        .select_related("team", "change__recorded_by")
    )


@router.get("/action-items", response=list[ActionItemOut], tags=["action items"], summary="Action items")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE_SIZE)
@typed
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
def action_item_get(request: HttpRequest, item_id: int) -> ActionItem:
    return item_detail(request, item_id)


@router.post(
    "/action-items/{int:item_id}/complete",
    response={201: ChangeOut},
    tags=["action items"],
    summary="Done: record what changed",
)
def action_item_complete(request: HttpRequest, item_id: int, payload: CompleteIn) -> Status:
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
def action_item_drop(request: HttpRequest, item_id: int, payload: DropIn) -> ActionItem:
    item = selectors.get_action_item_for(actor(request), item_id)
    services.action_item_drop(actor=actor(request), item=item, reason=payload.reason)
    return item_detail(request, item_id)


# --- Reviews ----------------------------------------------------------------------------------


class ReviewOut(Schema):
    id: int
    title: str
    team: TeamRef
    kind: ReviewKind
    severity: Review.Severity
    status: ReviewStatus
    visibility: Visibility
    author: PersonRef | None
    version: int = Field(description="Send it back with PATCH: an edit based on an older version is refused.")
    created_at: datetime.datetime
    updated_at: datetime.datetime
    published_at: datetime.datetime | None


class TimelineEntryOut(Schema):
    id: int
    at: datetime.datetime
    kind: TimelineKind
    text: str


class CategoryRef(Schema):
    slug: str
    name: str


class CategoryOut(CategoryRef):
    id: int
    description: str


class FactorOut(Schema):
    id: int
    category: CategoryRef
    description: str


class ReviewDetail(ReviewOut):
    summary: str
    impact: str
    detection: str
    went_well: str
    got_lucky: str
    body: str
    source_url: str
    external_id: str | None
    keywords: list[str]
    intended_flags: list[str] = Field(description="Fingerprints of blame-language flags marked as intended.")
    duration_minutes: int | None = Field(description="Impact start to resolved, else first to last timeline entry.")
    timeline: list[TimelineEntryOut]
    factors: list[FactorOut]
    lesson_ids: list[int]
    repeats: list[RepeatRef]

    @staticmethod
    def resolve_duration_minutes(review: Review) -> int | None:
        duration = review_duration(review)
        return int(duration.total_seconds() // 60) if duration is not None else None

    @staticmethod
    def resolve_timeline(review: Review) -> list[TimelineEntry]:
        return list(review.timeline.all())

    @staticmethod
    def resolve_factors(review: Review) -> list[ContributingFactor]:
        return list(review.factors.select_related("category"))

    @staticmethod
    def resolve_lesson_ids(review: Review, context: dict[str, Any]) -> list[int]:
        return list(selectors.visible(lessons_from(review), viewer(context)).values_list("pk", flat=True))

    @staticmethod
    def resolve_repeats(review: Review, context: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {"relation": relation.replace(" ", "_"), "id": other.pk, "title": other.title}
            for relation, other in repeats_of(review, viewer(context))
        ]


class ReviewCreate(Schema):
    team: str = Field(description="The team's slug.")
    title: str
    kind: ReviewKind = "incident"
    severity: Review.Severity = Review.Severity.NONE
    visibility: Visibility = Visibility.TEAM
    summary: str = ""


class ReviewChange(Schema):
    version: int = Field(description="The `version` the edit started from.")
    title: str | None = None
    summary: str | None = None
    impact: str | None = None
    detection: str | None = None
    went_well: str | None = None
    got_lucky: str | None = None
    body: str | None = None
    severity: Review.Severity | None = None
    visibility: Visibility | None = None
    kind: ReviewKind | None = None


class TimelineIn(Schema):
    at: datetime.datetime = Field(description="With its time zone, e.g. 2025-03-01T14:05:00+01:00.")
    text: str
    kind: TimelineKind = "event"


class FactorIn(Schema):
    category: str = Field(description="A contributing-factor category's slug (GET /factor-categories).")
    description: str = ""


class StatusIn(Schema):
    status: ReviewStatus


class ReviewRepeatIn(Schema):
    earlier_review_id: int
    note: str = ""


class CategoryIn(Schema):
    name: str
    description: str = ""


class BlameFlagOut(Schema):
    field: str = Field(
        description="Where the text is: a review field (`summary`, …), "
        "`timeline/<id>`, `factors/<id>` or `action_items/<id>`."
    )
    code: str
    text: str
    start: int = Field(description="Offset of the phrase in that field's text; `end` is one past it.")
    end: int
    reason: str
    suggestion: str
    fingerprint: str
    intended: bool = Field(description="Marked as meant as written; not counted in the rate.")


class BlameOut(Schema):
    words: int
    rate_per_1000_words: float
    flags: list[BlameFlagOut]


class FlagIn(Schema):
    intended: bool


def review_detail(request: HttpRequest, review_id: int) -> Review:
    return selectors.get_review_for(actor(request), review_id)


def blame_report(review: Review) -> dict[str, Any]:
    """The blame-language flags of every text of the review; nothing is ever rewritten."""
    flags: list[dict[str, Any]] = []
    words = counted = 0
    for checked in review_facts.review_blame(review):
        words += checked.report.words
        counted += len(checked.report.flags)
        for flag in sorted([*checked.report.flags, *checked.report.intended], key=lambda flag: (flag.start, flag.end)):
            flags.append(
                {
                    "field": checked.key,
                    "code": flag.code,
                    "text": flag.text,
                    "start": flag.start,
                    "end": flag.end,
                    "reason": flag.reason,
                    "suggestion": flag.suggestion,
                    "fingerprint": flag.fingerprint,
                    "intended": flag.fingerprint in review.intended_flags,
                }
            )
    return {"words": words, "rate_per_1000_words": counted * 1000 / words if words else 0.0, "flags": flags}


@router.get("/reviews", response=list[ReviewOut], tags=["reviews"], summary="Reviews, newest first")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE_SIZE)
@typed
def review_list(
    request: HttpRequest,
    team: str = "",
    status: ReviewStatus | None = None,
    kind: ReviewKind | None = None,
    q: str = "",
) -> QuerySet[Review]:
    """The reviews the token's person may see. Every word of `q` must appear in the title, summary or impact."""
    reviews = selectors.visible(Review.objects.select_related("team", "author"), actor(request))
    the_team = team_filter(request, team)
    if the_team is not None:
        reviews = reviews.filter(team=the_team)
    if status is not None:
        reviews = reviews.filter(status=status)
    if kind is not None:
        reviews = reviews.filter(kind=kind)
    for word in q.split():
        reviews = reviews.filter(Q(title__icontains=word) | Q(summary__icontains=word) | Q(impact__icontains=word))
    return reviews.order_by("-created_at", "-id")


@router.post("/reviews", response={201: ReviewDetail}, tags=["reviews"], summary="Start a review")
def review_create(request: HttpRequest, payload: ReviewCreate) -> Status:
    """Members of the team. The review starts as a draft."""
    the_team = referenced("team", f"No team has the slug {payload.team!r}.", get_team_for, actor(request), payload.team)
    review = services.review_create(
        actor=actor(request),
        team=the_team,
        title=payload.title,
        kind=payload.kind,
        severity=payload.severity,
        visibility=payload.visibility,
        summary=payload.summary,
    )
    return Status(201, review_detail(request, review.pk))


@router.get("/reviews/{int:review_id}", response=ReviewDetail, tags=["reviews"], summary="A review, whole")
def review_get(request: HttpRequest, review_id: int) -> Review:
    return review_detail(request, review_id)


@router.patch("/reviews/{int:review_id}", response=ReviewDetail, tags=["reviews"], summary="Edit a review")
def review_update(request: HttpRequest, review_id: int, payload: ReviewChange) -> Review:
    """The author or a facilitator of the team. Fields left out keep their value. If the review
    was saved since `version`, nothing is changed and the answer is 409: read it again, merge, resend."""
    review = review_detail(request, review_id)
    fields = payload.model_dump(exclude={"version"}, exclude_none=True)
    services.review_update(actor=actor(request), review=review, version=payload.version, **fields)
    return review_detail(request, review_id)


@router.post(
    "/reviews/{int:review_id}/timeline",
    response={201: TimelineEntryOut},
    tags=["reviews"],
    summary="Add to the timeline",
)
def review_timeline_add(request: HttpRequest, review_id: int, payload: TimelineIn) -> Status:
    review = review_detail(request, review_id)
    entry = services.timeline_add(
        actor=actor(request), review=review, at=payload.at, text=payload.text, kind=payload.kind
    )
    return Status(201, entry)


@router.delete(
    "/reviews/{int:review_id}/timeline/{int:entry_id}",
    response={204: None},
    tags=["reviews"],
    summary="Remove a timeline entry",
)
def review_timeline_remove(request: HttpRequest, review_id: int, entry_id: int) -> Status:
    """Refused (400) when a lesson was drawn from the entry."""
    review = review_detail(request, review_id)
    entry = TimelineEntry.objects.select_related("review").get(pk=entry_id, review=review)
    services.timeline_remove(actor=actor(request), entry=entry)
    return Status(204, None)


@router.post(
    "/reviews/{int:review_id}/factors",
    response={201: FactorOut},
    tags=["reviews"],
    summary="Add a contributing factor",
)
def review_factor_add(request: HttpRequest, review_id: int, payload: FactorIn) -> Status:
    review = review_detail(request, review_id)
    category = FactorCategory.objects.filter(slug=payload.category).first()
    if category is None:
        raise ValidationError({"category": f"No contributing-factor category has the slug {payload.category!r}."})
    factor = services.factor_add(
        actor=actor(request), review=review, category=category, description=payload.description
    )
    return Status(201, factor)


@router.delete(
    "/reviews/{int:review_id}/factors/{int:factor_id}",
    response={204: None},
    tags=["reviews"],
    summary="Remove a contributing factor",
)
def review_factor_remove(request: HttpRequest, review_id: int, factor_id: int) -> Status:
    """Refused (400) when a lesson was drawn from the factor."""
    review = review_detail(request, review_id)
    factor = ContributingFactor.objects.select_related("review", "category").get(pk=factor_id, review=review)
    services.factor_remove(actor=actor(request), factor=factor)
    return Status(204, None)


@router.post("/reviews/{int:review_id}/status", response=ReviewDetail, tags=["reviews"], summary="Change the status")
def review_status(request: HttpRequest, review_id: int, payload: StatusIn) -> Review:
    """Publishing is for facilitators and managers, and needs a summary and a timeline entry."""
    services.review_set_status(actor=actor(request), review=review_detail(request, review_id), status=payload.status)
    return review_detail(request, review_id)


@router.post(
    "/reviews/{int:review_id}/repeats",
    response={201: RepeatOut},
    tags=["reviews"],
    summary="Link to an earlier review of the same problem",
)
def review_repeat(request: HttpRequest, review_id: int, payload: ReviewRepeatIn) -> Status:
    person = actor(request)
    review = review_detail(request, review_id)
    message = f"There is no review #{payload.earlier_review_id} that you can see."
    earlier = referenced("earlier_review_id", message, selectors.get_review_for, person, payload.earlier_review_id)
    return Status(201, services.repeat_link(actor=person, later=review, earlier=earlier, note=payload.note))


@router.get("/reviews/{int:review_id}/blame", response=BlameOut, tags=["reviews"], summary="Blame-language flags")
def review_blame(request: HttpRequest, review_id: int) -> dict[str, Any]:
    """For the review's author and the team's facilitators, as on its page. The check flags
    phrasing that blames people rather than conditions; it never changes the text."""
    return blame_report(selectors.get_review_for(actor(request), review_id, write=True))


@router.post(
    "/reviews/{int:review_id}/blame/{path:fingerprint}",
    response=BlameOut,
    tags=["reviews"],
    summary="Mark a flag as intended, or take that back",
)
def review_blame_mark(request: HttpRequest, review_id: int, fingerprint: str, payload: FlagIn) -> dict[str, Any]:
    """`fingerprint` as the flag shows it, URL-encoded. An intended flag is not counted in the rate."""
    review = selectors.get_review_for(actor(request), review_id, write=True)
    if payload.intended and fingerprint not in {flag["fingerprint"] for flag in blame_report(review)["flags"]}:
        raise ValidationError({"fingerprint": "No blame-language flag of this review has this fingerprint."})
    review = services.review_mark_flag(
        actor=actor(request), review=review, fingerprint=fingerprint, intended=payload.intended
    )
    return blame_report(review)


@router.get(
    "/reviews/{int:review_id}/export.md",
    tags=["reviews"],
    summary="A review as Markdown",
    openapi_extra={"responses": MARKDOWN},
)
def review_export(request: HttpRequest, review_id: int) -> HttpResponse:
    """Lessons and repeats in it are only those the token's person may see."""
    return markdown(review_markdown(review_detail(request, review_id), viewer=actor(request)))


@router.get("/factor-categories", response=list[CategoryOut], tags=["reviews"], summary="Contributing-factor taxonomy")
def factor_category_list(request: HttpRequest) -> QuerySet[FactorCategory]:
    return FactorCategory.objects.order_by("name")


@router.post(
    "/factor-categories", response={201: CategoryOut}, tags=["reviews"], summary="Add a contributing-factor category"
)
def factor_category_create(request: HttpRequest, payload: CategoryIn) -> Status:
    """Admins only."""
    category = services.factor_category_save(actor=actor(request), name=payload.name, description=payload.description)
    return Status(201, category)


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


def lesson_detail(request: HttpRequest, lesson_id: int) -> Lesson:
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
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE_SIZE)
@typed
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
def lesson_get(request: HttpRequest, lesson_id: int) -> Lesson:
    return lesson_detail(request, lesson_id)


@router.patch("/lessons/{int:lesson_id}", response=LessonDetail, tags=["lessons"], summary="Edit a lesson")
def lesson_update(request: HttpRequest, lesson_id: int, payload: LessonChange) -> Lesson:
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
def lesson_repeat(request: HttpRequest, lesson_id: int, payload: LessonRepeatIn) -> Status:
    person = actor(request)
    lesson = selectors.get_lesson_for(person, lesson_id)
    message = f"There is no lesson #{payload.earlier_lesson_id} that you can see."
    earlier = referenced("earlier_lesson_id", message, selectors.get_lesson_for, person, payload.earlier_lesson_id)
    return Status(201, services.repeat_link(actor=person, later=lesson, earlier=earlier, note=payload.note))


# --- Measures ---------------------------------------------------------------------------------


class MeasuresOut(Schema):
    """Formulas: docs/loop-measures.md."""

    team: str | None = Field(description="The team's slug (its figures include the teams below it); null: everyone.")
    since: datetime.date
    until: datetime.date
    follow_through: float | None = Field(description="items_done_on_time ÷ items_due, 0 to 1; null when none was due.")
    items_due: int
    items_done_on_time: int
    median_days_lesson_to_change: float | None
    changes: int
    lessons: int
    repeated_lessons: int
    repeat_rate: float | None = Field(description="repeated_lessons ÷ lessons, 0 to 1; null without lessons.")
    regenerated_items: int
    open_items: int = Field(description="Now, whatever the period.")
    overdue_items: int = Field(description="Now, whatever the period.")


@router.get("/measures", response=MeasuresOut, tags=["measures"], summary="The loop measures")
def measures(
    request: HttpRequest,
    team: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> dict[str, Any]:
    """For a team and the teams below it, or for the organization; counts only, never titles or
    people. The period is [since, until]: by default the 365 days up to today."""
    if since is not None and until is not None and since > until:
        raise ValidationError({"since": "The period starts after it ends."})
    the_team = team_filter(request, team)
    since, until = selectors.measure_period(since, until)
    figures = selectors.loop_measures(team=the_team, since=since, until=until)
    return {"team": the_team.slug if the_team else None, "since": since, "until": until, **figures.as_dict()}
