"""A roster with problems is refused whole: one line per problem with file, row and column, and nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from textwrap import dedent

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from learnloop.core.models import AuditEvent
from learnloop.people.models import Membership, Person, SensitiveAttribute, Team, User

HEADER = "EmployeeNumber,Name,Email,Department,Boss,Age\n"
COLUMNS = "EmployeeNumber, Name, Email, Department, Boss, Age"
OPTIONS = ["--id", "EmployeeNumber", "--team", "Department", "--name", "Name", "--email", "Email"]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(dedent(text), encoding="utf-8")
    return path


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (User, Person, Team, Membership, SensitiveAttribute, AuditEvent))


def refused(path: Path, *options: str) -> list[str]:
    """Run the import, check it failed and wrote nothing, and return its problem lines."""
    before = counts()
    err = StringIO()
    with pytest.raises(CommandError, match=r"^Nothing imported: \d+ problems?\.$"):
        call_command("import", "roster", str(path), *options, stdout=StringIO(), stderr=err)
    assert counts() == before
    return err.getvalue().splitlines()


def test_a_missing_file_is_named(tmp_path, db):
    path = tmp_path / "nowhere.csv"
    assert refused(path, *OPTIONS) == [f"{path}: no such file"]


def test_bytes_that_are_not_utf8_are_reported_with_their_row_and_column(tmp_path, db):
    path = tmp_path / "roster.csv"
    path.write_bytes(HEADER.encode() + b"1,Ada,,Ops,,\n2,Ren\xe9e,,Ops,,\n")
    assert refused(path, *OPTIONS) == [
        "roster.csv, row 3, column Name: holds bytes that are not UTF-8 (save the file as UTF-8)"
    ]


def test_an_empty_file_is_refused(tmp_path, db):
    assert refused(write(tmp_path, ""), *OPTIONS) == ["roster.csv: the file is empty"]


def test_a_header_without_rows_is_refused(tmp_path, db):
    assert refused(write(tmp_path, HEADER), *OPTIONS) == ["roster.csv: the file has a header but no data rows"]


def test_a_named_column_missing_from_the_header_is_named_with_the_columns_there_are(tmp_path, db):
    path = write(tmp_path, HEADER + "1,Ada,,Ops,,\n")
    assert refused(path, "--id", "EmployeeNumber", "--team", "Dept", "--attributes", "Gender") == [
        f"roster.csv, row 1, column Dept: not in the header (columns are: {COLUMNS})",
        f"roster.csv, row 1, column Gender: not in the header (columns are: {COLUMNS})",
    ]


def test_an_empty_id_is_refused(tmp_path, db):
    path = write(tmp_path, HEADER + "1,Ada,,Ops,,\n ,Bob,,Ops,,\n")
    assert refused(path, *OPTIONS) == ["roster.csv, row 3, column EmployeeNumber: the id is empty"]


def test_a_duplicate_id_names_the_row_it_was_first_seen_in(tmp_path, db):
    path = write(tmp_path, HEADER + "42,Ada,,Ops,,\n7,Bob,,Ops,,\n42,Cy,,Ops,,\n")
    assert refused(path, *OPTIONS) == [
        'roster.csv, row 4, column EmployeeNumber: duplicate id "42" (first seen in row 2)'
    ]


def test_an_empty_team_is_refused(tmp_path, db):
    path = write(tmp_path, HEADER + "1,Ada,,,,\n")
    assert refused(path, *OPTIONS) == ["roster.csv, row 2, column Department: the team is empty"]


def test_a_manager_in_neither_the_file_nor_learnloop_is_refused(tmp_path, db):
    path = write(tmp_path, HEADER + "1,Ada,,Ops,,\n2,Bob,,Ops,99,\n")
    assert refused(path, *OPTIONS, "--manager", "Boss") == [
        'roster.csv, row 3, column Boss: manager "99" is neither in this file nor in Learnloop'
    ]


def test_a_manager_whose_own_row_has_a_problem_is_not_called_unknown(tmp_path, db):
    path = write(tmp_path, HEADER + "1,Ada,not-an-email,Ops,,\n2,Bob,,Ops,1,\n")
    assert refused(path, *OPTIONS, "--manager", "Boss") == [
        'roster.csv, row 2, column Email: "not-an-email" is not a valid e-mail address'
    ]


def test_nobody_is_their_own_manager(tmp_path, db):
    path = write(tmp_path, HEADER + "1,Ada,,Ops,1,\n")
    assert refused(path, *OPTIONS, "--manager", "Boss") == [
        'roster.csv, row 2, column Boss: "1" cannot be their own manager'
    ]


def test_an_invalid_email_is_refused(tmp_path, db):
    path = write(tmp_path, HEADER + "1,Ada,ada@@example,Ops,,\n")
    assert refused(path, *OPTIONS) == ['roster.csv, row 2, column Email: "ada@@example" is not a valid e-mail address']


def test_an_email_twice_in_the_file_is_refused_whatever_its_case(tmp_path, db):
    path = write(tmp_path, HEADER + "1,Ada,ada@example.com,Ops,,\n2,Bob,ADA@example.com,Ops,,\n")
    assert refused(path, *OPTIONS) == [
        'roster.csv, row 3, column Email: duplicate e-mail "ada@example.com" (first seen in row 2)'
    ]


def test_an_email_of_someone_else_in_learnloop_is_refused(tmp_path, bob):
    path = write(tmp_path, HEADER + "1,Bobby,Bob@example.com,Ops,,\n")
    assert refused(path, *OPTIONS) == [
        'roster.csv, row 2, column Email: e-mail "bob@example.com" already belongs to Bob Baker, who has no external id'
    ]


def test_an_email_of_another_imported_person_is_refused(tmp_path, db):
    call_command(
        "import", "roster", str(write(tmp_path, HEADER + "1,Ada,ada@example.com,Ops,,\n")), *OPTIONS, stdout=StringIO()
    )
    path = write(tmp_path, HEADER + "2,Ada Two,ada@example.com,Ops,,\n")
    assert refused(path, *OPTIONS) == [
        'roster.csv, row 2, column Email: e-mail "ada@example.com" already belongs to Ada, whose external id is "1"'
    ]


def test_ids_that_give_the_same_placeholder_email_are_refused(tmp_path, db):
    path = write(tmp_path, HEADER + "A 1,,,Ops,,\na-1,,,Ops,,\n")
    assert refused(path, "--id", "EmployeeNumber", "--team", "Department") == [
        'roster.csv, row 3, column EmployeeNumber: e-mail "employee-a-1@placeholder.invalid" '
        "would also belong to row 2 (a placeholder e-mail is made from the id)"
    ]


def test_an_unknown_under_team_is_refused(tmp_path, db):
    path = write(tmp_path, HEADER + "1,Ada,,Ops,,\n")
    assert refused(path, *OPTIONS, "--under", "nowhere") == ['roster.csv: --under "nowhere": no team has this slug']


def test_an_age_that_is_not_a_whole_number_is_refused(tmp_path, db):
    path = write(tmp_path, HEADER + "1,Ada,,Ops,,thirty\n")
    assert refused(path, *OPTIONS, "--attributes", "Age") == [
        'roster.csv, row 2, column Age: "thirty" is not a whole number of years (ages are stored as bands)'
    ]


def test_a_row_with_more_cells_than_the_header_is_refused(tmp_path, db):
    path = write(tmp_path, HEADER + "1,Ada,,Ops,,,surprise\n")
    assert refused(path, *OPTIONS) == ["roster.csv, row 2: has 7 cells but the header has 6"]


def test_every_problem_is_reported_at_once_in_row_order(tmp_path, db):
    path = write(tmp_path, HEADER + "1,Ada,,Ops,,\n1,Bob,,,,\n3,Cy,nope,Ops,,\n")
    assert refused(path, *OPTIONS) == [
        'roster.csv, row 3, column EmployeeNumber: duplicate id "1" (first seen in row 2)',
        "roster.csv, row 3, column Department: the team is empty",
        'roster.csv, row 4, column Email: "nope" is not a valid e-mail address',
    ]


def test_a_refused_reimport_leaves_the_earlier_import_as_it_was(tmp_path, db):
    good = write(tmp_path, HEADER + "1,Ada,,Ops,,\n")
    call_command("import", "roster", str(good), *OPTIONS, stdout=StringIO())
    refused(write(tmp_path, HEADER + "1,Ada Renamed,,Sales,,\n2,Bob,,,,\n"), *OPTIONS)
    assert Person.objects.get(external_id="1").display_name == "Ada"
    assert not Team.objects.filter(external_key="Sales").exists()


def test_the_learnloop_command_exits_non_zero(tmp_path):
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "LEARNLOOP_ENV": "test"}
    environment.setdefault("LEARNLOOP_SECRET_KEY", "test-only-secret-key-that-is-long-enough-0123456789")
    learnloop = Path(sys.executable).parent / "learnloop"
    finished = subprocess.run(
        [str(learnloop), "import", "roster", str(tmp_path / "missing.csv"), "--id", "Id", "--team", "Team"],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=60,
    )
    assert finished.returncode == 1
    assert f"{tmp_path / 'missing.csv'}: no such file" in finished.stderr
    assert finished.stdout == ""
