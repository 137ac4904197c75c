"""The OpenAPI document: public, valid, complete, and every operation needs a token."""

from __future__ import annotations

import pytest
from ninja import Schema
from openapi_spec_validator import validate

from learnloop.api.api import LearnloopAPI
from learnloop.api.openapi import SchemaNameClash
from learnloop.equity.models import Application, Opportunity
from learnloop.voice.models import Question

ENDPOINTS = {
    ("get", "/api/v1/me"),
    ("get", "/api/v1/people"),
    ("get", "/api/v1/people/{person_id}"),
    ("get", "/api/v1/teams"),
    ("post", "/api/v1/teams"),
    ("get", "/api/v1/teams/{slug}"),
    ("patch", "/api/v1/teams/{slug}"),
    ("put", "/api/v1/teams/{slug}/members/{person_id}"),
    ("delete", "/api/v1/teams/{slug}/members/{person_id}"),
    ("get", "/api/v1/retros"),
    ("post", "/api/v1/retros"),
    ("get", "/api/v1/retro-formats"),
    ("get", "/api/v1/retros/{retro_id}"),
    ("post", "/api/v1/retros/{retro_id}/phase"),
    ("post", "/api/v1/retros/{retro_id}/cards"),
    ("post", "/api/v1/retros/{retro_id}/groups"),
    ("post", "/api/v1/retros/{retro_id}/votes"),
    ("delete", "/api/v1/retros/{retro_id}/votes"),
    ("post", "/api/v1/retros/{retro_id}/safety"),
    ("post", "/api/v1/retros/{retro_id}/close"),
    ("get", "/api/v1/retros/{retro_id}/export.md"),
    ("get", "/api/v1/retros/{retro_id}/carried-over"),
    ("get", "/api/v1/reviews"),
    ("post", "/api/v1/reviews"),
    ("get", "/api/v1/reviews/{review_id}"),
    ("patch", "/api/v1/reviews/{review_id}"),
    ("post", "/api/v1/reviews/{review_id}/timeline"),
    ("delete", "/api/v1/reviews/{review_id}/timeline/{entry_id}"),
    ("post", "/api/v1/reviews/{review_id}/factors"),
    ("delete", "/api/v1/reviews/{review_id}/factors/{factor_id}"),
    ("post", "/api/v1/reviews/{review_id}/status"),
    ("post", "/api/v1/reviews/{review_id}/repeats"),
    ("get", "/api/v1/reviews/{review_id}/blame"),
    ("post", "/api/v1/reviews/{review_id}/blame/{fingerprint}"),
    ("get", "/api/v1/reviews/{review_id}/export.md"),
    ("get", "/api/v1/factor-categories"),
    ("post", "/api/v1/factor-categories"),
    ("get", "/api/v1/lessons"),
    ("post", "/api/v1/lessons"),
    ("get", "/api/v1/lessons/{lesson_id}"),
    ("patch", "/api/v1/lessons/{lesson_id}"),
    ("post", "/api/v1/lessons/{lesson_id}/repeats"),
    ("get", "/api/v1/action-items"),
    ("post", "/api/v1/action-items"),
    ("get", "/api/v1/action-items/{item_id}"),
    ("post", "/api/v1/action-items/{item_id}/complete"),
    ("post", "/api/v1/action-items/{item_id}/drop"),
    ("get", "/api/v1/measures"),
    ("post", "/api/v1/retros/{retro_id}/reveal"),
    ("patch", "/api/v1/retros/{retro_id}/cards/{card_id}"),
    ("post", "/api/v1/retros/{retro_id}/cards/{card_id}/move"),
    ("patch", "/api/v1/retros/{retro_id}/groups/{group_id}"),
    ("get", "/api/v1/retros/{retro_id}/participants"),
    ("put", "/api/v1/retros/{retro_id}/participants/{person_id}"),
    ("post", "/api/v1/retros/{retro_id}/discussion"),
    ("post", "/api/v1/retro-formats"),
    ("patch", "/api/v1/action-items/{item_id}"),
    ("post", "/api/v1/action-items/{item_id}/regenerated"),
    ("patch", "/api/v1/factor-categories/{category_id}"),
    ("get", "/api/v1/playbooks"),
    ("post", "/api/v1/playbooks"),
    ("get", "/api/v1/playbooks/{playbook_id}"),
    ("patch", "/api/v1/playbooks/{playbook_id}"),
    ("post", "/api/v1/playbooks/{playbook_id}/reviewed"),
    ("get", "/api/v1/playbooks/{playbook_id}/revisions"),
    ("get", "/api/v1/playbooks/{playbook_id}/revisions/{number}"),
    ("get", "/api/v1/decisions"),
    ("post", "/api/v1/decisions"),
    ("get", "/api/v1/decisions/{note_id}"),
    ("patch", "/api/v1/decisions/{note_id}"),
    ("post", "/api/v1/reuse"),
    ("get", "/api/v1/reuse/teams"),
    ("get", "/api/v1/search"),
    ("get", "/api/v1/similar"),
    ("get", "/api/v1/opportunities"),
    ("post", "/api/v1/opportunities"),
    ("get", "/api/v1/opportunities/{opportunity_id}"),
    ("get", "/api/v1/opportunities/{opportunity_id}/applications"),
    ("post", "/api/v1/opportunities/{opportunity_id}/applications"),
    ("post", "/api/v1/applications/{application_id}/decision"),
    ("post", "/api/v1/applications/{application_id}/withdraw"),
    ("get", "/api/v1/equity/audit"),
    ("get", "/api/v1/equity/participation"),
    ("get", "/api/v1/pulses"),
    ("get", "/api/v1/pulses/{run_id}"),
    ("get", "/api/v1/pulses/{run_id}/results"),
    ("post", "/api/v1/pulses/{run_id}/answers"),
    ("get", "/api/v1/questions"),
    ("post", "/api/v1/questions"),
    ("post", "/api/v1/questions/{question_id}/upvote"),
    ("post", "/api/v1/questions/{question_id}/answer"),
    ("post", "/api/v1/questions/{question_id}/hide"),
}
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield method, path, operation


def test_the_openapi_document_is_public_and_valid(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    validate(response.json())


def test_the_document_lists_every_endpoint(client, db):
    document = client.get("/api/v1/openapi.json").json()
    assert {(method, path) for method, path, _ in operations(document)} == ENDPOINTS


def test_every_operation_requires_a_bearer_token(client, db):
    document = client.get("/api/v1/openapi.json").json()
    assert document["components"]["securitySchemes"] == {"TokenAuth": {"type": "http", "scheme": "bearer"}}
    unguarded = [
        f"{method.upper()} {path}"
        for method, path, operation in operations(document)
        if operation.get("security") != [{"TokenAuth": []}]
    ]
    assert unguarded == []


def test_operations_have_stable_ids_and_tags(client, db):
    document = client.get("/api/v1/openapi.json").json()
    ids = [operation["operationId"] for _, _, operation in operations(document)]
    assert len(ids) == len(set(ids))
    apps = ("people_", "loops_", "knowledge_", "voice_", "equity_")
    assert all(operation_id.startswith(apps) for operation_id in ids)
    assert {tag for _, _, operation in operations(document) for tag in operation["tags"]} == {
        "people",
        "teams",
        "retros",
        "reviews",
        "lessons",
        "action items",
        "measures",
        "knowledge",
        "search",
        "opportunities",
        "equity audit",
        "pulses",
        "questions",
    }


def test_there_is_no_swagger_page(client, db):
    # Swagger UI needs inline script, which the Content Security Policy forbids.
    assert client.get("/api/v1/docs").status_code == 404


def test_every_operation_declares_the_errors_of_its_kind_with_the_error_schema(client, db):
    document = client.get("/api/v1/openapi.json").json()
    error = {"$ref": "#/components/schemas/Error"}
    assert document["components"]["schemas"]["Error"]["required"] == ["detail"]
    for method, path, operation in operations(document):
        declared = operation["responses"]
        expected = {"401"}
        if method != "get":
            expected |= {"400", "403", "404"}
        if "requestBody" in operation:
            expected |= {"413", "422"}
        if any(parameter["in"] == "query" for parameter in operation["parameters"]):
            expected.add("422")
        if "{" in path:
            expected.add("404")
        assert expected <= set(declared), f"{method.upper()} {path} declares {sorted(declared)}"
        for status in set(declared) - {"200", "201", "204"}:
            assert declared[status]["content"]["application/json"]["schema"] == error, (method, path, status)


def test_the_errors_particular_to_an_endpoint_are_declared(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ["/api/v1/reviews/{review_id}", "/api/v1/playbooks/{playbook_id}", "/api/v1/decisions/{note_id}"]:
        assert "409" in paths[path]["patch"]["responses"], path
    for path in ["/api/v1/measures", "/api/v1/search", "/api/v1/similar", "/api/v1/equity/audit"]:
        assert "400" in paths[path]["get"]["responses"], path
    assert "403" in paths["/api/v1/equity/audit"]["get"]["responses"]
    assert "403" not in paths["/api/v1/me"]["get"]["responses"]
    assert set(paths["/api/v1/me"]["get"]["responses"]) == {"200", "401"}


def test_schemas_that_share_a_class_name_are_told_apart(client, db):
    document = client.get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert "Status" not in schemas
    assert schemas["QuestionOut"]["properties"]["status"]["enum"] == list(Question.Status.values)
    assert schemas["OpportunityOut"]["properties"]["status"]["enum"] == list(Opportunity.Status.values)
    assert schemas["ApplicationOut"]["properties"]["status"]["enum"] == list(Application.Status.values)
    groups = schemas["RetroDetail"]["properties"]["groups"]["anyOf"][0]["items"]
    assert groups == {"$ref": "#/components/schemas/CardGroupOut"}
    assert set(schemas["CardGroupOut"]["properties"]) == {"id", "title", "column", "card_ids", "votes", "discussed"}


def test_a_document_in_which_two_different_schemas_share_a_name_is_refused():
    clashing = LearnloopAPI(urls_namespace="clash-test", docs_url=None)
    first = type("Thing", (Schema,), {"__annotations__": {"name": str}})
    second = type("Thing", (Schema,), {"__annotations__": {"size": int}})

    @clashing.get("/first", response=list[first])
    def first_things(request):
        return []

    @clashing.get("/second", response=list[second])
    def second_things(request):
        return []

    with pytest.raises(SchemaNameClash, match="Thing"):
        clashing.get_openapi_schema(path_prefix="/")
