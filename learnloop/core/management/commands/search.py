"""`learnloop search reindex [--kind KIND]`: rebuild the search index from the tables it mirrors."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from learnloop.core.progress import progress_bar
from learnloop.core.search import reindex, sources


class Command(BaseCommand):
    help = "Search index upkeep. `reindex` rebuilds it (all kinds, or one) in one transaction."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        rebuild = actions.add_parser("reindex", help="Rebuild the index from the tables it mirrors.")
        rebuild.add_argument("--kind", action="append", help="Only this kind (repeatable): " + ", ".join(sources()))

    def handle(self, *args: Any, **options: Any) -> None:
        known = sources()
        kinds = options.get("kind") or list(known)
        unknown = [kind for kind in kinds if kind not in known]
        if unknown:
            raise CommandError(f"--kind {unknown[0]}: not a searchable kind (choose from {', '.join(known)}).")
        started = time.perf_counter()
        with progress_bar(description="Indexing", enabled=self.stdout.isatty()) as progress:
            written = reindex(kinds=kinds, progress=progress)
        self.stdout.write(
            f"Indexed {written} document{'s' if written != 1 else ''} ({', '.join(kinds)}) "
            f"in {time.perf_counter() - started:.1f} s."
        )
