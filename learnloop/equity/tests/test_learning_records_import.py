"""`learnloop import learning-records`: one record per row or a per-person count, all or nothing, idempotent."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path
from textwrap import dedent

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from learnloop.core.models import AuditEvent
from learnloop.equity.models import LearningRecord
from learnloop.people.tests.factories import PersonFactory


@pytest.fixture
def staff(db):
    return [PersonFactory(external_id=external_id) for external_id in ("E1", "E2", "E3")]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "records.csv"
    path.write_text(dedent(text).lstrip(), encoding="utf-8")
    return path


def run(path: Path, *options: str) -> str:
    out = StringIO()
    call_command("import", "learning-records", str(path), *options, stdout=out)
    return out.getvalue()


def refused(path: Path, *options: str) -> list[str]:
    before = (LearningRecord.objects.count(), AuditEvent.objects.count())
    err = StringIO()
    with pytest.raises(CommandError, match=r"^Nothing imported: \d+ problems?\.$"):
        call_command("import", "learning-records", str(path), *options, stdout=StringIO(), stderr=err)
    assert (LearningRecord.objects.count(), AuditEvent.objects.count()) == before
    return err.getvalue().splitlines()


def test_each_row_becomes_a_record_and_a_second_run_adds_nothing(tmp_path, staff):
    path = write(
        tmp_path,
        """
        external_id,kind,date,hours
        E1,course,2025-03-04,7.5
        E1,course,2025-03-04,
        E2,conference,2025-05-01,16
        """,
    )
    assert "3 learning records for 2 people (3 added, 0 already there)" in run(path, "--hours-column", "hours")
    first = staff[0].learning_records.order_by("id")
    assert [(r.kind, r.occurred_on, r.hours) for r in first] == [
        ("course", datetime.date(2025, 3, 4), Decimal("7.50")),
        ("course", datetime.date(2025, 3, 4), None),
    ]
    assert "(0 added, 3 already there)" in run(path, "--hours-column", "hours")
    assert LearningRecord.objects.count() == 3


def test_a_count_column_turns_a_count_into_that_many_records(tmp_path, staff):
    path = write(
        tmp_path,
        """
        EmployeeNumber,TrainingTimesLastYear
        E1,3
        E2,0
        E3,1
        """,
    )
    options = ["--id", "EmployeeNumber", "--count-column", "TrainingTimesLastYear", "--kind", "training"]
    run(path, *options, "--date", "2025-12-31")
    assert [person.learning_records.count() for person in staff] == [3, 0, 1]
    assert set(LearningRecord.objects.values_list("kind", "occurred_on")) == {("training", datetime.date(2025, 12, 31))}
    run(path, *options, "--date", "2025-12-31")
    assert LearningRecord.objects.count() == 4


def test_a_grown_count_adds_only_the_difference(tmp_path, staff):
    options = ["--count-column", "n", "--kind", "training", "--date", "2025-12-31"]
    run(write(tmp_path, "external_id,n\nE1,2\n"), *options)
    run(write(tmp_path, "external_id,n\nE1,5\n"), *options)
    assert staff[0].learning_records.count() == 5


def test_problems_are_reported_by_row_and_column_and_nothing_is_written(tmp_path, staff):
    path = write(
        tmp_path,
        """
        external_id,kind,date,hours
        E1,course,2025-03-04,2
        E9,course,2025-03-04,
        E2,,2025-13-01,-1
        ,course,2025-01-01,
        """,
    )
    assert refused(path, "--hours-column", "hours") == [
        'records.csv, row 3, column external_id: no person with id "E9" in Learnloop (import the roster first)',
        "records.csv, row 4, column kind: the kind is empty",
        'records.csv, row 4, column date: "2025-13-01" is not a date like 2025-03-31',
        'records.csv, row 4, column hours: "-1" is not a number of hours (0 or more, like 1.5)',
        "records.csv, row 5, column external_id: the id is empty",
    ]


def test_a_bad_count_is_refused(tmp_path, staff):
    path = write(tmp_path, "external_id,n\nE1,two\nE2,-1\n")
    assert refused(path, "--count-column", "n", "--kind", "training", "--date", "2025-12-31") == [
        'records.csv, row 2, column n: "two" is not a whole number from 0 to 1000',
        'records.csv, row 3, column n: "-1" is not a whole number from 0 to 1000',
    ]


def test_a_missing_column_names_the_columns_there_are_and_the_way_out(tmp_path, staff):
    path = write(tmp_path, "external_id,n\nE1,2\n")
    assert refused(path, "--count-column", "n", "--kind", "training") == [
        "records.csv, row 1, column date: not in the header (columns are: external_id, n); "
        "or give every row one date with --date"
    ]


def test_a_missing_or_empty_file_is_refused(tmp_path, staff):
    assert refused(tmp_path / "nowhere.csv") == [f"{tmp_path / 'nowhere.csv'}: no such file"]
    assert refused(write(tmp_path, "")) == ["records.csv: the file is empty"]
    assert refused(write(tmp_path, "external_id,kind,date\n")) == [
        "records.csv: the file has a header but no data rows"
    ]
