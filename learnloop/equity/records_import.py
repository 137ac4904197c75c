"""Learning records from a CSV file: one record per row, or a per-person count turned into that many.

All or nothing, idempotent (a re-run adds nothing), problems reported by file, row and column,
exactly as the roster import does (it supplies the file reading and the Problem type).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction

from learnloop.core import audit
from learnloop.core.access import require
from learnloop.core.progress import Progress
from learnloop.equity.models import LearningRecord
from learnloop.people.models import Person
from learnloop.people.roster import BATCH_SIZE, Problem, RosterInvalid, _records
from learnloop.people.rules import ADMIN

# A per-person count beyond this is surely a wrong column (IBM's training counts are 0 to 6).
MAX_COUNT = 1000
KIND_LENGTH = LearningRecord._meta.get_field("kind").max_length or 100


class LearningRecordsInvalid(Exception):
    """The file has problems; nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems, key=lambda problem: problem.row or 0)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class RecordColumns:
    """Header names, or fixed values for every row (`kind`, `date`) when the file has no such column."""

    id: str = "external_id"
    kind_column: str = "kind"
    date_column: str = "date"
    hours_column: str | None = None
    count_column: str | None = None
    kind: str | None = None
    date: datetime.date | None = None


@dataclass
class RecordsResult:
    file: str
    added: int = 0
    existing: int = 0
    people: int = 0
    dry_run: bool = False

    def summary(self) -> str:
        total = self.added + self.existing
        counts = (
            f"{total} learning {'record' if total == 1 else 'records'} for {self.people} "
            f"{'person' if self.people == 1 else 'people'} ({self.added} added, {self.existing} already there)."
        )
        return f"Dry run of {self.file}, nothing saved: {counts}" if self.dry_run else f"Imported {self.file}: {counts}"


@dataclass(frozen=True)
class _Wanted:
    row: int
    external_id: str
    kind: str
    date: datetime.date
    hours: Decimal | None
    count: int


def learning_records_import(
    *,
    actor: Any,
    path: Path,
    columns: RecordColumns,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> RecordsResult:
    """Add the file's learning records that are not there yet; raise LearningRecordsInvalid on any problem."""
    require(actor, ADMIN)
    wanted, problems = _read(path, columns)
    people = _people(sorted({row.external_id for row in wanted}))
    for row in wanted:
        if row.external_id not in people:
            problems.append(
                Problem(
                    path.name,
                    f'no person with id "{row.external_id}" in Learnloop (import the roster first)',
                    row=row.row,
                    column=columns.id,
                )
            )
    if problems:
        raise LearningRecordsInvalid(problems)

    # The n-th record of a kind on a day for a person is the same record on every run.
    seen: Counter[tuple[str, str, datetime.date]] = Counter()
    records: list[LearningRecord] = []
    for row in wanted:
        for _ in range(row.count):
            seen[(row.external_id, row.kind, row.date)] += 1
            number = seen[(row.external_id, row.kind, row.date)]
            records.append(
                LearningRecord(
                    person=people[row.external_id],
                    kind=row.kind,
                    occurred_on=row.date,
                    hours=row.hours,
                    source=LearningRecord.Source.IMPORT,
                    import_key=f"{row.kind}|{row.date.isoformat()}|{number}",
                )
            )
    existing: set[tuple[int, str | None]] = set()
    pks = sorted({person.pk for person in people.values()})
    for start in range(0, len(pks), BATCH_SIZE):
        existing.update(
            LearningRecord.objects.filter(person_id__in=pks[start : start + BATCH_SIZE], import_key__isnull=False)
            .values_list("person_id", "import_key")
            .iterator()
        )
    new = [record for record in records if (record.person_id, record.import_key) not in existing]
    result = RecordsResult(
        file=path.name,
        added=len(new),
        existing=len(records) - len(new),
        people=len({row.external_id for row in wanted}),
        dry_run=dry_run,
    )
    if dry_run:
        return result
    with transaction.atomic():
        for start in range(0, len(new), BATCH_SIZE):
            LearningRecord.objects.bulk_create(new[start : start + BATCH_SIZE])
            if progress is not None:
                progress(min(start + BATCH_SIZE, len(new)), len(new))
        audit.record(
            actor=actor,
            action="equity.learning_records_import",
            changes={"file": path.name, "added": result.added, "already_there": result.existing},
        )
    return result


def _people(external_ids: list[str]) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for start in range(0, len(external_ids), BATCH_SIZE):
        for person in Person.objects.filter(external_id__in=external_ids[start : start + BATCH_SIZE]).only(
            "pk", "external_id"
        ):
            people[str(person.external_id)] = person
    return people


def _read(path: Path, columns: RecordColumns) -> tuple[list[_Wanted], list[Problem]]:
    name = path.name
    try:
        records = _records(path)
    except RosterInvalid as invalid:
        raise LearningRecordsInvalid(invalid.problems) from None
    if not any(any(cell.strip() for cell in record) for record in records):
        raise LearningRecordsInvalid([Problem(name, "the file is empty")])
    header = [cell.strip() for cell in records[0]]
    needed = [columns.id]
    if columns.kind is None:
        needed.append(columns.kind_column)
    if columns.date is None:
        needed.append(columns.date_column)
    for optional in (columns.hours_column, columns.count_column):
        if optional:
            needed.append(optional)
    index: dict[str, int] = {}
    problems: list[Problem] = []
    for column in dict.fromkeys(needed):
        positions = [at for at, cell in enumerate(header) if cell == column]
        if not positions:
            listed = ", ".join(cell for cell in header if cell)
            hint = ""
            if column == columns.kind_column and columns.kind is None:
                hint = "; or give every row one kind with --kind"
            elif column == columns.date_column and columns.date is None:
                hint = "; or give every row one date with --date"
            problems.append(Problem(name, f"not in the header (columns are: {listed}){hint}", row=1, column=column))
        elif len(positions) > 1:
            problems.append(Problem(name, f"appears {len(positions)} times in the header", row=1, column=column))
        else:
            index[column] = positions[0]
    if problems:
        raise LearningRecordsInvalid(problems)
    body = [(number, record) for number, record in enumerate(records[1:], start=2) if any(c.strip() for c in record)]
    if not body:
        raise LearningRecordsInvalid([Problem(name, "the file has a header but no data rows")])

    wanted: list[_Wanted] = []
    for number, record in body:
        cells = {column: (record[at].strip() if at < len(record) else "") for column, at in index.items()}
        before = len(problems)

        def problem(column: str, message: str, number: int = number) -> None:
            problems.append(Problem(name, message, row=number, column=column))

        external_id = cells[columns.id]
        if not external_id:
            problem(columns.id, "the id is empty")
        kind = columns.kind if columns.kind is not None else cells[columns.kind_column]
        if not kind:
            problem(columns.kind_column, "the kind is empty")
        elif len(kind) > KIND_LENGTH:
            problem(columns.kind_column, f"longer than {KIND_LENGTH} characters")
        date = columns.date
        if date is None:
            raw = cells[columns.date_column]
            try:
                date = datetime.date.fromisoformat(raw)
            except ValueError:
                problem(columns.date_column, f'"{raw}" is not a date like 2025-03-31')
        hours: Decimal | None = None
        if columns.hours_column and cells[columns.hours_column]:
            raw = cells[columns.hours_column]
            try:
                hours = Decimal(raw)
                if not hours.is_finite() or hours < 0 or hours >= 100000:
                    raise InvalidOperation
                hours = hours.quantize(Decimal("0.01"))
            except InvalidOperation:
                problem(columns.hours_column, f'"{raw}" is not a number of hours (0 or more, like 1.5)')
        count = 1
        if columns.count_column:
            raw = cells[columns.count_column]
            if not (raw.isascii() and raw.isdigit()) or int(raw) > MAX_COUNT:
                problem(columns.count_column, f'"{raw}" is not a whole number from 0 to {MAX_COUNT}')
            else:
                count = int(raw)
        if len(problems) == before and date is not None:
            wanted.append(_Wanted(number, external_id, kind, date, hours, count))
    return wanted, problems
