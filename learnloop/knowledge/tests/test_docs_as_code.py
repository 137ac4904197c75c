"""Docs-as-code: export playbooks and decision notes as Markdown files, import them back unchanged."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from learnloop.knowledge import services
from learnloop.knowledge.models import DecisionNote, Playbook


def _snapshot():
    playbooks = {
        p.slug: (p.title, p.team.slug, p.body, p.review_by, p.visibility, sorted(p.tags.values_list("name", flat=True)))
        for p in Playbook.objects.all()
    }
    notes = {
        n.slug: (
            n.title,
            n.team.slug,
            n.context,
            n.options,
            n.decision,
            n.consequences,
            n.status,
            n.superseded_by.slug if n.superseded_by else None,
            n.review_on,
            n.visibility,
        )
        for n in DecisionNote.objects.all()
    }
    return playbooks, notes


@pytest.fixture
def knowledge(alice, org, playbook, decision):
    newer = services.decision_create(
        actor=alice,
        team=org["platform"],
        title="Flags expire after 30 days",
        decision="They expire.",
        review_on=datetime.date(2027, 3, 1),
        status="accepted",
    )
    services.decision_update(
        actor=alice,
        note=decision,
        version=decision.version,
        title=decision.title,
        context=decision.context,
        options=decision.options,
        decision=decision.decision,
        consequences="## Not a section\n\nTables:\n\n| a | b |",
        status="superseded",
        superseded_by=newer,
        review_on=None,
        visibility=decision.visibility,
    )
    services.playbook_create(
        actor=alice,
        team=org["platform"],
        title="Ünïcode & “quotes”: a test",
        body="Line one\n\n```\ncode: yes\n```",
        review_by=datetime.date(2026, 1, 1),
        tags=["yaml", "edge"],
    )


def test_export_writes_one_front_matter_file_per_item(tmp_path, knowledge):
    call_command("knowledge", "export", str(tmp_path))
    files = sorted(str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*.md"))
    assert files == [
        "decisions/flags-expire-after-30-days.md",
        "decisions/use-feature-flags-for-risky-changes.md",
        "playbooks/deploying-on-fridays.md",
        "playbooks/unicode-quotes-a-test.md",
    ]
    text = (tmp_path / "decisions/use-feature-flags-for-risky-changes.md").read_text()
    assert text.startswith("---\nkind: decision\nid: use-feature-flags-for-risky-changes\n")
    assert "superseded_by: flags-expire-after-30-days\n" in text
    assert "\n## Options considered\n\n- Feature flags\n" in text


def test_export_then_import_into_an_empty_installation_gives_back_the_same_content(tmp_path, knowledge):
    before = _snapshot()
    call_command("knowledge", "export", str(tmp_path))
    DecisionNote.objects.update(superseded_by=None, status="proposed")
    DecisionNote.objects.all().delete()
    Playbook.objects.all().delete()
    call_command("import", "knowledge", str(tmp_path))
    assert _snapshot() == before


def test_importing_the_same_folder_twice_changes_nothing(tmp_path, knowledge, capsys):
    call_command("knowledge", "export", str(tmp_path))
    call_command("import", "knowledge", str(tmp_path))
    assert "0 created, 0 updated, 4 unchanged" in capsys.readouterr().out
    assert Playbook.objects.get(slug="deploying-on-fridays").revisions.count() == 1


def test_an_edited_file_updates_the_item_with_a_new_revision(tmp_path, knowledge, capsys):
    call_command("knowledge", "export", str(tmp_path))
    path = tmp_path / "playbooks/deploying-on-fridays.md"
    path.write_text(path.read_text().replace("Check the canary.", "Check the canary twice."))
    call_command("import", "knowledge", str(tmp_path))
    playbook = Playbook.objects.get(slug="deploying-on-fridays")
    assert "Check the canary twice." in playbook.body
    latest = playbook.revisions.first()
    assert (latest.number, latest.author, latest.note) == (2, None, "Imported from playbooks/deploying-on-fridays.md.")


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def test_any_bad_file_imports_nothing_and_names_the_file_and_field(tmp_path, org):
    _write(
        tmp_path,
        "good.md",
        "---\nkind: playbook\nid: good\ntitle: Good\nteam: platform\nreview_by: 2030-01-01\n---\nText\n",
    )
    _write(tmp_path, "bad-date.md", "---\nkind: playbook\nid: bad\ntitle: Bad\nteam: platform\nreview_by: soon\n---\n")
    _write(
        tmp_path,
        "no-team.md",
        "---\nkind: playbook\nid: lost\ntitle: Lost\nteam: nowhere\nreview_by: 2030-01-01\n---\n",
    )
    _write(tmp_path, "plain.md", "Just text\n")
    _write(tmp_path, "broken.md", "---\nkind: [playbook\n---\n")
    _write(
        tmp_path,
        "adr.md",
        "---\nkind: decision\nid: adr\ntitle: ADR\nteam: platform\nstatus: superseded\n---\n## Context\n",
    )
    with pytest.raises(CommandError, match="Nothing imported: 6 problems"):
        call_command("import", "knowledge", str(tmp_path))
    assert not Playbook.objects.exists()


def test_problem_messages_say_what_and_where(tmp_path, org, capsys):
    _write(tmp_path, "bad-date.md", "---\nkind: playbook\nid: bad\ntitle: Bad\nteam: platform\nreview_by: soon\n---\n")
    _write(
        tmp_path,
        "extra.md",
        "---\nkind: playbook\nid: x\ntitle: X\nteam: platform\nreview_by: 2030-01-01\ncolour: red\n---\n",
    )
    _write(tmp_path, "dup.md", "---\nkind: playbook\nid: x\ntitle: Y\nteam: platform\nreview_by: 2030-01-01\n---\n")
    _write(tmp_path, "dup2.md", "---\nkind: playbook\nid: x\ntitle: Z\nteam: platform\nreview_by: 2030-01-01\n---\n")
    with pytest.raises(CommandError):
        call_command("import", "knowledge", str(tmp_path))
    errors = capsys.readouterr().err
    assert "bad-date.md, field 'review_by': 'soon' is not a date like 2026-05-01." in errors
    assert "extra.md, field 'colour': is not a known field." in errors
    assert "field 'id': 'x' is also the id of" in errors


def test_a_failure_late_in_the_import_rolls_back_the_earlier_files(tmp_path, charlie, org):
    services.playbook_create(actor=charlie, team=org["sales"], title="Taken", slug="taken")
    _write(
        tmp_path, "a.md", "---\nkind: playbook\nid: a-first\ntitle: First\nteam: platform\nreview_by: 2030-01-01\n---\n"
    )
    _write(
        tmp_path, "b.md", "---\nkind: playbook\nid: taken\ntitle: Moved\nteam: platform\nreview_by: 2030-01-01\n---\n"
    )
    with pytest.raises(CommandError):
        call_command("import", "knowledge", str(tmp_path))
    assert list(Playbook.objects.values_list("slug", flat=True)) == ["taken"]


def test_a_folder_that_is_missing_or_empty_is_a_clear_error(tmp_path, org):
    with pytest.raises(CommandError):
        call_command("import", "knowledge", str(tmp_path / "nope"))
    with pytest.raises(CommandError):
        call_command("import", "knowledge", str(tmp_path))


def test_export_can_be_limited_to_one_team(tmp_path, knowledge, alice, charlie, org):
    services.playbook_create(actor=charlie, team=org["sales"], title="Discounts")
    call_command("knowledge", "export", str(tmp_path), "--team", "sales")
    assert [path.name for path in tmp_path.rglob("*.md")] == ["discounts.md"]
    with pytest.raises(CommandError, match="no team"):
        call_command("knowledge", "export", str(tmp_path), "--team", "ghosts")


def test_the_playbook_page_exports_the_same_file(client, bob, playbook, tmp_path):
    client.force_login(bob.user)
    response = client.get(f"/playbooks/{playbook.pk}/export.md")
    call_command("knowledge", "export", str(tmp_path))
    assert response.content.decode() == (tmp_path / "playbooks/deploying-on-fridays.md").read_text()
