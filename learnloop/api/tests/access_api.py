"""Route access expectations for the token pages (see core/tests/access.py)."""

from __future__ import annotations

from typing import Any

from learnloop.core.tests.access import LOGIN, SIGNED_IN_ONLY, expect

ACCESS: dict[str, tuple[str, dict[str, int]]] = {
    "tokens": ("get", SIGNED_IN_ONLY),
    # Bob's token: only Bob may revoke it; for anyone else it does not exist.
    "token-revoke": ("post", expect(LOGIN, 302, 404, 404, 404)),
}


def route_args(name: str, people: dict[str, Any], org: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    from learnloop.api.services import token_create

    if name == "token-revoke":
        token, _secret = token_create(actor=people["bob"], name="laptop", scope="read")
        return {"pk": token.pk}, {}
    return None
