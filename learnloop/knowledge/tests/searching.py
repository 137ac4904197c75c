"""Making one searchable thing of each kind for the search tests (through the services where they exist)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from learnloop.knowledge.models import DecisionNote, Playbook
from learnloop.loops import services
from learnloop.loops.models import Review
from learnloop.people.models import Person, Team

KINDS = ["review", "lesson", "retro", "playbook", "decision"]


def make(kind: str, *, actor: Person, team: Team, title: str, text: str = "", visibility: str = "team") -> Any:
    """A `kind` owned by `team` whose title and text hold the given words, shared as asked."""
    if kind == "review":
        review = services.review_create(
            actor=actor, team=team, title=title, summary=text or title, visibility=visibility
        )
        services.timeline_add(actor=actor, review=review, at=timezone.now(), text="Paged the on-call")
        return services.review_set_status(actor=actor, review=review, status=Review.Status.IN_REVIEW)
    if kind == "lesson":
        review = services.review_create(actor=actor, team=team, title="Source review", visibility="team")
        return services.lesson_create(
            actor=actor, source=review, title=title, detail=text, visibility=visibility, tags=["ops"]
        )
    if kind == "retro":
        retro = services.retro_create(actor=actor, team=team, title=title, format="start-stop-continue")
        if visibility != retro.visibility:
            retro.visibility = visibility
            retro.save(update_fields=["visibility"])
        return services.retro_close(actor=actor, retro=retro, summary=text or title)
    if kind == "playbook":
        return Playbook.objects.create(
            team=team,
            title=title,
            slug=title.lower().replace(" ", "-")[:200],
            body=text,
            visibility=visibility,
            review_by=datetime.date.today() + datetime.timedelta(days=90),
            created_by=actor,
        )
    if kind == "decision":
        return DecisionNote.objects.create(
            team=team,
            title=title,
            slug=title.lower().replace(" ", "-")[:200],
            context=text,
            visibility=visibility,
            created_by=actor,
        )
    raise AssertionError(kind)
