"""`learnloop serve`: run Learnloop under gunicorn, a production web server (never runserver)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from learnloop.core.backup import BackupError, require_migrated_database

DEFAULT_BIND = "127.0.0.1:8000"
THREADS_PER_WORKER = 4


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        f"Serve Learnloop with gunicorn on HOST:PORT (default {DEFAULT_BIND}); logs requests to standard output, "
        "except anonymous acts such as answering a pulse or asking a question."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=DEFAULT_BIND, help=f"HOST:PORT to listen on (default {DEFAULT_BIND})")
        parser.add_argument(
            "--workers",
            type=positive_int,
            default=2,
            help=f"worker processes, each with {THREADS_PER_WORKER} threads (default 2)",
        )

    def handle(self, *args: Any, bind: str, workers: int, **options: Any) -> None:
        host, port = parse_bind(bind)
        try:
            require_migrated_database()
        except BackupError as error:
            raise CommandError(str(error)) from None
        collect_static_files_if_missing()
        argv = gunicorn_argv(bind=f"{host}:{port}", workers=workers)
        self.stdout.write(f"Learnloop is serving on http://{host}:{port}")
        self.stdout.flush()
        connections.close_all()
        os.execvp(argv[0], argv)  # noqa: S606 (gunicorn replaces this process, keeping its id)


def parse_bind(bind: str) -> tuple[str, int]:
    host, _, port = bind.strip().rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(f"--bind {bind!r} is not HOST:PORT (for example {DEFAULT_BIND} or 0.0.0.0:8000).")
    return host, int(port)


def gunicorn_argv(*, bind: str, workers: int) -> list[str]:
    beside_python = Path(sys.executable).parent / "gunicorn"
    command = [str(beside_python)] if beside_python.exists() else [sys.executable, "-m", "gunicorn"]
    return [
        *command,
        "learnloop.wsgi:application",
        "--bind", bind,
        "--workers", str(workers),
        "--worker-class", "gthread",
        "--threads", str(THREADS_PER_WORKER),
        # gunicorn's most (its default is 4094): a long search reaches Learnloop, which answers with
        # a message about the field rather than a bare 414 from the server.
        "--limit-request-line", "8190",
        "--access-logfile", "-",
        # gunicorn's access log minus the lines of anonymous acts (core.access_log).
        "--logger-class", "learnloop.core.access_log.AccessLog",
        "--error-logfile", "-",
        # The control socket sits in one shared place per user; two servers would fight over it.
        "--no-control-socket",
    ]  # fmt: skip


def collect_static_files_if_missing() -> None:
    """Without `collectstatic`'s manifest every page would answer 500: collect them now, quietly,
    or refuse to start and say why."""
    if static_files_collected():
        return
    try:
        call_command("collectstatic", interactive=False, verbosity=0)
    except (OSError, ImproperlyConfigured) as error:
        raise CommandError(
            f"The static files are not collected and collecting them failed ({error}); "
            "run `learnloop collectstatic --noinput` where STATIC_ROOT is writable, then serve again."
        ) from None
    if not static_files_collected():
        raise CommandError("The static files are still not collected; run `learnloop collectstatic --noinput`.")


def static_files_collected() -> bool:
    """False when pages would fail for want of `collectstatic`'s manifest."""
    try:
        if not isinstance(staticfiles_storage, ManifestFilesMixin):
            return True
        return staticfiles_storage.read_manifest() is not None
    except OSError:  # STATIC_ROOT is not a readable folder
        return False
