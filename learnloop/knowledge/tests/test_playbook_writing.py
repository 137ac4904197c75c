"""Writing playbooks through their pages: create, edit with revisions, sanitized Markdown, field errors."""

from __future__ import annotations

from django.urls import reverse

from learnloop.knowledge.models import Playbook
from learnloop.knowledge.tests.conftest import playbook_form


def test_a_member_writes_a_playbook_for_their_team(client, bob, org):
    client.force_login(bob.user)
    response = client.post(
        reverse("playbook-create", args=["platform"]),
        {"title": "Rolling back", "body": "Run `deploy --undo`.", "review_by": "2030-01-01", "visibility": "team"},
    )
    playbook = Playbook.objects.get(title="Rolling back")
    assert response["Location"] == reverse("playbook", args=[playbook.pk])
    assert (playbook.team, playbook.slug, playbook.created_by) == (org["platform"], "rolling-back", bob)
    revision = playbook.revisions.get()
    assert (revision.number, revision.author, revision.body) == (1, bob, "Run `deploy --undo`.")


def test_someone_outside_the_team_cannot_write_its_playbook(client, charlie, org):
    client.force_login(charlie.user)
    assert client.get(reverse("playbook-create", args=["platform"])).status_code == 403
    response = client.post(reverse("playbook-create", args=["platform"]), {"title": "x", "review_by": "2030-01-01"})
    assert response.status_code == 403
    assert not Playbook.objects.exists()


def test_missing_title_and_bad_date_are_shown_by_field(client, bob, org):
    client.force_login(bob.user)
    page = client.post(
        reverse("playbook-create", args=["platform"]), {"body": "x", "review_by": "soon", "visibility": "team"}
    ).content.decode()
    assert "This field is required." in page
    assert "Enter a valid date." in page
    assert not Playbook.objects.exists()


def test_the_text_is_rendered_as_markdown_without_running_script(client, bob, playbook):
    client.force_login(bob.user)
    url = reverse("playbook-edit", args=[playbook.pk])
    client.post(url, playbook_form(playbook, body="## Steps\n\n<script>alert(1)</script>\n\n**Check** the canary."))
    page = client.get(reverse("playbook", args=[playbook.pk])).content.decode()
    assert "<h2>Steps</h2>" in page
    assert "<strong>Check</strong>" in page
    assert "<script>alert(1)</script>" not in page


def test_each_text_edit_adds_a_revision_with_its_author(client, alice, bob, playbook):
    client.force_login(bob.user)
    client.post(reverse("playbook-edit", args=[playbook.pk]), playbook_form(playbook, body="New text", note="Shorter"))
    playbook.refresh_from_db()
    latest = playbook.revisions.first()
    assert (latest.number, latest.author, latest.body, latest.note) == (2, bob, "New text", "Shorter")
    assert playbook.revisions.get(number=1).author == alice


def test_moving_only_the_review_date_writes_no_new_revision(client, bob, playbook):
    client.force_login(bob.user)
    response = client.post(
        reverse("playbook-edit", args=[playbook.pk]), playbook_form(playbook, review_by="2031-06-01")
    )
    assert response.status_code == 302
    playbook.refresh_from_db()
    assert playbook.review_by.isoformat() == "2031-06-01"
    assert playbook.revisions.count() == 1


def test_a_member_of_another_team_reads_a_shared_playbook_but_cannot_edit_it(client, charlie, playbook):
    client.force_login(charlie.user)
    assert client.get(reverse("playbook", args=[playbook.pk])).status_code == 200
    assert client.get(reverse("playbook-edit", args=[playbook.pk])).status_code == 403
    assert (
        client.post(reverse("playbook-edit", args=[playbook.pk]), playbook_form(playbook, body="x")).status_code == 403
    )
    playbook.refresh_from_db()
    assert playbook.body.startswith("# Deploying")


def test_line_ends_from_browsers_are_stored_as_unix_line_ends(client, bob, playbook):
    client.force_login(bob.user)
    client.post(reverse("playbook-edit", args=[playbook.pk]), playbook_form(playbook, body="one\r\ntwo\r\n"))
    playbook.refresh_from_db()
    assert playbook.body == "one\ntwo"


def test_every_write_leaves_an_audit_row(alice, bob, charlie, playbook, decision):
    from learnloop.core.models import AuditEvent
    from learnloop.knowledge import services

    services.playbook_update(
        actor=bob,
        playbook=playbook,
        version=1,
        title=playbook.title,
        body="x",
        review_by=playbook.review_by,
        visibility=playbook.visibility,
    )
    services.reuse_record(actor=charlie, item=decision, action="applied")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"playbook.created", "playbook.updated", "decision.created", "reuse.applied"} <= actions
