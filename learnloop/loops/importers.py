"""`learnloop import postmortems PATH`: public incident write-ups as published reviews."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from learnloop.core.access import SYSTEM
from learnloop.core.importing import Importer, register
from learnloop.loops.postmortems import PostmortemsInvalid, postmortems_import, read_path


def add_postmortem_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "path", type=Path, metavar="PATH", help="a folder of front-matter Markdown files, or one list-format file"
    )
    parser.add_argument("--skip-invalid", action="store_true", help="import the readable files even if some are not")
    parser.add_argument(
        "--under", metavar="TEAM_SLUG", help='put company teams under this team (default: "Public postmortems")'
    )


def run_postmortems(command: BaseCommand, options: dict[str, Any]) -> None:
    path: Path = options["path"]
    started = time.monotonic()
    incidents, problems = read_path(path)
    for problem in problems:
        command.stderr.write(str(problem))
    if problems and (not options["skip_invalid"] or not incidents):
        count = len(problems)
        raise CommandError(
            f"Nothing imported: {count} unreadable {'file' if count == 1 else 'files'}"
            + ("" if not incidents else " (use --skip-invalid to import the others)")
            + ".\n"
            + "\n".join(str(problem) for problem in problems)
        )
    try:
        result = postmortems_import(actor=SYSTEM, incidents=incidents, skipped=problems, under=options["under"])
    except PostmortemsInvalid as invalid:
        raise CommandError("\n".join(str(problem) for problem in invalid.problems)) from None
    command.stdout.write(
        f"Imported {path.name}: {len(incidents)} reviews ({result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged), {len(result.skipped)} skipped, {result.teams_created} teams created. "
        f"({time.monotonic() - started:.1f} s)"
    )


register(
    Importer(
        kind="postmortems",
        help="incident write-ups as published reviews (see docs/postmortem-import.md)",
        description=(
            "Import public incident write-ups: a folder of Markdown files with YAML front matter, or a "
            "list with one paragraph per incident under category headings. Matched by id, so a second "
            "run adds nothing."
        ),
        add_arguments=add_postmortem_arguments,
        run=run_postmortems,
    )
)
