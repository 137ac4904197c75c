"""Participation in retros and whose ideas are taken up, from the loop's records.

Only named cards count: an anonymous card has no author in the database and is never attributed
to anyone, here or anywhere. An idea is "adopted" when a lesson drawn from its card (or from the
card's group) got an action item, and "became a change" when that item ended with a recorded change.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from learnloop.core.access import require
from learnloop.equity.distribution import group_people, visible_groups
from learnloop.loops.models import ActionItem, Card, Participant, Phase, Retrospective
from learnloop.people.models import Person, Team
from learnloop.people.rules import ANALYST

# "Lately" for the facilitator's list of quiet members: the team's last few retros with cards.
RECENT_RETROS = 3
AFTER_GATHERING = [Phase.GROUPING, Phase.VOTING, Phase.DISCUSSING, Phase.DECIDING, Phase.CLOSING, Phase.CLOSED]


@dataclass
class Contribution:
    named_cards: int = 0
    adopted: int = 0
    changed: int = 0
    retros: set[int] = field(default_factory=set)


def contributions(retros: Iterable[int]) -> dict[int, Contribution]:
    """Per author: named cards in these retros, how many led to an action item, how many to a change."""
    retro_ids = list(retros)
    cards = list(
        Card.objects.filter(retro_id__in=retro_ids, is_anonymous=False, author__isnull=False).values_list(
            "pk", "author_id", "group_id", "retro_id"
        )
    )
    card_ids = [pk for pk, _, _, _ in cards]
    group_ids = {group for _, _, group, _ in cards if group is not None}
    by_card: dict[Any, bool] = {}
    for source, change in ActionItem.objects.filter(lesson__source_card_id__in=card_ids).values_list(
        "lesson__source_card_id", "change_id"
    ):
        by_card[source] = by_card.get(source, False) or change is not None
    by_group: dict[Any, bool] = {}
    for source, change in ActionItem.objects.filter(lesson__source_group_id__in=group_ids).values_list(
        "lesson__source_group_id", "change_id"
    ):
        by_group[source] = by_group.get(source, False) or change is not None
    result: dict[int, Contribution] = defaultdict(Contribution)
    for pk, author, group, retro in cards:
        entry = result[author]
        entry.named_cards += 1
        entry.retros.add(retro)
        if pk in by_card or group in by_group:
            entry.adopted += 1
            if by_card.get(pk) or by_group.get(group):
                entry.changed += 1
    return dict(result)


def recent_retros(team: Team, *, count: int = RECENT_RETROS) -> QuerySet[Retrospective]:
    return Retrospective.objects.filter(team=team, phase__in=AFTER_GATHERING).order_by("-created_at", "-id")[:count]


@dataclass(frozen=True)
class QuietMember:
    person: Person
    retros_attended: int


def quiet_members(team: Team, *, count: int = RECENT_RETROS) -> list[QuietMember]:
    """Members who took part in the team's last few retros and wrote no named card in any of them.

    For the team's facilitators only, to invite them in. Anonymous cards are never attributed, so
    someone who only writes anonymously shows here too: it is an invitation, not a judgement.
    """
    retros = [retro.pk for retro in recent_retros(team, count=count)]
    if not retros:
        return []
    attended: dict[int, int] = defaultdict(int)
    for person_id in Participant.objects.filter(retro_id__in=retros, present=True).values_list("person_id", flat=True):
        attended[person_id] += 1
    spoke = set(contributions(retros))
    members = Person.objects.filter(memberships__team=team).distinct().order_by("display_name", "id")
    return [
        QuietMember(person, attended[person.pk])
        for person in members
        if attended.get(person.pk) and person.pk not in spoke
    ]


@dataclass(frozen=True)
class ParticipationGroup:
    group: str
    headcount: int | None
    participants: int | None
    contributors: int | None
    named_cards: int | None
    ideas_adopted: int | None
    ideas_changed: int | None
    contribution_rate: float | None
    adoption_rate: float | None
    suppressed: bool

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def participation_by_group(
    *,
    actor: Any,
    by: str,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    minimum: int | None = None,
) -> list[ParticipationGroup]:
    """Per group (everyone in a team, by team level or attribute): who took part in retros in the
    period, who wrote named cards, and how often their ideas became action items and changes.
    Every group passes the anonymity guard on its headcount."""
    require(actor, ANALYST)
    if start and end and start > end:
        raise ValidationError({"end": ["The period ends before it starts."]})
    retros = Retrospective.objects.filter(phase__in=AFTER_GATHERING)
    if start:
        retros = retros.filter(created_at__date__gte=start)
    if end:
        retros = retros.filter(created_at__date__lte=end)
    retro_ids = list(retros.values_list("pk", flat=True))
    # Groups are everyone in them, whatever the period: a period never changes who is in a
    # group, so comparing two periods cannot single anyone out by who joined or left it.
    group_of = group_people(by)
    took_part = set(
        Participant.objects.filter(retro_id__in=retro_ids, present=True).values_list("person_id", flat=True)
    )
    made = contributions(retro_ids)
    took_part |= set(made)
    members: dict[str, list[int]] = defaultdict(list)
    for person, group in group_of.items():
        members[group].append(person)
    visible = visible_groups(by, {group: len(people) for group, people in members.items()}, minimum=minimum)
    groups: list[ParticipationGroup] = []
    for group in sorted(members):
        if group not in visible:
            groups.append(ParticipationGroup(group, None, None, None, None, None, None, None, None, suppressed=True))
            continue
        people = members[group]
        participants = [person for person in people if person in took_part]
        entries = [made[person] for person in people if person in made]
        cards = sum(entry.named_cards for entry in entries)
        adopted = sum(entry.adopted for entry in entries)
        groups.append(
            ParticipationGroup(
                group=group,
                headcount=len(people),
                participants=len(participants),
                contributors=len(entries),
                named_cards=cards,
                ideas_adopted=adopted,
                ideas_changed=sum(entry.changed for entry in entries),
                contribution_rate=round(len(entries) / len(participants), 6) if participants else None,
                adoption_rate=round(adopted / cards, 6) if cards else None,
                suppressed=False,
            )
        )
    return groups
