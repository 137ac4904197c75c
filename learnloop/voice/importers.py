"""`learnloop import satisfaction FILE`: an HR extract's satisfaction ratings as one past pulse run."""

from __future__ import annotations

import datetime
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from learnloop.core.importing import Importer, refuse, register
from learnloop.voice.satisfaction import COLUMNS, SatisfactionInvalid, satisfaction_import


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="a UTF-8 CSV file with a header row")
    parser.add_argument("--id", default="EmployeeNumber", metavar="COL", help="the roster's id column")
    parser.add_argument(
        "--segment", metavar="COL", help="a coarse column to break results down by (e.g. JobLevel), through the guard"
    )
    parser.add_argument("--title", default="", help="the pulse's title")
    parser.add_argument("--on", type=datetime.date.fromisoformat, metavar="YYYY-MM-DD", help="the day it ran")
    parser.add_argument("--key", default="", help="what makes a re-run a no-op (default: the file's name)")


def run(command: BaseCommand, options: dict[str, Any]) -> None:
    started = time.monotonic()
    try:
        result = satisfaction_import(
            path=options["file"],
            id_column=options["id"],
            segment_column=options["segment"],
            title=options["title"],
            on=options["on"],
            key=options["key"],
        )
    except SatisfactionInvalid as invalid:
        refuse(command, invalid.problems)
    command.stdout.write(f"{result.summary()} ({time.monotonic() - started:.1f} s)")


register(
    Importer(
        kind="satisfaction",
        help="satisfaction ratings of an HR extract as a past pulse (after `import roster`; see docs/voice.md)",
        description=(
            "Import the columns " + ", ".join(COLUMNS) + " as one past pulse run: one anonymous response per "
            "person, in the team the roster import put them in. Re-running with the same key imports nothing."
        ),
        add_arguments=add_arguments,
        run=run,
    )
)
