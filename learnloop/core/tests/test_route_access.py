"""Every page route, every API operation and every Django admin page, with every method it
serves, from every chair, about an object of the chair's own team and of another team.

The expectations are the apps' tables (`<app>/tests/access_<area>.py`; their format is described
in core/tests/access.py). A route or operation without a row fails here, and so does a row for
one that no longer exists. The world is built once for this module; every request runs in a
savepoint that is rolled back, and a refused write must leave every table as it was.
"""

from __future__ import annotations

import datetime
import importlib
import re
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse
from django.utils import timezone

from conftest import make_cast, make_org
from learnloop.api.api import api
from learnloop.api.models import AccessToken
from learnloop.api.services import token_create
from learnloop.api.tests.fixtures import ApiClient
from learnloop.core.access import rule_of
from learnloop.core.middleware import SELF_GUARDED_NAMESPACES
from learnloop.core.tests.access import CHAIRS, METHODS, Call, Row, World, fingerprint, is_refusal, write_count

pytestmark = pytest.mark.django_db

APPS = [name.rpartition(".")[2] for name in settings.INSTALLED_APPS if name.startswith("learnloop.")]
TABLES = [
    importlib.import_module(f"learnloop.{app}.tests.{path.stem}")
    for app in APPS
    for path in sorted((Path(__file__).resolve().parents[2] / app / "tests").glob("access_*.py"))
]


def rows_of(kind: str) -> list[tuple[Any, Row]]:
    return [(module, row) for module in TABLES for row in getattr(module, kind, [])]


PAGE_ROWS = rows_of("PAGES")
API_ROWS = rows_of("API")
ADMIN_ROWS = rows_of("ADMIN")
SIGN_IN_PAGES = ("/sign-in/", "/django-admin/login/")


# --- Which routes and operations exist -----------------------------------------------------------


def walk(patterns: list[Any], namespace: str | None = None) -> Iterator[tuple[str | None, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, pattern.namespace or namespace)
        else:
            yield namespace, pattern


def our_routes() -> list[URLPattern]:
    return [p for ns, p in walk(get_resolver().url_patterns) if ns not in SELF_GUARDED_NAMESPACES]


def api_operations() -> dict[str, tuple[str, str]]:
    """Every operation of the OpenAPI document: operation id -> (method, path template)."""
    document = api.get_openapi_schema()
    return {
        operation["operationId"]: (method.upper(), route)
        for route, methods in document["paths"].items()
        for method, operation in methods.items()
    }


OPERATIONS = api_operations()


def admin_pages() -> set[str]:
    """Every named page of the Django admin: the site's own, and changelist, add, change, history
    and delete of every registered model."""
    return {f"admin:{p.name}" for namespace, p in walk(get_resolver().url_patterns) if namespace == "admin" and p.name}


def test_every_page_route_has_rows_and_no_row_is_stale():
    names = {pattern.name for pattern in our_routes()}
    assert None not in names, "every route needs a name so its access can be listed"
    listed = {row.name for _, row in PAGE_ROWS}
    assert names == listed, f"routes without rows: {sorted(names - listed)}; stale rows: {sorted(listed - names)}"


def test_every_api_operation_has_rows_with_its_method_and_no_row_is_stale():
    listed = {row.name for _, row in API_ROWS}
    assert set(OPERATIONS) == listed, (
        f"operations without rows: {sorted(set(OPERATIONS) - listed)}; stale rows: {sorted(listed - set(OPERATIONS))}"
    )
    wrong = [str(row) for _, row in API_ROWS if row.method != OPERATIONS[row.name][0]]
    assert wrong == [], "rows whose method is not the operation's"


def test_every_api_route_is_in_the_openapi_document():
    """So the matrix, which walks the document, cannot miss an endpoint left out of it."""
    documented = {route.removeprefix("/api/v1") for _, route in OPERATIONS.values()}
    routed = {
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
        for namespace, pattern in walk(get_resolver().url_patterns)
        if namespace == "api-v1" and str(pattern.pattern) not in {"openapi.json", ""}
    }
    assert routed == documented


def test_every_django_admin_page_has_rows_and_no_row_is_stale():
    models = {f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist" for m in admin.site._registry}
    assert models <= admin_pages()
    listed = {row.name for _, row in ADMIN_ROWS}
    assert admin_pages() == listed, (
        f"admin pages without rows: {sorted(admin_pages() - listed)}; stale rows: {sorted(listed - admin_pages())}"
    )


def test_every_route_declares_an_access_rule():
    missing = [p.name for p in our_routes() if rule_of(p.callback) is None]
    assert missing == []


def test_a_route_without_a_rule_is_closed_to_everyone(client, everyone, settings):
    from learnloop import urls as real_urls

    def unruled(request):
        return HttpResponse("secret")

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


def test_the_openapi_document_is_public(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Learnloop API"


# --- The world, built once ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with django_db_blocker.unblock(), transaction.atomic():
        built = World(make_org(), {})
        built.people.update(make_cast(built.teams))
        for module in TABLES:
            module.build(built)
        for chair in CHAIRS[1:]:
            signed_in = Client()
            signed_in.force_login(built.chair(chair).user)
            built.sessions[chair] = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
            _token, built.tokens[chair] = token_create(actor=built.chair(chair), name="matrix", scope="write")
        # Marked as used a day ahead, so the once-a-minute note of a token's last use (bookkeeping,
        # not a change) writes nothing during the matrix, and a refusal then writes no row at all.
        AccessToken.objects.update(last_used_at=timezone.now() + datetime.timedelta(days=1))
        built.unchanged = fingerprint()
        yield built
        transaction.set_rollback(True)


# One client for the whole module: a new one loads every middleware again on its first request
# (WhiteNoise scans the static files), which would be most of the matrix's time.
CLIENT = Client()


def page_client(world: Any, chair: str) -> Client:
    """The client with only this chair's session cookie (a previous answer may have set others)."""
    CLIENT.cookies.clear()
    if chair != "anonymous":
        CLIENT.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[chair]
    return CLIENT


def send_page(world: Any, row: Row, call: Call, chair: str, url: str) -> Any:
    client = page_client(world, chair)
    url += f"?{urlencode(call.query, doseq=True)}" if call.query else ""
    if row.method == "POST":
        return client.post(url, call.data or {})
    if row.method == "GET":
        return client.get(url)
    return client.generic(row.method, url, urlencode(call.data or {}, doseq=True),
                          content_type="application/x-www-form-urlencoded")  # fmt: skip


def send_api(world: Any, row: Row, call: Call, chair: str) -> Any:
    """The operation through the API tests' client, with the chair's token (none if anonymous)."""
    _method, template = OPERATIONS[row.name]
    path = template.removeprefix("/api/v1").format(**call.kwargs)
    CLIENT.cookies.clear()  # a browser session is not an API credential
    caller = ApiClient(CLIENT, world.tokens.get(chair))
    if row.method == "GET":
        return caller.get(path, call.query)
    path += f"?{urlencode(call.query, doseq=True)}" if call.query else ""
    if row.method == "DELETE":
        return caller.delete(path)
    return getattr(caller, row.method.lower())(path, call.data)


def error_messages(response: Any) -> list[Any]:
    """The error messages the request left for the next page (a refused write explains itself so)."""
    return [message for message in messages.get_messages(response.wsgi_request) if message.level >= messages.ERROR]


def verdict(expected: str, response: Any, wrote: bool | None) -> str | None:
    """What is wrong with the answer, or None."""
    status = response.status_code
    to_sign_in = status == 302 and response.get("Location", "").startswith(SIGN_IN_PAGES)
    errors = error_messages(response)
    if expected == "login":
        wrong = not to_sign_in
    elif expected == "msg":
        wrong = status != 302 or to_sign_in or not errors
    elif expected == "form":
        wrong = status != 200
    elif expected == "bad":
        wrong = status not in {400, 422}
    else:
        wrong = status != int(expected) or (status == 302 and (to_sign_in or bool(errors)))
    if wrong:
        return "login" if to_sign_in else "msg" if status == 302 and errors else str(status)
    if wrote:
        return f"{expected}, but it changed the database"
    return None


def changed(world: Any, writes_before: int) -> bool:
    """Whether the database differs from the world as built: no row written means no; otherwise
    compare every table (rows written by bookkeeping alone do not count)."""
    return write_count() != writes_before and fingerprint() != world.unchanged


def run_row(world: Any, row: Row, send: Any) -> None:
    """Send the row's request from every chair; fail once with every chair that got something else."""
    problems, seen = [], []
    for chair in CHAIRS:
        expected = row.expected[chair]
        with transaction.atomic():
            writes_before = write_count()
            try:
                response = send(chair)
            except Exception as error:
                problems.append(f"{chair}: expected {expected}, the view raised {error!r}")
                seen.append("500")
                transaction.set_rollback(True)
                continue
            wrote = None
            if row.method != "GET" and is_refusal(expected):
                wrote = changed(world, writes_before)
            transaction.set_rollback(True)
        wrong = verdict(expected, response, wrote)
        seen.append(expected if wrong is None else wrong.split(",")[0])
        if wrong is not None:
            detail = response.content[:200].decode(errors="replace") if response.status_code >= 400 else ""
            problems.append(f"{chair}: expected {expected}, got {wrong} {detail}".rstrip())
    assert not problems, f"{row}\n  " + "\n  ".join(problems) + f"\n  observed: {row} {' '.join(seen)}"


def table_call(module: Any, row: Row, world: World) -> Call:
    return module.call(row.name, world, row.team)


@pytest.mark.parametrize(("module", "row"), PAGE_ROWS, ids=[str(row) for _, row in PAGE_ROWS])
def test_page_access(world, module, row):
    call = table_call(module, row, world)
    url = reverse(row.name, kwargs=call.kwargs)
    run_row(world, row, lambda chair: send_page(world, row, call, chair, url))


@pytest.mark.parametrize(("module", "row"), API_ROWS, ids=[str(row) for _, row in API_ROWS])
def test_api_access(world, module, row):
    call = table_call(module, row, world)
    run_row(world, row, lambda chair: send_api(world, row, call, chair))


@pytest.mark.parametrize(("module", "row"), ADMIN_ROWS, ids=[str(row) for _, row in ADMIN_ROWS])
def test_django_admin_access(world, module, row):
    call = table_call(module, row, world)
    url = reverse(row.name, kwargs=call.kwargs)
    run_row(world, row, lambda chair: send_page(world, row, call, chair, url))


def page_routes() -> list[tuple[Any, str, str | None]]:
    """(table, route, an object) for each page route: one of its rows stands for its arguments."""
    chosen: dict[str, tuple[Any, str, str | None]] = {}
    for module, row in PAGE_ROWS:
        chosen.setdefault(row.name, (module, row.name, row.team))
    return sorted(chosen.values(), key=lambda entry: entry[1])


@pytest.mark.parametrize(("module", "name", "team"), page_routes(), ids=[name for _, name, _ in page_routes()])
def test_a_method_a_page_route_does_not_list_is_refused_or_writes_nothing(world, module, name, team):
    """The tables list the methods each page serves. Any other method, even from the admin's
    chair, is refused (405) or changes nothing: a form that writes on POST cannot hide behind
    a GET row."""
    listed = {row.method for _, row in PAGE_ROWS if row.name == name}
    call = module.call(name, world, team)
    url = reverse(name, kwargs=call.kwargs)
    writes = []
    for method in METHODS:
        if method in listed:
            continue
        row = Row(name, method, team, {})
        with transaction.atomic():
            writes_before = write_count()
            response = send_page(world, row, call, "admin", url)
            wrote = changed(world, writes_before)
            transaction.set_rollback(True)
        if response.status_code != 405 and wrote:
            writes.append(f"{method} answered {response.status_code} and changed the database")
    assert writes == [], f"{name}: add a row for each method it serves"


def test_the_matrix_notices_a_write_and_not_a_read(world):
    """The check behind "a refused write changed nothing" can fail."""
    platform = world.teams["platform"]
    with transaction.atomic():
        writes_before = write_count()
        list(type(platform).objects.all())
        assert not changed(world, writes_before)
        type(platform).objects.filter(pk=platform.pk).update(description="Changed behind the matrix's back")
        assert changed(world, writes_before)
        transaction.set_rollback(True)
