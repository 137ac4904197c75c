"""Reads of opportunities and applications that pages, API and CLI share."""

from __future__ import annotations

import datetime

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from learnloop.equity.models import Application, LearningRecord, Opportunity
from learnloop.people.models import Person, Team


def _team_fits(team: Team, opportunity: Opportunity, eligible: list[Team]) -> bool:
    if opportunity.min_level is not None and team.depth < opportunity.min_level:
        return False
    if opportunity.max_level is not None and team.depth > opportunity.max_level:
        return False
    return not eligible or any(team.path.startswith(root.path) for root in eligible)


def is_eligible(person: Person, opportunity: Opportunity) -> bool:
    """Whether one of the person's teams is among the eligible teams (or under one) at an eligible level.

    An opportunity that names no teams and no levels is open to everyone in a team.
    """
    eligible = list(opportunity.eligible_teams.all())
    teams = Team.objects.filter(memberships__person=person)
    return any(_team_fits(team, opportunity, eligible) for team in teams)


def eligible_opportunity_ids(person: Person) -> set[int]:
    """The open or closed opportunities this person is eligible for, in a fixed number of queries."""
    teams = list(Team.objects.filter(memberships__person=person))
    if not teams:
        return set()
    opportunities = Opportunity.objects.prefetch_related("eligible_teams")
    return {
        opportunity.pk
        for opportunity in opportunities
        if any(_team_fits(team, opportunity, list(opportunity.eligible_teams.all())) for team in teams)
    }


def opportunities_for(viewer: Person, *, show: str = "open") -> QuerySet[Opportunity]:
    """Opportunities the viewer may apply for, plus those they posted (admins see every one).

    `show` is "open" (still taking applications: open and the deadline not past) or "all".
    """
    opportunities = Opportunity.objects.select_related("posted_by").annotate(
        awarded=Count("applications", filter=Q(applications__status=Application.Status.AWARDED)),
        applicants=Count("applications", filter=~Q(applications__status=Application.Status.WITHDRAWN)),
    )
    if not viewer.is_admin:
        opportunities = opportunities.filter(Q(pk__in=eligible_opportunity_ids(viewer)) | Q(posted_by=viewer))
    if show == "open":
        opportunities = opportunities.filter(status=Opportunity.Status.OPEN, deadline__gte=timezone.localdate())
    return opportunities.order_by("deadline", "id")


def get_opportunity_for(viewer: Person, pk: int) -> Opportunity:
    """An opportunity the viewer may see: eligible, the poster, or an admin; else 404."""
    try:
        opportunity = Opportunity.objects.select_related("posted_by").get(pk=pk)
    except Opportunity.DoesNotExist:
        raise Http404("No such opportunity.") from None
    if viewer.is_admin or opportunity.posted_by_id == viewer.pk or is_eligible(viewer, opportunity):
        return opportunity
    raise Http404("No such opportunity.")


def applications_of(opportunity: Opportunity) -> QuerySet[Application]:
    """The applications, each with `recent_records`: the applicant's learning records in the last
    year, so whoever decides can see who has had little so far."""
    year_ago = timezone.localdate() - datetime.timedelta(days=365)
    recent = (
        LearningRecord.objects.filter(person=OuterRef("person"), occurred_on__gte=year_ago)
        .order_by()
        .values("person")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        opportunity.applications.select_related("person", "decided_by")
        .annotate(recent_records=Coalesce(Subquery(recent), 0))
        .order_by("created_at", "id")
    )


def get_application_for(viewer: Person, pk: int) -> Application:
    """An application its applicant, the opportunity's poster or an admin may see; else 404."""
    try:
        application = Application.objects.select_related("opportunity", "person").get(pk=pk)
    except Application.DoesNotExist:
        raise Http404("No such application.") from None
    if viewer.is_admin or viewer.pk in {application.person_id, application.opportunity.posted_by_id}:
        return application
    raise Http404("No such application.")


def is_taking_applications(opportunity: Opportunity) -> bool:
    return opportunity.status == Opportunity.Status.OPEN and opportunity.deadline >= timezone.localdate()
