"""The lesson and action-item endpoints from each chair: sources, visibility, repeats, and items
that end only in a recorded change or a reason."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from learnloop.core.models import AuditEvent
from learnloop.loops import services
from learnloop.loops.models import ActionItem, Change, FactorCategory, Lesson, Phase, Repeat, Visibility
from learnloop.loops.tests.conftest import in_phase


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def item(alice, bob, lesson):
    return services.action_item_create(
        actor=alice, lesson=lesson, title="Add a canary stage", owner=bob, due_on=in_days(7)
    )


@pytest.fixture
def revealed(alice, bob, retro):
    """A retro in the grouping phase with one card and one group of its own."""
    in_phase(retro, alice, Phase.GATHERING)
    card = services.card_add(actor=bob, retro=retro, column="stop", text="Friday deploys")
    other = services.card_add(actor=bob, retro=retro, column="stop", text="Late reviews")
    in_phase(retro, alice, Phase.GROUPING)
    group = services.group_create(actor=bob, retro=retro, title="Slow feedback", cards=[other])
    return retro, card, group


# --- Lessons ----------------------------------------------------------------------------------


def test_a_lesson_is_drawn_from_each_kind_of_source(api_as, bob, review, revealed):
    retro, card, group = revealed
    entry = services.timeline_add(actor=bob, review=review, at=timezone.now(), text="Deploy")
    category = FactorCategory.objects.create(name="Capacity", slug="capacity")
    factor = services.factor_add(actor=bob, review=review, category=category)
    api = api_as(bob)
    sources = [
        ({"card_id": str(card.pk), "retro_id": retro.pk}, {"kind": "card", "id": str(card.pk), "retro_id": retro.pk}),
        (
            {"group_id": str(group.pk), "retro_id": retro.pk},
            {"kind": "group", "id": str(group.pk), "retro_id": retro.pk},
        ),
        ({"timeline_entry_id": entry.pk}, {"kind": "timeline_entry", "id": entry.pk, "review_id": review.pk}),
        ({"factor_id": factor.pk}, {"kind": "factor", "id": factor.pk, "review_id": review.pk}),
        ({"review_id": review.pk}, {"kind": "review", "id": review.pk, "review_id": review.pk}),
    ]
    for given, expected in sources:
        response = api.post("/lessons", {**given, "title": "Learned", "tags": ["Deploys", " deploys "]})
        assert response.status_code == 201, given
        body = response.json()
        assert body["source"] == {"retro_id": None, "review_id": None, **expected}
        assert (body["tags"], body["team"]["slug"], body["created_by"]["id"]) == (["deploys"], "platform", bob.pk)
    assert Lesson.objects.count() == 5
    assert AuditEvent.objects.filter(action="lesson.created").count() == 5


def test_a_lesson_needs_exactly_one_source_the_person_can_see(api_as, bob, charlie, review, revealed, org):
    retro, card, _group = revealed
    api = api_as(bob)
    both = api.post("/lessons", {"review_id": review.pk, "factor_id": 1, "title": "x"})
    assert both.status_code == 400 and both.json()["detail"].startswith("Give exactly one source")
    assert api.post("/lessons", {"title": "x"}).status_code == 400
    no_retro = api.post("/lessons", {"card_id": str(card.pk), "title": "x"})
    assert list(no_retro.json()["errors"]) == ["retro_id"]
    hidden = services.review_create(actor=charlie, team=org["sales"], title="Sales only")
    refused = api.post("/lessons", {"review_id": hidden.pk, "title": "x"})
    assert refused.json()["errors"] == {"review_id": [f"There is no review #{hidden.pk} that you can see."]}
    assert api_as(charlie).post("/lessons", {"card_id": str(card.pk), "retro_id": retro.pk, "title": "x"}).json()[
        "errors"
    ] == {"retro_id": [f"There is no retro #{retro.pk} that you can see."]}
    assert not Lesson.objects.exists()


def test_an_outsider_cannot_draw_a_lesson_from_a_shared_review(api_as, bob, charlie, org):
    shared = services.review_create(actor=bob, team=org["platform"], title="Shared", visibility=Visibility.ORGANIZATION)
    response = api_as(charlie).post("/lessons", {"review_id": shared.pk, "title": "Mine"})
    assert response.status_code == 403
    assert not Lesson.objects.exists()


def test_bob_reads_his_teams_lessons_and_charlie_does_not(api_as, bob, charlie, lesson):
    assert api_as(bob, scope="read").get(f"/lessons/{lesson.pk}").json()["title"] == "Deploys need a canary"
    assert api_as(charlie, scope="read").get(f"/lessons/{lesson.pk}").status_code == 404
    assert api_as(charlie, scope="read").get("/lessons").json() == {"items": [], "count": 0}


def test_a_shared_lessons_private_source_is_named_only_by_its_kind(api_as, alice, charlie, lesson):
    services.lesson_update(
        actor=alice, lesson=lesson, title=lesson.title, detail="", tags=[], visibility="organization"
    )
    body = api_as(charlie, scope="read").get(f"/lessons/{lesson.pk}").json()
    assert body["source"] == {"kind": "timeline_entry", "id": None, "retro_id": None, "review_id": None}


def test_lessons_are_filtered_by_team_and_tag(api_as, alice, bob, review, lesson):
    services.lesson_create(actor=bob, source=review, title="Page the right team", tags=["alerting"])
    api = api_as(alice, scope="read")
    assert [row["title"] for row in api.get("/lessons", {"tag": "Alerting"}).json()["items"]] == ["Page the right team"]
    assert api.get("/lessons", {"team": "platform"}).json()["count"] == 2
    assert api.get("/lessons", {"team": "sales"}).json()["count"] == 0


def test_the_lesson_list_costs_the_same_queries_for_many(api_as, alice, bob, review, django_assert_max_num_queries):
    api = api_as(alice, scope="read")
    api.get("/lessons")
    for number in range(30):
        services.lesson_create(actor=bob, source=review, title=f"Lesson {number}", tags=["a", f"t{number}"])
    # Token, the person's teams (3) for the list and again for the sources, count, page, tags.
    with django_assert_max_num_queries(10):
        assert api.get("/lessons").json()["count"] == 30


def test_a_lesson_shows_its_action_items_and_repeats(api_as, alice, bob, review, lesson, item):
    later = services.lesson_create(actor=bob, source=review, title="Canaries again")
    response = api_as(bob).post(f"/lessons/{later.pk}/repeats", {"earlier_lesson_id": lesson.pk})
    assert response.status_code == 201
    assert (response.json()["later_id"], response.json()["earlier_id"]) == (later.pk, lesson.pk)
    body = api_as(alice, scope="read").get(f"/lessons/{lesson.pk}").json()
    assert body["action_item_ids"] == [item.pk]
    assert body["repeats"] == [{"relation": "came_back_in", "id": later.pk, "title": "Canaries again"}]
    assert Repeat.objects.count() == 1


def test_a_lesson_is_edited_field_by_field(api_as, bob, charlie, lesson):
    response = api_as(bob).patch(f"/lessons/{lesson.pk}", {"tags": ["deploys", "canary"], "visibility": "organization"})
    body = response.json()
    assert (body["title"], body["tags"], body["visibility"]) == (
        "Deploys need a canary",
        ["canary", "deploys"],
        "organization",
    )
    refused = api_as(charlie).patch(f"/lessons/{lesson.pk}", {"title": "Charlie's now"})
    assert refused.status_code == 403  # shared with Charlie now, but not his team's to edit
    assert Lesson.objects.get(pk=lesson.pk).title == "Deploys need a canary"


# --- Action items -------------------------------------------------------------------------------


def test_an_action_item_is_added_to_a_lesson(api_as, alice, bob, lesson):
    response = api_as(alice).post(
        "/action-items",
        {"lesson_id": lesson.pk, "title": "Canary stage", "owner_id": bob.pk, "due_on": str(in_days(5))},
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["owner"]["id"], body["lesson_id"], body["change"]) == ("open", bob.pk, lesson.pk, None)
    assert body["retro_id"] is None and body["overdue"] is False


def test_an_item_from_a_retro_card_belongs_to_that_retro(api_as, alice, bob, revealed):
    retro, card, _group = revealed
    lesson = services.lesson_create(actor=bob, source=card, title="Deploy early")
    body = (
        api_as(bob)
        .post(
            "/action-items",
            {"lesson_id": lesson.pk, "title": "Freeze", "owner_id": alice.pk, "due_on": str(in_days(3))},
        )
        .json()
    )
    assert body["retro_id"] == retro.pk


def test_an_owner_outside_the_team_is_a_field_error(api_as, alice, charlie, lesson):
    api = api_as(alice)
    outsider = api.post(
        "/action-items", {"lesson_id": lesson.pk, "title": "x", "owner_id": charlie.pk, "due_on": str(in_days(5))}
    )
    assert outsider.status_code == 400 and list(outsider.json()["errors"]) == ["owner_id"]
    past = api.post(
        "/action-items", {"lesson_id": lesson.pk, "title": "x", "owner_id": alice.pk, "due_on": str(in_days(-1))}
    )
    assert past.json()["errors"] == {"due_on": ["The due date is in the past."]}
    unknown = api.post(
        "/action-items", {"lesson_id": 999, "title": "x", "owner_id": alice.pk, "due_on": str(in_days(1))}
    )
    assert unknown.json()["errors"] == {"lesson_id": ["There is no lesson #999 that you can see."]}
    assert not ActionItem.objects.exists()


def test_an_item_cannot_be_completed_without_what_and_where(api_as, bob, item):
    response = api_as(bob).post(f"/action-items/{item.pk}/complete", {"evidence_url": "https://ci.example.com/1"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"what", "where"}
    assert ActionItem.objects.get(pk=item.pk).status == ActionItem.Status.OPEN
    assert not Change.objects.exists()
    assert not AuditEvent.objects.filter(action="action_item.done").exists()


def test_completing_records_the_change(api_as, alice, bob, item):
    response = api_as(bob).post(
        f"/action-items/{item.pk}/complete",
        {"what": "Canary stage in the pipeline", "where": "deploy.yml", "evidence_url": "https://ci.example.com/1"},
    )
    assert response.status_code == 201
    change = response.json()
    assert (change["what"], change["where"], change["recorded_by"]["id"]) == (
        "Canary stage in the pipeline",
        "deploy.yml",
        bob.pk,
    )
    body = api_as(alice, scope="read").get(f"/action-items/{item.pk}").json()
    assert (body["status"], body["change"]["id"]) == ("done", change["id"])
    again = api_as(bob).post(f"/action-items/{item.pk}/complete", {"what": "x", "where": "y"})
    assert again.json()["detail"] == "This action item is already done."


def test_an_item_is_dropped_only_with_a_reason(api_as, bob, item):
    api = api_as(bob)
    assert api.post(f"/action-items/{item.pk}/drop", {}).json()["errors"] == {
        "reason": ["Say why the item is dropped, so the team can learn from that too."]
    }
    body = api.post(f"/action-items/{item.pk}/drop", {"reason": "The pipeline is being replaced."}).json()
    assert (body["status"], body["drop_reason"]) == ("dropped", "The pipeline is being replaced.")


def test_items_are_closed_by_their_owner_or_a_facilitator_only(api_as, alice, bob, charlie, lesson):
    alices = services.action_item_create(actor=alice, lesson=lesson, title="Hers", owner=alice, due_on=in_days(3))
    refused = api_as(bob).post(f"/action-items/{alices.pk}/complete", {"what": "x", "where": "y"})
    assert refused.status_code == 403
    assert api_as(charlie).post(f"/action-items/{alices.pk}/drop", {"reason": "x"}).status_code == 404
    assert api_as(charlie, scope="read").get(f"/action-items/{alices.pk}").status_code == 404
    assert ActionItem.objects.get(pk=alices.pk).status == ActionItem.Status.OPEN


def test_items_are_filtered_by_owner_team_status_and_lateness(api_as, alice, bob, charlie, lesson, item):
    late = services.action_item_create(actor=alice, lesson=lesson, title="Late one", owner=alice, due_on=in_days(1))
    ActionItem.objects.filter(pk=late.pk).update(due_on=in_days(-2))
    api = api_as(bob, scope="read")
    ids = lambda **params: [row["id"] for row in api.get("/action-items", params).json()["items"]]  # noqa: E731
    assert ids() == [late.pk, item.pk]
    assert ids(owner="me") == [item.pk]
    assert ids(owner=str(alice.pk)) == [late.pk]
    assert ids(overdue="true") == [late.pk]
    assert ids(overdue="false") == [item.pk]
    assert ids(team="platform", status="open") == [late.pk, item.pk]
    assert ids(status="done") == []
    assert api.get("/action-items", {"owner": "someone"}).status_code == 400
    assert api.get("/action-items", {"owner": "me"}).json()["items"][0]["overdue"] is False
    assert api_as(charlie, scope="read").get("/action-items").json()["count"] == 0


def test_the_item_list_costs_the_same_queries_for_many(api_as, alice, bob, lesson, django_assert_max_num_queries):
    api = api_as(alice, scope="read")
    api.get("/action-items")
    for number in range(30):
        item = services.action_item_create(
            actor=alice, lesson=lesson, title=f"Item {number}", owner=bob, due_on=in_days(9)
        )
        if number % 2:
            services.action_item_complete(actor=bob, item=item, what="x", where="y")
    with django_assert_max_num_queries(7):  # token, the person's teams (3), team, count, page
        assert api.get("/action-items", {"team": "platform"}).json()["count"] == 30
