"""Calling the JSON API as one of the named people, with a token of a chosen scope."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from learnloop.api.services import token_create


class ApiClient:
    """The Django test client with a bearer token and JSON bodies."""

    def __init__(self, client: Client, secret: str | None) -> None:
        self.client = client
        self.secret = secret

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}"} if self.secret else {}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get("/api/v1" + path, params or {}, headers=self._headers())

    def _send(self, method: str, path: str, body: Any) -> Any:
        return getattr(self.client, method)(
            "/api/v1" + path,
            json.dumps(body) if body is not None else "",
            content_type="application/json",
            headers=self._headers(),
        )

    def post(self, path: str, body: Any = None) -> Any:
        return self._send("post", path, body)

    def patch(self, path: str, body: Any = None) -> Any:
        return self._send("patch", path, body)

    def put(self, path: str, body: Any = None) -> Any:
        return self._send("put", path, body)

    def delete(self, path: str) -> Any:
        return self._send("delete", path, None)


@pytest.fixture
def api_as(client):
    """`api_as(alice)` calls the API with a fresh write token of Alice's; `scope="read"` for read-only."""

    def make(person, scope: str = "write") -> ApiClient:
        _token, secret = token_create(actor=person, name=f"{scope} token", scope=scope)
        return ApiClient(client, secret)

    return make


@pytest.fixture
def anonymous_api(client) -> ApiClient:
    return ApiClient(client, None)
