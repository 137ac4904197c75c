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
from learnloop.equity.distribution import GROUP_PROFILE, SMALL_GROUP, grouping_of, scope_words
from learnloop.equity.release import (
    AFTER_GATHERING,
    WHOLE_HISTORY,
    card_outcomes,
    load,
    release_for,
    resolve_period,
)
from learnloop.loops.models import Participant, Retrospective
from learnloop.people.models import Person, Team
from learnloop.people.rules import ANALYST

# "Lately" for the facilitator's list of quiet members: the team's last few retros with cards.
RECENT_RETROS = 3
REFUSED = (
    "Who took part in a retro{scope} would single out fewer than {minimum} people, so it cannot be shown. "
    "Try a longer period."
)
HIDDEN = "Hidden: {what}{scope} would single out fewer than {minimum} people in some group."


@dataclass
class Contribution:
    named_cards: int = 0
    adopted: int = 0
    changed: int = 0
    retros: set[int] = field(default_factory=set)


def contributions(retros: Iterable[int]) -> dict[int, Contribution]:
    """Per author: named cards in these retros, how many led to an action item, how many to a change."""
    result: dict[int, Contribution] = defaultdict(Contribution)
    for card in card_outcomes(retros):
        entry = result[card.author]
        entry.named_cards += 1
        entry.retros.add(card.retro)
        entry.adopted += card.adopted
        entry.changed += card.changed
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
    # Why a figure is missing, by field.
    reasons: dict[str, str] = field(default_factory=dict)

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
    Groups are everyone in them whatever the period, so comparing periods cannot single anyone out
    by who joined or left. The period must hold exactly the retros of a whole quarter or year (or
    none), and every figure comes from the same release as the learning audit's."""
    require(actor, ANALYST)
    if start and end and start > end:
        raise ValidationError({"end": ["The period ends before it starts."]})
    data = load()
    grouping, labels = grouping_of(by, data)
    release = release_for(data, minimum=minimum)
    period = resolve_period(start=start, end=end, days=data.retro_days.values(), what="participation view")
    minimum = release.minimum
    scope = scope_words(period, None)
    figures = data.participation(period)

    def shows(*key: Any) -> bool:
        return period is None or release.shows((key[0], period.key, *key[1:]))

    def complete(name: str, position: int) -> bool:
        return all(
            shows(name, count) for count in range(1, max((f[position] for f in figures.values()), default=0) + 1)
        )

    took_part_shown = shows("took part")
    if not took_part_shown and period is not WHOLE_HISTORY:
        raise ValidationError({"start": [REFUSED.format(scope=scope, minimum=minimum)]})
    shown = {
        "contributors": shows("cards", 1),
        "named_cards": complete("cards", 1),
        "ideas_adopted": complete("adopted", 2),
        "ideas_changed": complete("changed", 3),
    }
    if not took_part_shown:
        shown["participants"] = False
    what = {
        "participants": "who took part in a retro",
        "contributors": "who wrote named cards",
        "named_cards": "the named cards per person",
        "ideas_adopted": "the ideas adopted per person",
        "ideas_changed": "the ideas that became changes per person",
    }
    members = release.groupings[grouping]
    groups: list[ParticipationGroup] = []
    for label in sorted(labels):
        key = labels[label]
        if release.group_hidden(grouping, key):
            reason = (SMALL_GROUP if key in release.small[grouping] else GROUP_PROFILE).format(minimum=minimum)
            groups.append(
                ParticipationGroup(label, None, None, None, None, None, None, None, None, True, {"group": reason})
            )
            continue
        people = [figures[person] for person in members[key]]
        participants = sum(1 for took_part, _, _, _ in people if took_part)
        contributors = sum(1 for _, cards, _, _ in people if cards)
        cards = sum(entry[1] for entry in people)
        adopted = sum(entry[2] for entry in people)
        reasons = {
            name: HIDDEN.format(what=what[name], scope=scope, minimum=minimum) for name, ok in shown.items() if not ok
        }
        if "participants" in reasons or "contributors" in reasons:
            reasons["contribution_rate"] = reasons.get("participants") or reasons["contributors"]
        if not (shown["named_cards"] and shown["ideas_adopted"]):
            reasons["adoption_rate"] = reasons.get("ideas_adopted") or reasons["named_cards"]
        groups.append(
            ParticipationGroup(
                group=label,
                headcount=len(people),
                participants=None if "participants" in reasons else participants,
                contributors=contributors if shown["contributors"] else None,
                named_cards=cards if shown["named_cards"] else None,
                ideas_adopted=adopted if shown["ideas_adopted"] else None,
                ideas_changed=sum(entry[3] for entry in people) if shown["ideas_changed"] else None,
                contribution_rate=round(contributors / participants, 6)
                if participants and "contribution_rate" not in reasons
                else None,
                adoption_rate=round(adopted / cards, 6) if cards and "adoption_rate" not in reasons else None,
                suppressed=False,
                reasons=reasons,
            )
        )
    return groups
