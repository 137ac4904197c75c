"""The HR roster: read and check a roster CSV, upsert people, teams and memberships from it, export it back."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from learnloop.core import audit
from learnloop.core.access import require
from learnloop.core.progress import Progress
from learnloop.people.models import (
    PLACEHOLDER_EMAIL_DOMAIN,
    Membership,
    Person,
    Role,
    SensitiveAttribute,
    Team,
    User,
)
from learnloop.people.rules import ADMIN
from learnloop.people.services import set_team_path, unique_team_slug

# Rows written per round of bulk statements; also bounds every `__in` list we send.
BATCH_SIZE = 500

AGE_BAND_KEY = "AgeBand"
# (first age *not* in the band, band); 55 and over takes the rest.
AGE_BANDS = ((25, "under 25"), (35, "25-34"), (45, "35-44"), (55, "45-54"))
OLDEST_AGE_BAND = "55 and over"

# What `export people` writes, and what `import roster` reads back with the matching options.
EXPORT_COLUMNS = ("external_id", "name", "email", "team", "subteam", "manager_id", "title")


_T = TypeVar("_T")


@dataclass(frozen=True)
class RosterColumns:
    """Which header names hold what. Only `id` and `team` are required."""

    id: str
    team: str
    subteam: str | None = None
    name: str | None = None
    email: str | None = None
    manager: str | None = None
    title: str | None = None
    attributes: tuple[str, ...] = ()

    def named(self) -> list[str]:
        """Every column the options name, in option order, without repeats."""
        names = [self.id, self.team, self.subteam, self.name, self.email, self.manager, self.title]
        return list(dict.fromkeys([name for name in names if name] + list(self.attributes)))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, said as one line: file, row, column and what."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class RosterInvalid(Exception):
    """The roster has problems; nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems, key=lambda problem: problem.row or 0)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class RosterRow:
    """One person as the file says. Empty strings are cells the file leaves empty."""

    row: int
    external_id: str
    team: str
    subteam: str = ""
    name: str = ""
    email: str = ""
    manager_id: str = ""
    title: str = ""
    # Stored attribute key -> value; "" removes the attribute.
    attributes: dict[str, str] = field(default_factory=dict)

    @property
    def team_key(self) -> str:
        """The leaf team's identity across imports: "Team" or "Team/Subteam"."""
        return f"{self.team}/{self.subteam}" if self.subteam else self.team


@dataclass(frozen=True)
class Roster:
    """A parsed roster: the rows without problems, the problems, and every id the file names."""

    file: str
    rows: list[RosterRow]
    problems: list[Problem]
    ids: set[str]


@dataclass
class RosterResult:
    file: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    teams_created: int = 0
    dry_run: bool = False

    @property
    def people(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        counts = (
            f"{self.people} {'person' if self.people == 1 else 'people'} "
            f"({self.created} created, {self.updated} updated, {self.unchanged} unchanged), "
            f"{self.teams_created} {'team' if self.teams_created == 1 else 'teams'} created."
        )
        if self.dry_run:
            return f"Dry run of {self.file}, nothing saved: {counts}"
        return f"Imported {self.file}: {counts}"


def age_band(age: int) -> str:
    """The band an age falls in. The exact age is never stored: a band is enough to audit fairness."""
    for upper, band in AGE_BANDS:
        if age < upper:
            return band
    return OLDEST_AGE_BAND


def attribute_key(column: str) -> str:
    """The SensitiveAttribute key a roster column is stored under."""
    return AGE_BAND_KEY if _is_age(column) else column


def placeholder_email(external_id: str) -> str:
    local = re.sub(r"[^a-z0-9._-]+", "-", external_id.lower()).strip("-") or "unknown"
    return f"employee-{local}@{PLACEHOLDER_EMAIL_DOMAIN}"


def placeholder_name(external_id: str) -> str:
    return f"Employee {external_id}"


def roster_read(*, path: Path, columns: RosterColumns) -> Roster:
    """Parse the file and check what can be checked without the database.

    A file that cannot be read at all (missing, not UTF-8, empty, a named column missing) raises
    RosterInvalid at once; problems in rows are collected and returned beside the good rows.
    """
    name = path.name
    records = _records(path)
    if not any(_filled(record) for record in records):
        raise RosterInvalid([Problem(name, "the file is empty")])
    header = [cell.strip() for cell in records[0]]
    index = _header_index(name, header, columns)
    body = [(number, record) for number, record in enumerate(records[1:], start=2) if _filled(record)]
    if not body:
        raise RosterInvalid([Problem(name, "the file has a header but no data rows")])

    reader = _RowReader(file=name, columns=columns, index=index, width=len(header))
    rows = [row for row in (reader.read(number, record) for number, record in body) if row is not None]
    return Roster(file=name, rows=rows, problems=reader.problems, ids=set(reader.first_row_of_id))


class _RowReader:
    """Reads data rows one by one, remembering ids and e-mails to catch duplicates."""

    def __init__(self, *, file: str, columns: RosterColumns, index: dict[str, int], width: int) -> None:
        self.file = file
        self.columns = columns
        self.index = index
        self.width = width
        self.problems: list[Problem] = []
        self.first_row_of_id: dict[str, int] = {}
        self.first_row_of_email: dict[str, int] = {}

    def read(self, number: int, record: list[str]) -> RosterRow | None:
        """The row, or None when it has problems (they are added to self.problems)."""
        columns = self.columns
        if any(cell.strip() for cell in record[self.width :]):
            self._problem(number, None, f"has {len(record)} cells but the header has {self.width}")
            return None
        # Short rows are padded: a spreadsheet may drop trailing empty cells.
        cells = {column: (record[at].strip() if at < len(record) else "") for column, at in self.index.items()}
        problems_before = len(self.problems)

        external_id = cells[columns.id]
        if not external_id:
            self._problem(number, columns.id, "the id is empty")
        elif external_id in self.first_row_of_id:
            first = self.first_row_of_id[external_id]
            self._problem(number, columns.id, f'duplicate id "{external_id}" (first seen in row {first})')
        else:
            self.first_row_of_id[external_id] = number

        team = cells[columns.team]
        if not team:
            self._problem(number, columns.team, "the team is empty")
        subteam = cells[columns.subteam] if columns.subteam else ""
        key_length = _max_length(Team, "external_key")
        if team and subteam and len(team) + len(subteam) + 1 > key_length:
            self._problem(
                number, columns.subteam, f"team and sub-team together are longer than {key_length - 1} characters"
            )

        email = self._email(number, cells)
        manager_id = cells[columns.manager] if columns.manager else ""
        if manager_id and manager_id == external_id:
            self._problem(number, columns.manager, f'"{external_id}" cannot be their own manager')

        row = RosterRow(
            row=number,
            external_id=external_id,
            team=team,
            subteam=subteam,
            name=cells[columns.name] if columns.name else "",
            email=email,
            manager_id=manager_id,
            title=cells[columns.title] if columns.title else "",
            attributes=self._attributes(number, cells),
        )
        for column, value, limit in (
            (columns.id, row.external_id, _max_length(Person, "external_id")),
            (columns.team, row.team, _max_length(Team, "name")),
            (columns.subteam, row.subteam, _max_length(Team, "name")),
            (columns.name, row.name, _max_length(Person, "display_name")),
            (columns.title, row.title, _max_length(Person, "title")),
        ):
            if len(value) > limit:
                self._problem(number, column, f"longer than {limit} characters")
        return row if len(self.problems) == problems_before else None

    def _email(self, number: int, cells: dict[str, str]) -> str:
        column = self.columns.email
        if not column or not cells[column]:
            return ""
        email = User.objects.normalize_email(cells[column]).lower()
        try:
            validate_email(email)
        except ValidationError:
            self._problem(number, column, f'"{cells[column]}" is not a valid e-mail address')
            return ""
        if email in self.first_row_of_email:
            first = self.first_row_of_email[email]
            self._problem(number, column, f'duplicate e-mail "{email}" (first seen in row {first})')
        else:
            self.first_row_of_email[email] = number
        return email

    def _attributes(self, number: int, cells: dict[str, str]) -> dict[str, str]:
        attributes: dict[str, str] = {}
        limit = _max_length(SensitiveAttribute, "value")
        for column in self.columns.attributes:
            value = cells[column]
            if value and _is_age(column):
                if not (value.isascii() and value.isdigit()):
                    self._problem(
                        number, column, f'"{value}" is not a whole number of years (ages are stored as bands)'
                    )
                    continue
                value = age_band(int(value))
            if len(value) > limit:
                self._problem(number, column, f"longer than {limit} characters")
            attributes[attribute_key(column)] = value
        return attributes

    def _problem(self, number: int, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, message, row=number, column=column))


def roster_import(
    *,
    actor: Any,
    path: Path,
    columns: RosterColumns,
    under: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> RosterResult:
    """Upsert people, their teams and roster memberships from an HR roster CSV, all or nothing.

    People are matched by external id, teams by "Team" or "Team/Subteam". The whole file is
    checked first; any problem raises RosterInvalid and nothing is written. A dry run does all
    the work and rolls it back, so its counts are exactly what a real run would do.
    """
    require(actor, ADMIN, message="Only an admin can import a roster.")
    roster = roster_read(path=path, columns=columns)
    name, rows, problems = roster.file, roster.rows, list(roster.problems)
    with transaction.atomic():
        parent = None
        if under:
            parent = Team.objects.filter(slug=under).first()
            if parent is None:
                problems.append(Problem(name, f'--under "{under}": no team has this slug'))
        existing = _people_by_external_id([row.external_id for row in rows])
        outside_managers = _check_managers(roster, columns, problems)
        _check_emails(name, rows, columns, existing, problems)
        if problems:
            raise RosterInvalid(problems)

        result = RosterResult(file=name, dry_run=dry_run)
        team_ids, result.teams_created = _ensure_teams(rows, parent)
        writer = _RosterWriter(columns=columns, existing=existing, team_ids=team_ids, outside=outside_managers)
        done = 0
        for batch in _batches(_managers_first(rows)):
            writer.write(batch)
            done += len(batch)
            if progress is not None:
                progress(done, len(rows))
        if columns.manager:
            writer.write_managers(rows)
        result.created = len(writer.created)
        result.updated = len(writer.changed - writer.created)
        result.unchanged = len(rows) - result.created - result.updated
        audit.record(
            actor=actor,
            action="roster.imported",
            changes={
                "file": name,
                "rows": len(rows),
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "teams_created": result.teams_created,
            },
        )
        if dry_run:
            transaction.set_rollback(True)
    return result


class _RosterWriter:
    """The write phase: batches of rows become a few bulk statements each."""

    def __init__(
        self,
        *,
        columns: RosterColumns,
        existing: dict[str, Person],
        team_ids: dict[str, int],
        outside: dict[str, int],
    ) -> None:
        self.columns = columns
        self.people = dict(existing)
        self.team_ids = team_ids
        # Managers who are in Learnloop but not in the file: external id -> person id.
        self.outside = outside
        self.created: set[str] = set()
        self.changed: set[str] = set()
        self.now = timezone.now()

    def write(self, batch: list[RosterRow]) -> None:
        self._create_people([row for row in batch if row.external_id not in self.people])
        self._update_people([row for row in batch if row.external_id not in self.created])
        self._place_in_teams(batch)
        if self.columns.attributes:
            self._set_attributes(batch)

    def write_managers(self, rows: list[RosterRow]) -> None:
        """Set the managers that differ. New people mostly have theirs already (see _managers_first)."""
        moved = []
        for row in rows:
            person = self.people[row.external_id]
            manager_id = self._manager_pk(row.manager_id)
            if person.manager_id != manager_id:
                person.manager_id = manager_id
                person.updated_at = self.now
                moved.append(person)
                self.changed.add(row.external_id)
        Person.objects.bulk_update(moved, ["manager", "updated_at"], batch_size=BATCH_SIZE)

    def _manager_pk(self, manager_id: str) -> int | None:
        """The person id of a manager, if they exist yet; None for an empty cell."""
        if manager_id in self.people:
            return self.people[manager_id].pk
        return self.outside.get(manager_id)

    def _create_people(self, rows: list[RosterRow]) -> None:
        if not rows:
            return
        users = [
            User(email=row.email or placeholder_email(row.external_id), password=make_password(None)) for row in rows
        ]
        User.objects.bulk_create(users)
        if any(user.pk is None for user in users):  # databases that cannot return ids from a bulk insert
            pks = dict(User.objects.filter(email__in=[user.email for user in users]).values_list("email", "pk"))
            for user in users:
                user.pk = pks[user.email]
        people = [
            Person(
                user=user,
                external_id=row.external_id,
                display_name=row.name or placeholder_name(row.external_id),
                name_is_placeholder=not row.name,
                email_is_placeholder=not row.email,
                title=row.title,
                manager_id=self._manager_pk(row.manager_id),
            )
            for row, user in zip(rows, users, strict=True)
        ]
        Person.objects.bulk_create(people)
        if any(person.pk is None for person in people):
            created = _people_by_external_id([row.external_id for row in rows])
            people = [created[row.external_id] for row in rows]
        for person in people:
            assert person.external_id is not None
            self.people[person.external_id] = person
            self.created.add(person.external_id)

    def _update_people(self, rows: list[RosterRow]) -> None:
        """Names, e-mails and titles. An empty name or e-mail cell keeps what the person has."""
        people: list[Person] = []
        users: list[User] = []
        for row in rows:
            person = self.people[row.external_id]
            changed = False
            if row.name and (person.display_name != row.name or person.name_is_placeholder):
                person.display_name, person.name_is_placeholder = row.name, False
                changed = True
            if self.columns.title and person.title != row.title:
                person.title = row.title
                changed = True
            if row.email and (person.user.email != row.email or person.email_is_placeholder):
                person.email_is_placeholder = False
                if person.user.email != row.email:
                    person.user.email = row.email
                    users.append(person.user)
                changed = True
            if changed:
                person.updated_at = self.now
                people.append(person)
                self.changed.add(row.external_id)
        fields = ["display_name", "name_is_placeholder", "email_is_placeholder", "title", "updated_at"]
        Person.objects.bulk_update(people, fields, batch_size=BATCH_SIZE)
        User.objects.bulk_update(users, ["email"], batch_size=BATCH_SIZE)

    def _place_in_teams(self, rows: list[RosterRow]) -> None:
        """Each person has one roster membership, in their leaf team. Hand-made memberships stay as they are.

        A roster membership whose role someone changed by hand counts as hand-made too: moving it
        would carry, say, a manager role into a team the person does not manage.
        """
        known = [self.people[row.external_id].pk for row in rows if row.external_id not in self.created]
        from_roster: dict[int, list[Membership]] = {}
        for membership in Membership.objects.filter(
            person_id__in=known, source=Membership.Source.ROSTER, role=Role.MEMBER
        ).order_by("pk"):
            from_roster.setdefault(membership.person_id, []).append(membership)
        by_hand = set(
            Membership.objects.filter(person_id__in=known)
            .exclude(source=Membership.Source.ROSTER, role=Role.MEMBER)
            .values_list("person_id", "team_id")
        )
        new: list[Membership] = []
        moved: list[Membership] = []
        gone: list[int] = []
        for row in rows:
            person = self.people[row.external_id]
            team_id = self.team_ids[row.team_key]
            mine = from_roster.get(person.pk, [])
            keep = None
            changed = False
            if (person.pk, team_id) not in by_hand:
                keep = next((membership for membership in mine if membership.team_id == team_id), None)
                if keep is None and mine:
                    keep = mine[0]
                    keep.team_id = team_id
                    moved.append(keep)
                    changed = True
                elif keep is None:
                    new.append(
                        Membership(person=person, team_id=team_id, role=Role.MEMBER, source=Membership.Source.ROSTER)
                    )
                    changed = True
            stale = [membership.pk for membership in mine if membership is not keep]
            gone.extend(stale)
            if (changed or stale) and row.external_id not in self.created:
                self.changed.add(row.external_id)
        Membership.objects.filter(pk__in=gone).delete()
        Membership.objects.bulk_update(moved, ["team"], batch_size=BATCH_SIZE)
        Membership.objects.bulk_create(new, batch_size=BATCH_SIZE)

    def _set_attributes(self, rows: list[RosterRow]) -> None:
        keys = [attribute_key(column) for column in self.columns.attributes]
        known = [self.people[row.external_id].pk for row in rows if row.external_id not in self.created]
        current = {
            (attribute.person_id, attribute.key): attribute
            for attribute in SensitiveAttribute.objects.filter(person_id__in=known, key__in=keys)
        }
        new: list[SensitiveAttribute] = []
        changed: list[SensitiveAttribute] = []
        gone: list[int] = []
        for row in rows:
            person = self.people[row.external_id]
            for key, value in row.attributes.items():
                attribute = current.get((person.pk, key))
                if attribute is None and value:
                    new.append(SensitiveAttribute(person=person, key=key, value=value))
                elif attribute is not None and not value:
                    gone.append(attribute.pk)
                elif attribute is not None and attribute.value != value:
                    attribute.value = value
                    changed.append(attribute)
                else:
                    continue
                if row.external_id not in self.created:
                    self.changed.add(row.external_id)
        SensitiveAttribute.objects.filter(pk__in=gone).delete()
        SensitiveAttribute.objects.bulk_update(changed, ["value"], batch_size=BATCH_SIZE)
        SensitiveAttribute.objects.bulk_create(new, batch_size=BATCH_SIZE)


def roster_export_rows(people: Iterable[Person]) -> list[dict[str, str | None]]:
    """People as roster rows (EXPORT_COLUMNS) that `import roster` reads back unchanged.

    Placeholder names and e-mails are left empty, because an empty cell keeps what a person has.
    Sensitive attributes are never part of it. Prefetch `memberships__team`, `user` and `manager`.
    """
    rows = []
    for person in people:
        team, subteam = _roster_team_of(person)
        rows.append(
            {
                "external_id": person.external_id,
                "name": None if person.name_is_placeholder else person.display_name,
                "email": None if person.email_is_placeholder else person.user.email,
                "team": team,
                "subteam": subteam,
                "manager_id": person.manager.external_id if person.manager else None,
                "title": person.title or None,
            }
        )
    return rows


def _roster_team_of(person: Person) -> tuple[str | None, str | None]:
    """The team and sub-team a roster would name: the roster membership's, else the most roster-like one."""
    memberships = list(person.memberships.all())
    if not memberships:
        return None, None
    memberships.sort(
        key=lambda membership: (
            membership.source != Membership.Source.ROSTER,
            membership.team.external_key is None,
            membership.team.path,
        )
    )
    team = memberships[0].team
    if team.external_key is None:
        return team.name, None
    top, _, sub = team.external_key.partition("/")
    return top, sub or None


def _records(path: Path) -> list[list[str]]:
    display = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RosterInvalid([Problem(display, "no such file")]) from None
    except IsADirectoryError:
        raise RosterInvalid([Problem(display, "is a folder, not a file")]) from None
    except OSError as error:
        raise RosterInvalid([Problem(display, f"cannot be read ({error.strerror})")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RosterInvalid(_encoding_problems(path.name, data)) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return list(reader)
    except csv.Error as error:
        raise RosterInvalid([Problem(path.name, f"not a readable CSV file ({error})", row=reader.line_num)]) from None


def _encoding_problems(name: str, data: bytes) -> list[Problem]:
    """One problem per row holding bytes that are not UTF-8, naming the column when it can."""
    bad_lines = set()
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad_lines.add(number)
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig", errors="replace"), newline=""))
    header: list[str] = []
    problems = []
    first_line = 1
    for number, record in enumerate(reader, start=1):
        if number == 1:
            header = [cell.strip() for cell in record]
        if bad_lines.intersection(range(first_line, reader.line_num + 1)):
            columns = [
                header[at] if number > 1 and at < len(header) else None
                for at, cell in enumerate(record)
                if "\ufffd" in cell
            ]
            for column in dict.fromkeys(columns or [None]):
                problems.append(
                    Problem(name, "holds bytes that are not UTF-8 (save the file as UTF-8)", row=number, column=column)
                )
        first_line = reader.line_num + 1
    return problems or [Problem(name, "is not UTF-8 (save the file as UTF-8)")]


def _header_index(name: str, header: list[str], columns: RosterColumns) -> dict[str, int]:
    problems = []
    index: dict[str, int] = {}
    for column in columns.named():
        positions = [at for at, cell in enumerate(header) if cell == column]
        if not positions:
            listed = ", ".join(cell for cell in header if cell)
            problems.append(Problem(name, f"not in the header (columns are: {listed})", row=1, column=column))
        elif len(positions) > 1:
            problems.append(Problem(name, f"appears {len(positions)} times in the header", row=1, column=column))
        else:
            index[column] = positions[0]
    key_length = _max_length(SensitiveAttribute, "key")
    for column in columns.attributes:
        if len(attribute_key(column)) > key_length:
            problems.append(
                Problem(name, f"longer than {key_length} characters, too long for an attribute", row=1, column=column)
            )
    if problems:
        raise RosterInvalid(problems)
    return index


def _check_managers(roster: Roster, columns: RosterColumns, problems: list[Problem]) -> dict[str, int]:
    """Every manager id must be someone in the file or already in Learnloop; returns the latter's ids."""
    wanted = {row.manager_id for row in roster.rows if row.manager_id} - roster.ids
    outside: dict[str, int] = {}
    for batch in _batches(sorted(wanted)):
        for external_id, pk in Person.objects.filter(external_id__in=batch).values_list("external_id", "pk"):
            outside[str(external_id)] = pk
    for row in roster.rows:
        if row.manager_id and row.manager_id not in roster.ids and row.manager_id not in outside:
            problems.append(
                Problem(
                    roster.file,
                    f'manager "{row.manager_id}" is neither in this file nor in Learnloop',
                    row=row.row,
                    column=columns.manager,
                )
            )
    return outside


def _check_emails(
    name: str,
    rows: list[RosterRow],
    columns: RosterColumns,
    existing: dict[str, Person],
    problems: list[Problem],
) -> None:
    """An e-mail is one account: nobody else in Learnloop may sign in with it, placeholders included."""
    wanted: dict[str, RosterRow] = {}
    for row in rows:
        if row.email:
            email = row.email
        elif row.external_id not in existing:
            email = placeholder_email(row.external_id)
        else:
            continue  # they keep the e-mail they have
        if email in wanted:  # duplicates among real e-mails were caught while reading
            problems.append(
                Problem(
                    name,
                    f'e-mail "{email}" would also belong to row {wanted[email].row} '
                    "(a placeholder e-mail is made from the id)",
                    row=row.row,
                    column=columns.email if row.email else columns.id,
                )
            )
        wanted[email] = row
    for batch in _batches(sorted(wanted)):
        holders = (
            User.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=batch)
            .values_list("email_lower", "person__external_id", "person__display_name")
        )
        for email, external_id, display_name in holders:
            row = wanted[email]
            if external_id is not None and external_id == row.external_id:
                continue
            if display_name is None:
                holder = "an account in Learnloop"
            elif external_id is None:
                holder = f"{display_name}, who has no external id"
            else:
                holder = f'{display_name}, whose external id is "{external_id}"'
            problems.append(
                Problem(
                    name,
                    f'e-mail "{email}" already belongs to {holder}',
                    row=row.row,
                    column=columns.email if row.email else columns.id,
                )
            )


def _ensure_teams(rows: list[RosterRow], parent: Team | None) -> tuple[dict[str, int], int]:
    """Find or create each team and sub-team by its external key; returns {key: team id} and how many are new.

    A team that already exists stays where it is, even if an admin moved or renamed it.
    """
    tops = {row.team: None for row in rows}
    subs = {(row.team, row.subteam): None for row in rows if row.subteam}
    keys = [*tops, *(f"{team}/{subteam}" for team, subteam in subs)]
    teams: dict[str, Team] = {}
    for batch in _batches(keys):
        for team in Team.objects.filter(external_key__in=batch):
            teams[str(team.external_key)] = team
    created = 0
    for name in tops:
        if name not in teams:
            teams[name] = _team_create(name=name, parent=parent, external_key=name)
            created += 1
    for team_name, subteam_name in subs:
        key = f"{team_name}/{subteam_name}"
        if key not in teams:
            teams[key] = _team_create(name=subteam_name, parent=teams[team_name], external_key=key)
            created += 1
    return {key: team.pk for key, team in teams.items()}, created


def _team_create(*, name: str, parent: Team | None, external_key: str) -> Team:
    # Not services.team_create: that writes an audit row per team, and the import writes one in all.
    team = Team(
        name=name, parent=parent, external_key=external_key, slug=unique_team_slug(name, parent), path="/pending/"
    )
    team.full_clean(exclude=["path"])
    team.save()
    set_team_path(team)
    return team


def _managers_first(rows: list[RosterRow]) -> list[RosterRow]:
    """The rows reordered so a manager in the file is written before their reports.

    New people can then be created with their manager set, instead of updated one by one after;
    a cycle of managers (A manages B, B manages A) keeps file order and is set afterwards.
    """
    by_id = {row.external_id: row for row in rows}
    depth: dict[str, int] = {}
    for row in rows:
        chain: list[str] = []
        on_chain: set[str] = set()
        current = row.external_id
        while current not in depth and current not in on_chain:
            chain.append(current)
            on_chain.add(current)
            manager_id = by_id[current].manager_id
            if manager_id not in by_id:
                break
            current = manager_id
        level = depth.get(current, -1)
        for external_id in reversed(chain):
            level += 1
            depth[external_id] = level
    return sorted(rows, key=lambda row: depth[row.external_id])


def _people_by_external_id(external_ids: list[str]) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for batch in _batches(external_ids):
        for person in Person.objects.filter(external_id__in=batch).select_related("user"):
            assert person.external_id is not None
            people[person.external_id] = person
    return people


def _max_length(model: type[Person | Team | SensitiveAttribute], field_name: str) -> int:
    field = model._meta.get_field(field_name)
    assert isinstance(field, models.Field)
    return field.max_length or 0


def _batches(items: Sequence[_T]) -> Iterator[list[_T]]:
    for start in range(0, len(items), BATCH_SIZE):
        yield list(items[start : start + BATCH_SIZE])


def _filled(record: list[str]) -> bool:
    return any(cell.strip() for cell in record)


def _is_age(column: str) -> bool:
    return column.strip().lower() == "age"
