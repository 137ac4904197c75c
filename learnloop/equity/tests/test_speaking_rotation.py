"""The speaking order is fair over a cycle: every member is first equally often, absentees keep their turn.

Proved with random attendance sequences, first on the rotation itself, then through the hook the
retro board calls (`people.selectors.speaking_order_for`), with the turns stored in the database.
"""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnloop.equity.speaking import first_present, reconcile, rotate
from learnloop.people.models import Person
from learnloop.people.selectors import speaking_order_for
from learnloop.people.tests.factories import MembershipFactory, PersonFactory, TeamFactory

counter = itertools.count()


@st.composite
def attendance(draw, max_members: int = 7, max_occasions: int = 30) -> tuple[int, list[set[int]]]:
    members = draw(st.integers(min_value=1, max_value=max_members))
    occasions = draw(
        st.lists(st.sets(st.integers(min_value=0, max_value=members - 1)), min_size=1, max_size=max_occasions)
    )
    return members, occasions


def simulate(members: int, occasions: list[set[int]]) -> tuple[list[int | None], list[list[int]]]:
    """Who is first at each occasion, and the queue each occasion started from."""
    queue = reconcile([], list(range(members)))
    firsts: list[int | None] = []
    queues: list[list[int]] = []
    for present in occasions:
        queues.append(queue)
        first = first_present(queue, present)
        firsts.append(first)
        queue = rotate(queue, first)
    return firsts, queues


def assert_fair(members: int, occasions: list[set[int]], firsts: list[int | None], queues: list[list[int]]) -> None:
    for index, (present, first) in enumerate(zip(occasions, firsts, strict=True)):
        # Someone present is always first; nobody absent ever is.
        assert (first is None) == (not present) and (first is None or first in present)
        # Whoever's turn it was and is absent keeps it: they are first the next time they come.
        head = queues[index][0]
        if head not in present:
            returns = [i for i in range(index + 1, len(occasions)) if head in occasions[i]]
            if returns:
                assert firsts[returns[0]] == head
    # Nobody present is passed twice: between two turns of Y, every X present at Y's second turn
    # had a turn of their own.
    for person in range(members):
        turns = [i for i, first in enumerate(firsts) if first == person]
        for earlier, later in itertools.pairwise(turns):
            for other in occasions[later] - {person}:
                assert other in firsts[earlier + 1 : later], (person, other, earlier, later)


@given(attendance())
def test_the_rotation_is_fair_for_any_attendance(case):
    members, occasions = case
    firsts, queues = simulate(members, occasions)
    assert_fair(members, occasions, firsts, queues)


@given(st.integers(min_value=1, max_value=9), st.integers(min_value=1, max_value=4))
def test_with_everyone_present_each_cycle_has_every_member_first_once(members, cycles):
    firsts, _ = simulate(members, [set(range(members))] * (members * cycles))
    for start in range(0, members * cycles, members):
        assert sorted(firsts[start : start + members]) == list(range(members))


@given(attendance(max_members=6, max_occasions=40))
def test_people_who_always_come_are_first_equally_often_give_or_take_one(case):
    members, occasions = case
    firsts, _ = simulate(members, occasions)
    regulars = [m for m in range(members) if all(m in present for present in occasions)]
    counts = [firsts.count(m) for m in regulars]
    assert not counts or max(counts) - min(counts) <= 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=attendance(max_members=5, max_occasions=12))
def test_the_stored_rotation_behind_the_retro_hook_is_just_as_fair(db, case):
    members, occasions = case
    team = TeamFactory(slug=f"rotation-{next(counter)}")
    people = [PersonFactory(display_name=f"Member {index}") for index in range(members)]
    for person in people:
        MembershipFactory(person=person, team=team)
    index_of = {person.pk: index for index, person in enumerate(people)}
    firsts: list[int | None] = []
    for number, present in enumerate(occasions, start=1):
        here = [people[index] for index in sorted(present)]
        order = speaking_order_for(team, here, occasion=f"retro:{number}")
        # Asking again (the board refreshing) gives the same order and takes no second turn.
        assert speaking_order_for(team, here, occasion=f"retro:{number}") == order
        assert sorted(person.pk for person in order) == sorted(person.pk for person in here)
        firsts.append(index_of[order[0].pk] if order else None)
    expected, queues = simulate(members, occasions)
    assert firsts == expected
    assert_fair(members, occasions, firsts, queues)


def test_a_guest_speaks_after_the_members_and_a_newcomer_joins_at_the_back(db):
    team = TeamFactory(slug="guests")
    ann, ben = PersonFactory(display_name="Ann"), PersonFactory(display_name="Ben")
    for person in (ann, ben):
        MembershipFactory(person=person, team=team)
    guest = PersonFactory(display_name="Aaron Guest")
    assert speaking_order_for(team, [guest, ben, ann], occasion="retro:1") == [ann, ben, guest]
    cleo = PersonFactory(display_name="Cleo")
    MembershipFactory(person=cleo, team=team)
    assert speaking_order_for(team, [cleo, ben, ann], occasion="retro:2") == [ben, ann, cleo]
    assert speaking_order_for(team, [cleo, ben, ann], occasion="retro:3") == [ann, cleo, ben]
    assert speaking_order_for(team, [cleo, ben, ann], occasion="retro:4") == [cleo, ben, ann]


def test_looking_back_at_an_old_occasion_takes_no_turn(db):
    team = TeamFactory(slug="old")
    people = [PersonFactory(display_name=name) for name in ("Ann", "Ben")]
    for person in people:
        MembershipFactory(person=person, team=team)
    speaking_order_for(team, people, occasion="retro:5")
    speaking_order_for(team, people, occasion="retro:2")
    assert speaking_order_for(team, people, occasion="retro:6")[0] == Person.objects.get(display_name="Ben")
