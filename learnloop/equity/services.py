"""Writes for opportunities: posting, applying, withdrawing, deciding (awards become learning records)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from learnloop.core import audit
from learnloop.core.access import require
from learnloop.equity.models import Application, LearningRecord, Opportunity
from learnloop.equity.rules import DECIDE_APPLICATIONS, POST_OPPORTUNITY
from learnloop.equity.selectors import is_eligible, is_taking_applications
from learnloop.people.models import Person, Team


def opportunity_post(
    *,
    actor: Any,
    title: str,
    kind: str,
    capacity: int,
    deadline: datetime.date,
    description: str = "",
    skills: str = "",
    teams: Iterable[Team] = (),
    min_level: int | None = None,
    max_level: int | None = None,
) -> Opportunity:
    """Post an opportunity, open at once to everyone it names as eligible."""
    require(actor, POST_OPPORTUNITY)
    if not isinstance(actor, Person):
        raise PermissionDenied("An opportunity is posted by a person, who then selects among the applicants.")
    opportunity = Opportunity(
        title=title.strip(),
        kind=kind,
        capacity=capacity,
        deadline=deadline,
        description=description.strip(),
        skills=", ".join(skill.strip() for skill in skills.split(",") if skill.strip()),
        min_level=min_level,
        max_level=max_level,
        posted_by=actor,
    )
    errors: dict[str, list[str]] = {}
    if deadline < timezone.localdate():
        errors["deadline"] = ["The deadline has passed already; pick today or a later day."]
    if min_level is not None and max_level is not None and min_level > max_level:
        errors["max_level"] = ["The highest level cannot be below the lowest level."]
    try:
        opportunity.full_clean(exclude=["posted_by"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        opportunity.save()
        team_list = list(teams)
        opportunity.eligible_teams.set(team_list)
        audit.record(
            actor=actor,
            action="equity.opportunity_post",
            target=opportunity,
            changes={"kind": kind, "capacity": capacity, "teams": [team.slug for team in team_list]},
        )
    return opportunity


def opportunity_close(*, actor: Any, opportunity: Opportunity) -> Opportunity:
    require(actor, DECIDE_APPLICATIONS, opportunity)
    with transaction.atomic():
        opportunity.status = Opportunity.Status.CLOSED
        opportunity.save(update_fields=["status"])
        audit.record(actor=actor, action="equity.opportunity_close", target=opportunity)
    return opportunity


def application_submit(*, actor: Any, opportunity: Opportunity, motivation: str = "") -> Application:
    """Apply for an opportunity one is eligible for, while it is open and before its deadline."""
    if not isinstance(actor, Person):
        raise PermissionDenied("Only a person can apply.")
    if not is_eligible(actor, opportunity):
        raise PermissionDenied("This opportunity is not open to your teams.")
    if not is_taking_applications(opportunity):
        raise ValidationError("Applications for this opportunity are closed.")
    if opportunity.posted_by_id == actor.pk:
        raise ValidationError("You posted this opportunity, so you decide on it: you cannot also apply.")
    with transaction.atomic():
        application, created = Application.objects.select_for_update().get_or_create(
            opportunity=opportunity, person=actor, defaults={"motivation": motivation.strip()}
        )
        if not created:
            if application.status != Application.Status.WITHDRAWN:
                raise ValidationError("You have applied for this already.")
            application.status = Application.Status.APPLIED
            application.motivation = motivation.strip()
            application.save(update_fields=["status", "motivation"])
        audit.record(actor=actor, action="equity.application_submit", target=application)
    return application


def application_withdraw(*, actor: Any, application: Application) -> Application:
    if not isinstance(actor, Person) or application.person_id != actor.pk:
        raise PermissionDenied("Only the applicant can withdraw an application.")
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != Application.Status.APPLIED:
            raise ValidationError("Only a pending application can be withdrawn.")
        application.status = Application.Status.WITHDRAWN
        application.save(update_fields=["status"])
        audit.record(actor=actor, action="equity.application_withdraw", target=application)
    return application


def application_decide(*, actor: Any, application: Application, award: bool, rationale: str) -> Application:
    """Award an application (it becomes a learning record) or decline it, always with a rationale.

    The opportunity row is locked so two awards at once can never exceed its capacity.
    """
    rationale = rationale.strip()
    opportunity = Opportunity.objects.select_related("posted_by").get(pk=application.opportunity_id)
    require(actor, DECIDE_APPLICATIONS, opportunity)
    if not rationale:
        raise ValidationError({"rationale": ["Say why: every decision records its rationale."]})
    with transaction.atomic():
        Opportunity.objects.select_for_update().filter(pk=opportunity.pk).first()
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != Application.Status.APPLIED:
            raise ValidationError(f"This application is {application.get_status_display().lower()} already.")
        now = timezone.now()
        if award:
            awarded = Application.objects.filter(opportunity=opportunity, status=Application.Status.AWARDED).count()
            if awarded >= opportunity.capacity:
                raise ValidationError(
                    f"All {opportunity.capacity} places are awarded already; decline this one or raise the capacity."
                )
        application.status = Application.Status.AWARDED if award else Application.Status.DECLINED
        application.rationale = rationale
        application.decided_by = actor if isinstance(actor, Person) else None
        application.decided_at = now
        application.save(update_fields=["status", "rationale", "decided_by", "decided_at"])
        if award:
            LearningRecord.objects.create(
                person_id=application.person_id,
                kind=opportunity.get_kind_display(),
                occurred_on=timezone.localdate(),
                source=LearningRecord.Source.AWARD,
                application=application,
            )
        audit.record(
            actor=actor,
            action="equity.application_award" if award else "equity.application_decline",
            target=application,
            changes={"rationale": rationale},
        )
    return application
