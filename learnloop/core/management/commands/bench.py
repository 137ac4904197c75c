"""`learnloop bench <name> …`: measure performance; each app registers its benchmarks."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from learnloop.core.benchmarks import benchmarks


class Command(BaseCommand):
    help = "Run a benchmark: medians and p95 over repeated runs, with ratios to a baseline measured in the same run."

    def add_arguments(self, parser: ArgumentParser) -> None:
        names = parser.add_subparsers(dest="name", required=True, title="benchmark", metavar="NAME")
        for benchmark in benchmarks().values():
            benchmark.add_arguments(names.add_parser(benchmark.name, help=benchmark.help, description=benchmark.help))

    def handle(self, *args: Any, **options: Any) -> None:
        benchmarks()[options["name"]].run(self, options)
