"""`learnloop similar "TEXT" [--top N] [--kind review|lesson|playbook|decision] [--json]`."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from learnloop.core.access import SYSTEM
from learnloop.knowledge.similar import KINDS, similar_to


class Command(BaseCommand):
    help = (
        'Earlier reviews, lessons, playbooks and decision notes like TEXT ("seen before?"), best first. '
        "Run from the server's command line, it sees everything."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("text", help="What happened, in your words.")
        parser.add_argument("--top", type=int, default=5, help="How many to show (1 to 100; default 5).")
        parser.add_argument("--kind", choices=KINDS, help="Only this kind.")
        parser.add_argument("--json", action="store_true", help="Print a JSON list instead of a table.")

    def handle(self, *args: Any, **options: Any) -> None:
        text = options["text"]
        if not text.strip():
            raise CommandError(
                'TEXT is empty: say what happened, e.g. learnloop similar "database failover timed out".'
            )
        if not 1 <= options["top"] <= 100:
            raise CommandError(f"--top {options['top']}: give a number from 1 to 100.")
        kinds = (options["kind"],) if options["kind"] else KINDS
        found = similar_to(SYSTEM, text, top=options["top"], kinds=kinds)
        if options["json"]:
            self.stdout.write(json.dumps([item.as_json() for item in found], ensure_ascii=False, indent=2))
            return
        if not found:
            self.stdout.write("Nothing similar found.")
            return
        for number, item in enumerate(found, start=1):
            reference = f" [{item.external_id}]" if item.external_id else ""
            self.stdout.write(
                f"{number:>3}. {item.score:6.3f}  {item.kind:<8} #{item.id}{reference}  {item.title}  ({item.team})"
            )
            self.stdout.write(f"              why: {'; '.join(item.reasons)}")
