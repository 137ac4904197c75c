"""The `learnloop import KIND` registry: each app offers its importers in `<app>/importers.py`.

An importer adds its own argument parser and does its work when chosen; `core` knows none of
them, so apps stay independent (people imports rosters, loops imports postmortems, …).
"""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Importer:
    kind: str
    help: str
    description: str
    add_arguments: Callable[[ArgumentParser], None]
    run: Callable[[BaseCommand, dict[str, Any]], None]


_importers: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    _importers[importer.kind] = importer
    return importer


def importers() -> dict[str, Importer]:
    autodiscover_modules("importers")
    return dict(sorted(_importers.items()))


def refuse(command: BaseCommand, problems: Sequence[object]) -> NoReturn:
    """End an all-or-nothing import that found problems: each on its own line (file, row, column:
    what), then one line saying that nothing was imported. The command exits non-zero."""
    for problem in problems:
        command.stderr.write(str(problem))
    count = len(problems)
    raise CommandError(f"Nothing imported: {count} {'problem' if count == 1 else 'problems'}.") from None
