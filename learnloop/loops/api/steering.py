"""The rest of a retro's board in the JSON API: reveal, edit and move cards, rename groups, who is
present, the discussion's focus and timer, saved formats; and the loop's follow-up edits
(reassigning an action item, marking it regenerated, renaming a factor category).

Each endpoint calls the same service as the web page, so the rules and messages are the same.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Schema
from ninja.responses import Status

from learnloop.core.web import Id
from learnloop.loops import selectors, services
from learnloop.loops.api.items import ActionItemOut, item_detail
from learnloop.loops.api.retros import (
    AnonymousCardOut,
    Board,
    CardGroupOut,
    NamedCardOut,
    RetroDetail,
    RetroFormatOut,
    card_out,
    fresh_retro,
    group_out,
)
from learnloop.loops.api.reviews import CategoryIn, CategoryOut
from learnloop.loops.api.shared import PersonRef, fields_named, referenced, router
from learnloop.loops.models import CARD_MAX_LENGTH, Card, FactorCategory, Participant
from learnloop.people.api import actor
from learnloop.people.models import Person
from learnloop.people.selectors import get_team_for


class CardEditIn(Schema):
    text: str = Field(max_length=CARD_MAX_LENGTH)


class CardMoveIn(Schema):
    group_id: uuid.UUID | None = Field(description="The group to move the card into; null takes it out of its group.")


class GroupRenameIn(Schema):
    title: str


class ParticipantOut(Schema):
    person: PersonRef
    present: bool


class PresenceIn(Schema):
    present: bool


class FocusIn(Schema):
    group_id: uuid.UUID | None = None
    card_id: uuid.UUID | None = Field(None, description="A card on its own becomes a one-card topic.")
    minutes: int | None = Field(None, description="Start a timer of 1 to 60 minutes; null for none.")


class RetroFormatIn(Schema):
    team: str = Field(description="The team's slug.")
    name: str
    columns: list[str] = Field(description="The column titles, in order.")


class ReassignIn(Schema):
    owner_id: int
    due_on: datetime.date


class RegeneratedIn(Schema):
    retro_id: int = Field(description="The later retro of the same team in which the problem came back.")


@router.post("/retros/{int:retro_id}/reveal", response=RetroDetail, tags=["retros"], summary="Reveal the cards")
def retro_reveal(request: HttpRequest, retro_id: Id) -> Board:
    """The facilitator only. Until then nobody sees another person's card."""
    retro = selectors.get_retro_for(actor(request), retro_id)
    services.retro_reveal(actor=actor(request), retro=retro)
    return fresh_retro(request, retro_id)


@router.patch(
    "/retros/{int:retro_id}/cards/{card_id}",
    response=NamedCardOut | AnonymousCardOut,
    tags=["retros"],
    summary="Edit a named card",
)
def retro_card_edit(request: HttpRequest, retro_id: Id, card_id: uuid.UUID, payload: CardEditIn) -> dict[str, Any]:
    """Only the author of a named card, before the reveal. An anonymous card has no author, so
    nobody can prove it is theirs through the API."""
    retro = selectors.get_retro_for(actor(request), retro_id)
    card = selectors.get_card_for(retro, str(card_id))
    return card_out(services.card_edit(actor=actor(request), card=card, text=payload.text))


@router.post(
    "/retros/{int:retro_id}/cards/{card_id}/move",
    response=NamedCardOut | AnonymousCardOut,
    tags=["retros"],
    summary="Move a card into or out of a group",
)
def retro_card_move(request: HttpRequest, retro_id: Id, card_id: uuid.UUID, payload: CardMoveIn) -> dict[str, Any]:
    retro = selectors.get_retro_for(actor(request), retro_id)
    card = selectors.get_card_for(retro, str(card_id))
    group = None
    if payload.group_id is not None:
        group = referenced("group_id", "No such group in this retro.", selectors.get_group_for, retro, payload.group_id)
    return card_out(services.card_move(actor=actor(request), card=card, group=group))


@router.patch(
    "/retros/{int:retro_id}/groups/{group_id}", response=CardGroupOut, tags=["retros"], summary="Rename a group"
)
def retro_group_rename(request: HttpRequest, retro_id: Id, group_id: uuid.UUID, payload: GroupRenameIn) -> Any:
    retro = selectors.get_retro_for(actor(request), retro_id)
    group = services.group_rename(
        actor=actor(request), group=selectors.get_group_for(retro, str(group_id)), title=payload.title
    )
    return group_out(group, list(Card.objects.filter(group=group)))


@router.get(
    "/retros/{int:retro_id}/participants",
    response=list[ParticipantOut],
    tags=["retros"],
    summary="Who takes part, and who is present",
)
def retro_participants(request: HttpRequest, retro_id: Id) -> list[Participant]:
    """People who opened the board, by name. Nothing says who wrote which anonymous card."""
    retro = selectors.get_retro_for(actor(request), retro_id)
    return sorted(retro.participants.select_related("person"), key=lambda p: p.person.display_name.lower())


@router.put(
    "/retros/{int:retro_id}/participants/{int:person_id}",
    response=ParticipantOut,
    tags=["retros"],
    summary="Mark someone present or away",
)
def retro_presence(request: HttpRequest, retro_id: Id, person_id: Id, payload: PresenceIn) -> Participant:
    """The facilitator only. People marked away leave the speaking order."""
    retro = selectors.get_retro_for(actor(request), retro_id)
    participant = get_object_or_404(Participant, retro=retro, person_id=person_id)
    return services.participant_set_present(
        actor=actor(request), retro=retro, person=participant.person, present=payload.present
    )


@router.post(
    "/retros/{int:retro_id}/discussion",
    response=RetroDetail,
    tags=["retros"],
    summary="Put a topic up for discussion",
)
def retro_discussion_focus(request: HttpRequest, retro_id: Id, payload: FocusIn) -> Board:
    """The facilitator only, in the discussion phase: a group, or a card on its own, and an
    optional timer. The topic discussed before is marked discussed."""
    retro = selectors.get_retro_for(actor(request), retro_id)
    card = group = None
    if payload.card_id is not None:
        card = referenced("card_id", "No such card in this retro.", selectors.get_card_for, retro, payload.card_id)
    if payload.group_id is not None:
        group = referenced("group_id", "No such group in this retro.", selectors.get_group_for, retro, payload.group_id)
    services.discussion_focus(actor=actor(request), retro=retro, group=group, card=card, minutes=payload.minutes)
    return fresh_retro(request, retro_id)


@router.post("/retro-formats", response={201: RetroFormatOut}, tags=["retros"], summary="Save a team's own format")
def retro_format_save(request: HttpRequest, payload: RetroFormatIn) -> Status:
    """Facilitators and managers of the team. Saving under an existing name replaces its columns."""
    team = referenced("team", f"No team has the slug {payload.team!r}.", get_team_for, actor(request), payload.team)
    with fields_named(column_titles="columns"):
        template = services.retro_template_save(
            actor=actor(request), team=team, name=payload.name, column_titles=payload.columns
        )
    return Status(201, {"key": None, "template_id": template.pk, "name": template.name, "columns": template.columns})


@router.patch("/action-items/{int:item_id}", response=ActionItemOut, tags=["action items"], summary="Reassign")
def action_item_reassign(request: HttpRequest, item_id: Id, payload: ReassignIn) -> Any:
    """The owner or a facilitator of the team, while the item is open: a new owner (in the
    lesson's team) and due date."""
    item = selectors.get_action_item_for(actor(request), item_id)
    owner = Person.objects.filter(pk=payload.owner_id).first()
    if owner is None:
        raise ValidationError({"owner_id": f"No person has the id {payload.owner_id}."})
    with fields_named(owner="owner_id"):
        services.action_item_reassign(actor=actor(request), item=item, owner=owner, due_on=payload.due_on)
    return item_detail(request, item_id)


@router.post(
    "/action-items/{int:item_id}/regenerated",
    response=ActionItemOut,
    tags=["action items"],
    summary="Mark that the problem came back",
)
def action_item_regenerated(request: HttpRequest, item_id: Id, payload: RegeneratedIn) -> Any:
    """A facilitator of the team, naming the later retro in which the item's problem came back."""
    item = selectors.get_action_item_for(actor(request), item_id)
    message = f"There is no retro #{payload.retro_id} that you can see."
    retro = referenced("retro_id", message, selectors.get_retro_for, actor(request), payload.retro_id)
    services.action_item_mark_regenerated(actor=actor(request), item=item, retro=retro)
    return item_detail(request, item_id)


@router.patch(
    "/factor-categories/{int:category_id}",
    response=CategoryOut,
    tags=["reviews"],
    summary="Rename a contributing-factor category",
)
def factor_category_update(request: HttpRequest, category_id: Id, payload: CategoryIn) -> FactorCategory:
    """Admins only. Factors already recorded keep pointing at the category, under its new name."""
    category = get_object_or_404(FactorCategory, pk=category_id)
    return services.factor_category_save(
        actor=actor(request), name=payload.name, description=payload.description, category=category
    )
