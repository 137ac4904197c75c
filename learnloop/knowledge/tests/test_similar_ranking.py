""" "Seen before?" ranks by words, by the item's own keywords the text mentions and by shared causes,
says why, keeps to what the viewer may see and leaves out the writer's own team when asked."""

from __future__ import annotations

from learnloop.knowledge.similar import similar_to
from learnloop.knowledge.tests.searching import make
from learnloop.loops import services
from learnloop.loops.models import FactorCategory


def test_an_item_whose_keyword_the_text_mentions_comes_first_and_says_so(erin, bob, org):
    plain = make(
        "review",
        actor=erin,
        team=org["sales"],
        title="Slow replication",
        text="replication lag grew",
        visibility="organization",
    )
    tagged = make(
        "review",
        actor=erin,
        team=org["sales"],
        title="Primary lost",
        text="replication stopped",
        visibility="organization",
    )
    tagged.keywords = ["replication lag"]
    tagged.save()
    found = similar_to(bob, "replication lag after the failover")
    assert [item.id for item in found][:2] == [tagged.pk, plain.pk]
    assert "mentions replication lag" in found[0].reasons


def test_a_shared_contributing_factor_category_lifts_an_item(erin, bob, org):
    config = FactorCategory.objects.create(name="Config change", slug="config-change")
    capacity = FactorCategory.objects.create(name="Capacity", slug="capacity")
    by_config = make(
        "review",
        actor=erin,
        team=org["sales"],
        title="Gateway errors",
        text="gateway errors",
        visibility="organization",
    )
    by_capacity = make(
        "review",
        actor=erin,
        team=org["sales"],
        title="Gateway errors too",
        text="gateway errors",
        visibility="organization",
    )
    services.factor_add(actor=erin, review=by_config, category=config)
    services.factor_add(actor=erin, review=by_capacity, category=capacity)
    found = similar_to(bob, "gateway errors", categories=["Capacity"])
    assert [item.id for item in found] == [by_capacity.pk, by_config.pk]
    assert any(reason.startswith("same kind of cause") for reason in found[0].reasons)


def test_it_never_suggests_what_the_viewer_may_not_see_or_their_own_team(alice, bob, charlie, org):
    make("review", actor=alice, team=org["platform"], title="Private kafka outage", text="kafka broker")
    make(
        "lesson",
        actor=alice,
        team=org["platform"],
        title="Shared kafka lesson",
        text="kafka broker",
        visibility="organization",
    )
    assert [item.title for item in similar_to(charlie, "kafka broker down")] == ["Shared kafka lesson"]
    assert similar_to(bob, "kafka broker down", exclude_team_ids=[org["platform"].pk]) == []
    assert similar_to(None, "kafka broker down") == []
