"""Playbooks, decision notes and reuse through the JSON API; an edit on an older version answers 409."""

from __future__ import annotations

from learnloop.knowledge.models import Playbook, ReuseEvent


def test_a_member_writes_and_reads_a_playbook(api_as, bob, org):
    api = api_as(bob)
    created = api.post(
        "/playbooks",
        {
            "team": "platform",
            "title": "Rolling back",
            "body": "Run it.",
            "review_by": "2030-01-01",
            "tags": ["deploys"],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["slug"], body["version"], body["tags"], body["revisions"]) == ("rolling-back", 1, ["deploys"], 1)
    read = api.get(f"/playbooks/{body['id']}").json()
    assert read["body"] == "Run it." and read["stale"] is False


def test_an_edit_on_an_older_version_is_refused_with_409_and_changes_nothing(api_as, alice, bob, playbook):
    first = api_as(alice).patch(f"/playbooks/{playbook.pk}", {"version": 1, "body": "Alice's text"})
    assert first.status_code == 200 and first.json()["version"] == 2
    second = api_as(bob).patch(f"/playbooks/{playbook.pk}", {"version": 1, "body": "Bob's text"})
    assert second.status_code == 409
    assert "Someone else saved this playbook" in second.json()["detail"]
    assert Playbook.objects.get(pk=playbook.pk).body == "Alice's text"


def test_revisions_are_listed_and_readable(api_as, bob, playbook):
    api = api_as(bob)
    api.patch(f"/playbooks/{playbook.pk}", {"version": 1, "body": "New", "note": "Shorter"})
    revisions = api.get(f"/playbooks/{playbook.pk}/revisions").json()
    assert [(r["number"], r["note"], r["author"]["display_name"]) for r in revisions] == [
        (2, "Shorter", "Bob Baker"),
        (1, "First version.", "Alice Archer"),
    ]
    assert api.get(f"/playbooks/{playbook.pk}/revisions/2").json()["body"] == "New"


def test_field_errors_and_refusals(api_as, bob, charlie, playbook, private_playbook):
    response = api_as(bob).post("/playbooks", {"team": "platform", "title": " ", "review_by": "2030-01-01"})
    assert response.status_code == 400 and "title" in response.json()["errors"]
    assert api_as(charlie).patch(f"/playbooks/{playbook.pk}", {"version": 1, "body": "x"}).status_code == 403
    assert api_as(charlie).get(f"/playbooks/{private_playbook.pk}").status_code == 404
    assert api_as(bob, scope="read").patch(f"/playbooks/{playbook.pk}", {"version": 1, "body": "x"}).status_code == 403


def test_the_list_holds_only_what_the_person_may_see(api_as, charlie, playbook, private_playbook):
    items = api_as(charlie).get("/playbooks").json()["items"]
    assert [item["id"] for item in items] == [playbook.pk]


def test_decision_notes_are_written_superseded_and_refused_when_stale(api_as, alice, bob, decision):
    api = api_as(alice)
    newer = api.post("/decisions", {"team": "platform", "title": "Flags expire", "status": "accepted"}).json()
    changed = api.patch(
        f"/decisions/{decision.pk}", {"version": 1, "status": "superseded", "superseded_by_id": newer["id"]}
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["status"], changed.json()["superseded_by_id"]) == ("superseded", newer["id"])
    assert changed.json()["context"] == "Rollbacks took 40 minutes."
    stale = api_as(bob).patch(f"/decisions/{decision.pk}", {"version": 1, "decision": "x"})
    assert stale.status_code == 409
    read = api.get(f"/decisions/{decision.pk}").json()
    assert (read["options"], read["reuse"]["opened"]) == ("- Feature flags\n- Blue/green deploys", 0)
    assert [note["id"] for note in api.get("/decisions", {"status": "superseded"}).json()["items"]] == [decision.pk]
    missing = api.patch(f"/decisions/{newer['id']}", {"version": 1, "status": "superseded"})
    assert missing.status_code == 400 and "superseded_by" in missing.json()["errors"]


def test_reuse_is_marked_and_the_rates_read(api_as, charlie, bob, playbook):
    marked = api_as(charlie).post("/reuse", {"kind": "playbook", "id": playbook.pk, "action": "applied"})
    assert (marked.status_code, marked.json()) == (201, {"counted": True})
    own = api_as(bob).post("/reuse", {"kind": "playbook", "id": playbook.pk, "action": "applied"})
    assert own.json() == {"counted": False}
    assert ReuseEvent.objects.count() == 1
    figures = api_as(bob).get("/reuse/teams").json()
    assert figures["organization"]["rate"] == 1.0
    assert [row["team"]["slug"] for row in figures["teams"]] == ["platform"]
    assert api_as(bob).get("/reuse/teams", {"days": 0}).status_code == 400
    assert api_as(bob).get(f"/playbooks/{playbook.pk}").json()["reuse"]["applied"] == 1


def test_the_api_needs_a_token(anonymous_api, playbook):
    assert anonymous_api.get("/playbooks").status_code == 401


def test_a_stale_playbook_is_marked_as_still_right(api_as, bob, charlie, playbook):
    assert api_as(charlie).post(f"/playbooks/{playbook.pk}/reviewed").status_code == 403
    response = api_as(bob).post(f"/playbooks/{playbook.pk}/reviewed?days=30")
    assert response.status_code == 200 and response.json()["version"] == 1
    assert api_as(bob).post(f"/playbooks/{playbook.pk}/reviewed?days=0").status_code == 400
