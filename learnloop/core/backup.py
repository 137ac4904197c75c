"""Backups any database restores: every row of Learnloop's tables as JSON lines in a zip file.

A backup holds `manifest.json` (format version, Learnloop version, creation time, migration
state, row counts) and one `data/<app>.<model>.jsonl` member per model, written model by model
from one consistent snapshot. References between backed-up rows keep their ids; references to
rows outside the backup (permissions) use natural keys, so a SQLite backup restores into
PostgreSQL and back. Restore loads everything in one transaction: all of it or nothing.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone

from learnloop.core.progress import Progress

FORMAT = "learnloop-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
# Django's own tables worth keeping; content types, permissions, sessions and lock-outs are
# rebuilt or meaningless on another server, so they stay out.
EXTRA_MODELS = ("auth.group",)
# Rows that belong to the accounts a restore replaces, so it clears them too.
CLEARED_ON_RESTORE = ("sessions.session",)

"""Told (rows done, rows in all) as a backup or restore goes."""


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is one line for the person running it."""


@dataclass
class BackupReport:
    manifest: dict[str, Any]
    rows: int
    # Restore only: migrations this Learnloop has that the backup predates.
    older_than_code: list[str] = field(default_factory=list)


def learnloop_version() -> str:
    try:
        return version("learnloop")
    except PackageNotFoundError:
        return "unknown"


def unapplied_migrations() -> list[str]:
    """'app.migration' for every migration the code has and the database lacks."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def require_migrated_database() -> None:
    pending = unapplied_migrations()
    if pending:
        shown = ", ".join(pending[:3]) + (", …" if len(pending) > 3 else "")
        raise BackupError(f"The database lacks {len(pending)} migration(s) ({shown}): run `learnloop migrate` first.")


def backed_up_models() -> list[type[Model]]:
    """Every model of every Learnloop app, plus EXTRA_MODELS, in an order that loads cleanly."""
    chosen = [apps.get_model(label) for label in EXTRA_MODELS]
    for app_config in apps.get_app_configs():
        if app_config.name.startswith("learnloop."):
            chosen.extend(model for model in app_config.get_models() if model._meta.managed and not model._meta.proxy)
    return serializers.sort_dependencies([(None, chosen)], allow_cycles=True)


def member_name(label: str) -> str:
    return f"data/{label}.jsonl"


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (it rounds them to milliseconds)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class RowSerializer(jsonl.Serializer):
    """JSON lines where references inside the backup keep ids and the rest use natural keys."""

    def __init__(self, *, inside: set[str]) -> None:
        super().__init__()
        self.inside = inside

    def _by_natural_key(self, relation: Any) -> bool:
        return relation.remote_field.model._meta.label_lower not in self.inside

    def handle_fk_field(self, obj: Model, relation: Any) -> None:
        self.use_natural_foreign_keys = self._by_natural_key(relation)
        super().handle_fk_field(obj, relation)

    def handle_m2m_field(self, obj: Model, relation: Any) -> None:
        self.use_natural_foreign_keys = self._by_natural_key(relation)
        super().handle_m2m_field(obj, relation)


@contextmanager
def read_snapshot() -> Iterator[None]:
    """One consistent view of every table for the length of a backup."""
    if connection.in_atomic_block:
        yield  # already inside a transaction (the test suite): that is the snapshot
        return
    if connection.vendor == "sqlite":
        # A deferred transaction reads a WAL snapshot without locking out writers; the
        # configured IMMEDIATE mode would make every write wait until the backup ends.
        configured = getattr(connection, "transaction_mode", None)
        setattr(connection, "transaction_mode", "DEFERRED")  # noqa: B010 (not a stubbed attribute)
        try:
            with transaction.atomic():
                yield
        finally:
            setattr(connection, "transaction_mode", configured)  # noqa: B010
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def write_backup(path: Path, *, on_progress: Progress | None = None) -> BackupReport:
    """Write a backup of the whole database to `path` (replaced only once it is complete)."""
    require_migrated_database()
    models = backed_up_models()
    inside = {model._meta.label_lower for model in models}
    partial = path.with_name(path.name + ".partial")
    try:
        with read_snapshot():
            counts = {model._meta.label_lower: model._base_manager.count() for model in models}
            total = sum(counts.values())
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "learnloop_version": learnloop_version(),
                "created_at": timezone.now().isoformat(),
                "database": connection.vendor,
                "migrations": applied_migrations(),
                "models": [
                    {"model": label, "file": member_name(label), "rows": rows} for label, rows in counts.items()
                ],
            }
            # Backups hold password hashes and sensitive attributes: readable by the owner only.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with open(descriptor, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(MANIFEST_NAME, json.dumps(manifest, indent=2) + "\n")
                done = 0
                for model in models:
                    label = model._meta.label_lower
                    member = archive.open(member_name(label), "w", force_zip64=True)
                    with io.TextIOWrapper(member, encoding="utf-8", newline="\n") as text:
                        rows = _counted(_rows_of(model), start=done, total=total, on_progress=on_progress)
                        RowSerializer(inside=inside).serialize(
                            rows, stream=text, use_natural_foreign_keys=True, cls=ExactJSONEncoder
                        )
                    done += counts[label]
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupReport(manifest=manifest, rows=total)


def applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app_label, []).append(name)
    return applied


def _rows_of(model: type[Model]) -> Iterator[Model]:
    rows = model._base_manager.order_by("pk")
    many = [relation.name for relation in model._meta.many_to_many if _auto_created_through(relation)]
    if many:
        rows = rows.prefetch_related(*many)
    return rows.iterator(chunk_size=2000)


def _counted(rows: Iterable[Model], *, start: int, total: int, on_progress: Progress | None) -> Iterator[Model]:
    done = start
    for done, row in enumerate(rows, start=start + 1):
        if on_progress is not None and done % 500 == 0:
            on_progress(done, total)
        yield row
    if on_progress is not None:
        on_progress(done, total)


def restore_backup(path: Path, *, force: bool = False, on_progress: Progress | None = None) -> BackupReport:
    """Replace every row of Learnloop's tables with the backup's, in one transaction."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupError(f"{path} does not exist.") from None
    except (zipfile.BadZipFile, OSError) as error:
        raise BackupError(f"{path} is not a Learnloop backup ({error}).") from None
    with archive:
        manifest = read_manifest(archive, path)
        models = check_compatible(manifest, path)
        damaged = _first_damaged_member(archive)
        if damaged:
            raise BackupError(f"{path} is damaged: {damaged} fails its checksum; nothing was restored.")
        accounts = get_user_model()._base_manager.count()
        if accounts and not force:
            raise BackupError(
                f"The database already has {accounts} people: restore into an empty database, "
                "or pass --force to replace everything in it."
            )
        total = sum(entry["rows"] for entry in manifest["models"])
        try:
            with transaction.atomic():
                clear_tables()
                done = 0
                for entry in manifest["models"]:
                    done = _load_member(archive, entry, models[entry["model"]], done, total, on_progress)
                loaded = [*models.values(), *through_models(models.values())]
                connection.check_constraints(table_names=[model._meta.db_table for model in loaded])
                with connection.cursor() as cursor:
                    for statement in connection.ops.sequence_reset_sql(no_style(), loaded):
                        cursor.execute(statement)
        except BackupError as error:
            raise BackupError(f"{path}: {error}; nothing was restored.") from None
        except (DatabaseError, DeserializationError, zipfile.BadZipFile, zlib.error, ValueError) as error:
            raise BackupError(f"{path}: {_first_line(error)}; nothing was restored.") from None
    return BackupReport(manifest=manifest, rows=total, older_than_code=_migrations_missing_from(manifest))


def _first_line(error: BaseException) -> str:
    lines = str(error.__cause__ or error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _migrations_missing_from(manifest: dict[str, Any]) -> list[str]:
    """Migrations of the backed-up apps that this database has and the backup predates."""
    backed_up_apps = {model._meta.app_label for model in backed_up_models()}
    return [
        f"{app}.{name}"
        for app, name in sorted(MigrationRecorder(connection).applied_migrations())
        if app in backed_up_apps and name not in manifest["migrations"].get(app, [])
    ]


def read_manifest(archive: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(archive.read(MANIFEST_NAME))
    except KeyError:
        raise BackupError(f"{path} is not a Learnloop backup (it has no {MANIFEST_NAME}).") from None
    except (ValueError, zipfile.BadZipFile, zlib.error) as error:
        raise BackupError(f"{path} is damaged: its {MANIFEST_NAME} cannot be read ({error}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a Learnloop backup (its manifest names no {FORMAT} format).")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is a format {manifest.get('format_version')!r} backup; "
            f"this Learnloop ({learnloop_version()}) reads format {FORMAT_VERSION}."
        )
    entries = manifest.get("models")
    migrations = manifest.get("migrations")
    if not (
        isinstance(entries, list)
        and all(
            isinstance(entry, dict)
            and isinstance(entry.get("model"), str)
            and isinstance(entry.get("file"), str)
            and isinstance(entry.get("rows"), int)
            for entry in entries
        )
        and isinstance(migrations, dict)
    ):
        raise BackupError(f"{path} is damaged: its {MANIFEST_NAME} lacks the list of models or migrations.")
    return manifest


def check_compatible(manifest: dict[str, Any], path: Path) -> dict[str, type[Model]]:
    """Refuse a backup newer than this code; return its models by label."""
    models = {model._meta.label_lower: model for model in backed_up_models()}
    made_by = f"Learnloop {manifest.get('learnloop_version', 'unknown')}"
    for entry in manifest["models"]:
        if entry["model"] not in models:
            raise BackupError(
                f"{path} holds {entry['model']}, which this Learnloop does not have: it was made by a "
                f"newer version ({made_by}); upgrade, run `learnloop migrate`, then restore."
            )
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    backed_up_apps = {label.split(".")[0] for label in models}
    for app, names in manifest["migrations"].items():
        unknown = [name for name in names if app in backed_up_apps and (app, name) not in known]
        if unknown:
            raise BackupError(
                f"{path} was made by a newer version ({made_by}; migration {app}.{unknown[0]} is unknown "
                "here): upgrade, run `learnloop migrate`, then restore."
            )
    require_migrated_database()
    return models


def _first_damaged_member(archive: zipfile.ZipFile) -> str | None:
    try:
        return archive.testzip()
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as error:
        return f"the archive ({error})"


def _auto_created_through(relation: Any) -> type[Model] | None:
    """The table Django made for a many-to-many field (not one the app declared itself)."""
    through = relation.remote_field.through
    return through if through is not None and through._meta.auto_created else None


def through_models(models: Iterable[type[Model]]) -> list[type[Model]]:
    """The link tables of the models' own many-to-many fields (such as a user's groups)."""
    found = (_auto_created_through(relation) for model in models for relation in model._meta.local_many_to_many)
    return [through for through in found if through is not None]


def clear_tables() -> None:
    """Delete every row a restore replaces, and every row that points at them."""
    models = backed_up_models()
    replaced = {*models, *through_models(models)}
    cleared = [apps.get_model(label) for label in CLEARED_ON_RESTORE if apps.is_installed(label.split(".")[0])]
    for model in apps.get_models(include_auto_created=True):
        if model in replaced or not model._meta.managed or model._meta.proxy:
            continue
        if any(relation.related_model in replaced for relation in model._meta.concrete_fields if relation.is_relation):
            cleared.append(model)  # e.g. the Django admin's log entries, which name users
    # Foreign keys are checked at commit on both databases, so the order does not matter.
    with connection.cursor() as cursor:
        for model in [*replaced, *cleared]:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (a model's table, never input)


class _NumberedLines:
    """The lines of a backup member, remembering which one is being read (for error messages)."""

    def __init__(self, stream: io.TextIOWrapper) -> None:
        self.stream = stream
        self.number = 0

    def __iter__(self) -> Iterator[str]:
        for number, line in enumerate(self.stream, start=1):
            self.number = number
            yield line


def _load_member(
    archive: zipfile.ZipFile,
    entry: dict[str, Any],
    model: type[Model],
    done: int,
    total: int,
    on_progress: Progress | None,
) -> int:
    """Insert one member's rows as they are (ids included); return the rows done so far."""
    label = model._meta.label_lower
    try:
        member = io.TextIOWrapper(archive.open(entry["file"]), encoding="utf-8")
    except KeyError:
        raise BackupError(f"{entry['file']} is missing") from None
    lines = _NumberedLines(member)
    batch = _InsertBatch(model)
    rows = 0
    with member:
        try:
            for row in serializers.deserialize("jsonl", lines, handle_forward_references=False):
                if row.object._meta.label_lower != label:
                    raise BackupError(f"a {row.object._meta.label_lower} row where only {label} belongs")
                if row.m2m_data:
                    row.save(force_insert=True)  # one by one: its links go in with it
                else:
                    batch.add(row.object, line=lines.number)
                rows += 1
                if on_progress is not None and (done + rows) % 500 == 0:
                    on_progress(done + rows, total)
            batch.flush()
        except DatabaseError as error:
            where = batch.lines or f"line {lines.number}"
            raise BackupError(f"{entry['file']}, {where}: {_first_line(error)}") from None
        except (BackupError, DeserializationError, ValueError) as error:
            raise BackupError(f"{entry['file']}, line {lines.number}: {_first_line(error)}") from None
    if rows != entry["rows"]:
        raise BackupError(f"{entry['file']} has {rows} rows where the manifest says {entry['rows']}")
    if on_progress is not None:
        on_progress(done + rows, total)
    return done + rows


class _InsertBatch:
    """Rows inserted a few hundred per statement, as they are: ids and timestamps kept.

    This is what `DeserializedObject.save()` does one row at a time (a raw insert, which
    leaves `auto_now` fields alone), minus the save signals, which nothing of ours needs.
    """

    def __init__(self, model: type[Model]) -> None:
        self.model = model
        self.fields = list(model._meta.local_concrete_fields)
        # SQLite caps the parameters of one statement; other databases take as many as we send.
        self.size = max(1, min(500, connection.ops.bulk_batch_size(self.fields, [None] * 500)))
        self.rows: list[Model] = []
        self.first_line = self.last_line = 0

    @property
    def lines(self) -> str:
        return f"lines {self.first_line}-{self.last_line}" if self.rows else ""

    def add(self, row: Model, *, line: int) -> None:
        if not self.rows:
            self.first_line = line
        self.rows.append(row)
        self.last_line = line
        if len(self.rows) >= self.size:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.model._base_manager._insert(self.rows, fields=self.fields, raw=True)  # type: ignore[attr-defined]
            self.rows = []
