"""Property tests of the anonymity guard: random team trees, segments and filters, then every
differencing attack we can think of against the numbers it releases."""

from __future__ import annotations

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from learnloop.core.anonymity import AnonymityGuard, ProfileGuard, exposed_by_total

MINIMUM = 5


@st.composite
def organizations(draw):
    """A random team tree; each team has people split over a few segments (an attribute).
    Atoms are (team, segment) cells with their head counts."""
    team_count = draw(st.integers(min_value=1, max_value=9))
    parents = [None] + [draw(st.integers(min_value=0, max_value=index - 1)) for index in range(1, team_count)]
    segments = draw(st.integers(min_value=1, max_value=3))
    atoms = {
        (team, segment): draw(st.integers(min_value=0, max_value=14))
        for team in range(team_count)
        for segment in range(segments)
    }
    return parents, segments, atoms


def subtree(parents, team):
    members = {team}
    changed = True
    while changed:
        changed = False
        for child, parent in enumerate(parents):
            if parent in members and child not in members:
                members.add(child)
                changed = True
    return members


def families(parents, segments, atoms, rng):
    """The groups a results page asks for: every team's subtree, every subtree by segment, and a
    few filters (an arbitrary set of teams, optionally one segment)."""
    groups = {}
    for team in range(len(parents)):
        teams = subtree(parents, team)
        groups[("team", team)] = {atom for atom in atoms if atom[0] in teams}
        for segment in range(segments):
            groups[("cell", team, segment)] = {atom for atom in atoms if atom[0] in teams and atom[1] == segment}
    for number in range(3):
        teams = {team for team in range(len(parents)) if rng.random() < 0.5}
        segment = rng.randrange(segments + 1)
        groups[("filter", number)] = {
            atom for atom in atoms if atom[0] in teams and (segment == segments or atom[1] == segment)
        }
    return groups


def size(atoms, group):
    return sum(atoms[atom] for atom in group)


def assert_nothing_isolated(atoms, visible_sets, rng):
    # 1. every visible number covers nobody or at least the minimum
    for group in visible_sets:
        assert size(atoms, group) == 0 or size(atoms, group) >= MINIMUM
    # 2. differencing pairs: what one has and the other lacks
    for first, second in itertools.permutations(visible_sets, 2):
        lacking = size(atoms, set(first) - set(second))
        assert lacking == 0 or lacking >= MINIMUM, (first, second)
    # 3. a group minus any set of disjoint visible groups inside it
    for whole in visible_sets:
        inside = [group for group in visible_sets if group and set(group) < set(whole)]
        for count in range(2, min(4, len(inside)) + 1):
            for parts in itertools.combinations(inside, count):
                union = set().union(*parts)
                if sum(len(part) for part in parts) == len(union):
                    rest = size(atoms, set(whole) - union)
                    assert rest == 0 or rest >= MINIMUM
    # 4. random integer combinations of visible numbers that happen to count a set of people
    for _ in range(60):
        weights = [rng.choice([-1, 0, 0, 1]) for _ in visible_sets]
        coverage = dict.fromkeys(atoms, 0)
        for weight, group in zip(weights, visible_sets, strict=True):
            for atom in group:
                coverage[atom] += weight
        if all(value in (0, 1) for value in coverage.values()):
            isolated = sum(atoms[atom] for atom, value in coverage.items() if value == 1)
            assert isolated == 0 or isolated >= MINIMUM


@settings(max_examples=150, deadline=None)
@given(organizations(), st.randoms(use_true_random=False))
def test_no_combination_of_released_numbers_isolates_fewer_than_the_minimum(organization, rng):
    parents, segments, atoms = organization
    groups = families(parents, segments, atoms, rng)
    released = AnonymityGuard(atoms, minimum=MINIMUM).release(groups)
    visible = [frozenset(groups[key]) for key, shown in released.items() if shown]
    assert_nothing_isolated(atoms, visible, rng)


@settings(max_examples=100, deadline=None)
@given(organizations(), st.randoms(use_true_random=False))
def test_numbers_seen_before_are_taken_into_account(organization, rng):
    """A viewer saw the team results earlier (or on the unfiltered page); filters now asked for
    are released only where they add no small difference to what was already seen."""
    parents, segments, atoms = organization
    groups = families(parents, segments, atoms, rng)
    guard = AnonymityGuard(atoms, minimum=MINIMUM)
    teams = {key: group for key, group in groups.items() if key[0] == "team"}
    first = guard.release(teams)
    seen = [frozenset(teams[key]) for key, shown in first.items() if shown]
    filters = {key: group for key, group in groups.items() if key[0] != "team"}
    second = guard.release(filters, known=seen)
    visible = seen + [frozenset(filters[key]) for key, shown in second.items() if shown]
    assert_nothing_isolated(atoms, visible, rng)


@settings(max_examples=100, deadline=None)
@given(
    organizations(),
    st.integers(min_value=0, max_value=8),
    st.integers(min_value=1, max_value=6),
    st.randoms(use_true_random=False),
)
def test_a_group_that_changes_by_a_few_people_between_releases_does_not_reveal_them(
    organization, changed_team, newcomers, rng
):
    """A second release adds people to one cell (someone joined, late answers). Numbers seen
    in the first release stay known; nothing in the second may differ from them, or combine
    with them, to isolate fewer than the minimum."""
    parents, segments, atoms = organization
    changed_team %= len(parents)
    first_atoms = {(team, segment, 1): size for (team, segment), size in atoms.items()}
    second_atoms = {**first_atoms, (changed_team, 0, 2): newcomers}
    groups = families(parents, segments, atoms, rng)
    first_groups = {key: {(*atom, 1) for atom in group} for key, group in groups.items()}
    seen = [
        frozenset(first_groups[key])
        for key, shown in AnonymityGuard(first_atoms, minimum=MINIMUM).release(first_groups).items()
        if shown
    ]
    second_groups = {
        key: first_groups[key] | {(changed_team, 0, 2)} if (changed_team, 0) in group else first_groups[key]
        for key, group in groups.items()
    }
    released = AnonymityGuard(second_atoms, minimum=MINIMUM).release(second_groups, known=seen)
    visible = seen + [frozenset(second_groups[key]) for key, shown in released.items() if shown]
    assert_nothing_isolated(second_atoms, visible, rng)


def test_a_large_tree_is_released_quickly_enough_to_be_useful():
    """Not a timing test: 2,000 teams must simply finish and leave most big teams visible."""
    rng = random.Random(7)
    parents = [None] + [rng.randrange(index // 3, index) for index in range(1, 2000)]
    atoms = {team: rng.choice([0, 2, 4, 8, 20, 40]) for team in range(2000)}
    groups = {team: list(subtree_fast(parents, team)) for team in range(2000)}
    released = AnonymityGuard(atoms, minimum=MINIMUM).release(groups, keep=[0])
    assert released[0]
    assert sum(released.values()) > 1000


def subtree_fast(parents, team):
    children: dict[int, list[int]] = {}
    for child, parent in enumerate(parents):
        if parent is not None:
            children.setdefault(parent, []).append(child)
    stack, seen = [team], []
    while stack:
        node = stack.pop()
        seen.append(node)
        stack.extend(children.get(node, []))
    return seen


@st.composite
def populations(draw):
    """People with a team (a small tree), an attribute value, and a few records a month: the
    selections are "at least m records in month w" for a few months, their union and m = 1..3."""
    size = draw(st.integers(min_value=MINIMUM, max_value=40))
    parents = [None, 0, 0, 1, 2]
    people = {
        person: (
            draw(st.integers(min_value=0, max_value=4)),
            draw(st.sampled_from("abc")),
            [draw(st.integers(min_value=0, max_value=3)) for _ in range(3)],
        )
        for person in range(size)
    }
    return parents, people


def profile_selections(people):
    selections = {}
    for months in ((0,), (1,), (2,), (0, 1), (0, 1, 2)):
        for minimum_count in (1, 2, 3):
            selections[(months, minimum_count)] = {
                person for person, (_, _, counts) in people.items() if sum(counts[m] for m in months) >= minimum_count
            }
    return selections


def profile_groupings(parents, people):
    teams = {
        ("team", team): {person for person, (home, _, _) in people.items() if home in subtree(parents, team)}
        for team in range(len(parents))
    }
    values = {value: {person for person, (_, own, _) in people.items() if own == value} for value in "abc"}
    return {"team": teams, "attribute": values}


@settings(max_examples=150, deadline=None)
@given(populations(), st.randoms(use_true_random=False))
def test_profiles_released_for_every_grouping_isolate_nobody(population, rng):
    """Per grouping: every visible group's head count and its count in every shown selection, and
    the organization's count in every shown selection (known to all groupings)."""
    parents, people = population
    selections = profile_selections(people)
    groupings = profile_groupings(parents, people)
    release = ProfileGuard(people, minimum=MINIMUM).release(
        selections=selections, groupings=groupings, protected=[((0, 1, 2), 1)]
    )
    shown = [key for key in selections if release.shows(key)]
    atoms = dict.fromkeys(people, 1)
    organization = [frozenset(people)] + [frozenset(selections[key]) for key in shown]
    for grouping, groups in groupings.items():
        visible_sets = list(organization)
        for group, members in groups.items():
            if not release.is_hidden(grouping, group):
                visible_sets.append(frozenset(members))
                visible_sets += [frozenset(members & selections[key]) for key in shown]
        assert_nothing_isolated(atoms, [group for group in visible_sets if group], rng)


def test_a_group_with_a_small_profile_is_hidden_with_the_next_smallest():
    """Teams a (10 people, 3 with no record), b (20, 4 with none) and c (30, all with one). The 3 of
    a cannot be shown; a hidden alone would be the organization minus b and c, so b goes too."""
    sizes = {"a": (10, 3), "b": (20, 4), "c": (30, 0)}
    people = {f"{team}{n}": team for team, (size, _) in sizes.items() for n in range(size)}
    reached = {person for person, team in people.items() if int(person[1:]) >= sizes[team][1]}
    groups = {team: {person for person, own in people.items() if own == team} for team in sizes}
    release = ProfileGuard(people, minimum=5).release(
        selections={"reached": reached}, groupings={"team": groups}, protected=["reached"]
    )
    assert release.shows("reached")
    assert release.hidden["team"] == {"a", "b"}


def test_a_total_says_nothing_new_when_the_counts_pin_it():
    classes = {"p": 1, "q": 1, "r": 2}
    assert exposed_by_total({"p": 2, "q": 2, "r": 5}, classes) == 0
    assert exposed_by_total({"p": 2, "q": 3, "r": 5}, classes) == 1
