"""The OpenAPI document: public, valid, complete, and every operation needs a token."""

from __future__ import annotations

from openapi_spec_validator import validate

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
    assert all(operation_id.startswith("people_") for operation_id in ids)
    assert {tag for _, _, operation in operations(document) for tag in operation["tags"]} == {"people", "teams"}


def test_there_is_no_swagger_page(client, db):
    # Swagger UI needs inline script, which the Content Security Policy forbids.
    assert client.get("/api/v1/docs").status_code == 404
