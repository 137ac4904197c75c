"""Search never shows a result the viewer may not see: for every kind, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from learnloop.knowledge.search import search_for
from learnloop.knowledge.tests.searching import KINDS, make
from learnloop.loops import services
from learnloop.loops.models import Review


def found(actor, text: str) -> set[str]:
    return {result.hit.title for result in search_for(actor, text).results}


@pytest.mark.parametrize("kind", KINDS)
def test_a_team_only_item_is_found_by_its_team_and_nobody_else(kind, alice, bob, charlie, dana, erin, org):
    make(kind, actor=alice, team=org["platform"], title="Zebra quota exhausted", text="zebra quota")
    assert found(bob, "zebra") == {"Zebra quota exhausted"}
    assert found(alice, "zebra quota") == {"Zebra quota exhausted"}
    assert found(erin, "zebra") == {"Zebra quota exhausted"}
    assert found(charlie, "zebra") == set()
    assert found(dana, "zebra") == set()
    assert found(None, "zebra") == set()


@pytest.mark.parametrize("kind", KINDS)
def test_an_item_shared_with_the_organization_is_found_by_everyone_signed_in(kind, alice, charlie, org):
    make(
        kind, actor=alice, team=org["platform"], title="Walrus cache stampede", text="walrus", visibility="organization"
    )
    assert found(charlie, "walrus") == {"Walrus cache stampede"}
    assert found(None, "walrus") == set()


@pytest.mark.parametrize("kind", KINDS)
def test_a_manager_sees_the_private_work_of_teams_below_theirs(kind, alice, bob, charlie, org):
    from learnloop.people.models import Membership, Role

    Membership.objects.create(person=charlie, team=org["root"], role=Role.MANAGER)
    make(kind, actor=alice, team=org["platform"], title="Heron disk full", text="heron")
    assert found(charlie, "heron") == {"Heron disk full"}


@pytest.mark.parametrize("kind", KINDS)
def test_making_an_item_private_again_hides_it_at_once(kind, alice, charlie, org):
    item = make(
        kind, actor=alice, team=org["platform"], title="Ibis token leak", text="ibis", visibility="organization"
    )
    assert found(charlie, "ibis") == {"Ibis token leak"}
    item.visibility = "team"
    item.save()
    assert found(charlie, "ibis") == set()


def test_a_draft_review_shared_with_the_organization_stays_with_its_team_until_it_is_in_review(
    alice, bob, charlie, org
):
    draft = services.review_create(
        actor=bob, team=org["platform"], title="Kiwi replication lag", summary="kiwi", visibility="organization"
    )
    assert found(charlie, "kiwi") == set()
    assert found(bob, "kiwi") == {"Kiwi replication lag"}
    assert found(alice, "kiwi") == {"Kiwi replication lag"}
    services.review_set_status(actor=bob, review=draft, status=Review.Status.IN_REVIEW)
    assert found(charlie, "kiwi") == {"Kiwi replication lag"}
