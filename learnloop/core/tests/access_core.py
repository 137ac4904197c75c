"""Expected access to the core routes: the health check and the audit log (see core/tests/access.py)."""

from __future__ import annotations

from learnloop.core.tests.access import Call, World, table

PAGES = table("""
# route      method object anonymous outsider member facilitator manager analyst admin
healthz      GET    -      200       200      200    200         200     200     200
audit-log    GET    -      login     403      403    403         403     403     200
""")


def build(world: World) -> None:
    """Core routes are about no object."""


def call(name: str, world: World, team: str | None) -> Call:
    return Call()
