"""The attacker who holds the database: every at-rest order a table's rows can be read in.

Used by the tests that try to pair anonymous answers with the people who gave them (pulses in
voice, the retro safety check in loops). Each "signal" is one order the attacker can read rows
in without any help from the application:

- SQLite: `rowid` order, and the byte offset of each row's key in the database file and in its
  write-ahead log (the physical file order);
- PostgreSQL: `ctid` order (the physical place in the heap), `xmin` (the transaction that wrote
  the row, then ctid), which both `pg_dump` and the raw files reveal;
- both: the order of the key column itself (sequence values, random ids).

`best_pairing` lines up people in one order with answers in another, batch by batch, forwards and
backwards, and reports the best hit rate of all those combinations: the attacker's best guess.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Any

from django.db import connection

Order = list[Any]


def _as_stored(key: Any) -> bytes:
    """How a key appears in SQLite's file: UUIDs as 32 hex characters, other keys as text."""
    if isinstance(key, uuid.UUID):
        return key.hex.encode()
    return str(key).encode()


def orders(table: str, key: str, *, where: str = "", params: Sequence[Any] = ()) -> dict[str, Order]:
    """Every order the attacker can read the table's keys in (see the module's docstring)."""
    condition = f" WHERE {where}" if where else ""
    found: dict[str, Order] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT rowid, {key} FROM {table}{condition}", params)  # noqa: S608 (test-only names)
            rows = cursor.fetchall()
            found["rowid"] = [k for _rowid, k in sorted(rows, key=lambda row: row[0])]
            keys = [k for _rowid, k in rows]
            for name, data in database_files().items():
                found[f"{name} first byte"] = _by_offset(keys, data, last=False)
                found[f"{name} last byte"] = _by_offset(keys, data, last=True)
        else:
            cursor.execute(
                f"SELECT ctid::text, xmin::text::bigint, {key} FROM {table}{condition}",  # noqa: S608
                params,
            )
            rows = [(_ctid(ctid), xmin, k) for ctid, xmin, k in cursor.fetchall()]
            found["ctid"] = [k for _ctid_, _xmin, k in sorted(rows, key=lambda row: row[0])]
            found["xmin"] = [k for _ctid_, _xmin, k in sorted(rows, key=lambda row: (row[1], row[0]))]
            keys = [k for _ctid_, _xmin, k in rows]
    found["key"] = sorted(keys)
    return found


def xmins(table: str, key: str) -> dict[Any, int]:
    """PostgreSQL only: the transaction id that wrote each row."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {key}, xmin::text::bigint FROM {table}")  # noqa: S608 (test-only names)
        return dict(cursor.fetchall())


def database_files() -> dict[str, bytes]:
    """SQLite only: the bytes of the database file and of its write-ahead log, as a copy holds them."""
    path = Path(connection.settings_dict["NAME"])
    files = {"file": path, "wal": Path(f"{path}-wal")}
    return {name: each.read_bytes() for name, each in files.items() if each.exists()}


def _by_offset(keys: Sequence[Any], data: bytes, *, last: bool) -> Order:
    located = []
    for key in keys:
        stored = _as_stored(key)
        offset = data.rfind(stored) if last else data.find(stored)
        if offset >= 0:
            located.append((offset, key))
    return [key for _offset, key in sorted(located, key=lambda pair: pair[0])]


def _ctid(text: str) -> tuple[int, int]:
    page, _, tuple_ = text.strip("()").partition(",")
    return int(page), int(tuple_)


def best_pairing(
    people: dict[str, Order],
    answers: dict[str, Order],
    *,
    batch_of: Callable[[Any], Hashable] | None,
    sizes: Sequence[int] | None = None,
    truth: Callable[[Any, Any], bool],
) -> tuple[float, str]:
    """The attacker's best hit rate over every (people order, answer order, direction).

    People are split into consecutive chunks, one per release; answers are grouped by
    `batch_of` (the batch the row says it belongs to) or, when rows carry no batch, into
    consecutive chunks of `sizes`. The k-th person of a chunk is paired with the k-th answer."""
    best, how = 0.0, "nothing to pair"
    for person_signal, person_order in people.items():
        for answer_signal, answer_order in answers.items():
            if not person_order or not answer_order:
                continue
            groups = _grouped(answer_order, batch_of=batch_of, sizes=sizes)
            for backwards in (False, True):
                hits = total = 0
                start = 0
                for group in groups:
                    chunk = person_order[start : start + len(group)]
                    start += len(group)
                    ordered = list(reversed(group)) if backwards else group
                    hits += sum(1 for person, answer in zip(chunk, ordered, strict=False) if truth(person, answer))
                    total += len(chunk)
                rate = hits / total if total else 0.0
                if rate > best:
                    direction = "backwards" if backwards else "forwards"
                    best, how = rate, f"people by {person_signal}, answers by {answer_signal}, {direction}"
    return best, how


def _grouped(order: Order, *, batch_of: Callable[[Any], Hashable] | None, sizes: Sequence[int] | None) -> list[Order]:
    if batch_of is not None:
        groups: dict[Hashable, Order] = {}
        for key in order:
            groups.setdefault(batch_of(key), []).append(key)
        return [groups[batch] for batch in sorted(groups, key=lambda batch: (batch is None, batch))]
    chunks, start = [], 0
    for size in sizes or [len(order)]:
        chunks.append(order[start : start + size])
        start += size
    return [chunk for chunk in chunks if chunk]
