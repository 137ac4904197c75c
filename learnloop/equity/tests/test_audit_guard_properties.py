"""Property tests: for random small organizations with random learning records (and retros), one
viewer asks the audit (and participation) for many filter combinations of one grouping: the whole
history, whole quarters, one-day windows, pairs of overlapping windows, each kind of record, several
minimum counts. Whatever they are shown, no combination of it isolates fewer than the minimum."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from learnloop.core.access import SYSTEM
from learnloop.equity.distribution import ABOVE_LEVEL, NOT_RECORDED, distribution_audit
from learnloop.equity.models import LearningRecord
from learnloop.equity.participation import participation_by_group
from learnloop.equity.tests.attacks import assert_nothing_isolated
from learnloop.loops.models import ActionItem, Card, Change, Lesson, Participant, Phase, Retrospective
from learnloop.people.models import SensitiveAttribute
from learnloop.people.tests.factories import MembershipFactory, PersonFactory, TeamFactory

MINIMUM = 3
FIRST_DAY = datetime.date(2025, 1, 1)
DAYS = 181  # two quarters of 2025
KINDS = ("course", "talk")
GENDERS = ("Female", "Male", "")
# Each example builds an organization in the database: large and slow by the health checks' measure.
SLOW_EXAMPLES = [HealthCheck.function_scoped_fixture, HealthCheck.large_base_example, HealthCheck.too_slow]


RETRO_DAYS = (20, 70, 110, 160)  # four retros over the two quarters


@st.composite
def organizations(draw):
    """Teams: a root, two or three top-level teams, some with a child team. People: a team each
    (the root counts), a gender or none, up to four records on random days of two kinds, and a
    part in up to three of four retros: present or not, up to two named cards, some adopted (an
    action item), some of those changed (a recorded change)."""
    tops = draw(st.integers(min_value=2, max_value=3))
    children = [draw(st.integers(min_value=0, max_value=2)) for _ in range(tops)]
    team_count = 1 + tops + sum(children)
    size = draw(st.integers(min_value=6, max_value=20))
    people = [
        (
            draw(st.integers(min_value=0, max_value=team_count - 1)),
            draw(st.sampled_from(GENDERS)),
            draw(
                st.lists(
                    st.tuples(st.integers(min_value=0, max_value=DAYS - 1), st.sampled_from(KINDS)),
                    max_size=4,
                )
            ),
            draw(
                st.lists(
                    st.tuples(
                        st.integers(min_value=0, max_value=len(RETRO_DAYS) - 1),
                        st.booleans(),
                        st.lists(st.sampled_from(["plain", "adopted", "changed"]), max_size=2),
                    ),
                    max_size=3,
                    unique_by=lambda entry: entry[0],
                )
            ),
        )
        for _ in range(size)
    ]
    return children, people


@dataclass
class Org:
    """The organization as the test knows it: each person's team path names and records."""

    paths: dict[int, list[str]] = field(default_factory=dict)  # person pk -> team names root first
    gender: dict[int, str] = field(default_factory=dict)
    records: dict[int, list[tuple[datetime.date, str]]] = field(default_factory=lambda: defaultdict(list))
    # person -> (retro day, present, card outcomes)
    retros: dict[int, list[tuple[datetime.date, bool, list[str]]]] = field(default_factory=lambda: defaultdict(list))

    def groups(self, by: str) -> dict[str, set[int]]:
        members: dict[str, set[int]] = defaultdict(set)
        for person, path in self.paths.items():
            if by == "Gender":
                members[self.gender[person] or NOT_RECORDED].add(person)
            else:
                level = int(by.partition(":")[2])
                members[path[level] if len(path) > level else ABOVE_LEVEL].add(person)
        return members

    def count(self, person: int, start: datetime.date | None, end: datetime.date | None, kind: str | None) -> int:
        return sum(
            1
            for day, record_kind in self.records[person]
            if (start is None or day >= start) and (end is None or day <= end) and (kind is None or kind == record_kind)
        )

    def participation(self, person: int, start: datetime.date | None, end: datetime.date | None) -> tuple:
        """(took part, named cards, ideas adopted, ideas changed) in retros from start to end."""
        entries = [
            (present, cards)
            for day, present, cards in self.retros[person]
            if (start is None or day >= start) and (end is None or day <= end)
        ]
        cards = [card for _, outcome in entries for card in outcome]
        return (
            int(any(present or outcome for present, outcome in entries)),
            len(cards),
            sum(card != "plain" for card in cards),
            sum(card == "changed" for card in cards),
        )


def build(children, people):
    root = TeamFactory(name="Root")
    teams = [(root, ["Root"])]
    for top_index, child_count in enumerate(children):
        top = TeamFactory(name=f"Top{top_index}", parent=root)
        teams.append((top, ["Root", top.name]))
        for child_index in range(child_count):
            child = TeamFactory(name=f"Child{top_index}{child_index}", parent=top)
            teams.append((child, ["Root", top.name, child.name]))
    org = Org()
    records = []
    retros = []
    for team_index, gender, days, taking_part in people:
        team, path = teams[team_index]
        person = PersonFactory()
        MembershipFactory(person=person, team=team)
        org.paths[person.pk] = path
        org.gender[person.pk] = gender
        if gender:
            SensitiveAttribute.objects.create(person=person, key="Gender", value=gender)
        for day, kind in days:
            occurred = FIRST_DAY + datetime.timedelta(days=day)
            org.records[person.pk].append((occurred, kind))
            records.append(LearningRecord(person=person, kind=kind, occurred_on=occurred, source="import"))
        if not retros:
            retros = [retro_on(root, person, FIRST_DAY + datetime.timedelta(days=day)) for day in RETRO_DAYS]
        for index, present, cards in taking_part:
            org.retros[person.pk].append((FIRST_DAY + datetime.timedelta(days=RETRO_DAYS[index]), present, cards))
            take_part(retros[index], person, present=present, cards=cards)
    LearningRecord.objects.bulk_create(records)
    return org


def retro_on(team, facilitator, day):
    retro = Retrospective.objects.create(
        team=team,
        title=f"Retro {day}",
        format="start-stop-continue",
        columns=["start"],
        facilitator=facilitator,
        phase=Phase.CLOSED,
        closed_at=timezone.now(),
    )
    moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    Retrospective.objects.filter(pk=retro.pk).update(created_at=moment)
    return retro


def take_part(retro, person, *, present, cards):
    Participant.objects.create(retro=retro, person=person, present=present)
    for index, outcome in enumerate(cards):
        card = Card.objects.create(
            retro=retro,
            column="start",
            text="An idea",
            is_anonymous=False,
            author=person,
            written_on=retro.created_at.date(),
            shuffle_key=index,
        )
        if outcome == "plain":
            continue
        lesson = Lesson.objects.create(team=retro.team, title="A lesson", source_card=card)
        change = Change.objects.create(what="Done", where="The runbook") if outcome == "changed" else None
        ActionItem.objects.create(
            lesson=lesson,
            team=retro.team,
            title="Do it",
            owner=person,
            due_on=retro.created_at.date(),
            status="done" if change else "open",
            change=change,
            closed_at=timezone.now() if change else None,
        )


def windows(rng: random.Random) -> list[tuple[datetime.date | None, datetime.date | None]]:
    """The whole history, both quarters, one-day windows and pairs of windows a day apart."""
    chosen: list[tuple[datetime.date | None, datetime.date | None]] = [
        (None, None),
        (FIRST_DAY, datetime.date(2025, 3, 31)),
        (datetime.date(2025, 4, 1), datetime.date(2025, 6, 30)),
        (FIRST_DAY, datetime.date(2025, 12, 31)),
    ]
    for _ in range(2):
        day = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
        chosen.append((day, day))
    for _ in range(2):
        start = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS - 1))
        end = start + datetime.timedelta(days=rng.randrange(1, 60))
        chosen += [(start, end), (start, end + datetime.timedelta(days=1))]
    return chosen


def shown_numbers(org: Org, by: str, rng: random.Random) -> list[tuple[str, dict[int, int]]]:
    """Every number the viewer is shown over many requests, as weights over people."""
    numbers: list[tuple[str, dict[int, int]]] = [("everyone", dict.fromkeys(org.paths, 1))]
    groups = org.groups(by)
    requests = [(start, end, kind, m) for start, end in windows(rng) for kind in (None, *KINDS) for m in (1, 2)]
    for start, end, kind, min_count in [requests[0], *rng.sample(requests[1:], 20)]:
        try:
            report = distribution_audit(actor=SYSTEM, by=by, min_count=min_count, start=start, end=end, kind=kind)
        except ValidationError:
            continue  # refused: nothing shown
        label = f"{start}..{end} {kind or 'all'} m={min_count}"
        counts = {person: org.count(person, start, end, kind) for person in org.paths}
        if report.theil is not None or any(group.representation_ratio is not None for group in report.groups):
            numbers.append((f"{label} all records", dict(counts)))
        for group in report.groups:
            members = groups[group.group]
            if group.headcount is not None:
                assert group.headcount == len(members)
                numbers.append((f"{group.group} people", dict.fromkeys(members, 1)))
            if group.reached is not None:
                reached = {person: 1 for person in members if counts[person] >= 1}
                assert group.reached == len(reached)
                numbers.append((f"{label} {group.group} reached", reached))
            if group.selection_rate is not None:
                selected = {person: 1 for person in members if counts[person] >= min_count}
                assert round(group.selection_rate * len(members)) == len(selected)
                numbers.append((f"{label} {group.group} selected", selected))
            if group.records is not None or group.mean is not None:
                numbers.append((f"{label} {group.group} records", {person: counts[person] for person in members}))
    return numbers


PARTICIPATION_FIELDS = ("participants", "named_cards", "ideas_adopted", "ideas_changed")


def participation_numbers(org: Org, by: str, rng: random.Random) -> list[tuple[str, dict[int, int]]]:
    """Every number participation shows, over whole quarters, one-day windows and pairs of windows."""
    numbers: list[tuple[str, dict[int, int]]] = []
    groups = org.groups(by)
    for start, end in windows(rng):
        try:
            shown = participation_by_group(actor=SYSTEM, by=by, start=start, end=end)
        except ValidationError:
            continue
        figures = {person: org.participation(person, start, end) for person in org.paths}
        for group in shown:
            members = groups[group.group]
            if group.headcount is not None:
                numbers.append((f"{group.group} people", dict.fromkeys(members, 1)))
            if group.contributors is not None:
                contributors = {person: 1 for person in members if figures[person][1]}
                assert group.contributors == len(contributors)
                numbers.append((f"{start}..{end} {group.group} contributors", contributors))
            for position, name in enumerate(PARTICIPATION_FIELDS):
                value = getattr(group, name)
                if value is not None:
                    weights = {person: figures[person][position] for person in members}
                    assert value == sum(weights.values()), (name, group)
                    numbers.append((f"{start}..{end} {group.group} {name}", weights))
    return numbers


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.large_base_example, HealthCheck.too_slow],
)
@given(organizations(), st.sampled_from(["team-level", "Gender"]), st.integers(min_value=0, max_value=2**32))
def test_no_combination_of_audit_and_participation_figures_isolates_fewer_than_the_minimum(settings, example, by, seed):
    rng = random.Random(seed)  # requests and attacks: many draws, so not from hypothesis's own data
    settings.MIN_GROUP_SIZE = MINIMUM
    children, people = example
    with transaction.atomic():
        org = build(children, people)
        numbers = []
        for grouping in ("team-level:0", "team-level:1", "team-level:2") if by == "team-level" else (by,):
            numbers += shown_numbers(org, grouping, rng)
            numbers += participation_numbers(org, grouping, rng)
        transaction.set_rollback(True)
    assert_nothing_isolated(numbers, minimum=MINIMUM, rng=rng)
