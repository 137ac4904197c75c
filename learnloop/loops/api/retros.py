"""Retrospectives in the JSON API: the board (never a card text before the reveal), cards, groups, votes."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Schema
from ninja.responses import Status

from learnloop.core.web import Id, UtcDatetime, paged
from learnloop.loops import formats, selectors, services
from learnloop.loops.api.shared import (
    MARKDOWN,
    PersonRef,
    fields_named,
    markdown,
    referenced,
    router,
    team_filter,
)
from learnloop.loops.models import (
    CARD_MAX_LENGTH,
    ActionItem,
    Card,
    CardGroup,
    Lesson,
    Phase,
    Retrospective,
    RetroTemplate,
    SafetyCheckIn,
    Visibility,
    Vote,
)
from learnloop.loops.retro_export import format_name, retro_markdown, safety_distribution, votes
from learnloop.people.api import TeamRef, actor
from learnloop.people.models import Person
from learnloop.people.selectors import get_team_for

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


class CardGroupOut(Schema):
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
    groups: list[CardGroupOut] | None = Field(description="Null until the cards are revealed.")
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
    gather_until: UtcDatetime | None = Field(None, description="Required for an asynchronous retro.")
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
    text: str = Field(max_length=CARD_MAX_LENGTH)
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


def fresh_retro(request: HttpRequest, retro_id: Id) -> Board:
    return Board(selectors.get_retro_for(actor(request), retro_id), actor(request))


@router.get("/retros", response=list[RetroOut], tags=["retros"], summary="Retrospectives, newest first")
@paged
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
def retro_get(request: HttpRequest, retro_id: Id) -> Board:
    """Cards appear once revealed, in shuffled order, with vote totals (never voters); an anonymous
    card has no author field. Before the reveal only the number of cards per column shows."""
    return fresh_retro(request, retro_id)


@router.post("/retros/{int:retro_id}/phase", response=RetroDetail, tags=["retros"], summary="Move to a phase")
def retro_phase(request: HttpRequest, retro_id: Id, payload: PhaseIn) -> Board:
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
def retro_card_add(request: HttpRequest, retro_id: Id, payload: CardIn) -> Status:
    """Members of the team, while the retro gathers cards. Anonymous unless `anonymous` is false;
    the answer for an anonymous card names nobody either."""
    retro = selectors.get_retro_for(actor(request), retro_id)
    card = services.card_add(
        actor=actor(request), retro=retro, column=payload.column, text=payload.text, anonymous=payload.anonymous
    )
    return Status(201, card_out(card))


@router.post("/retros/{int:retro_id}/groups", response={201: CardGroupOut}, tags=["retros"], summary="Group cards")
def retro_group_create(request: HttpRequest, retro_id: Id, payload: GroupIn) -> Status:
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
def retro_vote_cast(request: HttpRequest, retro_id: Id, payload: VoteIn) -> Status:
    """One dot on a card or a group, in the dot-voting phase, within the person's budget."""
    retro = selectors.get_retro_for(actor(request), retro_id)
    services.vote_cast(actor=actor(request), retro=retro, **vote_target(retro, payload.card_id, payload.group_id))
    return Status(201, {"votes_left": services.votes_left(retro=retro, person=actor(request))})


@router.delete("/retros/{int:retro_id}/votes", response=VotesOut, tags=["retros"], summary="Take a vote back")
def retro_vote_retract(
    request: HttpRequest, retro_id: Id, card_id: uuid.UUID | None = None, group_id: uuid.UUID | None = None
) -> dict[str, int]:
    """Takes back one of the person's own dots on the card or group given as a query parameter."""
    retro = selectors.get_retro_for(actor(request), retro_id)
    services.vote_retract(actor=actor(request), retro=retro, **vote_target(retro, card_id, group_id))
    return {"votes_left": services.votes_left(retro=retro, person=actor(request))}


@router.post("/retros/{int:retro_id}/safety", response={204: None}, tags=["retros"], summary="Answer the safety check")
def retro_safety(request: HttpRequest, retro_id: Id, payload: SafetyIn) -> Status:
    """Once per person. The score is stored apart from who answered, with no time."""
    retro = selectors.get_retro_for(actor(request), retro_id)
    services.safety_check_in(actor=actor(request), retro=retro, score=payload.score)
    return Status(204, None)


@router.post("/retros/{int:retro_id}/close", response=RetroDetail, tags=["retros"], summary="Close with a summary")
def retro_close(request: HttpRequest, retro_id: Id, payload: CloseIn) -> Board:
    retro = selectors.get_retro_for(actor(request), retro_id)
    services.retro_close(actor=actor(request), retro=retro, summary=payload.summary)
    return fresh_retro(request, retro_id)


@router.get(
    "/retros/{int:retro_id}/export.md",
    tags=["retros"],
    summary="A retro as Markdown",
    openapi_extra={"responses": MARKDOWN},
)
def retro_export(request: HttpRequest, retro_id: Id) -> HttpResponse:
    return markdown(retro_markdown(selectors.get_retro_for(actor(request), retro_id)))
