"""Property test of how pulse results are released while answers arrive, through the real code.

Hypothesis draws a team tree and people arriving one by one in its teams (some saying "yes" to
the run's question about people). Each person answers through `services.pulse_answer`, which
releases batches as it does in production; after every release, and once more after the run
closes, the test reads the results as a page would (`results.run_results`). Every version of
every number that was ever on screen is then attacked together: none isolates fewer than the
minimum.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from django.db import transaction
from django.db.models import Count, Max
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnloop.core.access import SYSTEM
from learnloop.core.tests.test_anonymity_guard_properties import MINIMUM, assert_nothing_isolated
from learnloop.people.models import Team
from learnloop.people.tests.factories import TeamFactory
from learnloop.voice import services
from learnloop.voice.models import PulseRun, Response
from learnloop.voice.results import AtomKey, RunResults, group_definitions, run_results
from learnloop.voice.tests.pulses import answer, members, open_pulse


@st.composite
def arrivals(draw):
    """A team tree and answers arriving one by one into its teams, with a yes/no segment."""
    team_count = draw(st.integers(min_value=1, max_value=6))
    parents = [None] + [draw(st.integers(min_value=0, max_value=index - 1)) for index in range(1, team_count)]
    answers = draw(st.lists(st.tuples(st.integers(0, team_count - 1), st.sampled_from(["", "yes"])), max_size=36))
    return parents, answers


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(arrivals(), st.randoms(use_true_random=False))
def test_nothing_shown_in_any_batch_isolates_a_small_group(db, settings_minimum, case, rng):
    parents, answers = case
    with transaction.atomic():  # each example starts from an empty run and leaves nothing behind
        try:
            screens, atoms = answer_and_watch(parents, answers)
            assert_nothing_isolated(atoms, list(screens), rng)
        finally:
            transaction.set_rollback(True)


def answer_and_watch(
    parents: list[int | None], arrivals_: Iterable[tuple[int, str]]
) -> tuple[set[frozenset[AtomKey]], dict[AtomKey, int]]:
    """Everyone answers, then the run closes; returns every set of answers any results page
    showed a number for, and the atoms (team cell, segment, batch) with their sizes."""
    teams: list[Team] = []
    for parent in parents:
        teams.append(TeamFactory.create() if parent is None else TeamFactory.create(parent=teams[parent]))
    run = open_pulse([teams[0]], segment_label="Remote?", segment_choices=["yes"])
    pages: list[RunResults] = []
    released = 0
    for team, segment in arrivals_:
        (person,) = members(teams[team], 1)
        answer(run, person, segment=segment)
        latest = Response.objects.filter(run=run).aggregate(last=Max("batch"))["last"] or 0
        if latest != released:
            released = latest
            pages.append(run_results(run))
    services.run_close(actor=SYSTEM, run=run)
    pages.append(run_results(run))
    atoms = {
        (row["cell"], row["segment"], row["batch"]): row["n"]
        for row in Response.objects.filter(run=run).values("cell", "segment", "batch").annotate(n=Count("*")).order_by()
    }
    return {shown for page in pages for shown in on_screen(run, page, atoms)}, atoms


def on_screen(run: PulseRun, page: RunResults, atoms: dict[AtomKey, int]) -> Iterable[frozenset[AtomKey]]:
    """The answers behind each number the page shows: the group's atoms up to the batch whose
    running total is the number shown (releases come in batch order)."""
    segments = sorted({atom[1] for atom in atoms if atom[1]})
    definitions = group_definitions(list(run.cells.all()), segments)
    batches = sorted({atom[2] for atom in atoms})
    for group in page.groups:
        if not group.shown:
            continue
        cells, segment = definitions[group.key]
        for until in batches:
            members_ = frozenset(
                atom
                for atom in atoms
                if atom[0] in cells and (segment is None or atom[1] == segment) and atom[2] <= until
            )
            if sum(atoms[atom] for atom in members_) == group.respondents:
                yield members_
                break
        else:
            raise AssertionError(f"{group.label} shows {group.respondents}, which no run of batches adds up to")


@pytest.fixture
def settings_minimum(settings):
    settings.MIN_GROUP_SIZE = MINIMUM
