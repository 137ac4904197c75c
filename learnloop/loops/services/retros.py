"""Writes for retrospectives: creating one, moving through its phases, cards, groups, votes."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from learnloop.core import audit
from learnloop.core.access import require
from learnloop.core.anonymity import ABSOLUTE_MINIMUM
from learnloop.core.unlinkable import forget_deleted_rows, shuffled
from learnloop.loops import formats
from learnloop.loops.models import (
    CARD_MAX_LENGTH,
    CARD_TOO_LONG,
    PHASE_ORDER,
    ActionItem,
    Card,
    CardGroup,
    Participant,
    Phase,
    Retrospective,
    RetroTemplate,
    SafetyCheckIn,
    SafetyScore,
    Visibility,
    Vote,
)
from learnloop.loops.rules import FACILITATE, IN_TEAM, TEAM_MEMBER
from learnloop.people.models import Person, Team


def touch(retro: Retrospective) -> None:
    """Tell every open board that something changed."""
    Retrospective.objects.filter(pk=retro.pk).update(version=F("version") + 1)


STATE_FIELDS = [
    "phase",
    "revealed",
    "gather_until",
    "timer_ends_at",
    "discussing",
    "summary",
    "closed_at",
    "version",
    "votes_per_person",
]


def current(retro: Retrospective, *, lock: bool = False) -> Retrospective:
    """Re-read the retro's state (phase, reveal, …) from the database, locking the row if asked,
    so a decision is never made on a stale copy the caller held."""
    if lock:
        list(Retrospective.objects.select_for_update().filter(pk=retro.pk).values_list("pk"))
    # Only the state that changes during a retro: the cached team and facilitator stay.
    retro.refresh_from_db(fields=STATE_FIELDS)
    return retro


@transaction.atomic
def retro_template_save(*, actor: Any, team: Team, name: str, column_titles: list[str]) -> RetroTemplate:
    require(actor, FACILITATE, team, message=f"Only a facilitator of {team} can save its retro formats.")
    columns = formats.custom_columns(column_titles)
    template, created = RetroTemplate.objects.update_or_create(
        team=team,
        name=name.strip(),
        defaults={"columns": columns, "created_by": actor if isinstance(actor, Person) else None},
    )
    template.full_clean()
    audit.record(
        actor=actor,
        action="retro_template.saved",
        target=template,
        changes={"columns": [c["title"] for c in columns], "created": created},
    )
    return template


@transaction.atomic
def retro_create(
    *,
    actor: Any,
    team: Team,
    title: str,
    format: str,
    template: RetroTemplate | None = None,
    mode: str = Retrospective.Mode.LIVE,
    gather_until: datetime.datetime | None = None,
    votes_per_person: int = 3,
    visibility: str = Visibility.TEAM,
    facilitator: Person | None = None,
) -> Retrospective:
    require(actor, FACILITATE, team, message=f"Only a facilitator or manager of {team} can start a retro.")
    if template is not None:
        if template.team_id != team.pk:
            raise ValidationError({"template": "That format belongs to another team."})
        columns, format = template.columns, f"custom:{template.name}"
    else:
        columns = formats.columns_for(format)
    if mode == Retrospective.Mode.ASYNC:
        if gather_until is None or gather_until <= timezone.now():
            raise ValidationError({"gather_until": "An asynchronous retro needs a future date to collect cards until."})
    else:
        gather_until = None
    if facilitator is None:
        if not isinstance(actor, Person):
            raise ValidationError({"facilitator": "Name the facilitator."})
        facilitator = actor
    retro = Retrospective(
        team=team,
        title=title.strip(),
        format=format,
        columns=columns,
        mode=mode,
        gather_until=gather_until,
        votes_per_person=votes_per_person,
        visibility=visibility,
        facilitator=facilitator,
        # An asynchronous retro starts collecting at once; a live one opens with the safety check.
        phase=Phase.GATHERING if mode == Retrospective.Mode.ASYNC else Phase.OPENING,
    )
    retro.full_clean()
    retro.save()
    audit.record(actor=actor, action="retro.created", target=retro, changes={"format": format, "mode": mode})
    return retro


@transaction.atomic
def retro_set_phase(*, actor: Any, retro: Retrospective, phase: str) -> Retrospective:
    """Move the retro to a phase. Leaving the gathering phase reveals the cards."""
    require(actor, FACILITATE, retro, message="Only the facilitator moves the retro through its phases.")
    current(retro, lock=True)
    if phase not in PHASE_ORDER:
        raise ValidationError({"phase": f"{phase!r} is not a phase."})
    if retro.phase == Phase.CLOSED:
        raise ValidationError("This retro is closed.")
    if phase == Phase.CLOSED:
        raise ValidationError("Close the retro with a summary (retro_close).")
    old = retro.phase
    retro.phase = phase
    fields = ["phase", "version"]
    if PHASE_ORDER.index(phase) > PHASE_ORDER.index(Phase.GATHERING) and not retro.revealed:
        retro.revealed = True
        fields.append("revealed")
    if phase != Phase.DISCUSSING and retro.timer_ends_at is not None:
        retro.timer_ends_at = None
        fields.append("timer_ends_at")
    retro.version += 1
    retro.save(update_fields=fields)
    audit.record(actor=actor, action="retro.phase_changed", target=retro, changes={"phase": [old, phase]})
    return retro


@transaction.atomic
def retro_reveal(*, actor: Any, retro: Retrospective) -> Retrospective:
    require(actor, FACILITATE, retro, message="Only the facilitator reveals the cards.")
    current(retro)
    if not retro.revealed:
        retro.revealed = True
        retro.save(update_fields=["revealed"])
        touch(retro)
        audit.record(actor=actor, action="retro.revealed", target=retro)
    return retro


def participant_join(*, actor: Person, retro: Retrospective) -> Participant:
    """Taking part is not an audited write: it only says the person opened the board. Only people
    in the team itself take part, so an admin or a manager of a team above who looks at the board
    never lands in the team's speaking order."""
    require(actor, IN_TEAM, retro, message=f"Only members of {retro.team} take part in its retros.")
    participant, created = Participant.objects.get_or_create(retro=retro, person=actor)
    if created:
        touch(retro)
    return participant


@transaction.atomic
def participant_set_present(*, actor: Any, retro: Retrospective, person: Person, present: bool) -> Participant:
    require(actor, FACILITATE, retro, message="Only the facilitator marks who is present.")
    participant, _ = Participant.objects.get_or_create(retro=retro, person=person)
    if participant.present != present:
        participant.present = present
        participant.save(update_fields=["present"])
        touch(retro)
    return participant


def safety_check_in(*, actor: Person, retro: Retrospective, score: int) -> None:
    """One anonymous safety score per person: who answered is stored apart from the score,
    and the score itself carries no person and no time.

    Two transactions, as for pulse answers: the person's writes the check-in and the waiting
    score; `safety_release`, in its own, releases the waiting scores once enough wait."""
    with transaction.atomic():
        require(actor, TEAM_MEMBER, retro, message=f"Only members of {retro.team} answer its safety check.")
        current(retro, lock=True)
        if not 1 <= score <= 5:
            raise ValidationError({"score": "Choose a score from 1 to 5."})
        if retro.phase == Phase.CLOSED:
            raise ValidationError("This retro is closed.")
        _, created = SafetyCheckIn.objects.get_or_create(retro=retro, person=actor)
        if not created:
            raise ValidationError("You already answered the safety check for this retro.")
        SafetyScore.objects.create(retro=retro, score=score)
        touch(retro)
    safety_release(retro=retro)


def safety_release(*, retro: Retrospective) -> bool:
    """Release the waiting safety scores together once there are enough of them: the
    distribution then moves by at least ABSOLUTE_MINIMUM answers at a time, so comparing it
    before and after someone answered never tells their score.

    In a transaction of its own (the retro's row locked, so releases never overlap), the
    waiting scores are written again, released, in shuffled order with new random ids, and
    then deleted, so no order in the database follows the order people answered in (see
    docs/anonymity.md). Returns whether it released anything."""
    with transaction.atomic():
        current(retro, lock=True)
        waiting = SafetyScore.objects.filter(retro=retro, released=False)
        scores = list(waiting.values_list("score", flat=True))
        if len(scores) < ABSOLUTE_MINIMUM:
            return False
        SafetyScore.objects.bulk_create(
            SafetyScore(retro=retro, score=score, released=True) for score in shuffled(scores)
        )
        waiting.delete()
        forget_deleted_rows()
        touch(retro)
    return True


def _can_add_cards(retro: Retrospective) -> bool:
    if retro.phase == Phase.GATHERING:
        return True
    return retro.mode == Retrospective.Mode.ASYNC and retro.phase == Phase.OPENING


def check_card_length(text: str) -> None:
    if len(text.strip()) > CARD_MAX_LENGTH:
        raise ValidationError({"text": CARD_TOO_LONG.format(count=len(text.strip()))})


@transaction.atomic
def card_add(*, actor: Person, retro: Retrospective, column: str, text: str, anonymous: bool = True) -> Card:
    """Add a card. An anonymous card keeps no author, no time of day and no creation order."""
    require(actor, TEAM_MEMBER, retro, message=f"Only members of {retro.team} add cards to its retros.")
    current(retro)
    if not _can_add_cards(retro):
        raise ValidationError("Cards can only be added while the retro is gathering them.")
    if retro.gather_until is not None and timezone.now() > retro.gather_until:
        raise ValidationError("Card collection for this retro has ended.")
    if column not in {c["key"] for c in retro.columns}:
        raise ValidationError({"column": f"{column!r} is not a column of this retro."})
    check_card_length(text)
    card = Card(
        retro=retro,
        column=column,
        text=text.strip(),
        is_anonymous=anonymous,
        author=None if anonymous else actor,
        written_on=timezone.localdate(),
        shuffle_key=secrets.randbelow(2**31),
    )
    card.full_clean()
    card.save()
    touch(retro)
    # Audit rows name the actor, so an anonymous card gets none: the log must not unmask it.
    if not anonymous:
        audit.record(actor=actor, action="card.added", target=card)
    return card


@transaction.atomic
def card_edit(*, actor: Person, card: Card, text: str) -> Card:
    """Only the author of a named card edits it, and only before the reveal. Anyone else is
    refused as not allowed (403): an anonymous card has no author, so nobody can prove it is theirs."""
    if card.is_anonymous or card.author_id != actor.pk:
        raise PermissionDenied("Only the author of a named card can edit it.")
    if current(card.retro).revealed:
        raise ValidationError("Cards cannot be edited after they are revealed.")
    check_card_length(text)
    card.text = text.strip()
    card.full_clean()
    card.save(update_fields=["text"])
    touch(card.retro)
    return card


@transaction.atomic
def group_create(*, actor: Any, retro: Retrospective, title: str, cards: list[Card]) -> CardGroup:
    require(actor, TEAM_MEMBER, retro, message=f"Only members of {retro.team} group its cards.")
    current(retro)
    if retro.phase != Phase.GROUPING:
        raise ValidationError("Cards are grouped in the grouping phase.")
    if not cards:
        raise ValidationError({"cards": "Pick at least one card for the group."})
    if any(card.retro_id != retro.pk for card in cards):
        raise ValidationError({"cards": "Those cards belong to another retro."})
    group = CardGroup(retro=retro, title=title.strip() or cards[0].text[:200], column=cards[0].column)
    group.full_clean()
    group.save()
    Card.objects.filter(pk__in=[card.pk for card in cards]).update(group=group)
    touch(retro)
    audit.record(actor=actor, action="retro.grouped", target=retro, changes={"group": group.title, "cards": len(cards)})
    return group


@transaction.atomic
def card_move(*, actor: Any, card: Card, group: CardGroup | None) -> Card:
    require(actor, TEAM_MEMBER, card.retro, message=f"Only members of {card.retro.team} group its cards.")
    current(card.retro)
    if card.retro.phase != Phase.GROUPING:
        raise ValidationError("Cards are grouped in the grouping phase.")
    if group is not None and group.retro_id != card.retro_id:
        raise ValidationError({"group": "That group belongs to another retro."})
    card.group = group
    card.save(update_fields=["group"])
    touch(card.retro)
    return card


@transaction.atomic
def group_rename(*, actor: Any, group: CardGroup, title: str) -> CardGroup:
    require(actor, TEAM_MEMBER, group.retro, message=f"Only members of {group.retro.team} name its groups.")
    if current(group.retro).phase == Phase.CLOSED:
        raise ValidationError("This retro is closed.")
    if not title.strip():
        raise ValidationError({"title": "A group needs a title."})
    group.title = title.strip()[:200]
    group.save(update_fields=["title"])
    touch(group.retro)
    return group


def votes_left(*, retro: Retrospective, person: Person) -> int:
    return retro.votes_per_person - Vote.objects.filter(retro=retro, voter=person).count()


@transaction.atomic
def vote_cast(*, actor: Person, retro: Retrospective, card: Card | None = None, group: CardGroup | None = None) -> Vote:
    """One dot on a card or a group, within the person's budget, exact under concurrency:
    the person's participant row (or, for someone outside the team, the retro's) is locked
    while their votes are counted."""
    require(actor, TEAM_MEMBER, retro, message=f"Only members of {retro.team} vote in its retros.")
    current(retro)
    if retro.phase != Phase.VOTING:
        raise ValidationError("Voting is open only in the dot-voting phase.")
    target = card or group
    if target is None or (card is not None and group is not None):
        raise ValidationError("Vote for one card or one group.")
    if target.retro_id != retro.pk:
        raise ValidationError("That card belongs to another retro.")
    if card is not None and card.group_id is not None:
        raise ValidationError("This card is in a group: vote for the group.")
    if IN_TEAM.allows(actor, retro):
        participant, _ = Participant.objects.get_or_create(retro=retro, person=actor)
        Participant.objects.select_for_update().get(pk=participant.pk)
    else:
        # Someone from outside the team (an admin, a manager above it) votes without joining the
        # retro, and so its speaking order: the retro's row holds their budget's lock instead.
        list(Retrospective.objects.select_for_update().filter(pk=retro.pk).values_list("pk"))
    if votes_left(retro=retro, person=actor) <= 0:
        raise ValidationError(f"You have used all {retro.votes_per_person} of your votes.")
    vote = Vote.objects.create(retro=retro, voter=actor, card=card, group=group)
    touch(retro)
    return vote


@transaction.atomic
def vote_retract(
    *, actor: Person, retro: Retrospective, card: Card | None = None, group: CardGroup | None = None
) -> None:
    current(retro)
    if retro.phase != Phase.VOTING:
        raise ValidationError("Voting is open only in the dot-voting phase.")
    vote = Vote.objects.filter(retro=retro, voter=actor, card=card, group=group).first()
    if vote is None:
        raise ValidationError("You have no vote there to take back.")
    vote.delete()
    touch(retro)


def _topic_of(card: Card) -> CardGroup:
    """The group a card is discussed as: its own group, or a new one-card group that takes over
    the card's votes, so the totals stay exact."""
    if card.group_id is not None:
        return CardGroup.objects.get(pk=card.group_id)
    group = CardGroup(retro_id=card.retro_id, title=card.text[:200], column=card.column)
    group.full_clean()
    group.save()
    Card.objects.filter(pk=card.pk).update(group=group)
    Vote.objects.filter(card=card).update(card=None, group=group)
    return group


@transaction.atomic
def discussion_focus(
    *,
    actor: Any,
    retro: Retrospective,
    group: CardGroup | None = None,
    card: Card | None = None,
    minutes: int | None = None,
) -> Retrospective:
    """Put a group, or a card on its own, up for discussion and (optionally) start the timer."""
    require(actor, FACILITATE, retro, message="Only the facilitator steers the discussion.")
    current(retro)
    if retro.phase != Phase.DISCUSSING:
        raise ValidationError("The retro is not in the discussion phase.")
    if group is not None and card is not None:
        raise ValidationError("Discuss one card or one group at a time.")
    if group is not None and group.retro_id != retro.pk:
        raise ValidationError({"group": "That group belongs to another retro."})
    if minutes is not None and not 1 <= minutes <= 60:
        raise ValidationError({"minutes": "Set the timer between 1 and 60 minutes."})
    if card is not None:
        if card.retro_id != retro.pk:
            raise ValidationError({"card": "That card belongs to another retro."})
        group = _topic_of(card)
    if retro.discussing is not None and retro.discussing != group:
        CardGroup.objects.filter(pk=retro.discussing.pk).update(discussed=True)
    retro.discussing = group
    retro.timer_ends_at = timezone.now() + datetime.timedelta(minutes=minutes) if minutes else None
    retro.save(update_fields=["discussing", "timer_ends_at"])
    touch(retro)
    return retro


@transaction.atomic
def retro_close(*, actor: Any, retro: Retrospective, summary: str) -> Retrospective:
    require(actor, FACILITATE, retro, message="Only the facilitator closes the retro.")
    current(retro)
    if retro.phase == Phase.CLOSED:
        raise ValidationError("This retro is already closed.")
    if not summary.strip():
        raise ValidationError({"summary": "Write a short summary: it is what the team will see next time."})
    retro.summary = summary.strip()
    retro.phase = Phase.CLOSED
    retro.closed_at = timezone.now()
    retro.timer_ends_at = None
    retro.save(update_fields=["summary", "phase", "closed_at", "timer_ends_at"])
    # Safety scores still waiting would never be shown, yet their rows sit beside their
    # people's check-ins: nothing is worth keeping them.
    SafetyScore.objects.filter(retro=retro, released=False).delete()
    forget_deleted_rows()
    touch(retro)
    audit.record(
        actor=actor,
        action="retro.closed",
        target=retro,
        changes={"action_items": ActionItem.objects.filter(retro=retro).count()},
    )
    return retro
