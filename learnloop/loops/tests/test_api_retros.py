"""The retrospective endpoints from each chair: the board, cards, groups, votes, phases, export."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from learnloop.core.models import AuditEvent
from learnloop.loops import services
from learnloop.loops.models import ActionItem, Card, Phase, Retrospective, SafetyScore, Visibility, Vote
from learnloop.loops.tests.conftest import in_phase


@pytest.fixture
def gathering(alice, retro):
    return in_phase(retro, alice, Phase.GATHERING)


def add_cards(retro, bob, alice):
    """An anonymous card of Bob's, a named one of Bob's and an anonymous one of Alice's."""
    return [
        services.card_add(actor=bob, retro=retro, column="stop", text="Friday deploys"),
        services.card_add(actor=bob, retro=retro, column="start", text="Pairing on call", anonymous=False),
        services.card_add(actor=alice, retro=retro, column="stop", text="Late reviews"),
    ]


# --- Reading ------------------------------------------------------------------------------------


def test_bob_reads_his_teams_private_retro_and_charlie_gets_404(api_as, everyone, retro):
    assert api_as(everyone["bob"], scope="read").get(f"/retros/{retro.pk}").json()["title"] == "Sprint 14"
    assert api_as(everyone["erin"], scope="read").get(f"/retros/{retro.pk}").status_code == 200
    for name in ["charlie", "dana"]:
        response = api_as(everyone[name], scope="read").get(f"/retros/{retro.pk}")
        assert response.status_code == 404, name
        assert response.json() == {"detail": "Not found."}


def test_a_retro_shared_with_the_organization_is_read_by_everyone(api_as, alice, charlie, org):
    shared = services.retro_create(
        actor=alice, team=org["platform"], title="Open", format="4ls", visibility=Visibility.ORGANIZATION
    )
    assert api_as(charlie, scope="read").get(f"/retros/{shared.pk}").status_code == 200


def test_the_list_holds_only_what_the_person_may_see(api_as, alice, charlie, retro):
    body = api_as(charlie, scope="read").get("/retros").json()
    assert body == {"items": [], "count": 0}
    body = api_as(alice, scope="read").get("/retros").json()
    assert [(r["id"], r["team"]["slug"], r["phase"]) for r in body["items"]] == [(retro.pk, "platform", "opening")]


def test_the_list_is_filtered_by_team_and_phase(api_as, alice, retro, org):
    later = services.retro_create(actor=alice, team=org["platform"], title="Sprint 15", format="sailboat")
    in_phase(later, alice, Phase.GATHERING)
    api = api_as(alice, scope="read")
    assert [r["title"] for r in api.get("/retros", {"team": "platform"}).json()["items"]] == ["Sprint 15", "Sprint 14"]
    assert [r["title"] for r in api.get("/retros", {"phase": "gathering"}).json()["items"]] == ["Sprint 15"]
    assert api.get("/retros", {"team": "sales"}).json()["count"] == 0
    assert api.get("/retros", {"team": "atlantis"}).status_code == 404
    assert api.get("/retros", {"phase": "napping"}).status_code == 422


def test_the_list_costs_the_same_queries_for_many_retros(api_as, alice, org, django_assert_max_num_queries):
    api = api_as(alice, scope="read")
    api.get("/retros")  # the token's "last used" is written on the first request only
    for number in range(30):
        services.retro_create(actor=alice, team=org["platform"], title=f"Retro {number}", format="4ls")
    with django_assert_max_num_queries(7):  # token, the person's teams (3), team, count, page
        body = api.get("/retros", {"team": "platform"}).json()
    assert body["count"] == 30


def test_the_formats_are_the_built_in_ones_and_the_teams_own(api_as, alice, org):
    template = services.retro_template_save(
        actor=alice, team=org["platform"], name="Ours", column_titles=["Up", "Down"]
    )
    api = api_as(alice, scope="read")
    built_in = api.get("/retro-formats").json()
    assert {f["key"] for f in built_in} == {"start-stop-continue", "4ls", "mad-sad-glad", "sailboat"}
    ours = api.get("/retro-formats", {"team": "platform"}).json()[-1]
    assert ours == {
        "key": None,
        "template_id": template.pk,
        "name": "Ours",
        "columns": [{"key": "up", "title": "Up", "prompt": ""}, {"key": "down", "title": "Down", "prompt": ""}],
    }


# --- Starting a retro -----------------------------------------------------------------------------


def test_a_manager_starts_a_retro(api_as, alice):
    response = api_as(alice).post("/retros", {"team": "platform", "title": "Sprint 20", "format": "mad-sad-glad"})
    assert response.status_code == 201
    body = response.json()
    assert (body["phase"], body["format_name"], body["facilitator"]["id"]) == ("opening", "Mad, sad, glad", alice.pk)
    assert [c["key"] for c in body["columns"]] == ["mad", "sad", "glad"]
    assert AuditEvent.objects.get(action="retro.created").actor_user == alice.user


def test_a_member_cannot_start_a_retro(api_as, bob):
    response = api_as(bob).post("/retros", {"team": "platform", "title": "Mine", "format": "4ls"})
    assert response.status_code == 403
    assert response.json() == {"detail": "Only a facilitator or manager of Platform can start a retro."}
    assert not Retrospective.objects.exists()


def test_a_retro_starts_from_the_teams_own_format(api_as, alice, org):
    template = services.retro_template_save(
        actor=alice, team=org["platform"], name="Ours", column_titles=["Up", "Down"]
    )
    body = api_as(alice).post("/retros", {"team": "platform", "title": "T", "template_id": template.pk}).json()
    assert (body["format"], [c["key"] for c in body["columns"]]) == ("custom:Ours", ["up", "down"])


def test_bad_retro_settings_are_field_errors(api_as, alice):
    api = api_as(alice)
    assert api.post("/retros", {"team": "atlantis", "title": "T", "format": "4ls"}).json()["errors"] == {
        "team": ["No team has the slug 'atlantis'."]
    }
    assert list(api.post("/retros", {"team": "platform", "title": "T", "format": "yoga"}).json()["errors"]) == [
        "format"
    ]
    assert list(api.post("/retros", {"team": "platform", "title": "T", "template_id": 999}).json()["errors"]) == [
        "template_id"
    ]
    no_end = api.post("/retros", {"team": "platform", "title": "T", "format": "4ls", "mode": "async"})
    assert no_end.status_code == 400 and list(no_end.json()["errors"]) == ["gather_until"]
    assert (
        api.post("/retros", {"team": "platform", "title": "T", "format": "4ls", "votes_per_person": 0}).status_code
        == 422
    )
    assert not Retrospective.objects.exists()


def test_an_asynchronous_retro_gathers_cards_at_once(api_as, alice):
    until = (timezone.now() + datetime.timedelta(days=3)).isoformat()
    body = api_as(alice).post(
        "/retros", {"team": "platform", "title": "T", "format": "4ls", "mode": "async", "gather_until": until}
    )
    assert (body.json()["mode"], body.json()["phase"]) == ("async", "gathering")


# --- Cards, the reveal and anonymity --------------------------------------------------------------


def test_before_the_reveal_the_board_has_counts_but_no_card_texts(api_as, alice, bob, gathering):
    add_cards(gathering, bob, alice)
    for person in [alice, bob]:
        response = api_as(person, scope="read").get(f"/retros/{gathering.pk}")
        body = response.json()
        assert body["revealed"] is False
        assert (body["cards"], body["groups"]) == (None, None)
        assert {c["key"]: c["card_count"] for c in body["columns"]} == {"start": 1, "stop": 2, "continue": 0}
        assert body["card_count"] == 3
        text = response.content.decode()
        for card_text in ["Friday deploys", "Pairing on call", "Late reviews"]:
            assert card_text not in text


def test_leaving_the_gathering_phase_reveals_the_cards_in_shuffled_order(api_as, alice, bob, gathering):
    add_cards(gathering, bob, alice)
    response = api_as(alice).post(f"/retros/{gathering.pk}/phase", {"phase": "grouping"})
    body = response.json()
    assert (body["phase"], body["revealed"]) == ("grouping", True)
    shuffled = [
        str(pk) for pk in Card.objects.filter(retro=gathering).order_by("shuffle_key").values_list("pk", flat=True)
    ]
    assert [card["id"] for card in body["cards"]] == shuffled


def test_an_anonymous_cards_json_has_no_author_and_no_time(api_as, alice, bob, gathering):
    response = api_as(bob).post(f"/retros/{gathering.pk}/cards", {"column": "stop", "text": "Friday deploys"})
    assert response.status_code == 201
    card = response.json()
    assert set(card) == {"id", "column", "text", "anonymous", "group_id", "votes"}
    assert card["anonymous"] is True
    in_phase(gathering, alice, Phase.GROUPING)
    board = api_as(alice, scope="read").get(f"/retros/{gathering.pk}")
    [shown] = board.json()["cards"]
    assert set(shown) == {"id", "column", "text", "anonymous", "group_id", "votes"}
    text = board.content.decode()
    assert "Bob" not in text and "written_on" not in text


def test_a_named_card_shows_its_author(api_as, alice, bob, gathering):
    response = api_as(bob).post(
        f"/retros/{gathering.pk}/cards", {"column": "start", "text": "Pairing", "anonymous": False}
    )
    assert response.json()["author"] == {"id": bob.pk, "display_name": "Bob Baker"}
    assert set(response.json()) == {"id", "column", "text", "anonymous", "author", "group_id", "votes"}


def test_cards_are_refused_outside_the_gathering_phase_and_to_outsiders(api_as, bob, charlie, retro):
    response = api_as(bob).post(f"/retros/{retro.pk}/cards", {"column": "stop", "text": "Too early"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Cards can only be added while the retro is gathering them."
    assert api_as(charlie).post(f"/retros/{retro.pk}/cards", {"column": "stop", "text": "x"}).status_code == 404
    assert not Card.objects.exists()


def test_an_unknown_column_is_a_field_error(api_as, bob, gathering):
    response = api_as(bob).post(f"/retros/{gathering.pk}/cards", {"column": "sideways", "text": "x"})
    assert response.json()["errors"] == {"column": ["'sideways' is not a column of this retro."]}


def test_a_read_token_cannot_add_a_card(api_as, bob, gathering):
    assert (
        api_as(bob, scope="read").post(f"/retros/{gathering.pk}/cards", {"column": "stop", "text": "x"}).status_code
        == 403
    )
    assert not Card.objects.exists()


# --- Phases, groups, votes, safety, closing -------------------------------------------------------


def test_only_the_facilitator_moves_the_phase(api_as, bob, retro):
    response = api_as(bob).post(f"/retros/{retro.pk}/phase", {"phase": "gathering"})
    assert response.status_code == 403
    assert response.json() == {"detail": "Only the facilitator moves the retro through its phases."}
    assert Retrospective.objects.get(pk=retro.pk).phase == Phase.OPENING


def test_closing_is_not_a_phase_move(api_as, alice, retro):
    response = api_as(alice).post(f"/retros/{retro.pk}/phase", {"phase": "closed"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Close the retro with a summary (retro_close)."


def test_cards_are_grouped(api_as, alice, bob, gathering):
    cards = add_cards(gathering, bob, alice)
    in_phase(gathering, alice, Phase.GROUPING)
    response = api_as(bob).post(
        f"/retros/{gathering.pk}/groups", {"title": "Release pain", "card_ids": [str(cards[0].pk), str(cards[2].pk)]}
    )
    assert response.status_code == 201
    group = response.json()
    assert (group["title"], group["column"], group["votes"]) == ("Release pain", "stop", 0)
    assert set(group["card_ids"]) == {str(cards[0].pk), str(cards[2].pk)}
    board = api_as(bob).get(f"/retros/{gathering.pk}").json()
    assert [g["id"] for g in board["groups"]] == [group["id"]]
    assert {c["group_id"] for c in board["cards"] if c["id"] != str(cards[1].pk)} == {group["id"]}


def test_grouping_cards_of_another_retro_is_a_field_error(api_as, alice, bob, gathering, org):
    other = services.retro_create(actor=alice, team=org["platform"], title="Other", format="start-stop-continue")
    in_phase(other, alice, Phase.GATHERING)
    stranger = services.card_add(actor=bob, retro=other, column="stop", text="x")
    in_phase(gathering, alice, Phase.GROUPING)
    response = api_as(bob).post(f"/retros/{gathering.pk}/groups", {"card_ids": [str(stranger.pk)]})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["card_ids"]
    empty = api_as(bob).post(f"/retros/{gathering.pk}/groups", {"card_ids": []})
    assert empty.json()["errors"] == {"card_ids": ["Pick at least one card for the group."]}


@pytest.fixture
def voting(alice, bob, gathering):
    cards = add_cards(gathering, bob, alice)
    in_phase(gathering, alice, Phase.VOTING)
    return gathering, cards


def test_votes_are_cast_within_the_budget_and_a_spent_budget_is_a_400(api_as, bob, voting):
    retro, cards = voting
    api = api_as(bob)
    left = [api.post(f"/retros/{retro.pk}/votes", {"card_id": str(cards[0].pk)}).json()["votes_left"] for _ in range(3)]
    assert left == [2, 1, 0]
    response = api.post(f"/retros/{retro.pk}/votes", {"card_id": str(cards[1].pk)})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "You have used all 3 of your votes.",
        "errors": {"__all__": ["You have used all 3 of your votes."]},
    }
    assert Vote.objects.filter(voter=bob).count() == 3


def test_the_board_shows_vote_totals_never_voters(api_as, alice, bob, voting):
    retro, cards = voting
    services.vote_cast(actor=bob, retro=retro, card=cards[0])
    services.vote_cast(actor=alice, retro=retro, card=cards[0])
    response = api_as(alice).get(f"/retros/{retro.pk}")
    votes = {card["id"]: card["votes"] for card in response.json()["cards"]}
    assert votes[str(cards[0].pk)] == 2 and votes[str(cards[2].pk)] == 0
    assert response.json()["votes_left"] == 2
    assert "voter" not in response.content.decode()


def test_a_vote_is_taken_back(api_as, bob, voting):
    retro, cards = voting
    api = api_as(bob)
    api.post(f"/retros/{retro.pk}/votes", {"card_id": str(cards[0].pk)})
    response = api.delete(f"/retros/{retro.pk}/votes?card_id={cards[0].pk}")
    assert response.status_code == 200
    assert response.json() == {"votes_left": 3}
    again = api.delete(f"/retros/{retro.pk}/votes?card_id={cards[0].pk}")
    assert again.status_code == 400
    assert again.json()["detail"] == "You have no vote there to take back."


def test_a_vote_names_one_card_or_one_group(api_as, bob, voting):
    retro, _cards = voting
    api = api_as(bob)
    assert (
        api.post(f"/retros/{retro.pk}/votes", {}).json()["detail"]
        == "Vote for one card (card_id) or one group (group_id)."
    )
    unknown = api.post(f"/retros/{retro.pk}/votes", {"group_id": "00000000-0000-0000-0000-000000000000"})
    assert unknown.json()["errors"] == {"group_id": ["No such group in this retro."]}


def test_the_safety_check_is_answered_once_and_shown_only_in_numbers(api_as, alice, bob, retro):
    api = api_as(bob)
    assert api.post(f"/retros/{retro.pk}/safety", {"score": 4}).status_code == 204
    again = api.post(f"/retros/{retro.pk}/safety", {"score": 2})
    assert again.json()["detail"] == "You already answered the safety check for this retro."
    assert api.post(f"/retros/{retro.pk}/safety", {"score": 9}).status_code == 400
    assert api_as(alice).get(f"/retros/{retro.pk}").json()["safety"] == {"answers": 1, "distribution": None}
    assert SafetyScore.objects.filter(retro=retro).count() == 1


def test_the_facilitator_closes_with_a_summary(api_as, alice, retro):
    api = api_as(alice)
    blank = api.post(f"/retros/{retro.pk}/close", {"summary": "  "})
    assert blank.status_code == 400 and list(blank.json()["errors"]) == ["summary"]
    body = api.post(f"/retros/{retro.pk}/close", {"summary": "Fewer Friday deploys."}).json()
    assert (body["phase"], body["summary"]) == ("closed", "Fewer Friday deploys.")
    assert body["closed_at"] is not None


def test_a_member_cannot_close(api_as, bob, retro):
    assert api_as(bob).post(f"/retros/{retro.pk}/close", {"summary": "Done"}).status_code == 403


# --- Export and carried-over items ----------------------------------------------------------------


def test_the_export_is_markdown_without_texts_before_the_reveal(api_as, alice, bob, charlie, gathering):
    add_cards(gathering, bob, alice)
    response = api_as(bob, scope="read").get(f"/retros/{gathering.pk}/export.md")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("# Sprint 14") and "Friday deploys" not in text
    assert api_as(charlie, scope="read").get(f"/retros/{gathering.pk}/export.md").status_code == 404


def test_the_next_retro_opens_with_the_open_items_of_earlier_ones(api_as, alice, bob, charlie, gathering, org):
    card = services.card_add(actor=bob, retro=gathering, column="stop", text="Friday deploys")
    lesson = services.lesson_create(actor=alice, source=card, title="Deploy early in the week")
    item = services.action_item_create(
        actor=alice,
        lesson=lesson,
        title="Freeze on Fridays",
        owner=bob,
        due_on=timezone.localdate() + datetime.timedelta(days=7),
        retro=gathering,
    )
    Retrospective.objects.filter(pk=gathering.pk).update(created_at=timezone.now() - datetime.timedelta(days=14))
    following = services.retro_create(actor=alice, team=org["platform"], title="Sprint 15", format="4ls")
    body = api_as(bob, scope="read").get(f"/retros/{following.pk}/carried-over").json()
    assert [(i["id"], i["title"], i["owner"]["id"], i["status"]) for i in body] == [
        (item.pk, "Freeze on Fridays", bob.pk, "open")
    ]
    assert api_as(charlie, scope="read").get(f"/retros/{following.pk}/carried-over").status_code == 404
    ActionItem.objects.filter(pk=item.pk).update(status="dropped", drop_reason="x", closed_at=timezone.now())
    assert api_as(bob, scope="read").get(f"/retros/{following.pk}/carried-over").json() == []


def test_the_board_costs_a_fixed_number_of_queries(api_as, alice, bob, gathering, django_assert_max_num_queries):
    for number in range(30):
        services.card_add(actor=bob, retro=gathering, column="stop", text=f"card {number}")
    in_phase(gathering, alice, Phase.GROUPING)
    cards = list(Card.objects.filter(retro=gathering))
    for start in range(0, 10, 2):
        services.group_create(actor=bob, retro=gathering, title=f"group {start}", cards=cards[start : start + 2])
    api = api_as(alice, scope="read")
    api.get("/me")
    # Token, access (twice: the retro, and the lessons behind its action items), the retro, counts,
    # cards, groups, votes left, safety (2), action items: never one per card or group.
    with django_assert_max_num_queries(16):
        body = api.get(f"/retros/{gathering.pk}").json()
    assert len(body["cards"]) == 30 and len(body["groups"]) == 5
