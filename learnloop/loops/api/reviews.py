"""Blameless reviews in the JSON API: timeline, factors, status, repeats and the blame-language check."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Schema
from ninja.responses import Status

from learnloop.core.web import Id, UtcDatetime, answers, paged
from learnloop.loops import reviews as review_facts
from learnloop.loops import selectors, services
from learnloop.loops.api.shared import (
    MARKDOWN,
    PersonRef,
    RepeatOut,
    RepeatRef,
    ReviewKind,
    ReviewStatus,
    TimelineKind,
    markdown,
    referenced,
    router,
    team_filter,
    viewer,
)
from learnloop.loops.models import (
    ContributingFactor,
    FactorCategory,
    Review,
    TimelineEntry,
    Visibility,
)
from learnloop.loops.review_export import lessons_from, repeats_of, review_markdown
from learnloop.loops.reviews import review_duration
from learnloop.people.api import TeamRef, actor
from learnloop.people.selectors import get_team_for

# --- Reviews ----------------------------------------------------------------------------------


class ReviewOut(Schema):
    id: int
    title: str
    team: TeamRef
    kind: ReviewKind
    severity: Review.Severity
    status: ReviewStatus
    visibility: Visibility
    author: PersonRef | None
    version: int = Field(description="Send it back with PATCH: an edit based on an older version is refused.")
    created_at: datetime.datetime
    updated_at: datetime.datetime
    published_at: datetime.datetime | None


class TimelineEntryOut(Schema):
    id: int
    at: datetime.datetime
    kind: TimelineKind
    text: str


class CategoryRef(Schema):
    slug: str
    name: str


class CategoryOut(CategoryRef):
    id: int
    description: str


class FactorOut(Schema):
    id: int
    category: CategoryRef
    description: str


class ReviewDetail(ReviewOut):
    summary: str
    impact: str
    detection: str
    went_well: str
    got_lucky: str
    body: str
    source_url: str
    external_id: str | None
    keywords: list[str]
    intended_flags: list[str] = Field(description="Fingerprints of blame-language flags marked as intended.")
    duration_minutes: int | None = Field(description="Impact start to resolved, else first to last timeline entry.")
    timeline: list[TimelineEntryOut]
    factors: list[FactorOut]
    lesson_ids: list[int]
    repeats: list[RepeatRef]

    @staticmethod
    def resolve_duration_minutes(review: Review) -> int | None:
        duration = review_duration(review)
        return int(duration.total_seconds() // 60) if duration is not None else None

    @staticmethod
    def resolve_timeline(review: Review) -> list[TimelineEntry]:
        return list(review.timeline.all())

    @staticmethod
    def resolve_factors(review: Review) -> list[ContributingFactor]:
        return list(review.factors.select_related("category"))

    @staticmethod
    def resolve_lesson_ids(review: Review, context: dict[str, Any]) -> list[int]:
        return list(selectors.visible(lessons_from(review), viewer(context)).values_list("pk", flat=True))

    @staticmethod
    def resolve_repeats(review: Review, context: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {"relation": relation.replace(" ", "_"), "id": other.pk, "title": other.title}
            for relation, other in repeats_of(review, viewer(context))
        ]


class ReviewCreate(Schema):
    team: str = Field(description="The team's slug.")
    title: str
    kind: ReviewKind = "incident"
    severity: Review.Severity = Review.Severity.NONE
    visibility: Visibility = Visibility.TEAM
    summary: str = ""


class ReviewChange(Schema):
    version: int = Field(description="The `version` the edit started from.")
    title: str | None = None
    summary: str | None = None
    impact: str | None = None
    detection: str | None = None
    went_well: str | None = None
    got_lucky: str | None = None
    body: str | None = None
    severity: Review.Severity | None = None
    visibility: Visibility | None = None
    kind: ReviewKind | None = None


class TimelineIn(Schema):
    at: UtcDatetime = Field(description="With its time zone, e.g. 2025-03-01T14:05:00+01:00.")
    text: str
    kind: TimelineKind = "event"


class FactorIn(Schema):
    category: str = Field(description="A contributing-factor category's slug (GET /factor-categories).")
    description: str = ""


class StatusIn(Schema):
    status: ReviewStatus


class ReviewRepeatIn(Schema):
    earlier_review_id: int
    note: str = ""


class CategoryIn(Schema):
    name: str
    description: str = ""


class BlameFlagOut(Schema):
    field: str = Field(
        description="Where the text is: a review field (`summary`, …), "
        "`timeline/<id>`, `factors/<id>` or `action_items/<id>`."
    )
    code: str
    text: str
    start: int = Field(description="Offset of the phrase in that field's text; `end` is one past it.")
    end: int
    reason: str
    suggestion: str
    fingerprint: str
    intended: bool = Field(description="Marked as meant as written; not counted in the rate.")


class BlameOut(Schema):
    words: int
    rate_per_1000_words: float
    flags: list[BlameFlagOut]


class FlagIn(Schema):
    intended: bool


def review_detail(request: HttpRequest, review_id: Id) -> Review:
    return selectors.get_review_for(actor(request), review_id)


def blame_report(review: Review) -> dict[str, Any]:
    """The blame-language flags of every text of the review; nothing is ever rewritten."""
    flags: list[dict[str, Any]] = []
    words = counted = 0
    for checked in review_facts.review_blame(review):
        words += checked.report.words
        counted += len(checked.report.flags)
        for flag in sorted([*checked.report.flags, *checked.report.intended], key=lambda flag: (flag.start, flag.end)):
            flags.append(
                {
                    "field": checked.key,
                    "code": flag.code,
                    "text": flag.text,
                    "start": flag.start,
                    "end": flag.end,
                    "reason": flag.reason,
                    "suggestion": flag.suggestion,
                    "fingerprint": flag.fingerprint,
                    "intended": flag.fingerprint in review.intended_flags,
                }
            )
    return {"words": words, "rate_per_1000_words": counted * 1000 / words if words else 0.0, "flags": flags}


@router.get("/reviews", response=list[ReviewOut], tags=["reviews"], summary="Reviews, newest first")
@paged
def review_list(
    request: HttpRequest,
    team: str = "",
    status: ReviewStatus | None = None,
    kind: ReviewKind | None = None,
    q: str = "",
) -> QuerySet[Review]:
    """The reviews the token's person may see. Every word of `q` must appear in the title, summary or impact."""
    reviews = selectors.visible(Review.objects.select_related("team", "author"), actor(request))
    the_team = team_filter(request, team)
    if the_team is not None:
        reviews = reviews.filter(team=the_team)
    if status is not None:
        reviews = reviews.filter(status=status)
    if kind is not None:
        reviews = reviews.filter(kind=kind)
    for word in q.split():
        reviews = reviews.filter(Q(title__icontains=word) | Q(summary__icontains=word) | Q(impact__icontains=word))
    return reviews.order_by("-created_at", "-id")


@router.post("/reviews", response={201: ReviewDetail}, tags=["reviews"], summary="Start a review")
def review_create(request: HttpRequest, payload: ReviewCreate) -> Status:
    """Members of the team. The review starts as a draft."""
    the_team = referenced("team", f"No team has the slug {payload.team!r}.", get_team_for, actor(request), payload.team)
    review = services.review_create(
        actor=actor(request),
        team=the_team,
        title=payload.title,
        kind=payload.kind,
        severity=payload.severity,
        visibility=payload.visibility,
        summary=payload.summary,
    )
    return Status(201, review_detail(request, review.pk))


@router.get("/reviews/{int:review_id}", response=ReviewDetail, tags=["reviews"], summary="A review, whole")
def review_get(request: HttpRequest, review_id: Id) -> Review:
    return review_detail(request, review_id)


@router.patch(
    "/reviews/{int:review_id}",
    response=ReviewDetail,
    tags=["reviews"],
    summary="Edit a review",
    openapi_extra=answers(409),
)
def review_update(request: HttpRequest, review_id: Id, payload: ReviewChange) -> Review:
    """The author or a facilitator of the team. Fields left out keep their value. If the review
    was saved since `version`, nothing is changed and the answer is 409: read it again, merge, resend."""
    review = review_detail(request, review_id)
    fields = payload.model_dump(exclude={"version"}, exclude_none=True)
    services.review_update(actor=actor(request), review=review, version=payload.version, **fields)
    return review_detail(request, review_id)


@router.post(
    "/reviews/{int:review_id}/timeline",
    response={201: TimelineEntryOut},
    tags=["reviews"],
    summary="Add to the timeline",
)
def review_timeline_add(request: HttpRequest, review_id: Id, payload: TimelineIn) -> Status:
    review = review_detail(request, review_id)
    entry = services.timeline_add(
        actor=actor(request), review=review, at=payload.at, text=payload.text, kind=payload.kind
    )
    return Status(201, entry)


@router.delete(
    "/reviews/{int:review_id}/timeline/{int:entry_id}",
    response={204: None},
    tags=["reviews"],
    summary="Remove a timeline entry",
)
def review_timeline_remove(request: HttpRequest, review_id: Id, entry_id: Id) -> Status:
    """Refused (400) when a lesson was drawn from the entry."""
    review = review_detail(request, review_id)
    entry = TimelineEntry.objects.select_related("review").get(pk=entry_id, review=review)
    services.timeline_remove(actor=actor(request), entry=entry)
    return Status(204, None)


@router.post(
    "/reviews/{int:review_id}/factors",
    response={201: FactorOut},
    tags=["reviews"],
    summary="Add a contributing factor",
)
def review_factor_add(request: HttpRequest, review_id: Id, payload: FactorIn) -> Status:
    review = review_detail(request, review_id)
    category = FactorCategory.objects.filter(slug=payload.category).first()
    if category is None:
        raise ValidationError({"category": f"No contributing-factor category has the slug {payload.category!r}."})
    factor = services.factor_add(
        actor=actor(request), review=review, category=category, description=payload.description
    )
    return Status(201, factor)


@router.delete(
    "/reviews/{int:review_id}/factors/{int:factor_id}",
    response={204: None},
    tags=["reviews"],
    summary="Remove a contributing factor",
)
def review_factor_remove(request: HttpRequest, review_id: Id, factor_id: Id) -> Status:
    """Refused (400) when a lesson was drawn from the factor."""
    review = review_detail(request, review_id)
    factor = ContributingFactor.objects.select_related("review", "category").get(pk=factor_id, review=review)
    services.factor_remove(actor=actor(request), factor=factor)
    return Status(204, None)


@router.post("/reviews/{int:review_id}/status", response=ReviewDetail, tags=["reviews"], summary="Change the status")
def review_status(request: HttpRequest, review_id: Id, payload: StatusIn) -> Review:
    """Publishing is for facilitators and managers, and needs a summary and a timeline entry."""
    services.review_set_status(actor=actor(request), review=review_detail(request, review_id), status=payload.status)
    return review_detail(request, review_id)


@router.post(
    "/reviews/{int:review_id}/repeats",
    response={201: RepeatOut},
    tags=["reviews"],
    summary="Link to an earlier review of the same problem",
)
def review_repeat(request: HttpRequest, review_id: Id, payload: ReviewRepeatIn) -> Status:
    person = actor(request)
    review = review_detail(request, review_id)
    message = f"There is no review #{payload.earlier_review_id} that you can see."
    earlier = referenced("earlier_review_id", message, selectors.get_review_for, person, payload.earlier_review_id)
    return Status(201, services.repeat_link(actor=person, later=review, earlier=earlier, note=payload.note))


@router.get(
    "/reviews/{int:review_id}/blame",
    response=BlameOut,
    tags=["reviews"],
    summary="Blame-language flags",
    openapi_extra=answers(403),
)
def review_blame(request: HttpRequest, review_id: Id) -> dict[str, Any]:
    """For the review's author and the team's facilitators, as on its page. The check flags
    phrasing that blames people rather than conditions; it never changes the text."""
    return blame_report(selectors.get_review_for(actor(request), review_id, write=True))


@router.post(
    "/reviews/{int:review_id}/blame/{path:fingerprint}",
    response=BlameOut,
    tags=["reviews"],
    summary="Mark a flag as intended, or take that back",
)
def review_blame_mark(request: HttpRequest, review_id: Id, fingerprint: str, payload: FlagIn) -> dict[str, Any]:
    """`fingerprint` as the flag shows it, URL-encoded. An intended flag is not counted in the rate."""
    review = selectors.get_review_for(actor(request), review_id, write=True)
    if payload.intended and fingerprint not in {flag["fingerprint"] for flag in blame_report(review)["flags"]}:
        raise ValidationError({"fingerprint": "No blame-language flag of this review has this fingerprint."})
    review = services.review_mark_flag(
        actor=actor(request), review=review, fingerprint=fingerprint, intended=payload.intended
    )
    return blame_report(review)


@router.get(
    "/reviews/{int:review_id}/export.md",
    tags=["reviews"],
    summary="A review as Markdown",
    openapi_extra={"responses": MARKDOWN},
)
def review_export(request: HttpRequest, review_id: Id) -> HttpResponse:
    """Lessons and repeats in it are only those the token's person may see."""
    return markdown(review_markdown(review_detail(request, review_id), viewer=actor(request)))


@router.get("/factor-categories", response=list[CategoryOut], tags=["reviews"], summary="Contributing-factor taxonomy")
def factor_category_list(request: HttpRequest) -> QuerySet[FactorCategory]:
    return FactorCategory.objects.order_by("name")


@router.post(
    "/factor-categories", response={201: CategoryOut}, tags=["reviews"], summary="Add a contributing-factor category"
)
def factor_category_create(request: HttpRequest, payload: CategoryIn) -> Status:
    """Admins only."""
    category = services.factor_category_save(actor=actor(request), name=payload.name, description=payload.description)
    return Status(201, category)
