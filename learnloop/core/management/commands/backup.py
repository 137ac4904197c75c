"""`learnloop backup FILE`: write every row of Learnloop's tables to a file any database restores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from learnloop.core.backup import BackupError, write_backup
from learnloop.core.progress import progress_bar


class Command(BaseCommand):
    help = (
        "Back up the whole organization (people, teams, every Learnloop record, groups) to a zip "
        "file that `learnloop restore` loads into SQLite or PostgreSQL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="where to write the backup, e.g. learnloop-2025-01-31.zip")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        if file.is_dir():
            raise CommandError(f"{file} is a folder; name the backup file to write.")
        if not file.parent.is_dir():
            raise CommandError(f"{file.parent} does not exist.")
        try:
            with progress_bar(description="Backing up", enabled=self.stdout.isatty()) as on_progress:
                report = write_backup(file, on_progress=on_progress)
        except BackupError as error:
            raise CommandError(str(error)) from None
        tables = len(report.manifest["models"])
        size = file.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(f"Backed up {report.rows:,} rows of {tables} tables to {file} ({size:,} bytes).")
        )
