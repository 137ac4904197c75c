"""What keeps anonymous acts unlinkable at rest and in the logs (see docs/anonymity.md).

- `shuffled(rows)`: a uniformly random order from the operating system's generator, for
  writing released answers so that no physical order (rowid, ctid, file offset) follows the
  order people answered in.
- `forget_deleted_rows()`: after a transaction that deleted anonymous rows commits, push
  SQLite's write-ahead log into the database file and truncate it, so the deleted rows' old
  pages do not linger in the log (the connection runs with `PRAGMA secure_delete=ON`, which
  zeroes deleted content in the database file itself). PostgreSQL has no equivalent.
- `start_of_day(moment)`: midnight (in the configured time zone) of the day a moment falls in:
  the only time kept of an anonymous act and of a token's last use.
- `anonymous_route(view_name)` and `is_anonymous_act(...)`: the routes whose writes are
  anonymous acts (answering a pulse, asking a question, …), so the logs can leave them out:
  `LeaveOutAnonymousActs` for Django's loggers, `learnloop.core.access_log` for gunicorn's.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import connection, transaction
from django.http import HttpRequest
from django.urls import Resolver404, resolve
from django.utils import timezone

T = TypeVar("T")

_system_random = secrets.SystemRandom()

# Requests that read change nothing: only writes to anonymous routes are anonymous acts.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_anonymous_routes: set[str] = set()


def shuffled(rows: Iterable[T]) -> list[T]:
    """The rows in a uniformly random order no one can reproduce (not `random`, which is seeded)."""
    rows = list(rows)
    _system_random.shuffle(rows)
    return rows


def forget_deleted_rows() -> None:
    """Once the current transaction commits, checkpoint SQLite's log and truncate it to nothing."""
    if connection.vendor != "sqlite":
        return

    def checkpoint() -> None:
        with connection.cursor() as cursor:
            # Best effort: a reader still on an old snapshot makes it stop short; the next
            # checkpoint (SQLite runs one every 1,000 pages) then overwrites those frames.
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    transaction.on_commit(checkpoint)


def start_of_day(moment: datetime.datetime | None = None) -> datetime.datetime:
    """Midnight at the start of the moment's day in the configured time zone, as an aware datetime."""
    day = timezone.localdate(moment or timezone.now())
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def anonymous_route(view_name: str) -> None:
    """Declare that writes to this route (e.g. "voice-pulse-answer", "api-v1:pulse_answer") are
    anonymous acts: no log line may time them to a person or an address."""
    _anonymous_routes.add(view_name)


def anonymous_routes() -> frozenset[str]:
    return frozenset(_anonymous_routes)


def is_anonymous_act(method: str, path: str) -> bool:
    """Whether a request with this method and path (PATH_INFO) writes through an anonymous route."""
    if method.upper() in READ_METHODS:
        return False
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in _anonymous_routes


def is_anonymous_request(request: HttpRequest) -> bool:
    if request.method is None or request.method.upper() in READ_METHODS:
        return False
    match = request.resolver_match
    if match is not None:
        return match.view_name in _anonymous_routes
    return is_anonymous_act(request.method, request.path_info)


class LeaveOutAnonymousActs(logging.Filter):
    """Drops Django's request log lines (`django.request` warnings, `django.server` lines) about
    anonymous acts. Errors (500) stay: they name no person or address, and hiding them would
    hide a broken answer form."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            return True
        request: Any = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            return not is_anonymous_request(request)
        line = record.args[0] if isinstance(record.args, tuple) and record.args else None
        if isinstance(line, str) and line.count(" ") >= 1:  # django.server: "POST /path HTTP/1.1"
            method, path = line.split(" ")[:2]
            return not is_anonymous_act(method, path.partition("?")[0])
        return True
