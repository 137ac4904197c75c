"""Writing aids other apps show beside the loop's writing forms (review, lesson, card), without the
loop importing them: an app registers a provider; the form's template renders what it returns.
With no provider registered the forms are exactly as before."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class WritingAid:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


# provider(request, subject, obj, details): subject is "review", "lesson" or "card"; obj the review or
# lesson being edited (None while creating) or the retro of a card; details what the template passed.
AidProvider = Callable[[HttpRequest | None, str, Any, dict[str, Any]], "WritingAid | None"]
_providers: list[AidProvider] = []


def register_writing_aid(provider: AidProvider) -> AidProvider:
    _providers.append(provider)
    return provider


def writing_aids_for(request: HttpRequest | None, subject: str, obj: Any, details: dict[str, Any]) -> list[WritingAid]:
    return [aid for provider in _providers if (aid := provider(request, subject, obj, details)) is not None]
