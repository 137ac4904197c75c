"""Exporting people and teams: a roster that imports back unchanged, and never a sensitive attribute."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path
from textwrap import dedent

from django.core.management import call_command

from learnloop.people.models import Person
from learnloop.people.roster import EXPORT_COLUMNS

ROSTER = """\
    Id,Name,Email,Dept,Role,Boss,Title,Gender,Age
    1,Ada Lovelace,ada@example.com,Engineering,Backend,,CTO,Female,36
    2,Grace Hopper,grace@example.com,Engineering,Frontend,1,,Female,24
    3,,,Sales,,1,Account lead,Male,61
"""
IMPORT = ["--id", "Id", "--team", "Dept", "--subteam", "Role", "--name", "Name", "--email", "Email"]
REIMPORT = ["--id", "external_id", "--team", "team", "--subteam", "subteam", "--name", "name", "--email", "email"]


def imported(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(dedent(ROSTER), encoding="utf-8")
    options = [*IMPORT, "--manager", "Boss", "--title", "Title", "--attributes", "Gender,Age"]
    call_command("import", "roster", str(path), *options, stdout=StringIO())


def row(*cells: str) -> dict[str, str]:
    return dict(zip(EXPORT_COLUMNS, cells, strict=True))


def export(*args: str) -> str:
    out = StringIO()
    call_command("export", *args, stdout=out)
    return out.getvalue()


def test_people_export_as_roster_rows_in_name_order(tmp_path, db):
    imported(tmp_path)
    rows = list(csv.DictReader(StringIO(export("people"))))
    assert rows == [
        row("1", "Ada Lovelace", "ada@example.com", "Engineering", "Backend", "", "CTO"),
        row("3", "", "", "Sales", "", "1", "Account lead"),
        row("2", "Grace Hopper", "grace@example.com", "Engineering", "Frontend", "1", ""),
    ]


def test_an_exported_roster_imports_back_without_a_change(tmp_path, db):
    imported(tmp_path)
    path = tmp_path / "people.csv"
    assert export("people", "--output", str(path)) == f"Exported 3 people to {path}.\n"
    out = StringIO()
    options = [*REIMPORT, "--manager", "manager_id", "--title", "title"]
    call_command("import", "roster", str(path), *options, stdout=out)
    assert "3 people (0 created, 0 updated, 3 unchanged), 0 teams created." in out.getvalue()
    assert Person.objects.get(external_id="3").name_is_placeholder


def test_exports_never_include_sensitive_attributes(tmp_path, db):
    imported(tmp_path)
    for kind in ("people", "teams"):
        for format_ in ("csv", "json"):
            text = export(kind, "--format", format_)
            assert "Female" not in text and "Male" not in text
            assert "35-44" not in text and "AgeBand" not in text and "Gender" not in text


def test_people_export_as_json_with_nulls_for_empty_cells(tmp_path, db):
    imported(tmp_path)
    people = {person["external_id"]: person for person in json.loads(export("people", "--format", "json"))}
    assert people["3"] == {
        "external_id": "3",
        "name": None,
        "email": None,
        "team": "Sales",
        "subteam": None,
        "manager_id": "1",
        "title": "Account lead",
    }


def test_people_without_a_roster_export_their_hand_made_team(alice, db):
    rows = list(csv.DictReader(StringIO(export("people"))))
    assert rows == [row("", "Alice Archer", "alice@example.com", "Platform", "", "", "")]


def test_teams_export_with_parent_path_depth_and_member_count(alice, bob):
    rows = list(csv.DictReader(StringIO(export("teams"))))
    assert [row["slug"] for row in rows] == ["acme", "engineering", "platform", "sales"]
    assert rows[2] == {
        "slug": "platform",
        "name": "Platform",
        "parent_slug": "engineering",
        "path": "acme/engineering/platform",
        "depth": "2",
        "member_count": "2",
    }
    assert rows[0]["parent_slug"] == ""


def test_teams_export_as_json_keeps_numbers(alice, tmp_path):
    path = tmp_path / "teams.json"
    assert export("teams", "--format", "json", "--output", str(path)) == f"Exported 4 teams to {path}.\n"
    teams = json.loads(path.read_text(encoding="utf-8"))
    assert teams[0] == {
        "slug": "acme",
        "name": "Acme",
        "parent_slug": None,
        "path": "acme",
        "depth": 0,
        "member_count": 0,
    }
