"""`learnloop restore FILE`: load a backup into this database, all of it or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from learnloop.core.backup import BackupError, restore_backup
from learnloop.core.progress import progress_bar


class Command(BaseCommand):
    help = (
        "Restore a backup made by `learnloop backup`, from SQLite or PostgreSQL alike. Refuses a "
        "database that already has people unless --force, which replaces everything in it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file to restore")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the data of a database that already has people (it is deleted first)",
        )

    def handle(self, *args: Any, file: Path, force: bool, **options: Any) -> None:
        try:
            with progress_bar(description="Restoring", enabled=self.stdout.isatty()) as on_progress:
                report = restore_backup(file, force=force, on_progress=on_progress)
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = report.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {report.rows:,} rows of {len(manifest['models'])} tables from {file} "
                f"(made {manifest.get('created_at', '?')} by Learnloop {manifest.get('learnloop_version', '?')})."
            )
        )
        if report.older_than_code:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup predates {len(report.older_than_code)} migration(s) "
                    f"({', '.join(report.older_than_code)}); fields added since got their defaults."
                )
            )
