"""`learnloop import learning-records FILE …`: learning records from a CSV (docs/equity.md)."""

from __future__ import annotations

import datetime
import time
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from learnloop.core.access import SYSTEM
from learnloop.core.importing import Importer, refuse, register
from learnloop.core.progress import progress_bar
from learnloop.equity.records_import import LearningRecordsInvalid, RecordColumns, learning_records_import


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ArgumentTypeError(f'"{value}" is not a date like 2025-12-31') from None


def add_record_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="a UTF-8 CSV file with a header row")
    parser.add_argument("--id", default="external_id", metavar="COL", help="column with the person's roster id")
    parser.add_argument("--kind-column", default="kind", metavar="COL", help="column with the kind of learning")
    parser.add_argument("--date-column", default="date", metavar="COL", help="column with the date (YYYY-MM-DD)")
    parser.add_argument("--hours-column", metavar="COL", help="column with the hours spent (optional cells)")
    parser.add_argument(
        "--kind", dest="record_kind", metavar="KIND", help="one kind for every row, when the file has no kind column"
    )
    parser.add_argument(
        "--date", dest="record_date", type=iso_date, metavar="DATE", help="one date for every row, when it has none"
    )
    parser.add_argument(
        "--count-column",
        metavar="COL",
        help="column with a per-person count: each row becomes that many records (e.g. TrainingTimesLastYear)",
    )
    parser.add_argument("--dry-run", action="store_true", help="check and count everything, save nothing")


def run_records(command: BaseCommand, options: dict[str, Any]) -> None:
    columns = RecordColumns(
        id=options["id"],
        kind_column=options["kind_column"],
        date_column=options["date_column"],
        hours_column=options["hours_column"],
        count_column=options["count_column"],
        kind=options["record_kind"],
        date=options["record_date"],
    )
    started = time.monotonic()
    try:
        with progress_bar(description="Writing learning records", enabled=command.stdout.isatty()) as progress:
            result = learning_records_import(
                actor=SYSTEM, path=options["file"], columns=columns, dry_run=options["dry_run"], progress=progress
            )
    except LearningRecordsInvalid as invalid:
        refuse(command, invalid.problems)
    command.stdout.write(f"{result.summary()} ({time.monotonic() - started:.1f} s)")


register(
    Importer(
        kind="learning-records",
        help="learning records (trainings, courses, …) per person from a CSV (see docs/equity.md)",
        description=(
            "Add learning records from a UTF-8 CSV: person id, kind, date and optional hours, or a per-person "
            "count with --count-column. Running it again adds nothing that is already there."
        ),
        add_arguments=add_record_arguments,
        run=run_records,
    )
)
