"""What the loop's API modules share: the router, references and small helpers."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router, Schema

from learnloop.loops.models import (
    Repeat,
)
from learnloop.people.api import actor
from learnloop.people.models import Person, Team
from learnloop.people.selectors import get_team_for

router = Router()

# Two models each have a `Kind` and a `Status`; in the OpenAPI document, schemas are named by their
# class, so the same name would stand for two lists. These spell the values out (a test keeps them
# equal to the models' choices).
ReviewKind = Literal["incident", "project", "customer"]
ReviewStatus = Literal["draft", "in_review", "published"]
TimelineKind = Literal["event", "started", "detected", "mitigated", "resolved"]
ItemStatus = Literal["open", "done", "dropped"]

MARKDOWN = {200: {"description": "Markdown", "content": {"text/markdown": {"schema": {"type": "string"}}}}}


# --- Shared pieces ----------------------------------------------------------------------------


class PersonRef(Schema):
    id: int
    display_name: str


class RepeatRef(Schema):
    """Another lesson or review linked as the same problem, one the token's person may see."""

    relation: Literal["same_problem_as", "came_back_in"] = Field(
        description="`same_problem_as`: this one repeats the other, earlier one; "
        "`came_back_in`: the other repeats this one."
    )
    id: int
    title: str


class RepeatOut(Schema):
    id: int
    reason: Repeat.Reason
    note: str
    later_id: int = Field(description="The later lesson or review: the problem came back here.")
    earlier_id: int
    created_at: datetime.datetime

    @staticmethod
    def resolve_later_id(repeat: Repeat) -> int:
        return repeat.lesson_id or repeat.review_id  # type: ignore[return-value]

    @staticmethod
    def resolve_earlier_id(repeat: Repeat) -> int:
        return repeat.earlier_lesson_id or repeat.earlier_review_id  # type: ignore[return-value]


def viewer(context: dict[str, Any]) -> Person:
    """The token's person, inside a schema resolver."""
    return actor(context["request"])


@contextmanager
def fields_named(**names: str) -> Iterator[None]:
    """Report a service's field errors under the names the request used (`owner` → `owner_id`)."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        renamed = {names.get(field, field): messages for field, messages in error.message_dict.items()}
        raise ValidationError(renamed) from error


def referenced(field: str, message: str, find: Any, *args: Any) -> Any:
    """What a request body refers to: `find(*args)`, or a 400 on `field` if that answers 404
    (the thing is missing or not the person's to see; as elsewhere, the two look the same)."""
    try:
        return find(*args)
    except Http404:
        raise ValidationError({field: message}) from None


def team_filter(request: HttpRequest, slug: str) -> Team | None:
    return get_team_for(actor(request), slug) if slug else None


def markdown(text: str) -> HttpResponse:
    return HttpResponse(text, content_type="text/markdown; charset=utf-8")
