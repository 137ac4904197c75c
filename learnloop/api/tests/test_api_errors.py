"""Every error under /api/ is JSON in one shape, `{"detail": "…", "errors": {…}}` (`errors` only
where fields are named), with the status that says what went wrong: whoever produced it, ninja,
a service, Django's URL resolver or an unhandled exception."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from learnloop.people import selectors


def test_no_token_is_401_json(anonymous_api, db):
    response = anonymous_api.get("/teams")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail"}


def test_a_refused_write_is_403_with_the_services_reason(api_as, bob):
    response = api_as(bob).patch("/teams/platform", {"name": "Bob's"})
    assert response.status_code == 403
    assert response.json() == {"detail": "Only a manager of Platform can edit it."}


def test_missing_things_are_404_not_found(api_as, alice):
    api = api_as(alice)
    for response in [
        api.get("/teams/atlantis"),
        api.get("/people/424242"),
        api.patch("/teams/atlantis", {"name": "Found"}),
        api.put("/teams/platform/members/424242", {"role": "member"}),
        api.delete("/teams/platform/members/424242"),
    ]:
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v2/teams", "/api/", "/api/v1/teams/platform/extra"])
def test_an_unknown_path_under_api_is_a_json_404(client, path, db):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_an_unknown_page_outside_the_api_keeps_the_html_404(client, db):
    response = client.get("/nothing-here/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_method_the_path_does_not_take_is_a_json_405_with_allow(api_as, alice):
    response = api_as(alice).delete("/teams")
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}
    assert response.json() == {"detail": f"DELETE is not allowed here; this path takes {response['Allow']}."}


def test_an_unhandled_exception_is_a_logged_json_500(api_as, alice, monkeypatch, caplog):
    def broken():
        raise RuntimeError("the tree is on fire")

    monkeypatch.setattr(selectors, "team_list", broken)
    api = api_as(alice)
    api.client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = api.get("/teams")
    assert response.status_code == 500
    assert response.json()["detail"] == "Something went wrong on our side; it has been logged. Please try again later."
    assert "the tree is on fire" in caplog.text
    assert "the tree is on fire" not in response.content.decode()


def test_a_body_that_is_not_json_is_a_400_that_says_so(api_as, erin):
    api = api_as(erin)
    response = api.client.post("/api/v1/teams", "{name: 'x'", content_type="application/json", headers=api._headers())
    assert response.status_code == 400
    assert response.json()["detail"].startswith("The body is not valid JSON: Expecting property name")


def test_a_service_validation_error_is_400_with_field_messages(api_as, erin):
    response = api_as(erin).post("/teams", {"name": "   "})
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == {"name": ["This field cannot be blank."]}
    assert body["detail"] == "This field cannot be blank."


def test_an_unknown_parent_is_a_field_error(api_as, erin):
    response = api_as(erin).post("/teams", {"name": "Orphans", "parent": "atlantis"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"parent": ["No team has the slug 'atlantis'."]}


def test_a_too_long_name_is_a_field_error(api_as, alice):
    response = api_as(alice).patch("/teams/platform", {"name": "P" * 201})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["name"]


def test_a_body_that_does_not_match_the_schema_is_422_by_field(api_as, alice, charlie):
    api = api_as(alice)
    response = api.put(f"/teams/platform/members/{charlie.pk}", {"role": "overlord"})
    assert response.status_code == 422
    assert response.json() == {
        "detail": "role: Input should be 'member', 'facilitator' or 'manager'.",
        "errors": {"role": ["Input should be 'member', 'facilitator' or 'manager'"]},
    }
    missing = api.post("/teams", {"description": "no name"})
    assert missing.status_code == 422
    assert missing.json()["errors"] == {"name": ["Field required"]}


def test_a_missing_body_is_422_on_the_body(api_as, erin):
    response = api_as(erin).post("/teams")
    assert response.status_code == 422
    assert response.json()["errors"] == {"body": ["Field required"]}


def test_a_bad_query_parameter_is_422_by_parameter(api_as, alice):
    response = api_as(alice).get("/retros", {"phase": "dancing", "limit": 0})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"phase", "limit"}


def test_a_parameter_of_a_grouped_query_is_named_by_itself(api_as, alice):
    response = api_as(alice).get("/search", {"q": "", "page": 99})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"q", "page"}
