"""`learnloop export people|teams`: the directory and the team tree as CSV or JSON, never sensitive attributes."""

from __future__ import annotations

import csv
import io
import json
from argparse import ArgumentParser
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Prefetch

from learnloop.people.models import Membership
from learnloop.people.roster import EXPORT_COLUMNS, roster_export_rows
from learnloop.people.selectors import people_search, team_list

TEAM_COLUMNS = ("slug", "name", "parent_slug", "path", "depth", "member_count")

Row = dict[str, Any]


def people_rows() -> list[Row]:
    people = people_search().prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("team"))
    )
    return roster_export_rows(people)


def team_rows() -> list[Row]:
    """Each team with its parent and its path as slugs ("acme/engineering/platform")."""
    teams = list(team_list())
    slug_of = {team.pk: team.slug for team in teams}
    return [
        {
            "slug": team.slug,
            "name": team.name,
            "parent_slug": slug_of.get(team.parent_id) if team.parent_id else None,
            "path": "/".join(slug_of[pk] for pk in [*team.ancestor_ids(), team.pk] if pk in slug_of),
            "depth": team.depth,
            "member_count": team.member_count,  # type: ignore[attr-defined]
        }
        for team in teams
    ]


def as_csv(rows: list[Row], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)  # None is written as an empty cell
    return out.getvalue()


def as_json(rows: list[Row]) -> str:
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Export people or teams as CSV or JSON. Sensitive attributes are never exported."

    def add_arguments(self, parser: ArgumentParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, title="what to export", metavar="KIND")
        for kind, help_text in (
            ("people", "everyone, as roster rows that `import roster` reads back unchanged"),
            ("teams", "the team tree with each team's direct member count"),
        ):
            sub = kinds.add_parser(kind, help=help_text, description=help_text)
            sub.add_argument("--format", choices=["csv", "json"], default="csv", help="default: csv")
            sub.add_argument("--output", type=Path, metavar="FILE", help="write here instead of standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        columns: Sequence[str]
        if options["kind"] == "people":
            rows, columns = people_rows(), EXPORT_COLUMNS
        else:
            rows, columns = team_rows(), TEAM_COLUMNS
        text = as_json(rows) if options["format"] == "json" else as_csv(rows, columns)
        output: Path | None = options["output"]
        if output is None:
            self.stdout.write(text, ending="")
            return
        output.write_text(text, encoding="utf-8", newline="")
        noun = {"people": "person", "teams": "team"}[options["kind"]] if len(rows) == 1 else options["kind"]
        self.stdout.write(f"Exported {len(rows)} {noun} to {output}.")
