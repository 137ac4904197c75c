"""Deny-by-default access: every view names a rule, and services check the same rules.

A rule answers "may this actor do this (to this object)?". Pages declare their rule with
`@access(RULE)` and `AccessMiddleware` refuses any view that declares none; services call
`require(actor, RULE, obj)` so the API and the command line are held to the same rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., Any])


class SystemActor:
    """The actor for work started from the command line by whoever runs the server."""

    def __init__(self, label: str) -> None:
        self.label = label

    def __str__(self) -> str:
        return self.label


SYSTEM = SystemActor("system (command line)")


@dataclass(frozen=True)
class Rule:
    name: str
    description: str
    test: Callable[[Any, Any], bool]
    needs_sign_in: bool = True
    # The page a signed-in person gets when the rule refuses them: it may say why the page is
    # closed to them and how to get the role it needs (see people/rules.py's ANALYST).
    refusal_template: str = "core/403.html"

    def allows(self, actor: Any, obj: Any = None) -> bool:
        if isinstance(actor, SystemActor):
            return True
        if actor is None and self.needs_sign_in:
            return False
        return bool(self.test(actor, obj))

    def __call__(self, view: ViewFunc) -> ViewFunc:
        """Use a rule as a view decorator: `@SIGNED_IN`."""
        view.learnloop_access = self  # type: ignore[attr-defined]
        return view


PUBLIC = Rule("public", "anyone, signed in or not", lambda actor, obj: True, needs_sign_in=False)
SIGNED_IN = Rule("signed-in", "any signed-in person", lambda actor, obj: actor is not None)


def require(actor: Any, rule: Rule, obj: Any = None, message: str = "") -> None:
    """Raise PermissionDenied unless the rule allows the actor."""
    if not rule.allows(actor, obj):
        raise PermissionDenied(message or f"This needs {rule.description}.")


def rule_of(view: Callable[..., Any]) -> Rule | None:
    """The rule a view declared, looking through decorators that keep `__wrapped__`."""
    current: Any = view
    while current is not None:
        rule = getattr(current, "learnloop_access", None)
        if isinstance(rule, Rule):
            return rule
        current = getattr(current, "__wrapped__", None)
    return None


def _is_admin(actor: Any, obj: Any) -> bool:
    user = getattr(actor, "user", None)
    return bool(user is not None and user.is_active and user.is_staff and user.is_superuser)


# The admin role is the account's staff + superuser flags, so the Django admin agrees with it.
ADMIN = Rule("admin", "the admin role", _is_admin)
