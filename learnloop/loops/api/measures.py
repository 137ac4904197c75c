"""The loop's follow-through measures in the JSON API."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Schema

from learnloop.core.web import answers
from learnloop.loops import selectors
from learnloop.loops.api.shared import (
    router,
    team_filter,
)

# --- Measures ---------------------------------------------------------------------------------


class MeasuresOut(Schema):
    """Formulas: docs/loop-measures.md."""

    team: str | None = Field(description="The team's slug (its figures include the teams below it); null: everyone.")
    since: datetime.date
    until: datetime.date
    follow_through: float | None = Field(description="items_done_on_time ÷ items_due, 0 to 1; null when none was due.")
    items_due: int
    items_done_on_time: int
    median_days_lesson_to_change: float | None
    changes: int
    lessons: int
    repeated_lessons: int
    repeat_rate: float | None = Field(description="repeated_lessons ÷ lessons, 0 to 1; null without lessons.")
    regenerated_items: int
    open_items: int = Field(description="Now, whatever the period.")
    overdue_items: int = Field(description="Now, whatever the period.")


@router.get(
    "/measures", response=MeasuresOut, tags=["measures"], summary="The loop measures", openapi_extra=answers(400)
)
def measures(
    request: HttpRequest,
    team: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> dict[str, Any]:
    """For a team and the teams below it, or for the organization; counts only, never titles or
    people. The period is [since, until]: by default the 365 days up to today."""
    if since is not None and until is not None and since > until:
        raise ValidationError({"since": "The period starts after it ends."})
    the_team = team_filter(request, team)
    since, until = selectors.measure_period(since, until)
    figures = selectors.loop_measures(team=the_team, since=since, until=until)
    return {"team": the_team.slug if the_team else None, "since": since, "until": until, **figures.as_dict()}
