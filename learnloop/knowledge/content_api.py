"""Playbooks, decision notes and reuse in the JSON API. An edit on an older version answers 409."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from learnloop.core.web import Id, answers, paged
from learnloop.knowledge import reuse, selectors, services
from learnloop.knowledge.models import DecisionNote, Playbook, PlaybookRevision, ReuseEvent
from learnloop.knowledge.reuse import ItemReuse
from learnloop.knowledge.services.playbooks import DEFAULT_REVIEW_DAYS
from learnloop.knowledge.views.reuse import item_for
from learnloop.loops.api.shared import PersonRef, team_filter
from learnloop.loops.models import ActionItem, Change, Lesson, Visibility
from learnloop.loops.selectors import visible
from learnloop.people.api import TeamRef, actor
from learnloop.people.selectors import get_team_for

router = Router()

DecisionStatus = Literal["proposed", "accepted", "superseded"]
ReuseKind = Literal["playbook", "decision", "lesson"]


class ReuseOut(Schema):
    opened: int
    applied: int
    cited: int
    teams: int = Field(description="How many other teams opened, applied or cited it.")


# --- Playbooks ----------------------------------------------------------------------------------


class PlaybookOut(Schema):
    id: int
    slug: str = Field(description="The stable external id, also the file name in docs-as-code folders.")
    title: str
    team: TeamRef
    visibility: Visibility
    review_by: datetime.date
    stale: bool
    version: int = Field(description="Send it back with PATCH: an edit based on an older version is refused (409).")
    updated_at: datetime.datetime

    @staticmethod
    def resolve_stale(playbook: Playbook) -> bool:
        return selectors.is_stale(playbook)


class PlaybookDetail(PlaybookOut):
    body: str = Field(description="Markdown.")
    tags: list[str]
    revisions: int
    reuse: ReuseOut

    @staticmethod
    def resolve_tags(playbook: Playbook) -> list[str]:
        return sorted(playbook.tags.values_list("name", flat=True))

    @staticmethod
    def resolve_revisions(playbook: Playbook) -> int:
        return playbook.revisions.count()

    @staticmethod
    def resolve_reuse(playbook: Playbook) -> ItemReuse:
        return reuse.item_reuse("playbook", playbook.pk)


class PlaybookIn(Schema):
    team: str = Field(description="The owning team's slug.")
    title: str
    body: str = ""
    review_by: datetime.date | None = Field(None, description="Default: 180 days from today.")
    visibility: Visibility = Visibility.TEAM
    tags: list[str] = []
    note: str = ""
    change_id: int | None = Field(None, description="A change recorded on an action item this text writes down.")


class PlaybookChange(Schema):
    version: int
    title: str | None = None
    body: str | None = None
    review_by: datetime.date | None = None
    visibility: Visibility | None = None
    tags: list[str] | None = None
    note: str = ""
    change_id: int | None = None


class RevisionOut(Schema):
    number: int
    title: str
    note: str
    author: PersonRef | None
    change_id: int | None
    action_item_id: int | None = Field(description="The action item whose change this revision wrote down, if shared.")
    created_at: datetime.datetime

    @staticmethod
    def resolve_action_item_id(revision: PlaybookRevision, context: dict[str, Any]) -> int | None:
        if revision.change_id is None:
            return None
        lessons = visible(Lesson.objects.all(), actor(context["request"]))
        item = ActionItem.objects.filter(change_id=revision.change_id, lesson__in=lessons).first()
        return item.pk if item else None


class RevisionDetail(RevisionOut):
    body: str


def _change(request: HttpRequest, change_id: int | None) -> Change | None:
    if change_id is None:
        return None
    change = Change.objects.filter(pk=change_id).first()
    if change is None:
        raise ValidationError({"change_id": "There is no recorded change with that number that you can see."})
    return change


@router.get("/playbooks", response=list[PlaybookOut], tags=["knowledge"], summary="List playbooks")
@paged
def playbook_list(request: HttpRequest, team: str = "", stale: bool = False) -> QuerySet[Playbook]:
    """Playbooks the token's person may read, by title. `stale=true`: only those past their review-by date."""
    playbooks = selectors.stale_playbooks(actor(request)) if stale else selectors.playbooks_visible_to(actor(request))
    selected = team_filter(request, team)
    if selected is not None:
        playbooks = playbooks.filter(team=selected)
    return playbooks.select_related("team").order_by("title", "id")


@router.post("/playbooks", response={201: PlaybookDetail}, tags=["knowledge"], summary="Write a playbook")
def playbook_create(request: HttpRequest, payload: PlaybookIn) -> Status:
    team = get_team_for(actor(request), payload.team)
    playbook = services.playbook_create(
        actor=actor(request),
        team=team,
        title=payload.title,
        body=payload.body,
        review_by=payload.review_by,
        visibility=payload.visibility,
        tags=payload.tags,
        note=payload.note,
        change=_change(request, payload.change_id),
    )
    return Status(201, playbook)


@router.get("/playbooks/{int:playbook_id}", response=PlaybookDetail, tags=["knowledge"], summary="Read a playbook")
def playbook_detail(request: HttpRequest, playbook_id: Id) -> Playbook:
    return selectors.get_playbook_for(actor(request), playbook_id)


@router.patch(
    "/playbooks/{int:playbook_id}",
    response=PlaybookDetail,
    tags=["knowledge"],
    summary="Edit a playbook",
    openapi_extra=answers(409),
)
def playbook_update(request: HttpRequest, playbook_id: Id, payload: PlaybookChange) -> Playbook:
    """Members of the owning team. Fields left out keep their value. If the playbook was saved since
    `version`, nothing is changed and the answer is 409: read it again, merge, resend."""
    playbook = selectors.get_playbook_for(actor(request), playbook_id, write=True)
    services.playbook_update(
        actor=actor(request),
        playbook=playbook,
        version=payload.version,
        title=playbook.title if payload.title is None else payload.title,
        body=playbook.body if payload.body is None else payload.body,
        review_by=payload.review_by or playbook.review_by,
        visibility=payload.visibility or playbook.visibility,
        tags=payload.tags,
        note=payload.note,
        change=_change(request, payload.change_id),
    )
    return selectors.get_playbook_for(actor(request), playbook_id)


@router.post(
    "/playbooks/{int:playbook_id}/reviewed",
    response=PlaybookDetail,
    tags=["knowledge"],
    summary="Mark a playbook as still right",
)
def playbook_reviewed(request: HttpRequest, playbook_id: Id, days: int = DEFAULT_REVIEW_DAYS) -> Playbook:
    """The text was checked: the next review is due in `days` days (default 180). The version does not change."""
    playbook = selectors.get_playbook_for(actor(request), playbook_id, write=True)
    services.playbook_mark_reviewed(actor=actor(request), playbook=playbook, days=days)
    return selectors.get_playbook_for(actor(request), playbook_id)


@router.get(
    "/playbooks/{int:playbook_id}/revisions",
    response=list[RevisionOut],
    tags=["knowledge"],
    summary="A playbook's revisions",
)
def playbook_revisions(request: HttpRequest, playbook_id: Id) -> QuerySet[PlaybookRevision]:
    playbook = selectors.get_playbook_for(actor(request), playbook_id)
    return playbook.revisions.select_related("author").order_by("-number")


@router.get(
    "/playbooks/{int:playbook_id}/revisions/{int:number}",
    response=RevisionDetail,
    tags=["knowledge"],
    summary="One revision's text",
)
def playbook_revision(request: HttpRequest, playbook_id: Id, number: int) -> PlaybookRevision:
    playbook = selectors.get_playbook_for(actor(request), playbook_id)
    return selectors.get_revision_for(playbook, number)


# --- Decision notes -----------------------------------------------------------------------------


class DecisionOut(Schema):
    id: int
    slug: str
    title: str
    team: TeamRef
    status: DecisionStatus
    superseded_by_id: int | None = Field(description="The note that replaces this one (status superseded).")
    review_on: datetime.date | None
    visibility: Visibility
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime


class DecisionDetail(DecisionOut):
    context: str
    options: str
    decision: str
    consequences: str
    tags: list[str]
    reuse: ReuseOut

    @staticmethod
    def resolve_tags(note: DecisionNote) -> list[str]:
        return sorted(note.tags.values_list("name", flat=True))

    @staticmethod
    def resolve_reuse(note: DecisionNote) -> ItemReuse:
        return reuse.item_reuse("decision", note.pk)


class DecisionIn(Schema):
    team: str
    title: str
    context: str = ""
    options: str = ""
    decision: str = ""
    consequences: str = ""
    status: DecisionStatus = "proposed"
    superseded_by_id: int | None = None
    review_on: datetime.date | None = None
    visibility: Visibility = Visibility.TEAM
    tags: list[str] = []


class DecisionChange(Schema):
    version: int
    title: str | None = None
    context: str | None = None
    options: str | None = None
    decision: str | None = None
    consequences: str | None = None
    status: DecisionStatus | None = None
    superseded_by_id: int | None = Field(None, description="Required with status superseded; else left out.")
    review_on: datetime.date | None = None
    visibility: Visibility | None = None
    tags: list[str] | None = None


def _successor(request: HttpRequest, pk: int | None) -> DecisionNote | None:
    if pk is None:
        return None
    note = selectors.decisions_visible_to(actor(request)).filter(pk=pk).first()
    if note is None:
        raise ValidationError({"superseded_by_id": f"There is no decision note #{pk} that you can see."})
    return note


@router.get("/decisions", response=list[DecisionOut], tags=["knowledge"], summary="List decision notes")
@paged
def decision_list(request: HttpRequest, team: str = "", status: str = "") -> QuerySet[DecisionNote]:
    notes = selectors.decisions_visible_to(actor(request)).select_related("team")
    selected = team_filter(request, team)
    if selected is not None:
        notes = notes.filter(team=selected)
    if status:
        notes = notes.filter(status=status)
    return notes.order_by("-created_at", "-id")


@router.post("/decisions", response={201: DecisionDetail}, tags=["knowledge"], summary="Write a decision note")
def decision_create(request: HttpRequest, payload: DecisionIn) -> Status:
    team = get_team_for(actor(request), payload.team)
    fields = payload.model_dump(exclude={"team", "superseded_by_id"})
    note = services.decision_create(
        actor=actor(request), team=team, superseded_by=_successor(request, payload.superseded_by_id), **fields
    )
    return Status(201, note)


@router.get("/decisions/{int:note_id}", response=DecisionDetail, tags=["knowledge"], summary="Read a decision note")
def decision_detail(request: HttpRequest, note_id: Id) -> DecisionNote:
    return selectors.get_decision_for(actor(request), note_id)


@router.patch(
    "/decisions/{int:note_id}",
    response=DecisionDetail,
    tags=["knowledge"],
    summary="Edit a decision note",
    openapi_extra=answers(409),
)
def decision_update(request: HttpRequest, note_id: Id, payload: DecisionChange) -> DecisionNote:
    """Fields left out keep their value, except `superseded_by_id`, which is cleared unless sent.
    If the note was saved since `version`, nothing is changed and the answer is 409."""
    note = selectors.get_decision_for(actor(request), note_id, write=True)
    sent = payload.model_dump(exclude={"version", "superseded_by_id"}, exclude_none=True)
    current = {
        name: getattr(note, name)
        for name in ("title", "context", "options", "decision", "consequences", "status", "review_on", "visibility")
    }
    tags = sent.pop("tags", None)
    services.decision_update(
        actor=actor(request),
        note=note,
        version=payload.version,
        superseded_by=_successor(request, payload.superseded_by_id),
        tags=tags,
        **{**current, **sent},
    )
    return selectors.get_decision_for(actor(request), note_id)


# --- Reuse --------------------------------------------------------------------------------------


class ReuseIn(Schema):
    kind: ReuseKind
    id: int
    action: Literal["applied", "cited"]
    where: str = Field("", description="Where it was cited (required for `cited`).")


class ReuseRecorded(Schema):
    counted: bool = Field(description="False when the person belongs to the owning team or already did this today.")


class TeamReuseOut(Schema):
    team: TeamRef | None = Field(description="Null for the organization as a whole.")
    shared_items: int
    reused_items: int
    applied_items: int
    rate: float | None = Field(description="reused_items / shared_items; null with nothing shared.")
    applied_rate: float | None


class ReuseFigures(Schema):
    start: datetime.date
    end: datetime.date
    organization: TeamReuseOut
    teams: list[TeamReuseOut]


@router.post("/reuse", response={201: ReuseRecorded}, tags=["knowledge"], summary='Say "we used this" or cite it')
def reuse_mark(request: HttpRequest, payload: ReuseIn) -> Status:
    try:
        item, _route = item_for(actor(request), payload.kind, payload.id)
    except Http404:
        raise
    event = services.reuse_record(
        actor=actor(request), item=item, action=ReuseEvent.Action(payload.action), where=payload.where
    )
    return Status(201, {"counted": event is not None})


@router.get(
    "/reuse/teams",
    response=ReuseFigures,
    tags=["knowledge"],
    summary="Cross-team reuse rates",
    openapi_extra=answers(400),
)
def reuse_teams(request: HttpRequest, days: int = reuse.DEFAULT_WINDOW_DAYS) -> dict[str, Any]:
    """Per owning team and for the organization, over the last `days` days (1 to 3660)."""
    if not 1 <= days <= 3660:
        raise ValidationError({"days": "Give a window of 1 to 3660 days."})
    start, end = reuse.window(days)
    teams, organization = reuse.team_reuse(start=start, end=end)
    return {"start": start, "end": end, "organization": organization, "teams": teams}
