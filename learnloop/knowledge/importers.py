"""`learnloop import knowledge DIR`: playbooks and decision notes from a docs-as-code folder."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from learnloop.core.access import SYSTEM
from learnloop.core.importing import Importer, refuse, register
from learnloop.core.progress import progress_bar
from learnloop.knowledge.docs_as_code import KnowledgeInvalid, import_folder


def add_knowledge_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "folder", type=Path, metavar="DIR", help="a folder of Markdown files with front matter (any depth)"
    )


def run_knowledge(command: BaseCommand, options: dict[str, Any]) -> None:
    folder: Path = options["folder"]
    started = time.monotonic()
    try:
        with progress_bar(description="Importing knowledge", enabled=command.stdout.isatty()) as progress:
            result = import_folder(actor=SYSTEM, root=folder, progress=progress)
    except KnowledgeInvalid as invalid:
        refuse(command, invalid.problems)
    command.stdout.write(f"Imported {folder.name}: {result.summary()} ({time.monotonic() - started:.1f} s)")


register(
    Importer(
        kind="knowledge",
        help="playbooks and decision notes from a folder of Markdown files (see docs/knowledge.md)",
        description=(
            "Create or update playbooks and decision notes from Markdown files with YAML front matter, one "
            "file per item, as `learnloop knowledge export` writes them. Matched by id, so a second run "
            "changes nothing; any problem imports nothing."
        ),
        add_arguments=add_knowledge_arguments,
        run=run_knowledge,
    )
)
