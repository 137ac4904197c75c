"""Every paginated list takes `limit` and `offset` within bounds, and refuses others with a 422
that names the parameter, never a server error."""

from __future__ import annotations

import pytest

from learnloop.core.web import MAX_OFFSET, MAX_PAGE_SIZE
from learnloop.people.tests.factories import PersonFactory

PAGINATED = [
    "/people",
    "/retros",
    "/reviews",
    "/lessons",
    "/action-items",
    "/playbooks",
    "/decisions",
    "/pulses",
    "/questions",
    "/opportunities",
]


def test_the_list_of_paginated_endpoints_is_every_list_with_limit_and_offset(client, db):
    document = client.get("/api/v1/openapi.json").json()
    paged = {
        path.removeprefix("/api/v1")
        for path, item in document["paths"].items()
        if "get" in item and {"limit", "offset"} <= {parameter["name"] for parameter in item["get"]["parameters"]}
    }
    assert paged == set(PAGINATED)


@pytest.mark.parametrize("path", PAGINATED)
def test_a_huge_offset_is_a_422_that_names_offset(api_as, alice, path):
    response = api_as(alice).get(path, {"offset": 10**30})
    assert response.status_code == 422
    body = response.json()
    assert list(body["errors"]) == ["offset"]
    assert body["detail"].startswith("offset: ")


@pytest.mark.parametrize("path", PAGINATED)
def test_a_negative_limit_is_a_422_that_names_limit(api_as, alice, path):
    response = api_as(alice).get(path, {"limit": -1})
    assert response.status_code == 422
    assert response.json()["errors"] == {"limit": ["Input should be greater than or equal to 1"]}


def test_the_largest_offset_answers_an_empty_page_with_the_count(api_as, alice):
    response = api_as(alice).get("/people", {"offset": MAX_OFFSET})
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 1}
    assert api_as(alice).get("/people", {"offset": MAX_OFFSET + 1}).status_code == 422


def test_a_limit_above_the_page_size_is_capped(api_as, alice):
    PersonFactory.create_batch(MAX_PAGE_SIZE + 1)
    page = api_as(alice).get("/people", {"limit": 10**30}).json()
    assert (len(page["items"]), page["count"]) == (MAX_PAGE_SIZE, MAX_PAGE_SIZE + 2)


def test_a_limit_that_is_not_a_number_is_a_422(api_as, alice):
    response = api_as(alice).get("/people", {"limit": "ten"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["limit"]
