"""The equity app's endpoints of the JSON API: opportunities, applications, the distribution audit."""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from learnloop.core.access import require
from learnloop.core.web import Id, answers, paged, values_of
from learnloop.equity import selectors, services
from learnloop.equity.distribution import distribution_audit
from learnloop.equity.models import Application, Kind, Opportunity
from learnloop.equity.participation import participation_by_group
from learnloop.equity.rules import ANALYST, DECIDE_APPLICATIONS
from learnloop.people.models import Person, Team

router = Router()

OpportunityStatus = Annotated[Opportunity.Status, values_of(Opportunity.Status)]
ApplicationStatus = Annotated[Application.Status, values_of(Application.Status)]


def actor(request: HttpRequest) -> Person:
    """The person whose access token authenticated the request (see learnloop.api.auth)."""
    return cast(Person, request.auth)  # type: ignore[attr-defined]


class OpportunityOut(Schema):
    id: int
    title: str
    kind: Kind
    description: str
    skills: list[str] = Field(description="Skills it builds.")
    capacity: int
    deadline: datetime.date
    status: OpportunityStatus
    eligible_teams: list[str] = Field(description="Team slugs (each with the teams under it); empty: every team.")
    min_level: int | None = Field(description="Lowest eligible level of the team tree (0 = top-level teams).")
    max_level: int | None
    posted_by: str

    @staticmethod
    def resolve_skills(opportunity: Opportunity) -> list[str]:
        return opportunity.skill_list

    @staticmethod
    def resolve_eligible_teams(opportunity: Opportunity) -> list[str]:
        return [team.slug for team in opportunity.eligible_teams.all()]

    @staticmethod
    def resolve_posted_by(opportunity: Opportunity) -> str:
        return opportunity.posted_by.display_name


class OpportunityIn(Schema):
    title: str
    kind: Kind
    capacity: int = Field(ge=1, le=1000)
    deadline: datetime.date
    description: str = ""
    skills: list[str] = []
    eligible_teams: list[str] = Field(default=[], description="Team slugs; empty opens it to every team.")
    min_level: int | None = Field(default=None, ge=0)
    max_level: int | None = Field(default=None, ge=0)


class ApplicationOut(Schema):
    id: int
    opportunity_id: int
    person_id: int
    person: str
    motivation: str
    status: ApplicationStatus
    rationale: str
    decided_at: datetime.datetime | None

    @staticmethod
    def resolve_person(application: Application) -> str:
        return application.person.display_name


class ApplyIn(Schema):
    motivation: str = ""


class ApplicationDecisionIn(Schema):
    decision: Literal["award", "decline"]
    rationale: str = Field(min_length=1, description="Why; recorded with the decision and shown to the applicant.")


class AuditGroupOut(Schema):
    group: str
    headcount: int | None
    reached: int | None
    records: int | None
    mean: float | None
    representation_ratio: float | None
    selection_rate: float | None
    adverse_impact_ratio: float | None
    suppressed: bool
    reasons: dict[str, str] = Field(
        description="Why a figure is null, by field (hidden to protect people, or not comparable)."
    )


class AuditOut(Schema):
    gini: float | None
    theil: float | None
    theil_between: float | None
    theil_within: float | None
    groups: list[AuditGroupOut]
    reasons: dict[str, str] = Field(description="Why an index is null, by field.")


class AuditQuery(Schema):
    by: str = Field(description='A sensitive attribute (e.g. "Gender") or "team-level:N" (0 = top-level teams).')
    min_count: int = Field(default=1, ge=1, description="Records that make a person count as selected.")
    start: datetime.date | None = Field(default=None, description="With end: a whole calendar quarter or year.")
    end: datetime.date | None = None
    kind: str | None = Field(default=None, description="Records of this kind only; default every kind.")


class ParticipationGroupOut(Schema):
    group: str
    headcount: int | None
    participants: int | None
    contributors: int | None
    named_cards: int | None
    ideas_adopted: int | None
    ideas_changed: int | None
    contribution_rate: float | None
    adoption_rate: float | None
    suppressed: bool
    reasons: dict[str, str] = Field(description="Why a figure is null, by field.")


class ParticipationQuery(Schema):
    by: str
    start: datetime.date | None = None
    end: datetime.date | None = None


def _opportunity(opportunity: Opportunity) -> Opportunity:
    return Opportunity.objects.select_related("posted_by").prefetch_related("eligible_teams").get(pk=opportunity.pk)


@router.get(
    "/opportunities", response=list[OpportunityOut], tags=["opportunities"], summary="Opportunities open to you"
)
@paged
def opportunity_list(request: HttpRequest, show: Literal["open", "all"] = "open") -> QuerySet[Opportunity]:
    return selectors.opportunities_for(actor(request), show=show).prefetch_related("eligible_teams")


@router.post("/opportunities", response={201: OpportunityOut}, tags=["opportunities"], summary="Post an opportunity")
def opportunity_create(request: HttpRequest, payload: OpportunityIn) -> Status:
    teams = list(Team.objects.filter(slug__in=payload.eligible_teams))
    missing = set(payload.eligible_teams) - {team.slug for team in teams}
    if missing:
        raise ValidationError({"eligible_teams": [f"No such team: {', '.join(sorted(missing))}."]})
    opportunity = services.opportunity_post(
        actor=actor(request),
        title=payload.title,
        kind=payload.kind,
        capacity=payload.capacity,
        deadline=payload.deadline,
        description=payload.description,
        skills=", ".join(payload.skills),
        teams=teams,
        min_level=payload.min_level,
        max_level=payload.max_level,
    )
    return Status(201, _opportunity(opportunity))


@router.get("/opportunities/{int:opportunity_id}", response=OpportunityOut, tags=["opportunities"], summary="One")
def opportunity_get(request: HttpRequest, opportunity_id: Id) -> Opportunity:
    return _opportunity(selectors.get_opportunity_for(actor(request), opportunity_id))


@router.get(
    "/opportunities/{int:opportunity_id}/applications",
    response=list[ApplicationOut],
    tags=["opportunities"],
    summary="Its applications (the poster and admins)",
    openapi_extra=answers(403),
)
def application_list(request: HttpRequest, opportunity_id: Id) -> QuerySet[Application]:
    opportunity = selectors.get_opportunity_for(actor(request), opportunity_id)
    require(actor(request), DECIDE_APPLICATIONS, opportunity)
    return selectors.applications_of(opportunity)


@router.post(
    "/opportunities/{int:opportunity_id}/applications",
    response={201: ApplicationOut},
    tags=["opportunities"],
    summary="Apply",
)
def application_create(request: HttpRequest, opportunity_id: Id, payload: ApplyIn) -> Status:
    opportunity = selectors.get_opportunity_for(actor(request), opportunity_id)
    application = services.application_submit(
        actor=actor(request), opportunity=opportunity, motivation=payload.motivation
    )
    return Status(201, application)


@router.post(
    "/applications/{int:application_id}/decision",
    response=ApplicationOut,
    tags=["opportunities"],
    summary="Award or decline, with the rationale",
)
def application_decision(request: HttpRequest, application_id: Id, payload: ApplicationDecisionIn) -> Application:
    application = selectors.get_application_for(actor(request), application_id)
    if not DECIDE_APPLICATIONS.allows(actor(request), application.opportunity):
        raise PermissionDenied("Only the person who posted it (or an admin) decides.")
    return services.application_decide(
        actor=actor(request), application=application, award=payload.decision == "award", rationale=payload.rationale
    )


@router.post(
    "/applications/{int:application_id}/withdraw", response=ApplicationOut, tags=["opportunities"], summary="Withdraw"
)
def application_withdraw(request: HttpRequest, application_id: Id) -> Application:
    application = selectors.get_application_for(actor(request), application_id)
    return services.application_withdraw(actor=actor(request), application=application)


@router.get(
    "/equity/audit",
    response=AuditOut,
    tags=["equity audit"],
    summary="Distribution audit (analysts)",
    openapi_extra=answers(400, 403),
)
def audit(request: HttpRequest, query: Query[AuditQuery]) -> dict[str, Any]:
    require(actor(request), ANALYST)
    report = distribution_audit(
        actor=actor(request), by=query.by, min_count=query.min_count, start=query.start, end=query.end, kind=query.kind
    )
    return report.as_dict()


@router.get(
    "/equity/participation",
    response=list[ParticipationGroupOut],
    tags=["equity audit"],
    summary="Participation and idea adoption by group (analysts)",
    openapi_extra=answers(400, 403),
)
def participation(request: HttpRequest, query: Query[ParticipationQuery]) -> list[dict[str, Any]]:
    groups = participation_by_group(actor=actor(request), by=query.by, start=query.start, end=query.end)
    return [group.as_dict() for group in groups]
