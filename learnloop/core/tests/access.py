"""Shared vocabulary of the route-access tables: each app lists its routes in tests/access_<app>.py.

A table module defines ACCESS = {route name: (method, expected status per chair)} and
route_args(name, people, org) -> (url kwargs, POST data) for the routes that need them.
"""

from __future__ import annotations

CHAIRS = ["anonymous", "member", "manager", "analyst", "admin"]
LOGIN = 302  # a redirect to the sign-in page


def expect(anonymous: int, member: int, manager: int, analyst: int, admin: int) -> dict[str, int]:
    return dict(zip(CHAIRS, [anonymous, member, manager, analyst, admin], strict=True))


SIGNED_IN_ONLY = expect(LOGIN, 200, 200, 200, 200)
EVERYONE = expect(200, 200, 200, 200, 200)
