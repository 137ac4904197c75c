"""Every error is JSON `{"detail": …}` with the status that says what went wrong."""

from __future__ import annotations


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


def test_an_unknown_path_is_404(api_as, alice):
    assert api_as(alice).get("/nothing-here").status_code == 404


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


def test_a_body_that_does_not_match_the_schema_is_422(api_as, alice, charlie):
    api = api_as(alice)
    response = api.put(f"/teams/platform/members/{charlie.pk}", {"role": "overlord"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "role"]
    assert api.post("/teams", {"description": "no name"}).status_code == 422


def test_a_bad_query_parameter_is_422(api_as, alice):
    assert api_as(alice).get("/people", {"limit": 0}).status_code == 422
    assert api_as(alice).get("/people", {"offset": -1}).status_code == 422
