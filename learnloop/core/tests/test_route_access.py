"""Every route, from every chair: a route missing from ACCESS fails this file.

Chairs: anonymous; Bob (member of Platform); Alice (manager of Platform); Dana (analyst);
Erin (admin). Each app lists its routes in `<app>/tests/access_<name>.py` (see access.py).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from learnloop.core.access import rule_of
from learnloop.core.middleware import SELF_GUARDED_NAMESPACES
from learnloop.core.tests.access import CHAIRS, LOGIN

TABLES = [
    importlib.import_module(name)
    for name in sorted(
        f"learnloop.{path.parent.parent.name}.tests.{path.stem}"
        for path in Path(__file__).resolve().parents[2].glob("*/tests/access_*.py")
    )
]
ACCESS: dict[str, tuple[str, dict[str, int]]] = {}
for _table in TABLES:
    _overlap = set(ACCESS) & set(_table.ACCESS)
    assert not _overlap, f"routes listed twice: {_overlap}"
    ACCESS.update(_table.ACCESS)


def walk(patterns: list[Any], namespace: str | None = None) -> Iterator[tuple[str | None, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, pattern.namespace or namespace)
        else:
            yield namespace, pattern


def our_routes() -> list[URLPattern]:
    return [p for ns, p in walk(get_resolver().url_patterns) if ns not in SELF_GUARDED_NAMESPACES]


def test_every_route_is_in_the_access_table():
    names = {pattern.name for pattern in our_routes()}
    assert None not in names, "every route needs a name so its access can be listed"
    assert names == set(ACCESS), (
        f"routes without an access expectation: {sorted(names - set(ACCESS))}; "
        f"stale expectations: {sorted(set(ACCESS) - names)}"
    )


def test_every_route_declares_an_access_rule():
    missing = [p.name for p in our_routes() if rule_of(p.callback) is None]
    assert missing == []


def test_a_route_without_a_rule_is_closed_to_everyone(client, everyone, settings):
    from django.http import HttpResponse
    from django.urls import path

    from learnloop import urls as real_urls

    def unruled(request):
        return HttpResponse("secret")

    import sys
    import types

    module = types.ModuleType("unruled_urls")
    module.urlpatterns = [path("unruled/", unruled), *real_urls.urlpatterns]
    sys.modules["unruled_urls"] = module
    settings.ROOT_URLCONF = "unruled_urls"
    try:
        assert client.get("/unruled/").status_code == 403
        client.force_login(everyone["erin"].user)
        assert client.get("/unruled/").status_code == 403
    finally:
        del sys.modules["unruled_urls"]


def _args(name: str, people: dict[str, Any], org: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(url kwargs, POST data) for a route, from the table that lists it."""
    for table in TABLES:
        if name in table.ACCESS:
            return table.route_args(name, people, org) or ({}, {})
    raise AssertionError(name)


CHAIR_PERSON = {"member": "bob", "manager": "alice", "analyst": "dana", "admin": "erin"}


@pytest.mark.parametrize("chair", CHAIRS)
@pytest.mark.parametrize("name", sorted(ACCESS))
def test_route_access(client, everyone, org, name, chair):
    method, expected = ACCESS[name]
    kwargs, data = _args(name, everyone, org)
    if chair != "anonymous":
        client.force_login(everyone[CHAIR_PERSON[chair]].user)
    url = reverse(name, kwargs=kwargs)
    response = getattr(client, method)(url, data)
    assert response.status_code == expected[chair], (
        f"{method.upper()} {url} as {chair}: {response.status_code}, expected {expected[chair]}"
    )
    if chair == "anonymous" and expected[chair] == LOGIN and name not in {"logout", "login"}:
        assert response["Location"].startswith(reverse("login"))


def test_the_django_admin_needs_the_admin_role(client, everyone):
    assert client.get("/django-admin/").status_code == 302
    client.force_login(everyone["dana"].user)
    assert client.get("/django-admin/").status_code == 302
    client.force_login(everyone["erin"].user)
    assert client.get("/django-admin/").status_code == 200


def test_every_api_route_refuses_a_request_without_a_token(client, everyone):
    client.force_login(everyone["erin"].user)  # a browser session is not an API credential
    for namespace, pattern in walk(get_resolver().url_patterns):
        if namespace != "api-v1":
            continue
        route = str(pattern.pattern)
        if route.endswith("openapi.json") or route == "":
            continue  # the public schema, and the API root (a plain 404)
        path = "/api/v1/" + re.sub(
            r"<(\w+:)?(\w+)>", lambda m: "platform" if "slug" in (m.group(1) or m.group(2)) else "1", route
        )
        response = client.get(path)
        assert response.status_code in {401, 405}, f"GET {path}: {response.status_code}"
