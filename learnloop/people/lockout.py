"""Sign-in lock-outs on top of django-axes: per account and address, and per address alone.

django-axes counts failed sign-ins per (e-mail, address) and per address; it has one limit for
both. Learnloop wants two: a few failures lock one account out from one address (someone
guessing Bob's password), and a larger number from one address, whatever the accounts, lock the
address out (someone trying a few common passwords against everyone). The limit axes asks for
is therefore chosen per request: the account's once that account has reached it from this
address, else the address's. Settings: `LOGIN_FAILURE_LIMIT` and `LOGIN_ADDRESS_FAILURE_LIMIT`.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def username_of(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The e-mail address as signing in reads it (any case): BOB@ and bob@ are one account, so
    changing the case gets around nothing."""
    source = credentials if credentials is not None else getattr(request, "POST", {})
    raw = source.get(settings.AXES_USERNAME_FORM_FIELD)
    return raw.strip().lower() if isinstance(raw, str) else None


def account_failures(request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
    """Failed sign-ins to this account from this address within the cool-off period."""
    attempts = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials),
        ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
        attempt_time__gte=get_cool_off_threshold(request),
    )
    return int(attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0)


def failure_limit(request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
    """The limit axes compares with its count, which (with the address among the lock-out
    parameters) is the address's count: the account's limit once the account reached it, so
    that account is locked; otherwise the address's, so other accounts still sign in until the
    address as a whole has failed that often."""
    if account_failures(request, credentials) >= settings.LOGIN_FAILURE_LIMIT:
        return int(settings.LOGIN_FAILURE_LIMIT)
    return int(settings.LOGIN_ADDRESS_FAILURE_LIMIT)


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, except that a successful sign-in forgets only that account's
    failures from the address: one good password of the guesser's own must not reset the count
    of the address's failures on everyone else's."""

    def reset_user_attempts(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        deleted, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
        ).delete()
        return deleted
