"""Audits by team level are guarded together: a parent shown at one level minus its children shown at
the next never reveals a small team."""

from __future__ import annotations

import pytest

from learnloop.equity.distribution import distribution_audit
from learnloop.people.tests.factories import MembershipFactory, PersonFactory, TeamFactory


@pytest.fixture
def tree(db):
    engineering = TeamFactory(name="Eng")
    sales = TeamFactory(name="Sales")
    sizes = {"A": (engineering, 20), "B": (engineering, 3), "C": (sales, 4), "D": (sales, 40)}
    for name, (parent, size) in sizes.items():
        team = TeamFactory(name=name, parent=parent)
        for _ in range(size):
            MembershipFactory(person=PersonFactory(), team=team)
    return {"Eng": ["A", "B"], "Sales": ["C", "D"]}


def test_no_parent_minus_its_visible_children_isolates_a_small_team(tree, dana):
    top = {g.group: g.headcount for g in distribution_audit(actor=dana, by="team-level:0").groups}
    children = {g.group: g.headcount for g in distribution_audit(actor=dana, by="team-level:1").groups}
    assert children["B"] is None and children["C"] is None  # 3 and 4 people: too few
    for parent, names in tree.items():
        if top.get(parent) is None:
            continue
        hidden = top[parent] - sum(children[name] or 0 for name in names)
        assert hidden == 0 or hidden >= 5, (parent, hidden)


def test_flat_suppression_alone_would_have_leaked_here(tree):
    # Eng (23) and A (20) both shown would give B = 3: the joint release must hide one of them.
    from learnloop.core.anonymity import suppress_counts

    assert suppress_counts({"Eng": 23, "Sales": 44}) == {"Eng": 23, "Sales": 44}
    assert suppress_counts({"A": 20, "B": 3, "C": 4, "D": 40})["A"] == 20


def test_a_small_top_level_team_hides_with_a_sibling_because_the_total_is_known(tree, dana):
    legal = TeamFactory(name="Legal")
    for _ in range(3):
        MembershipFactory(person=PersonFactory(), team=legal)
    top = {g.group: g.headcount for g in distribution_audit(actor=dana, by="team-level:0").groups}
    everyone = 20 + 3 + 4 + 40 + 3 + 1  # Dana is in Sales (from the org fixture) too
    hidden = everyone - sum(count or 0 for count in top.values())
    assert top["Legal"] is None and hidden >= 5
