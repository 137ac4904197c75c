"""The voice app's endpoints of the JSON API: pulses with guarded results, anonymous questions.

Results come from the same guard and the same viewer rules as the pages; no endpoint returns a
single response, a participation list or anything naming who asked or voted.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.responses import Status

from learnloop.core.anonymity import FilterRefused
from learnloop.core.web import Id, answers, paged, values_of
from learnloop.people.api import TeamRef, actor
from learnloop.people.models import Team
from learnloop.people.selectors import get_team_for
from learnloop.voice import questions, selectors, services
from learnloop.voice.models import PulseRun, Question
from learnloop.voice.results import GroupResult
from learnloop.voice.rules import answers_for

router = Router()

QuestionStatus = Annotated[Question.Status, values_of(Question.Status)]


class ItemOut(Schema):
    id: int
    position: int
    text: str
    construct_name: str = Field(description="The scale or building block the item measures.")
    reverse_scored: bool

    @staticmethod
    def resolve_construct_name(item: Any) -> str:
        return str(item.construct)


class PulseOut(Schema):
    id: int
    title: str
    instrument: str = Field(description="The instrument's name.")
    points: int = Field(description="Answers run from 1 to this number.")
    opens_on: datetime.date
    closes_on: datetime.date
    closed: bool = Field(description="True once the run takes no more answers: closed early or past its closing day.")
    state: Literal["scheduled", "open", "finished"] = Field(
        description="`scheduled` before the opening day, `open`, or `finished` (closed early or past the closing day)."
    )
    segment_label: str
    segment_choices: list[str]

    @staticmethod
    def resolve_closed(run: PulseRun) -> bool:
        return run.is_finished(timezone.localdate())

    @staticmethod
    def resolve_state(run: PulseRun) -> str:
        return run.state(timezone.localdate())

    @staticmethod
    def resolve_instrument(run: PulseRun) -> str:
        return run.instrument.name

    @staticmethod
    def resolve_points(run: PulseRun) -> int:
        return run.instrument.points


class PulseDetail(PulseOut):
    items: list[ItemOut]
    answered: bool = Field(description="Whether the token's person has answered (never what).")

    @staticmethod
    def resolve_items(run: PulseRun) -> list[Any]:
        return list(run.instrument.items.all())


class ConstructOut(Schema):
    name: str
    respondents: int
    mean: float | None
    ci_low: float | None = Field(description="95% confidence interval (t-distribution); null below two answers.")
    ci_high: float | None
    favourable: float | None = Field(description="Share of answers above the scale's middle.")
    distribution: list[int] = Field(description="Answers per score 1..points, reverse-scored items turned around.")
    cronbach_alpha: float | None


class ResultGroupOut(Schema):
    kind: str = Field(description="`organization`, `team`, or `segment` (analysts and admins only).")
    team: TeamRef | None
    segment: str
    shown: bool = Field(description="False when the anonymity guard holds the group back; then all else is null.")
    respondents: int | None
    response_rate: float | None
    constructs: list[ConstructOut] | None


class ResultsOut(Schema):
    minimum: int = Field(description="The smallest group whose results are shown.")
    groups: list[ResultGroupOut]


class AnswerIn(Schema):
    scores: dict[int, int] = Field(description="Item id → score (1..points), for every item.")
    comments: dict[int, str] = Field(default_factory=dict, description="Item id → an optional comment.")
    segment: str = ""


class QuestionOut(Schema):
    id: uuid.UUID
    to: Question.To
    team: TeamRef | None
    manager: str | None = Field(description="The addressed manager's name.")
    text: str
    asked_on: datetime.date = Field(description="The day only: there is no time, and no asker.")
    votes: int
    status: QuestionStatus
    answer: str
    answered_by: str | None
    answered_on: datetime.date | None

    @staticmethod
    def resolve_manager(question: Question) -> str | None:
        return str(question.manager) if question.manager else None

    @staticmethod
    def resolve_answered_by(question: Question) -> str | None:
        return str(question.answered_by) if question.answered_by else None


class QuestionIn(Schema):
    to: Question.To
    text: str
    team: str = Field("", description="The team's slug, when asking a team (one of your own).")
    manager_id: int | None = Field(None, description="The manager's person id, when asking a manager.")


class QuestionAnswerIn(Schema):
    status: QuestionStatus
    answer: str = Field(description="The answer; for `wont_do`, the reason.")


class HideIn(Schema):
    reason: str


def group_out(group: GroupResult) -> dict[str, Any]:
    kind = "organization" if group.cell is None and not group.segment else "segment" if group.segment else "team"
    team = Team(slug="", name=group.cell.name) if group.cell is not None else None
    if group.cell is not None and team is not None:
        team.slug = group.cell.team.slug
    constructs = None
    if group.shown:
        constructs = [
            {
                "name": c.name,
                "respondents": c.summary.n,
                "mean": c.summary.mean,
                "ci_low": c.summary.low,
                "ci_high": c.summary.high,
                "favourable": c.favourable,
                "distribution": c.distribution,
                "cronbach_alpha": c.alpha,
            }
            for c in group.constructs
        ]
    return {
        "kind": kind,
        "team": team,
        "segment": group.segment,
        "shown": group.shown,
        "respondents": group.respondents,
        "response_rate": group.response_rate if not group.segment else None,
        "constructs": constructs,
    }


@router.get("/pulses", response=list[PulseOut], tags=["pulses"], summary="Pulses, newest first")
@paged
def pulse_list(request: HttpRequest) -> QuerySet[PulseRun]:
    """Runs the token's person was asked to answer or manages teams in; all runs for analysts and admins."""
    return selectors.runs_for(actor(request))


@router.get("/pulses/{int:run_id}", response=PulseDetail, tags=["pulses"], summary="A pulse and its items")
def pulse_get(request: HttpRequest, run_id: Id) -> PulseRun:
    run = selectors.get_run_for(actor(request), run_id)
    run.answered = selectors.has_answered(run, actor(request))  # type: ignore[attr-defined]
    return run


@router.get(
    "/pulses/{int:run_id}/results",
    response=ResultsOut,
    tags=["pulses"],
    summary="Guarded results",
    openapi_extra=answers(400),
)
def pulse_results(request: HttpRequest, run_id: Id, segment: str = "") -> dict[str, Any]:
    """What the guard released, limited to the groups this person may see (as on the page).
    `segment` (analysts and admins) keeps one answer of the run's question about people; it is
    refused with 400 when it selects, or leaves outside it, fewer than the minimum."""
    run = selectors.get_run_for(actor(request), run_id)
    try:
        viewed = selectors.results_for(actor(request), run, segment=segment)
    except FilterRefused as refused:
        raise ValidationError({"segment": str(refused)}) from None
    return {"minimum": viewed.results.minimum, "groups": [group_out(group) for group in viewed.groups]}


@router.post("/pulses/{int:run_id}/answers", response={204: None}, tags=["pulses"], summary="Answer a pulse")
def pulse_answer(request: HttpRequest, run_id: Id, payload: AnswerIn) -> Status:
    """Once per person, every item scored. Stored without a name, with the day only."""
    run = selectors.get_run_for(actor(request), run_id)
    services.pulse_answer(
        actor=actor(request), run=run, scores=payload.scores, comments=payload.comments, segment=payload.segment
    )
    return Status(204, None)


@router.get("/questions", response=list[QuestionOut], tags=["questions"], summary="Anonymous questions")
@paged
def question_list(request: HttpRequest) -> QuerySet[Question]:
    """The questions this person may see, most upvoted first; hidden ones are left out."""
    return questions.visible_questions(actor(request))


@router.post("/questions", response={201: QuestionOut}, tags=["questions"], summary="Ask without your name")
def question_ask(request: HttpRequest, payload: QuestionIn) -> Status:
    person = actor(request)
    team = get_team_for(person, payload.team) if payload.team else None
    manager = questions.managers().filter(pk=payload.manager_id).first() if payload.manager_id else None
    question = questions.question_ask(actor=person, to=payload.to, text=payload.text, team=team, manager=manager)
    return Status(201, question)


@router.post("/questions/{question_id}/upvote", response=QuestionOut, tags=["questions"], summary="Upvote")
def question_upvote(request: HttpRequest, question_id: str) -> Question:
    """One vote per person; the vote is stored under a key that names nobody."""
    question = questions.get_question_for(actor(request), question_id)
    return questions.question_upvote(actor=actor(request), question=question)


@router.post("/questions/{question_id}/answer", response=QuestionOut, tags=["questions"], summary="Answer")
def question_answer(request: HttpRequest, question_id: str, payload: QuestionAnswerIn) -> Question:
    """The addressee (a team's managers, the manager asked, admins for the organization)."""
    question = questions.get_question_for(actor(request), question_id)
    return questions.question_answer(
        actor=actor(request), question=question, status=payload.status, answer=payload.answer
    )


@router.post("/questions/{question_id}/hide", response=QuestionOut, tags=["questions"], summary="Hide")
def question_hide(request: HttpRequest, question_id: str, payload: HideIn) -> Question:
    """Moderation by the addressee or an admin, with a reason the audit log keeps."""
    question = questions.get_question_for(actor(request), question_id)
    if not answers_for(actor(request), question):
        raise PermissionDenied("Only admins and the addressee moderate a question.")
    return questions.question_hide(actor=actor(request), question=question, reason=payload.reason)
