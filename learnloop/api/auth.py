"""Bearer-token authentication for the JSON API: who is asking, and may their token write."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from learnloop.api.models import AccessToken
from learnloop.api.selectors import token_for_secret
from learnloop.api.services import token_mark_used
from learnloop.core.unlinkable import is_anonymous_request
from learnloop.people.models import Person

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Messages, not secrets (ruff's S105 reads any name with "token" in it as a password).
MISSING_TOKEN = "A personal access token is required: send the header `Authorization: Bearer <token>`."  # noqa: S105
INVALID_TOKEN = "This access token is not valid: it is unknown or revoked, or its owner can no longer sign in."  # noqa: S105
READ_ONLY_TOKEN = "This access token is read-only: create a token with the write scope to make changes."  # noqa: S105


class TokenAuth(HttpBearer):
    """`Authorization: Bearer ll_…`. The token's person becomes `request.auth`."""

    def __call__(self, request: HttpRequest) -> Any:
        scheme, _, secret = request.headers.get(self.header, "").partition(" ")
        if scheme.lower() != self.openapi_scheme or not secret.strip():
            raise AuthenticationError(message=MISSING_TOKEN)
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Person:
        access_token = token_for_secret(secret=token)
        if access_token is None:
            raise AuthenticationError(message=INVALID_TOKEN)
        # An anonymous act (answering a pulse, asking a question) leaves the token untouched:
        # even a day's first write would sit right beside the act in the database's history.
        if not is_anonymous_request(request):
            token_mark_used(token=access_token)
        if access_token.scope != AccessToken.Scope.WRITE and request.method not in READ_METHODS:
            raise PermissionDenied(READ_ONLY_TOKEN)
        return access_token.person
