"""Route access expectations for core routes (see core/tests/access.py)."""

from __future__ import annotations

from typing import Any

from learnloop.core.tests.access import EVERYONE, LOGIN, expect

ACCESS: dict[str, tuple[str, dict[str, int]]] = {
    "healthz": ("get", EVERYONE),
    "audit-log": ("get", expect(LOGIN, 403, 403, 403, 200)),
}


def route_args(name: str, people: dict[str, Any], org: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    return None
