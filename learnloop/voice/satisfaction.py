"""Importing the satisfaction columns of an HR extract (IBM's sample) as one past pulse run.

People are matched by the roster's id column (EmployeeNumber), so `learnloop import roster` runs
first; each person becomes one anonymous response in the team cell the roster put them in. The
import is all-or-nothing and a second run with the same key changes nothing.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from learnloop.core.access import SYSTEM
from learnloop.core.unlinkable import shuffled
from learnloop.people.models import Membership, Person, Team
from learnloop.voice import services
from learnloop.voice.instruments import ItemSpec
from learnloop.voice.models import Instrument, Participation, PulseRun

INSTRUMENT_KEY = "hr-satisfaction"
SATISFACTION = "Satisfaction"
BALANCE = "Work-life balance"
# column: (item statement, construct); the IBM extract scores each 1 (low) .. 4 (very high)
COLUMNS: dict[str, tuple[str, str]] = {
    "EnvironmentSatisfaction": ("I am satisfied with my work environment.", SATISFACTION),
    "JobSatisfaction": ("I am satisfied with my job.", SATISFACTION),
    "RelationshipSatisfaction": ("I am satisfied with my working relationships.", SATISFACTION),
    "WorkLifeBalance": ("My work and the rest of my life are in balance.", BALANCE),
}
POINTS = 4


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = (
            self.file + (f", row {self.row}" if self.row else "") + (f", column {self.column}" if self.column else "")
        )
        return f"{where}: {self.message}"


class SatisfactionInvalid(Exception):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems[:5]))
        self.problems = list(problems)


@dataclass(frozen=True)
class Imported:
    run: PulseRun
    created: bool
    responses: int

    def summary(self) -> str:
        if not self.created:
            return f"Already imported as pulse “{self.run.title}” (#{self.run.pk}); nothing changed."
        return f"Imported pulse “{self.run.title}” (#{self.run.pk}): {self.responses} anonymous responses."


def instrument() -> Instrument:
    existing = Instrument.objects.filter(key=INSTRUMENT_KEY).first()
    if existing is not None:
        return existing
    created = services.instrument_create(
        actor=SYSTEM,
        key=INSTRUMENT_KEY,
        name="HR satisfaction (imported)",
        description="Four satisfaction ratings from an HR extract, 1 (low) to 4 (very high).",
        points=POINTS,
        low_label="Low",
        high_label="Very high",
        items=[ItemSpec(text, construct) for text, construct in COLUMNS.values()],
    )
    return created


def _read(path: Path, id_column: str, segment_column: str | None) -> list[tuple[int, str, dict[str, int], str]]:
    name = path.name
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except FileNotFoundError:
        raise SatisfactionInvalid([Problem(name, None, None, "no such file")]) from None
    except UnicodeDecodeError:
        raise SatisfactionInvalid([Problem(name, None, None, "not UTF-8 text")]) from None
    if not rows:
        raise SatisfactionInvalid([Problem(name, None, None, "the file is empty")])
    header = [cell.strip() for cell in rows[0]]
    needed = [id_column, *COLUMNS, *([segment_column] if segment_column else [])]
    missing = [column for column in needed if column not in header]
    if missing:
        raise SatisfactionInvalid([Problem(name, 1, column, "column missing from the header") for column in missing])
    index = {column: header.index(column) for column in needed}
    problems: list[Problem] = []
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            problems.append(Problem(name, number, None, f"{len(row)} cells where the header has {len(header)}"))
            continue
        external_id = row[index[id_column]].strip()
        if not external_id:
            problems.append(Problem(name, number, id_column, "empty id"))
        scores: dict[str, int] = {}
        for column in COLUMNS:
            value = row[index[column]].strip()
            if value not in {str(score) for score in range(1, POINTS + 1)}:
                problems.append(Problem(name, number, column, f"{value!r} is not a whole number from 1 to {POINTS}"))
            else:
                scores[column] = int(value)
        segment = f"{segment_column} {row[index[segment_column]].strip()}" if segment_column else ""
        records.append((number, external_id, scores, segment))
    if problems:
        raise SatisfactionInvalid(problems)
    return records


def satisfaction_import(
    *,
    path: Path,
    id_column: str = "EmployeeNumber",
    segment_column: str | None = None,
    title: str = "",
    on: datetime.date | None = None,
    key: str = "",
) -> Imported:
    """One past pulse run from the file; nothing is written if any row is wrong."""
    key = key or f"satisfaction:{path.stem}"
    existing = PulseRun.objects.filter(external_key=key).first()
    if existing is not None:
        return Imported(existing, False, existing.responses.count())
    records = _read(path, id_column, segment_column)
    people = {p.external_id: p for p in Person.objects.filter(external_id__in=[r[1] for r in records])}
    problems = [
        Problem(path.name, number, id_column, f"nobody has the id {external_id!r}: run `learnloop import roster` first")
        for number, external_id, _scores, _segment in records
        if external_id not in people
    ]
    seen: set[str] = set()
    for number, external_id, _scores, _segment in records:
        if external_id in seen:
            problems.append(Problem(path.name, number, id_column, f"the id {external_id!r} appears twice"))
        seen.add(external_id)
    if problems:
        raise SatisfactionInvalid(problems)
    memberships: dict[int, Team] = {}
    for membership in Membership.objects.filter(person__in=people.values()).select_related("team"):
        current = memberships.get(membership.person_id)
        if current is None or membership.team.depth > current.depth:
            memberships[membership.person_id] = membership.team
    homeless = [r for r in records if people[r[1]].pk not in memberships]
    if homeless:
        raise SatisfactionInvalid([Problem(path.name, r[0], id_column, "this person is in no team") for r in homeless])
    on = on or datetime.date.today() - datetime.timedelta(days=1)
    with transaction.atomic():
        the_instrument = instrument()
        tops = {team.path.strip("/").split("/")[0] for team in memberships.values()}
        roots = list(Team.objects.filter(pk__in=[int(pk) for pk in tops]))
        segments = sorted({r[3] for r in records if r[3]})
        run = services.run_create(
            actor=SYSTEM,
            instrument=the_instrument,
            title=title or f"Satisfaction ({path.stem})",
            teams=roots,
            opens_on=on,
            closes_on=on,
            segment_label=segment_column or "",
            segment_choices=segments,
            external_key=key,
        )
        cells = {cell.team_id: cell for cell in run.cells.all()}
        items = {item.text: item for item in the_instrument.items.all()}
        answers = [
            services.Waiting(
                cells[memberships[people[external_id].pk].pk].pk,
                segment,
                {items[text].pk: values[column] for column, (text, _construct) in COLUMNS.items()},
            )
            for _number, external_id, values, segment in records
        ]
        # Like a release: answers in a random order, and who answered in another, so neither
        # table's order says anything about the file's order or about each other.
        responses = services.write_responses(
            run=run, items=list(items.values()), answers=shuffled(answers), day=on, batch=1
        )
        Participation.objects.bulk_create(
            (Participation(run=run, person=people[record[1]]) for record in shuffled(records)), batch_size=1000
        )
        PulseRun.objects.filter(pk=run.pk).update(all_released=True)
    return Imported(run, True, len(responses))
