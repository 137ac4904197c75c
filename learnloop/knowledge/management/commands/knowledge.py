"""`learnloop knowledge export DIR`: every playbook and decision note as a docs-as-code folder."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from learnloop.core.progress import progress_bar
from learnloop.knowledge.docs_as_code import export_folder
from learnloop.knowledge.models import DecisionNote, Playbook
from learnloop.people.models import Team


class Command(BaseCommand):
    help = (
        "Export playbooks and decision notes as Markdown files with front matter "
        "(import them back with `learnloop import knowledge`)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, title="actions", metavar="ACTION")
        export = actions.add_parser(
            "export",
            help="write playbooks/<id>.md and decisions/<id>.md into DIR",
            description=(
                "Write one Markdown file per playbook and decision note into DIR; files of the same id are replaced."
            ),
        )
        export.add_argument("folder", type=Path, metavar="DIR")
        export.add_argument("--team", metavar="TEAM_SLUG", help="only this team's items")

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"{folder} is a file, not a folder.")
        playbooks = Playbook.objects.select_related("team").prefetch_related("tags").order_by("slug")
        decisions = (
            DecisionNote.objects.select_related("team", "superseded_by").prefetch_related("tags").order_by("slug")
        )
        if options["team"]:
            team = Team.objects.filter(slug=options["team"]).first()
            if team is None:
                raise CommandError(f"There is no team {options['team']!r}.")
            playbooks, decisions = playbooks.filter(team=team), decisions.filter(team=team)
        folder.mkdir(parents=True, exist_ok=True)
        with progress_bar(description="Exporting knowledge", enabled=self.stdout.isatty()) as progress:
            counts = export_folder(folder, playbooks, decisions, progress=progress)
        self.stdout.write(f"Exported {counts[0]} playbooks and {counts[1]} decision notes to {folder}.")
