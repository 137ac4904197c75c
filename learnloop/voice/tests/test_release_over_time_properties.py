"""Property test of how pulse results are released while answers arrive: every number any page
ever showed, across all batches, is attacked together; none isolates fewer than the minimum."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from learnloop.core.tests.test_anonymity_guard_properties import MINIMUM, assert_nothing_isolated
from learnloop.voice.models import RunTeam
from learnloop.voice.results import group_definitions, release_over_batches


@st.composite
def arrivals(draw):
    """A team tree and answers arriving one by one into its cells, with a yes/no segment."""
    team_count = draw(st.integers(min_value=1, max_value=7))
    parents = [None] + [draw(st.integers(min_value=0, max_value=index - 1)) for index in range(1, team_count)]
    answers = draw(st.lists(st.tuples(st.integers(0, team_count - 1), st.sampled_from(["", "yes"])), max_size=60))
    return parents, answers


@settings(max_examples=120, deadline=None)
@given(arrivals(), st.randoms(use_true_random=False))
def test_nothing_shown_in_any_batch_isolates_a_small_group(case, rng):
    parents, answers = case
    cells = [
        RunTeam(pk=index + 1, parent_id=None if p is None else p + 1, name=str(index), headcount=0)
        for index, p in enumerate(parents)
    ]
    # As services.release_waiting does: a team's answers go out together once MINIMUM of them
    # wait; whatever still waits when the run closes goes out in one last batch.
    atoms: dict[tuple[int, str, int], int] = {}
    waiting: dict[int, list[str]] = {}
    batch = 0
    for team, segment in answers:
        waiting.setdefault(team, []).append(segment)
        if len(waiting[team]) >= MINIMUM:
            batch += 1
            for waiting_segment in waiting.pop(team):
                key = (team + 1, waiting_segment, batch)
                atoms[key] = atoms.get(key, 0) + 1
    batch += 1
    for team, segments_left in waiting.items():
        for waiting_segment in segments_left:
            key = (team + 1, waiting_segment, batch)
            atoms[key] = atoms.get(key, 0) + 1
    segments = sorted({atom[1] for atom in atoms if atom[1]})
    groups = group_definitions(cells, segments)
    shown_until = release_over_batches(atoms, groups, minimum=MINIMUM)

    def members(key, until):
        team_cells, segment = groups[key]
        return frozenset(
            atom
            for atom in atoms
            if atom[0] in team_cells and (segment is None or atom[1] == segment) and atom[2] <= until
        )

    # Every version of every group that was on screen at some point: at each batch, the group
    # showed its state as of the last batch the guard allowed for it.
    batches = sorted({atom[2] for atom in atoms})
    ever_visible = set()
    for stage in batches:
        staged = release_over_batches({a: n for a, n in atoms.items() if a[2] <= stage}, groups, minimum=MINIMUM)
        for key, until in staged.items():
            if until is not None:
                ever_visible.add(members(key, until))
    assert {members(key, until) for key, until in shown_until.items() if until is not None} <= ever_visible
    assert_nothing_isolated(atoms, list(ever_visible), rng)
