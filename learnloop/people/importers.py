"""`learnloop import roster FILE …`: people and teams from an HR roster CSV (docs/roster-import.md)."""

from __future__ import annotations

import time
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from learnloop.core.access import SYSTEM
from learnloop.core.importing import Importer, refuse, register
from learnloop.core.progress import progress_bar
from learnloop.people.roster import RosterColumns, RosterInvalid, roster_import


def column_list(value: str) -> tuple[str, ...]:
    """`Gender,Age , JobLevel` -> ("Gender", "Age", "JobLevel")."""
    columns = tuple(column.strip() for column in value.split(",") if column.strip())
    if not columns:
        raise ArgumentTypeError("name at least one column, separated by commas")
    return columns


def add_roster_arguments(roster: ArgumentParser) -> None:
    roster.add_argument("file", type=Path, metavar="FILE", help="the roster, a UTF-8 CSV file with a header row")
    roster.add_argument("--id", required=True, metavar="COL", help="column with the person's id in the HR system")
    roster.add_argument("--team", required=True, metavar="COL", help="column with the person's team")
    roster.add_argument("--subteam", metavar="COL", help="column with a sub-team inside that team")
    roster.add_argument("--name", metavar="COL", help='column with the full name (else "Employee <id>")')
    roster.add_argument("--email", metavar="COL", help="column with the work e-mail (else a placeholder)")
    roster.add_argument("--manager", metavar="COL", help="column with the id of the person's manager")
    roster.add_argument("--title", metavar="COL", help="column with the job title")
    roster.add_argument(
        "--attributes",
        type=column_list,
        default=(),
        metavar="COL,COL,...",
        help="columns kept as sensitive attributes, read by analysts in aggregate only; Age is kept as a band",
    )
    roster.add_argument("--under", metavar="TEAM_SLUG", help="put new top-level teams under this team")
    roster.add_argument("--dry-run", action="store_true", help="check and count everything, save nothing")


def run_roster(command: BaseCommand, options: dict[str, Any]) -> None:
    columns = RosterColumns(
        id=options["id"],
        team=options["team"],
        subteam=options["subteam"],
        name=options["name"],
        email=options["email"],
        manager=options["manager"],
        title=options["title"],
        attributes=options["attributes"],
    )
    path: Path = options["file"]
    started = time.monotonic()
    try:
        with progress_bar(description="Writing people", enabled=command.stdout.isatty()) as progress:
            result = roster_import(
                actor=SYSTEM,
                path=path,
                columns=columns,
                under=options["under"],
                dry_run=options["dry_run"],
                progress=progress,
            )
    except RosterInvalid as invalid:
        refuse(command, invalid.problems)
    seconds = time.monotonic() - started
    command.stdout.write(f"{result.summary()} ({seconds:.1f} s)")


register(
    Importer(
        kind="roster",
        help="people and teams from an HR roster CSV (see docs/roster-import.md)",
        description=(
            "Create or update people, teams and team memberships from a UTF-8 CSV roster. "
            "People are matched by their id, so running it again changes only what changed."
        ),
        add_arguments=add_roster_arguments,
        run=run_roster,
    )
)
