"""Reads of personal access tokens: a person's own list, and the token behind a request."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from learnloop.api.models import AccessToken
from learnloop.api.services import TOKEN_LENGTH, TOKEN_PREFIX, token_digest
from learnloop.people.models import Person


def tokens_of(*, person: Person) -> QuerySet[AccessToken]:
    return AccessToken.objects.filter(person=person).order_by("-created_at", "-id")


def get_token_for(actor: object, pk: int) -> AccessToken:
    """One of the actor's own tokens; someone else's answers 404 like a missing one."""
    if not isinstance(actor, Person):
        raise Http404("No such token.")
    try:
        return AccessToken.objects.get(pk=pk, person=actor)
    except AccessToken.DoesNotExist:
        raise Http404("No such token.") from None


def token_for_secret(*, secret: str) -> AccessToken | None:
    """The live token with this secret: not revoked, and its owner can still sign in."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) != TOKEN_LENGTH:
        return None
    return (
        AccessToken.objects.select_related("person__user")
        .filter(digest=token_digest(secret), revoked_at__isnull=True, person__user__is_active=True)
        .first()
    )
