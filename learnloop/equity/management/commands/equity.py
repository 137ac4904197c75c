"""`learnloop equity audit --by ATTRIBUTE_OR_TEAM_LEVEL …`: the distribution audit on the command line."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from learnloop.core.access import SYSTEM
from learnloop.equity.distribution import distribution_audit, missing_figures
from learnloop.equity.importers import iso_date


def _figure(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


class Command(BaseCommand):
    help = "Fair access to learning: the distribution audit (docs/equity.md)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        audit = actions.add_parser("audit", help="how learning records are shared across groups")
        audit.add_argument(
            "--by",
            required=True,
            metavar="ATTRIBUTE_OR_TEAM_LEVEL",
            help='a sensitive attribute (e.g. Gender) or "team-level:N" (0 = top-level teams)',
        )
        audit.add_argument("--min-count", type=int, default=1, metavar="N", help="records that count as selected")
        audit.add_argument("--from", dest="start", type=iso_date, metavar="DATE", help="first day of the period")
        audit.add_argument("--to", dest="end", type=iso_date, metavar="DATE", help="last day of the period")
        audit.add_argument("--kind", metavar="KIND", help="records of this kind only (default: every kind)")
        audit.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = distribution_audit(
                actor=SYSTEM,
                by=options["by"],
                min_count=options["min_count"],
                start=options["start"],
                end=options["end"],
                kind=options["kind"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
            return
        self.stdout.write(
            f"Gini {_figure(report.gini)} · Theil {_figure(report.theil)} "
            f"(between {_figure(report.theil_between)}, within {_figure(report.theil_within)})"
        )
        width = max([len("group"), *(len(group.group) for group in report.groups)])
        header = ("people", "reached", "records", "mean", "repr.", "sel. rate", "AIR")
        self.stdout.write(f"{'group':<{width}}  " + "  ".join(f"{cell:>9}" for cell in header))
        for group in report.groups:
            cells = [
                *(
                    _figure(value)
                    for value in (
                        group.headcount,
                        group.reached,
                        group.records,
                        group.mean,
                        group.representation_ratio,
                        group.selection_rate,
                        group.adverse_impact_ratio,
                    )
                ),
            ]
            flag = "  hidden" if group.suppressed else ("  under four-fifths" if group.adverse_impact else "")
            self.stdout.write(f"{group.group:<{width}}  " + "  ".join(f"{cell:>9}" for cell in cells) + flag)
        for reason, where in missing_figures(report.groups, report.reasons):  # why a figure is "-"
            self.stdout.write(f"{'; '.join(where)}. {reason}")
