"""The fair speaking rotation: who speaks first at each occasion of a team's recurring meeting.

The team's members stand in a queue. At each occasion the first person in the queue who is
present speaks first and then goes to the back; anyone absent keeps their place, so they are
first at the next occasion they attend. With everyone present, every member is first exactly
once in every cycle of as many occasions as there are members. The proofs are in the tests.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q

from learnloop.equity.models import SpeakingTurn
from learnloop.people.models import Person, Team


def rotate(queue: Sequence[int], first: int | None) -> list[int]:
    """The queue after an occasion: whoever spoke first goes to the back, everyone else moves up."""
    if first is None or first not in queue:
        return list(queue)
    return [pk for pk in queue if pk != first] + [first]


def first_present(queue: Sequence[int], present: set[int]) -> int | None:
    return next((pk for pk in queue if pk in present), None)


def reconcile(queue: Sequence[int], members: Sequence[int]) -> list[int]:
    """Drop people who left the team; newcomers join at the back, in the order given."""
    current = set(members)
    kept = [pk for pk in queue if pk in current]
    return kept + [pk for pk in members if pk not in set(kept)]


def order_of(queue: Sequence[int], present: Sequence[Person]) -> list[Person]:
    """The people present in queue order; people outside the queue (guests) follow by name."""
    by_pk = {person.pk: person for person in present}
    ordered = [by_pk[pk] for pk in queue if pk in by_pk]
    guests = sorted(
        (person for person in present if person.pk not in set(queue)),
        key=lambda person: (person.display_name.lower(), person.pk),
    )
    return ordered + guests


def _member_ids(team: Team) -> list[int]:
    return list(
        Person.objects.filter(memberships__team=team)
        .order_by("display_name", "id")
        .values_list("pk", flat=True)
        .distinct()
    )


def _parse(occasion: str) -> tuple[str, int | None]:
    meeting, _, number = occasion.rpartition(":")
    if not meeting:
        return occasion, None
    return meeting, int(number) if number.isdigit() else None


def speaking_turn(*, team: Team, present: Sequence[Person], occasion: str) -> list[Person]:
    """The order for one occasion ("retro:12", "standup:2025-06-02" …), taking the team's turn once.

    The first call for an occasion records its turn; later calls (the board refreshing, people
    joining or stepping away) re-read it, and the first speaker follows who is present until the
    next occasion starts. An occasion older than the latest recorded one changes nothing. The board
    refreshes often, so this costs one query when nothing changed and three the first time.
    """
    meeting, number = _parse(occasion)
    present_ids = {person.pk for person in present}
    latest_pk = SpeakingTurn.objects.filter(team=team, meeting=meeting).order_by("-ordinal").values("pk")[:1]
    rows = list(SpeakingTurn.objects.filter(team=team).filter(Q(occasion=occasion) | Q(pk__in=latest_pk)))
    turn = next((row for row in rows if row.occasion == occasion), None)
    latest = max(rows, key=lambda row: row.ordinal) if rows else None
    if turn is not None:
        first = first_present(turn.queue, present_ids)
        if first != turn.first_id and latest is not None and latest.pk == turn.pk:
            SpeakingTurn.objects.filter(pk=turn.pk).update(first_id=first)
        return order_of(turn.queue, present)
    if latest is not None and number is not None and number < latest.ordinal:
        # A look back at an occasion from before the rotation knew it: show, record nothing.
        return order_of(latest.queue, present)
    queue = reconcile(rotate(latest.queue, latest.first_id) if latest else [], _member_ids(team))
    ordinal = number if number is not None else (latest.ordinal + 1 if latest else 1)
    # Two requests may race to record the same occasion: they compute the same turn, one insert wins.
    SpeakingTurn.objects.bulk_create(
        [
            SpeakingTurn(
                team=team,
                meeting=meeting,
                occasion=occasion,
                ordinal=ordinal,
                queue=queue,
                first_id=first_present(queue, present_ids),
            )
        ],
        ignore_conflicts=True,
    )
    return order_of(queue, present)


def upcoming_order(team: Team, *, meeting: str = "retro") -> list[Person]:
    """Every member in the order they would speak at the team's next occasion, if all attend."""
    latest = SpeakingTurn.objects.filter(team=team, meeting=meeting).order_by("-ordinal").first()
    members = _member_ids(team)
    queue = reconcile(rotate(latest.queue, latest.first_id) if latest else [], members)
    people = Person.objects.in_bulk(queue)
    return [people[pk] for pk in queue if pk in people]
