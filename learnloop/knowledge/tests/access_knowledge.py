"""Expected access to every route of the knowledge app (see core/tests/access.py)."""

from __future__ import annotations

from typing import Any

ACCESS: dict[str, tuple[str, dict[str, int]]] = {}


def route_args(name: str, people: dict[str, Any], org: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    return {}, {}
