"""Search in the JSON API: `GET /api/v1/search` (and "seen before?" as `GET /api/v1/similar`)."""

from __future__ import annotations

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from learnloop.core.web import answers
from learnloop.knowledge.search import Result, search_for
from learnloop.knowledge.similar import KINDS, similar_to
from learnloop.people.api import TeamRef, actor
from learnloop.people.models import Team

router = Router(tags=["search"])

Kind = Literal["review", "lesson", "retro", "playbook", "decision"]


class SearchHit(Schema):
    kind: Kind
    id: int
    external_id: str | None = Field(
        description="The id the item has outside Learnloop (an imported write-up's), if any."
    )
    title: str
    team: TeamRef
    url: str = Field(description="The item's page in Learnloop.")
    date: datetime.date
    tags: list[str]
    score: float = Field(description="Relevance: higher is better; only the order within one answer means anything.")
    title_html: str = Field(description="The title, HTML-escaped, with matched words in <mark>.")
    snippet_html: str = Field(description="A passage of the text, HTML-escaped, with matched words in <mark>.")


class SearchAnswer(Schema):
    query: str
    page: int
    has_next: bool
    results: list[SearchHit]


class SearchParams(Schema):
    q: str = Field(
        min_length=1, max_length=200, description="Words to find: items with every word first, then those with some."
    )
    kind: Kind | None = None
    team: str = Field("", description="A team's slug: only items that team owns.")
    tag: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None
    page: int = Field(1, ge=1, le=50)
    limit: int = Field(20, ge=1, le=100)


def hit_out(result: Result) -> SearchHit:
    hit = result.hit
    return SearchHit(
        kind=hit.kind,  # type: ignore[arg-type]
        id=hit.object_id,
        external_id=hit.external_id,
        title=hit.title,
        team=TeamRef(slug=result.team_slug, name=result.team),
        url=hit.url,
        date=hit.date,
        tags=hit.tag_list(),
        score=round(hit.score, 6),
        title_html=str(hit.title_html),
        snippet_html=str(hit.snippet),
    )


def team_named(slug: str) -> Team | None:
    if not slug:
        return None
    team = Team.objects.filter(slug=slug).first()
    if team is None:
        raise ValidationError({"team": f"No team has the slug {slug!r}."})
    return team


@router.get("/search", response=SearchAnswer, summary="Search everything you may read", openapi_extra=answers(400))
def search(request: HttpRequest, params: Query[SearchParams]) -> SearchAnswer:
    """Lessons, reviews, retro summaries, playbooks and decision notes the token's person may read,
    most relevant first. Never includes anything not shared with them."""
    if params.since and params.until and params.since > params.until:
        raise ValidationError({"since": "The period starts after it ends."})
    page = search_for(
        actor(request),
        params.q,
        kinds=[params.kind] if params.kind else None,
        team=team_named(params.team),
        tag=params.tag,
        since=params.since,
        until=params.until,
        page=params.page,
        per_page=params.limit,
    )
    return SearchAnswer(
        query=page.query, page=page.page, has_next=page.has_next, results=[hit_out(r) for r in page.results]
    )


SimilarKind = Literal["review", "lesson", "playbook", "decision"]


class SimilarParams(Schema):
    text: str = Field(min_length=1, max_length=5000, description="What happened, in your words.")
    top: int = Field(5, ge=1, le=100)
    kind: SimilarKind | None = None
    exclude_team: str = Field("", description="A team's slug whose own items to leave out (usually yours).")


class SimilarItem(Schema):
    kind: SimilarKind
    id: int
    external_id: str | None
    title: str
    team: str
    url: str
    score: float
    reasons: list[str]


@router.get(
    "/similar",
    response=list[SimilarItem],
    summary='"Seen before?": items like a text',
    openapi_extra=answers(400),
)
def similar(request: HttpRequest, params: Query[SimilarParams]) -> list[SimilarItem]:
    """Earlier reviews, lessons, playbooks and decision notes like the text, best first, among what the
    token's person may read. Stores nothing."""
    excluded = team_named(params.exclude_team)
    found = similar_to(
        actor(request),
        params.text,
        top=params.top,
        kinds=(params.kind,) if params.kind else KINDS,
        exclude_team_ids=[excluded.pk] if excluded else [],
    )
    return [
        SimilarItem(
            kind=item.kind,  # type: ignore[arg-type]
            id=item.id,
            external_id=item.external_id,
            title=item.title,
            team=item.team,
            url=item.url,
            score=round(item.score, 4),
            reasons=item.reasons,
        )
        for item in found
    ]
