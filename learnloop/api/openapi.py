"""The OpenAPI document, made honest: every error an operation answers is declared with the one
Error schema, and two different schemas can never share a name."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from learnloop.core.web import ERROR_SCHEMA, ERROR_SCHEMA_NAME, error_responses

READ_METHODS = {"GET", "HEAD", "OPTIONS"}
# Path parameters that the URL pattern already guarantees (`{slug}`, `{path}`; an `{int:id}`
# only up to the largest id, core.web.Id).
UNFAILING_PATH_TYPES = {"integer", "string"}


class SchemaNameClash(ImproperlyConfigured):
    pass


def errors_of(operation: Operation, details: dict[str, Any]) -> set[int]:
    """The errors any operation of this kind can answer; an endpoint declares more with
    `openapi_extra=answers(...)` (learnloop.core.web)."""
    statuses = {401}  # every operation needs a token
    parameters = details.get("parameters", [])
    if not set(operation.methods) <= READ_METHODS:
        # The read-only token, the services' rules and the things a body refers to.
        statuses |= {400, 403, 404}
    if any(parameter["in"] == "path" for parameter in parameters):
        statuses.add(404)
    if any(parameter["in"] == "query" and parameter["name"] == "team" for parameter in parameters):
        statuses.add(404)  # the team filter names a team you cannot see
    checked = [
        parameter
        for parameter in parameters
        if parameter["in"] == "query"
        or parameter["schema"].get("type") not in UNFAILING_PATH_TYPES
        or {"format", "maximum"} & set(parameter["schema"])
    ]
    if checked or "requestBody" in details:
        statuses.add(422)
    if "requestBody" in details:
        statuses.add(413)
    return statuses


class LearnloopOpenAPI(OpenAPISchema):
    def __init__(self, api: NinjaAPI, path_prefix: str) -> None:
        self.clashes: set[str] = set()
        super().__init__(api, path_prefix)
        if self.clashes:
            names = ", ".join(sorted(self.clashes))
            raise SchemaNameClash(f"Different schemas share a name in the OpenAPI document, rename them: {names}.")

    def operation_details(self, operation: Operation) -> dict[str, Any]:
        details: dict[str, Any] = super().operation_details(operation)
        responses = details["responses"]
        for status, declaration in error_responses(*errors_of(operation, details)).items():
            responses.setdefault(status, declaration)
        details["responses"] = dict(sorted(responses.items(), key=lambda item: str(item[0])))
        return details

    def get_components(self) -> dict[str, Any]:
        self.add_schema_definitions({ERROR_SCHEMA_NAME: ERROR_SCHEMA})
        components: dict[str, Any] = super().get_components()
        return components

    def add_schema_definitions(self, definitions: dict[str, Any]) -> None:
        """ninja names a schema by its class and keeps the last of two that share a name, so
        one would silently describe the other's answers: note the clash, to refuse it."""
        for name, definition in definitions.items():
            known = self.schemas.get(name)
            if known is not None and known != definition:
                self.clashes.add(name)
        super().add_schema_definitions(definitions)
