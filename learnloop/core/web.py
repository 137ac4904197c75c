"""The small web kit of the JSON API: bounded paging, the one shape of an error, and the
middleware that keeps every error under /api/ in that shape, whoever produced it."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from http import HTTPStatus
from typing import Annotated, Any, TypeVar, get_type_hints

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import AfterValidator, WithJsonSchema

API_PREFIX = "/api/"

# A page never holds more than this many items, whatever `limit` asks for (a larger one is capped).
MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50
# Far beyond any list Learnloop holds, and far inside the 64-bit OFFSET both databases take.
MAX_OFFSET = 1_000_000_000

Endpoint = TypeVar("Endpoint", bound=Callable[..., Any])

# The largest key either database holds (a 64-bit integer). Django's `int` path converter takes
# any number of digits, and a larger one breaks some lookups (SQLite cannot even bind it).
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(le=MAX_ID)]


class Paging(LimitOffsetPagination):
    """`limit` and `offset`, each refused with a 422 that names it when out of range."""

    class Input(Schema):
        limit: int = Field(
            DEFAULT_PAGE_SIZE,
            ge=1,
            description=f"Items per page, at least 1; more than {MAX_PAGE_SIZE} is capped at {MAX_PAGE_SIZE}.",
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description=f"How many items to skip, 0 to {MAX_OFFSET:,}.")


def paged(func: Endpoint) -> Endpoint:
    """A list endpoint answering `{"items": [...], "count": N}` pages of at most MAX_PAGE_SIZE.

    The endpoint's string annotations (from `from __future__`) are resolved first, where they
    were written: ninja reads them through the paging wrapper, in whose module they are unknown."""
    func.__annotations__ = get_type_hints(func)
    return paginate(Paging, max_limit=MAX_PAGE_SIZE)(func)


def values_of(choices: type[Enum]) -> WithJsonSchema:
    """Put a choices enum in the OpenAPI document by its values, where it is used.

    The document names a schema by its class name, and several models have a `Status` or a
    `Kind`: as shared components, one would silently stand for all the others.
    Use as `Annotated[Question.Status, values_of(Question.Status)]`."""
    return WithJsonSchema({"type": "string", "enum": [member.value for member in choices]})


def in_utc(moment: datetime.datetime) -> datetime.datetime:
    """An aware time, moved to UTC; a naive one is left for the service to refuse or place."""
    if moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        raise ValueError("This time is out of range once moved to UTC.") from None


# A time sent to the API, stored as UTC. JSON allows any offset up to ±23:59, and PostgreSQL
# refuses offsets past ±15:59 ("time zone displacement out of range").
UtcDatetime = Annotated[datetime.datetime, AfterValidator(in_utc)]


# --- The one error shape --------------------------------------------------------------------

ERROR_SCHEMA_NAME = "Error"
ERROR_SCHEMA: dict[str, Any] = {
    "title": ERROR_SCHEMA_NAME,
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, for a person to read."},
        "errors": {
            "type": "object",
            "description": "The messages by field or parameter; `__all__` for the request as a whole.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}

# What each status means in this API, as the OpenAPI document describes it.
ERROR_MEANINGS = {
    400: "A value is not acceptable (the service's rules); `errors` names the fields.",
    401: "No token, or a token that is unknown, revoked, or whose owner can no longer sign in.",
    403: "The token is read-only and the request writes, or its person may not do this.",
    404: "No such thing, or not one shared with the token's person (the two look the same).",
    409: "Someone saved since the `version` this edit started from; nothing was changed.",
    413: "The request body is larger than the API accepts.",
    422: "A parameter or the body does not match the schema, or holds text no database stores.",
}


def error_body(detail: str, errors: Mapping[str, Sequence[str]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"detail": detail}
    if errors:
        body["errors"] = {field: list(messages) for field, messages in errors.items()}
    return body


def error_responses(*statuses: int) -> dict[int, dict[str, Any]]:
    """OpenAPI response declarations for these error statuses, each with the Error schema."""
    reference = {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}
    return {
        status: {"description": ERROR_MEANINGS[status], "content": {"application/json": {"schema": reference}}}
        for status in statuses
    }


def answers(*statuses: int) -> dict[str, Any]:
    """`openapi_extra` for an endpoint that can answer these errors beyond those every endpoint of
    its kind declares (see learnloop.api.openapi): `@router.get(..., openapi_extra=answers(400))`."""
    return {"responses": error_responses(*statuses)}


def too_large_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return f"The request body is larger than {limit:,} bytes, the most Learnloop accepts."


def fallback_detail(request: HttpRequest, response: HttpResponse) -> str:
    status = response.status_code
    if status == 404:
        return "Not found."
    if status == 405:
        return f"{request.method} is not allowed here; this path takes {response.get('Allow', 'no method')}."
    if status >= 500:
        return "Something went wrong on our side; it has been logged. Please try again later."
    try:
        return HTTPStatus(status).phrase + "."
    except ValueError:
        return "The request failed."


class JsonErrorsUnderApi:
    """Under /api/, an error answer that is not JSON (Django's 404 page for an unknown path,
    the 405 of a path that exists with other methods, the 500 page of an unhandled exception,
    which Django has logged) becomes the API's JSON error with the same status and headers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and request.path.startswith(API_PREFIX)
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            response.content = json.dumps(error_body(fallback_detail(request, response))).encode()
            response["Content-Type"] = "application/json"
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
