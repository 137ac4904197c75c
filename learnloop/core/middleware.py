"""AccessMiddleware: the one place that refuses a request its view's rule does not allow."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from learnloop.core.access import rule_of

# Routes whose own framework enforces access: the Django admin requires a staff account and
# the JSON API requires a personal access token on every endpoint.
SELF_GUARDED_NAMESPACES = {"admin", "api-v1"}


def actor_for(request: HttpRequest) -> Any:
    """The signed-in person, or None: an account without a person record acts as nobody."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return getattr(user, "person", None)


class AccessMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = actor_for(request)  # type: ignore[attr-defined]
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and match.namespaces and match.namespaces[0] in SELF_GUARDED_NAMESPACES:
            return None
        rule = rule_of(view_func)
        actor = getattr(request, "actor", None)
        if rule is None:
            # Deny by default: a route that does not say who may use it is closed.
            return forbidden(request, "This page has no access rule, so it is closed.")
        if rule.allows(actor):
            return None
        if actor is None and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return forbidden(request, f"This page needs {rule.description}.", template=rule.refusal_template)


def forbidden(request: HttpRequest, reason: str, *, template: str = "core/403.html") -> HttpResponse:
    response = TemplateResponse(request, template, {"reason": reason}, status=403)
    return response.render()
