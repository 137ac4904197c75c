"""The vocabulary of the access matrix (test_route_access.py) and of each app's tables.

Every app lists what each chair gets from each of its routes in `<app>/tests/access_<area>.py`:

- `PAGES` and `API`: text tables, one row per page route (by URL name) or API operation (by
  operation id), method and object, then one expected answer per chair (see `CHAIRS`).
- `build(world)`: adds the app's objects to the world, once per test module, for both teams.
- `call(name, world, team)`: the URL keywords (or API path parameters), the form data (or JSON
  body) and the query string for one row, taken from the world.

An expected answer is a status code, or one of these words:

- `login`: a redirect to a sign-in page (the web sign-in, or the Django admin's).
- `msg`: a redirect back with an error message: the write was refused and nothing changed.
- `form`: the form again (200) with its errors: the write was refused and nothing changed.
- `bad`: a refusal of the input (400, or 422), not of the chair.

A refusal (`login`, `msg`, `form`, `bad` or any 4xx) of a request that is not a GET must leave
every table as it was; the matrix checks that after each one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.db import connection

from learnloop.people.models import Person, Team

# anonymous: nobody signed in (no token for the API).
# outsider: Charlie, a member of Sales, another team than Platform's.
# member: Bob, of Platform. facilitator: Fay, of Platform. manager: Alice, of Platform.
# analyst: Dana, the people analyst (a member of Sales). admin: Erin.
CHAIRS = ("anonymous", "outsider", "member", "facilitator", "manager", "analyst", "admin")
SEATED = {
    "outsider": "charlie",
    "member": "bob",
    "facilitator": "fay",
    "manager": "alice",
    "analyst": "dana",
    "admin": "erin",
}
# Each object a route is about exists once per team: Platform's (Bob's, Fay's and Alice's team)
# and Sales' (Charlie's and Dana's). "-" is for routes about no one team's object.
TEAMS = ("platform", "sales")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
WORDS = {"login", "msg", "form", "bad"}
REFUSALS = {"login", "msg", "form", "bad"}


@dataclass(frozen=True)
class Row:
    name: str  # a URL name, or an API operation id
    method: str
    team: str | None
    expected: dict[str, str]

    def __str__(self) -> str:
        return f"{self.name} {self.method} {self.team or '-'}"


def table(text: str) -> list[Row]:
    """Rows from a text table: name, method, object ("platform", "sales" or "-"), then one
    expected answer per chair in the order of CHAIRS. Lines starting with # are comments."""
    rows = []
    for line in text.strip().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, method, team, *answers = line.split()
        if method not in METHODS or team not in {*TEAMS, "-"} or len(answers) != len(CHAIRS):
            raise ValueError(f"not a row of an access table: {line!r}")
        for answer in answers:
            if answer not in WORDS and not (answer.isdigit() and len(answer) == 3):
                raise ValueError(f"{answer!r} is neither a status nor one of {sorted(WORDS)}: {line!r}")
        rows.append(Row(name, method, None if team == "-" else team, dict(zip(CHAIRS, answers, strict=True))))
    return rows


def is_refusal(answer: str) -> bool:
    return answer in REFUSALS or answer.startswith("4")


@dataclass
class Call:
    """What one request of a row sends."""

    kwargs: dict[str, Any] = field(default_factory=dict)  # URL keywords, or API path parameters
    data: Any = None  # form data for a page, the JSON body for the API
    query: dict[str, Any] = field(default_factory=dict)


class World:
    """The teams, the cast and every app's objects: built once per test module, then each
    request runs in a savepoint that is rolled back, so every request sees the same world."""

    def __init__(self, org: dict[str, Team], people: dict[str, Person]) -> None:
        self.teams = org
        self.people = people
        self.things = {team: SimpleNamespace() for team in TEAMS}
        self.shared = SimpleNamespace()  # objects of no one team (the organization's)
        self.sessions: dict[str, str] = {}  # chair -> session key of the web client
        self.tokens: dict[str, str] = {}  # chair -> secret of a personal access token (write scope)
        self.unchanged = ""  # the fingerprint of the world as built

    def at(self, team: str | None) -> SimpleNamespace:
        return self.shared if team is None else self.things[team]

    def member(self, team: str) -> Person:
        """The plain member of each team: Bob in Platform, Charlie in Sales."""
        return self.people["bob" if team == "platform" else "charlie"]

    def chair(self, chair: str) -> Person:
        return self.people[SEATED[chair]]


# Tables whose rows change on any request, or on reads: sessions and lock-out bookkeeping, and
# when a token was last used. They say nothing about whether a refused write changed something.
BOOKKEEPING = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"}
BOOKKEEPING_COLUMNS = {"api_accesstoken": {"last_used_at"}}


def write_count() -> int:
    """Rows inserted, updated or deleted on this connection so far: cheap, so the matrix digests
    every table (below) only when something was written at all."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables")
        else:
            cursor.execute("SELECT total_changes()")
        return int(cursor.fetchone()[0])


def fingerprint() -> str:
    """A digest of every row of every table (but bookkeeping), to tell whether anything changed."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for name in sorted(connection.introspection.table_names(cursor)):
            if name in BOOKKEEPING:
                continue
            quoted = connection.ops.quote_name(name)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 (a table name from introspection)
            skip = BOOKKEEPING_COLUMNS.get(name, set())
            keep = [i for i, column in enumerate(cursor.description) if column[0] not in skip]
            rows = sorted(repr([row[i] for i in keep]) for row in cursor.fetchall())
            digest.update(name.encode())
            for row in rows:
                digest.update(row.encode())
    return digest.hexdigest()
