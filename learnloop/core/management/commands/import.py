"""`learnloop import <kind> …`: bring records from outside in; each app registers its kinds."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from learnloop.core.importing import importers


class Command(BaseCommand):
    help = "Import records from outside Learnloop. Every import checks its input first and is all-or-nothing."

    def add_arguments(self, parser: ArgumentParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, title="what to import", metavar="KIND")
        for importer in importers().values():
            importer.add_arguments(
                kinds.add_parser(importer.kind, help=importer.help, description=importer.description)
            )

    def handle(self, *args: Any, **options: Any) -> None:
        importers()[options["kind"]].run(self, options)
