"""The searchable kinds: reviews, lessons and retro summaries from the loop, playbooks and decision
notes from knowledge. Each says how an object becomes a search document and who may see it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.db.models.signals import post_migrate
from django.urls import reverse

from learnloop.core.search import Document, Related, Source, register, reindex
from learnloop.core.search.models import SearchDocument
from learnloop.knowledge.models import DecisionNote, Playbook
from learnloop.loops.models import ContributingFactor, FactorCategory, Lesson, Retrospective, Review, TimelineEntry

KIND_LABELS = {
    "review": "Review",
    "lesson": "Lesson",
    "retro": "Retro summary",
    "playbook": "Playbook",
    "decision": "Decision note",
}


def _day(moment: datetime.datetime | None) -> datetime.date:
    return (moment or datetime.datetime.now(datetime.UTC)).date()


def _paragraphs(parts: Iterable[str]) -> str:
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


# --- reviews -------------------------------------------------------------------------------


def review_document(review: Review) -> Document:
    factors = list(review.factors.all())
    return Document(
        title=review.title,
        body=_paragraphs(
            [
                review.summary,
                review.impact,
                review.detection,
                review.went_well,
                review.got_lucky,
                review.body,
                *(factor.description for factor in factors),
                *(entry.text for entry in review.timeline.all()),
            ]
        ),
        tags=[*(str(word) for word in review.keywords or []), *(factor.category.name for factor in factors)],
        categories=[factor.category.name for factor in factors],
        team_id=review.team_id,
        visibility=review.visibility,
        # A draft is still being written: its team and author find it, nobody else yet.
        is_draft=review.status == Review.Status.DRAFT,
        author_id=review.author_id,
        external_id=review.external_id,
        date=_day(review.published_at or review.created_at),
        url=reverse("review", args=[review.pk]),
    )


def _reviews() -> QuerySet[Review]:
    return Review.objects.prefetch_related("factors__category", "timeline")


def _reviews_of_category(category: FactorCategory) -> QuerySet[Review]:
    return Review.objects.filter(factors__category=category).distinct()


REVIEWS = Source(
    kind="review",
    label=KIND_LABELS["review"],
    model=Review,
    document=review_document,
    queryset=_reviews,
    related=(
        Related(ContributingFactor, lambda factor: [factor.review]),
        Related(TimelineEntry, lambda entry: [entry.review]),
        Related(FactorCategory, _reviews_of_category),
    ),
)


# --- lessons -------------------------------------------------------------------------------


def lesson_document(lesson: Lesson) -> Document:
    return Document(
        title=lesson.title,
        body=lesson.detail,
        tags=[tag.name for tag in lesson.tags.all()],
        team_id=lesson.team_id,
        visibility=lesson.visibility,
        author_id=lesson.created_by_id,
        date=_day(lesson.created_at),
        url=reverse("lesson", args=[lesson.pk]),
    )


LESSONS = Source(
    kind="lesson",
    label=KIND_LABELS["lesson"],
    model=Lesson,
    document=lesson_document,
    queryset=lambda: Lesson.objects.prefetch_related("tags"),
    m2m=(Lesson.tags.through,),
)


# --- retro summaries -----------------------------------------------------------------------


def retro_document(retro: Retrospective) -> Document | None:
    """Only the summary a team wrote when closing a retro; cards (often anonymous) never."""
    if not retro.summary.strip():
        return None
    return Document(
        title=retro.title,
        body=retro.summary,
        team_id=retro.team_id,
        visibility=retro.visibility,
        date=_day(retro.closed_at or retro.created_at),
        url=reverse("retro", args=[retro.pk]),
    )


RETROS = Source(
    kind="retro",
    label=KIND_LABELS["retro"],
    model=Retrospective,
    document=retro_document,
    queryset=lambda: Retrospective.objects.exclude(summary=""),
)


# --- playbooks and decision notes ----------------------------------------------------------


def playbook_document(playbook: Playbook) -> Document:
    return Document(
        title=playbook.title,
        body=playbook.body,
        tags=[tag.name for tag in playbook.tags.all()],
        team_id=playbook.team_id,
        visibility=playbook.visibility,
        author_id=playbook.created_by_id,
        external_id=playbook.slug,
        date=_day(playbook.updated_at or playbook.created_at),
        url=reverse("playbook", args=[playbook.pk]),
    )


PLAYBOOKS = Source(
    kind="playbook",
    label=KIND_LABELS["playbook"],
    model=Playbook,
    document=playbook_document,
    queryset=lambda: Playbook.objects.prefetch_related("tags"),
    m2m=(Playbook.tags.through,),
)


def decision_document(note: DecisionNote) -> Document:
    return Document(
        title=note.title,
        body=_paragraphs([note.context, note.options, note.decision, note.consequences]),
        tags=[tag.name for tag in note.tags.all()],
        team_id=note.team_id,
        visibility=note.visibility,
        author_id=note.created_by_id,
        external_id=note.slug,
        date=_day(note.updated_at or note.created_at),
        url=reverse("decision", args=[note.pk]),
    )


DECISIONS = Source(
    kind="decision",
    label=KIND_LABELS["decision"],
    model=DecisionNote,
    document=decision_document,
    queryset=lambda: DecisionNote.objects.prefetch_related("tags"),
    m2m=(DecisionNote.tags.through,),
)


def fill_an_empty_index(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """After `migrate`: a database that has work but no index yet (it predates search) gets one."""
    if sender.label != "knowledge" or using != "default":
        return
    if SearchDocument.objects.using(using).exists():
        return
    if any(source.queryset().exists() for source in (REVIEWS, LESSONS, RETROS, PLAYBOOKS, DECISIONS)):
        reindex()


def register_all() -> None:
    for source in (REVIEWS, LESSONS, RETROS, PLAYBOOKS, DECISIONS):
        register(source)
    post_migrate.connect(fill_an_empty_index, dispatch_uid="knowledge.search.fill_an_empty_index")
