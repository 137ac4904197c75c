"""GET /api/v1/search: the same search as the page, for a token's person."""

from __future__ import annotations

from learnloop.knowledge.tests.searching import make


def test_the_api_answers_ranked_hits_with_team_and_highlighted_snippet(api_as, alice, bob, org):
    make("lesson", actor=alice, team=org["platform"], title="Throttle the importer", text="throttle <b>it</b>")
    response = api_as(bob, scope="read").get("/search", {"q": "throttle"})
    assert response.status_code == 200
    body = response.json()
    assert body["page"] == 1 and body["has_next"] is False
    [hit] = body["results"]
    assert hit["kind"] == "lesson" and hit["title"] == "Throttle the importer"
    assert hit["team"] == {"slug": "platform", "name": "Platform"}
    assert "<mark>throttle</mark>" in hit["snippet_html"].lower()
    assert "<b>" not in hit["snippet_html"]
    assert hit["external_id"] is None


def test_the_api_never_returns_what_the_person_may_not_see(api_as, alice, charlie, org):
    make("review", actor=alice, team=org["platform"], title="Private quasar outage", text="quasar")
    assert api_as(charlie, scope="read").get("/search", {"q": "quasar"}).json()["results"] == []


def test_the_api_refuses_bad_filters_by_field(api_as, bob):
    api = api_as(bob, scope="read")
    assert api.get("/search", {"q": ""}).status_code in {400, 422}
    unknown = api.get("/search", {"q": "x", "team": "nope"})
    assert unknown.status_code == 400 and "nope" in str(unknown.json())
    reversed_period = api.get("/search", {"q": "x", "since": "2026-05-01", "until": "2026-04-01"})
    assert reversed_period.status_code == 400


def test_the_api_needs_a_token(anonymous_api):
    assert anonymous_api.get("/search", {"q": "x"}).status_code == 401


def test_the_api_answers_seen_before_for_a_text_leaving_out_a_team(api_as, alice, bob, erin, org):
    make(
        "review",
        actor=erin,
        team=org["sales"],
        title="Disk filled with logs",
        text="disk full logs",
        visibility="organization",
    )
    make("review", actor=alice, team=org["platform"], title="Our disk filled", text="disk full logs")
    api = api_as(bob, scope="read")
    found = api.get("/similar", {"text": "the disk was full of logs", "exclude_team": "platform"}).json()
    assert [item["title"] for item in found] == ["Disk filled with logs"]
    assert found[0]["team"] == "Sales" and found[0]["reasons"][0] == "similar words"
    assert api.get("/similar", {"text": ""}).status_code in {400, 422}
