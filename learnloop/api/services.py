"""Writes to personal access tokens: create (the secret is shown once), revoke, mark as used."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from learnloop.api.models import AccessToken
from learnloop.core import audit
from learnloop.core.access import SIGNED_IN, require
from learnloop.core.unlinkable import start_of_day
from learnloop.people.models import Person

TOKEN_PREFIX = "ll_"  # noqa: S105 (marks a Learnloop token, e.g. for secret scanners)
# 30 random bytes are 40 url-safe characters: 240 bits, far beyond guessing.
TOKEN_RANDOM_BYTES = 30
TOKEN_LENGTH = len(TOKEN_PREFIX) + 40
# How many leading characters are kept in clear so a person can tell their tokens apart.
SHOWN_PREFIX_LENGTH = 10
# A token's "last used" keeps the day only: a precise time (even one refreshed at most once a
# minute) was the moment of the first request after a pause, which could be an anonymous act.


def token_digest(secret: str) -> str:
    """SHA-256 of the whole token: a token is long and random, so a slow hash would add nothing."""
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(*, actor: Any, name: str, scope: str) -> tuple[AccessToken, str]:
    """A new token for the actor. Returns the token and its secret, which is stored nowhere."""
    require(actor, SIGNED_IN, message="Only a signed-in person can create an access token.")
    if not isinstance(actor, Person):
        raise PermissionDenied("Access tokens belong to a person.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_RANDOM_BYTES)
    token = AccessToken(
        person=actor,
        name=name.strip(),
        scope=scope,
        prefix=secret[:SHOWN_PREFIX_LENGTH],
        digest=token_digest(secret),
    )
    token.full_clean()
    token.save()
    audit.record(actor=actor, action="token.created", target=token, changes={"scope": scope})
    return token, secret


@transaction.atomic
def token_revoke(*, actor: Any, token: AccessToken) -> AccessToken:
    """Revoke one of the actor's own tokens; revoking a revoked token changes nothing."""
    if not (isinstance(actor, Person) and actor.pk == token.person_id):
        raise PermissionDenied("Only the owner of a token can revoke it.")
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(actor=actor, action="token.revoked", target=token)
    return token


def token_mark_used(*, token: AccessToken, now: datetime | None = None) -> None:
    """Record the day a token was used: written once a day, as that day's midnight.

    Bookkeeping, not a change anyone made, so it is not audit-logged.
    """
    day = start_of_day(now)
    if token.last_used_at is not None and token.last_used_at >= day:
        return
    AccessToken.objects.filter(pk=token.pk).update(last_used_at=day)
    token.last_used_at = day
