"""The rest of a retro through the API: reveal, card edits and moves, group names, presence,
discussion focus and timer, saved formats; reassigning and regenerated items; factor renames."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from learnloop.loops import services
from learnloop.loops.models import ActionItem, Card, FactorCategory, Participant, Phase, RetroTemplate
from learnloop.loops.tests.conftest import in_phase


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def gathering(alice, retro):
    return in_phase(retro, alice, Phase.GATHERING)


def test_the_facilitator_reveals_the_cards_and_a_member_may_not(api_as, alice, bob, gathering):
    services.card_add(actor=bob, retro=gathering, column="stop", text="Friday deploys")
    refused = api_as(bob).post(f"/retros/{gathering.pk}/reveal")
    assert refused.status_code == 403
    assert api_as(alice).get(f"/retros/{gathering.pk}").json()["cards"] is None
    body = api_as(alice).post(f"/retros/{gathering.pk}/reveal").json()
    assert body["revealed"] is True
    assert [card["text"] for card in body["cards"]] == ["Friday deploys"]


def test_the_author_edits_a_named_card_before_the_reveal_and_nobody_else_can(api_as, alice, bob, gathering):
    card = services.card_add(actor=bob, retro=gathering, column="start", text="Pair on call", anonymous=False)
    anonymous = services.card_add(actor=bob, retro=gathering, column="stop", text="Long standups")
    url = f"/retros/{gathering.pk}/cards/{card.pk}"
    assert api_as(alice).patch(url, {"text": "Mine now"}).status_code == 403
    assert api_as(bob).patch(url, {"text": "Pair on call, weekly"}).json()["text"] == "Pair on call, weekly"
    refused = api_as(bob).patch(f"/retros/{gathering.pk}/cards/{anonymous.pk}", {"text": "x"})
    assert refused.json()["detail"] == "Only the author of a named card can edit it."
    services.retro_reveal(actor=alice, retro=gathering)
    assert api_as(bob).patch(url, {"text": "Too late"}).status_code == 400
    assert Card.objects.get(pk=card.pk).text == "Pair on call, weekly"


def test_cards_move_between_groups_and_groups_are_renamed(api_as, alice, bob, gathering):
    cards = [services.card_add(actor=bob, retro=gathering, column="stop", text=t) for t in ["A", "B"]]
    in_phase(gathering, alice, Phase.GROUPING)
    group = services.group_create(actor=alice, retro=gathering, title="Flaky", cards=cards[:1])
    api = api_as(bob)
    moved = api.post(f"/retros/{gathering.pk}/cards/{cards[1].pk}/move", {"group_id": str(group.pk)}).json()
    assert moved["group_id"] == str(group.pk)
    renamed = api.patch(f"/retros/{gathering.pk}/groups/{group.pk}", {"title": "Flaky tests"}).json()
    assert renamed["title"] == "Flaky tests"
    assert sorted(renamed["card_ids"]) == sorted(str(card.pk) for card in cards)
    out = api.post(f"/retros/{gathering.pk}/cards/{cards[0].pk}/move", {"group_id": None}).json()
    assert out["group_id"] is None
    blank = api.patch(f"/retros/{gathering.pk}/groups/{group.pk}", {"title": "  "})
    assert blank.status_code == 400 and blank.json()["errors"] == {"title": ["A group needs a title."]}


def test_a_card_cannot_move_into_another_retros_group(api_as, alice, bob, gathering, org):
    card = services.card_add(actor=bob, retro=gathering, column="stop", text="A")
    in_phase(gathering, alice, Phase.GROUPING)
    other = services.retro_create(actor=alice, team=org["platform"], title="Other", format="4ls")
    in_phase(other, alice, Phase.GATHERING)
    elsewhere = services.card_add(actor=bob, retro=other, column="liked", text="B")
    in_phase(other, alice, Phase.GROUPING)
    foreign = services.group_create(actor=alice, retro=other, title="Theirs", cards=[elsewhere])
    response = api_as(bob).post(f"/retros/{gathering.pk}/cards/{card.pk}/move", {"group_id": str(foreign.pk)})
    assert response.status_code == 400
    assert response.json()["errors"] == {"group_id": ["No such group in this retro."]}


def test_the_facilitator_marks_people_away_and_a_member_may_not(api_as, alice, bob, retro):
    services.participant_join(actor=bob, retro=retro)
    services.participant_join(actor=alice, retro=retro)
    listed = api_as(bob, scope="read").get(f"/retros/{retro.pk}/participants").json()
    names = [(p["person"]["display_name"], p["present"]) for p in listed]
    assert names == [("Alice Archer", True), ("Bob Baker", True)]
    assert api_as(bob).put(f"/retros/{retro.pk}/participants/{bob.pk}", {"present": False}).status_code == 403
    assert api_as(alice).put(f"/retros/{retro.pk}/participants/{bob.pk}", {"present": False}).json()["present"] is False
    assert Participant.objects.get(retro=retro, person=bob).present is False
    assert api_as(alice).put(f"/retros/{retro.pk}/participants/99999", {"present": True}).status_code == 404


def test_the_facilitator_puts_a_card_up_for_discussion_with_a_timer(api_as, alice, bob, gathering):
    card = services.card_add(actor=bob, retro=gathering, column="stop", text="Friday deploys")
    in_phase(gathering, alice, Phase.DISCUSSING)
    url = f"/retros/{gathering.pk}/discussion"
    assert api_as(bob).post(url, {"card_id": str(card.pk)}).status_code == 403
    assert api_as(alice).post(url, {"card_id": str(card.pk), "minutes": 90}).json()["errors"] == {
        "minutes": ["Set the timer between 1 and 60 minutes."]
    }
    body = api_as(alice).post(url, {"card_id": str(card.pk), "minutes": 5}).json()
    assert body["discussing_group_id"] == str(Card.objects.get(pk=card.pk).group_id)
    ends = datetime.datetime.fromisoformat(body["timer_ends_at"])
    assert datetime.timedelta(minutes=4) < ends - timezone.now() <= datetime.timedelta(minutes=5)


def test_a_facilitator_saves_a_team_format_through_the_api(api_as, alice, bob, org):
    body = {"team": "platform", "name": "Quarterly", "columns": ["Proud of", "Worried about"]}
    assert api_as(bob).post("/retro-formats", body).status_code == 403
    response = api_as(alice).post("/retro-formats", body)
    assert response.status_code == 201
    assert [c["title"] for c in response.json()["columns"]] == ["Proud of", "Worried about"]
    assert RetroTemplate.objects.get(team=org["platform"]).name == "Quarterly"
    too_many = api_as(alice).post("/retro-formats", {**body, "columns": []})
    assert too_many.json()["errors"] == {"columns": ["Give between one and six column titles, one per line."]}


def test_an_item_is_reassigned_to_a_team_member_only(api_as, alice, bob, charlie, lesson):
    item = services.action_item_create(actor=alice, lesson=lesson, title="Canary", owner=alice, due_on=in_days(3))
    later = in_days(10).isoformat()
    moved = api_as(alice).patch(f"/action-items/{item.pk}", {"owner_id": bob.pk, "due_on": later}).json()
    assert (moved["owner"]["id"], moved["due_on"]) == (bob.pk, later)
    outsider = api_as(bob).patch(f"/action-items/{item.pk}", {"owner_id": charlie.pk, "due_on": later})
    assert outsider.status_code == 400 and "owner_id" in outsider.json()["errors"]
    assert ActionItem.objects.get(pk=item.pk).owner == bob


def test_a_facilitator_marks_an_item_regenerated_in_a_later_retro(api_as, alice, bob, lesson, retro, org):
    item = services.action_item_create(
        actor=alice, lesson=lesson, title="Canary", owner=bob, due_on=in_days(3), retro=retro
    )
    later = services.retro_create(actor=alice, team=org["platform"], title="Sprint 15", format="4ls")
    assert api_as(bob).post(f"/action-items/{item.pk}/regenerated", {"retro_id": later.pk}).status_code == 403
    same = api_as(alice).post(f"/action-items/{item.pk}/regenerated", {"retro_id": retro.pk})
    assert same.json()["detail"] == "An item cannot come back in the retro that created it."
    body = api_as(alice).post(f"/action-items/{item.pk}/regenerated", {"retro_id": later.pk}).json()
    assert body["regenerated_in_id"] == later.pk


def test_only_an_admin_renames_a_factor_category(api_as, alice, everyone):
    category = FactorCategory.objects.create(name="Tooling", slug="tooling")
    assert api_as(alice).patch(f"/factor-categories/{category.pk}", {"name": "Tools"}).status_code == 403
    body = api_as(everyone["erin"]).patch(f"/factor-categories/{category.pk}", {"name": "Tools and automation"}).json()
    assert body["name"] == "Tools and automation"
    assert FactorCategory.objects.get(pk=category.pk).name == "Tools and automation"
