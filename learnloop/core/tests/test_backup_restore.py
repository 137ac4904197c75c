from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import zipfile
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError

from learnloop.api.models import AccessToken
from learnloop.core.access import SYSTEM
from learnloop.core.backup import FORMAT_VERSION, MANIFEST_NAME, backed_up_models, clear_tables, through_models
from learnloop.core.models import AuditEvent
from learnloop.people import services
from learnloop.people.models import Membership, Person, SensitiveAttribute, Team, User


@pytest.fixture
def organization(everyone, org) -> dict[str, Any]:
    alice, bob = everyone["alice"], everyone["bob"]
    bob.manager = alice
    bob.save(update_fields=["manager"])
    for person, gender in ((alice, "Female"), (bob, "Male"), (everyone["dana"], "Female")):
        SensitiveAttribute.objects.create(person=person, key="Gender", value=gender)
    services.team_update(actor=alice, team=org["platform"], name="Platform Core", description="Deploys.")
    services.membership_set(actor=SYSTEM, person=everyone["charlie"], team=org["platform"], role="facilitator")
    AuditEvent.objects.create(actor_label="x", action="custom.event", changes={"nested": {"b": [1, 2], "a": None}})
    AccessToken.objects.create(person=bob, name="CI", prefix="ll_abcd", digest="f" * 64, scope="write")
    coaches = Group.objects.create(name="Coaches")
    coaches.permissions.add(Permission.objects.get(codename="view_team"))
    bob.user.groups.add(coaches)
    everyone["erin"].user.user_permissions.add(Permission.objects.get(codename="change_person"))
    return everyone


def every_row() -> dict[str, list[Any]]:
    """Every column of every row, ids included; many-to-many links by what they link."""
    models = backed_up_models()
    rows: dict[str, list[Any]] = {
        model._meta.label_lower: list(model._base_manager.order_by("pk").values()) for model in models
    }
    for through in through_models(models):
        columns = [field.attname for field in through._meta.concrete_fields if not field.primary_key]
        rows[through._meta.label_lower] = sorted(through._base_manager.values_list(*columns))
    return rows


def backup(path: Path) -> str:
    out = StringIO()
    call_command("backup", str(path), stdout=out)
    return out.getvalue()


def restore(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


def delete_everything() -> None:
    """Empty every table a backup holds, seeded ones too (the built-in survey instruments)."""
    clear_tables()


def rewrite(path: Path, changes: dict[str, bytes]) -> None:
    """Replace members of a backup, keeping the others as they are."""
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members.update(changes)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in members.items():
            target.writestr(name, content)


def edit_manifest(path: Path, **changes: Any) -> None:
    with zipfile.ZipFile(path) as source:
        manifest = json.loads(source.read(MANIFEST_NAME))
    manifest.update(changes)
    rewrite(path, {MANIFEST_NAME: json.dumps(manifest).encode()})


def test_a_backup_restores_every_row_into_an_empty_database(organization, tmp_path):
    before = every_row()
    assert before["people.user_groups"] and before["api.accesstoken"] and before["people.person"]
    backup(tmp_path / "org.zip")
    delete_everything()
    assert not any(every_row().values())
    output = restore(tmp_path / "org.zip")
    assert every_row() == before
    assert "Restored" in output


def test_restored_passwords_still_sign_in(organization, tmp_path, client):
    backup(tmp_path / "org.zip")
    delete_everything()
    restore(tmp_path / "org.zip")
    assert User.objects.get(email="bob@example.com").check_password("correct horse battery")


def test_new_rows_after_a_restore_get_fresh_ids(organization, tmp_path):
    highest = Team.objects.order_by("-pk").first().pk
    backup(tmp_path / "org.zip")
    delete_everything()
    restore(tmp_path / "org.zip")
    assert services.team_create(actor=SYSTEM, name="Skunkworks").pk > highest


def test_the_manifest_says_what_made_the_backup_and_what_is_in_it(organization, tmp_path):
    backup(tmp_path / "org.zip")
    with zipfile.ZipFile(tmp_path / "org.zip") as archive:
        manifest = json.loads(archive.read(MANIFEST_NAME))
        names = set(archive.namelist())
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["learnloop_version"]
    assert manifest["created_at"]
    assert "0001_people_and_teams" in manifest["migrations"]["people"]
    rows = {entry["model"]: entry["rows"] for entry in manifest["models"]}
    assert rows["people.person"] == 5
    assert rows["auth.group"] == 1
    assert {"people.team", "core.auditevent", "api.accesstoken"} <= rows.keys()
    assert not {"contenttypes.contenttype", "auth.permission", "sessions.session"} & rows.keys()
    assert {entry["file"] for entry in manifest["models"]} | {MANIFEST_NAME} == names


def test_the_backup_file_is_readable_by_its_owner_only(organization, tmp_path):
    backup(tmp_path / "org.zip")
    assert oct((tmp_path / "org.zip").stat().st_mode)[-3:] == "600"
    assert not (tmp_path / "org.zip.partial").exists()


def test_it_refuses_a_database_that_has_people(organization, tmp_path):
    backup(tmp_path / "org.zip")
    with pytest.raises(CommandError, match=r"already has 5 people.*--force"):
        restore(tmp_path / "org.zip")


def test_force_replaces_everything_in_the_database(organization, tmp_path):
    before = every_row()
    backup(tmp_path / "org.zip")
    services.person_create(actor=SYSTEM, email="zed@example.com", display_name="Zed")
    Team.objects.filter(slug="sales").update(name="Revenue")
    restore(tmp_path / "org.zip", "--force")
    assert every_row() == before


def test_an_unknown_format_version_is_refused(organization, tmp_path):
    backup(tmp_path / "org.zip")
    edit_manifest(tmp_path / "org.zip", format_version=FORMAT_VERSION + 1)
    delete_everything()
    with pytest.raises(CommandError, match=f"is a format {FORMAT_VERSION + 1} backup"):
        restore(tmp_path / "org.zip")


def test_a_backup_from_newer_code_is_refused(organization, tmp_path):
    backup(tmp_path / "org.zip")
    with zipfile.ZipFile(tmp_path / "org.zip") as archive:
        migrations = json.loads(archive.read(MANIFEST_NAME))["migrations"]
    migrations["people"].append("0099_from_the_future")
    edit_manifest(tmp_path / "org.zip", migrations=migrations)
    delete_everything()
    with pytest.raises(CommandError, match=r"newer version .*people\.0099_from_the_future"):
        restore(tmp_path / "org.zip")


def test_a_file_that_is_not_a_backup_is_refused(db, tmp_path):
    (tmp_path / "notes.zip").write_bytes(b"not a zip at all")
    with pytest.raises(CommandError, match="is not a Learnloop backup"):
        restore(tmp_path / "notes.zip")


def test_a_damaged_file_restores_nothing(organization, tmp_path):
    backup(tmp_path / "org.zip")
    data = bytearray((tmp_path / "org.zip").read_bytes())
    with zipfile.ZipFile(tmp_path / "org.zip") as archive:
        member = archive.getinfo("data/people.person.jsonl")
    name_length, extra_length = struct.unpack("<HH", data[member.header_offset + 26 : member.header_offset + 30])
    rows_start = member.header_offset + 30 + name_length + extra_length
    data[rows_start + member.compress_size // 2] ^= 0xFF
    (tmp_path / "org.zip").write_bytes(bytes(data))
    before = every_row()
    with pytest.raises(CommandError, match=r"damaged|nothing was restored"):
        restore(tmp_path / "org.zip", "--force")
    assert every_row() == before


def test_a_bad_row_midway_rolls_back_everything(organization, tmp_path):
    backup(tmp_path / "org.zip")
    with zipfile.ZipFile(tmp_path / "org.zip") as archive:
        tokens = archive.read("data/api.accesstoken.jsonl")
    rewrite(tmp_path / "org.zip", {"data/api.accesstoken.jsonl": tokens + b"{this is not json\n"})
    before = every_row()
    with pytest.raises(CommandError, match=r"api\.accesstoken\.jsonl, line 2: .*nothing was restored"):
        restore(tmp_path / "org.zip", "--force")
    assert every_row() == before


def test_a_row_count_that_disagrees_with_the_manifest_restores_nothing(organization, tmp_path):
    backup(tmp_path / "org.zip")
    rewrite(tmp_path / "org.zip", {"data/people.membership.jsonl": b""})
    delete_everything()
    with pytest.raises(CommandError, match=r"people\.membership\.jsonl has 0 rows where the manifest says"):
        restore(tmp_path / "org.zip")
    assert not Person.objects.exists()
    assert not Membership.objects.exists()


def learnloop(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "learnloop", *args], env=env, capture_output=True, text=True, check=False
    )


def test_the_command_line_moves_an_organization_to_another_database(organization, tmp_path):
    """Back up this database (SQLite or PostgreSQL), restore into a new SQLite file, back up again."""
    backup(tmp_path / "first.zip")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LEARNLOOP_", "DJANGO_", "DATABASE_URL"))}
    env = {**clean, "LEARNLOOP_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'other.db'}"}
    assert learnloop("migrate", "--noinput", env=env).returncode == 0
    restored = learnloop("restore", str(tmp_path / "first.zip"), env=env)
    assert restored.returncode == 0, restored.stderr
    again = learnloop("restore", str(tmp_path / "first.zip"), env=env)
    assert again.returncode == 1
    assert again.stderr.strip().startswith("CommandError: The database already has 5 people")
    assert learnloop("backup", str(tmp_path / "second.zip"), env=env).returncode == 0
    with zipfile.ZipFile(tmp_path / "first.zip") as first, zipfile.ZipFile(tmp_path / "second.zip") as second:
        for name in first.namelist():
            if name != MANIFEST_NAME:
                assert first.read(name) == second.read(name), name
