"""The `learnloop import KIND` registry: each app offers its importers in `<app>/importers.py`.

An importer adds its own argument parser and does its work when chosen; `core` knows none of
them, so apps stay independent (people imports rosters, loops imports postmortems, …).
"""

from __future__ import annotations

from argparse import ArgumentParser
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand
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
