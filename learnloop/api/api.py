"""The versioned JSON API: assembles each app's `api.py` router under /api/v1/."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    ValidationError,
)
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaMismatch
from ninja.operation import Operation

from learnloop.api.auth import TokenAuth
from learnloop.api.openapi import LearnloopOpenAPI
from learnloop.api.parsing import StorableJsonParser, UnstorableText
from learnloop.core.web import error_body, too_large_message
from learnloop.equity.api import router as equity_router
from learnloop.knowledge.api import router as knowledge_router
from learnloop.loops.api import router as loops_router
from learnloop.loops.services import StaleEdit
from learnloop.people.api import router as people_router
from learnloop.voice.api import router as voice_router


class LearnloopAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """`people_team_create` rather than `learnloop_people_api_team_create`."""
        app = operation.view_func.__module__.split(".")[1]
        return f"{app}_{operation.view_func.__name__}"

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> LearnloopOpenAPI:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return LearnloopOpenAPI(self, path_prefix)


api = LearnloopAPI(
    title="Learnloop API",
    version="1",
    description=(
        "Every endpoint needs a personal access token: `Authorization: Bearer ll_…`. "
        "Create one under **API tokens** in Learnloop. Every error, whatever its status, is "
        '`{"detail": "…", "errors": {"field": ["…"]}}` (`errors` only where fields are named). '
        "See docs/api.md."
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    parser=StorableJsonParser(),
    # No Swagger page: it needs inline script and a CDN, which our Content Security Policy
    # forbids. The OpenAPI document itself is public at /api/v1/openapi.json.
    docs_url=None,
)

api.add_router("/", people_router)
api.add_router("/", loops_router)
api.add_router("/", knowledge_router)
api.add_router("/", voice_router)
api.add_router("/", equity_router)


def error(
    request: HttpRequest, detail: str, status: int, errors: Mapping[str, Sequence[str]] | None = None
) -> HttpResponse:
    return api.create_response(request, error_body(detail, errors), status=status)


def field_of(location: Sequence[Any]) -> str:
    """`["body", "payload", "role"]` → `role`, `["query", "limit"]` → `limit`: the field or
    parameter as the request named it (the endpoint's body argument is not part of the request)."""
    source, *path = location
    if source == "body":
        path = path[1:]
    return ".".join(str(part) for part in path) or str(source)


def named(errors: Mapping[str, Sequence[str]]) -> str:
    return " ".join(f"{field}: {message.rstrip('.')}." for field, messages in errors.items() for message in messages)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = error(request, exc.message, 401)
    response["WWW-Authenticate"] = 'Bearer realm="learnloop"'
    return response


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error(request, str(exc) or "You may not do this.", 403)


@api.exception_handler(Http404)
@api.exception_handler(ObjectDoesNotExist)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    # One answer for "missing" and "not yours", so nothing leaks that a thing exists.
    return error(request, "Not found.", 404)


@api.exception_handler(StaleEdit)
def stale_edit(request: HttpRequest, exc: StaleEdit) -> HttpResponse:
    """Someone saved since the edit started, and nothing was changed. A StaleEdit is a
    ValidationError too; ninja uses the handler of the most specific class, so it is a 409."""
    return error(request, " ".join(exc.messages), 409)


@api.exception_handler(SchemaMismatch)
def schema_mismatch(request: HttpRequest, exc: SchemaMismatch) -> HttpResponse:
    """ninja's check of the parameters and body against the schema: 422, by field."""
    errors: dict[str, list[str]] = {}
    for problem in exc.errors:
        errors.setdefault(field_of(problem["loc"]), []).append(problem["msg"])
    return error(request, named(errors), 422, errors)


@api.exception_handler(UnstorableText)
def unstorable_text(request: HttpRequest, exc: UnstorableText) -> HttpResponse:
    errors = {exc.where: [exc.message]}
    return error(request, named(errors), 422, errors)


@api.exception_handler(HttpError)
def unreadable_body(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja answers a body its parser refused with a bare 400; say why instead."""
    cause = exc.__cause__
    if isinstance(cause, UnstorableText):
        return unstorable_text(request, cause)
    if isinstance(cause, ValueError):  # not JSON, or not UTF-8
        return error(request, f"The body is not valid JSON: {cause}.", 400)
    return error(request, str(exc), exc.status_code)


@api.exception_handler(RequestDataTooBig)
def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return error(request, too_large_message(), 413)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Django's ValidationError from a service: 400 with the messages by field."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    detail = " ".join(message for messages in errors.values() for message in messages)
    return error(request, detail, 400, errors)
