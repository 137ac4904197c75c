"""The demo's fair-access history: four months of Northwind opportunities, applications, awards,
learning records, and each team's speaking rotation over its retros. Idempotent."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from learnloop.equity import services
from learnloop.equity.models import LearningRecord, Opportunity, SpeakingTurn
from learnloop.equity.speaking import speaking_turn
from learnloop.loops.models import Participant, Retrospective
from learnloop.people.demo import TEAMS, DemoContext, DemoStep
from learnloop.people.models import Person, Role, Team


@dataclass(frozen=True)
class DemoOpportunity:
    title: str
    kind: str
    poster_team: str  # its manager posts it
    teams: tuple[str, ...]  # eligible team keys; () = everyone
    capacity: int
    skills: str
    days_ago: int  # posted this many days ago
    open_days: int  # applications open this long
    description: str


OPPORTUNITIES: tuple[DemoOpportunity, ...] = (
    DemoOpportunity(
        "Lead the Q3 incident-review workshop",
        "stretch",
        "platform",
        ("engineering",),
        1,
        "facilitation, incident analysis",
        118,
        14,
        "Plan and run the quarterly cross-team incident-review workshop, with Platform's manager to spar with.",
    ),
    DemoOpportunity(
        "Kubernetes fundamentals course",
        "course",
        "engineering",
        ("engineering",),
        4,
        "kubernetes, operations",
        104,
        10,
        "Three-day online course with labs. Hands-on time is protected in the sprint.",
    ),
    DemoOpportunity(
        "Talk at the Retail Analytics Summit",
        "speaking",
        "product-design",
        (),
        2,
        "public speaking, storytelling",
        90,
        21,
        "Two 20-minute slots on how we work with regional retailers. Speaker coaching included.",
    ),
    DemoOpportunity(
        "Mentor a new support hire",
        "mentoring",
        "support",
        ("customer-operations",),
        2,
        "coaching, product knowledge",
        75,
        10,
        "Pair with someone in their first three months: one hour a week, for a quarter.",
    ),
    DemoOpportunity(
        "Conference pass: DataEng Europe",
        "conference",
        "data",
        ("engineering", "product-design"),
        2,
        "data engineering, networking",
        60,
        14,
        "Two days in Amsterdam; you share three takeaways at the monthly cross-team share.",
    ),
    DemoOpportunity(
        "Research-operations rotation",
        "stretch",
        "research",
        ("product-design", "customer-operations"),
        1,
        "research operations, interviewing",
        40,
        14,
        "Six weeks with Research: recruit participants and run two interviews.",
    ),
    DemoOpportunity(
        "Accessibility in practice course",
        "course",
        "design",
        (),
        6,
        "accessibility, WCAG",
        20,
        14,
        "Self-paced course with a weekly study group.",
    ),
    DemoOpportunity(
        "Speak at the next all-hands",
        "speaking",
        "northwind",
        (),
        3,
        "public speaking",
        5,
        20,
        "Ten minutes on something your team learned this quarter.",
    ),
)

RATIONALES = (
    "Has not had a development opportunity this year.",
    "The skills fit the next step we agreed on in their last check-in.",
    "Asked first and has a clear plan for sharing what they learn.",
    "Balances who went last time: this is their first.",
)
DECLINE = "We had more applicants than places; you are first in line for the next one."

# Kinds of everyday learning recorded by teams, and how many records a person typically has.
RECORD_KINDS = ("Internal workshop", "Online course", "Book club", "Brown-bag session")


def _manager(team_key: str, context: DemoContext) -> Person:
    team = next(team for team in TEAMS if team.key == team_key)
    number = next(person.number for person in team.people if person.role == Role.MANAGER)
    return context.people[number]


def _eligible_people(spec: DemoOpportunity, context: DemoContext) -> list[Person]:
    paths = [context.teams[key].path for key in spec.teams] or ["/"]
    pairs = Person.objects.filter(memberships__isnull=False).values_list("pk", "memberships__team__path")
    eligible = {pk for pk, path in pairs if any(path.startswith(prefix) for prefix in paths)}
    return list(Person.objects.filter(pk__in=eligible).order_by("pk"))


def add_opportunities(context: DemoContext) -> None:
    today = timezone.localdate()
    for spec in OPPORTUNITIES:
        if Opportunity.objects.filter(title=spec.title).exists():
            continue
        rng = random.Random(f"northwind-equity:{spec.title}")
        poster = _manager(spec.poster_team, context)
        opportunity = services.opportunity_post(
            actor=poster,
            title=spec.title,
            kind=spec.kind,
            capacity=spec.capacity,
            deadline=today + datetime.timedelta(days=max(0, spec.open_days - spec.days_ago)),
            description=spec.description,
            skills=spec.skills,
            teams=[context.teams[key] for key in spec.teams],
        )
        context.created["opportunities"] += 1
        candidates = [person for person in _eligible_people(spec, context) if person != poster]
        applicants = rng.sample(candidates, min(len(candidates), spec.capacity * 2 + rng.randint(0, 3)))
        applications = [
            services.application_submit(actor=person, opportunity=opportunity, motivation="") for person in applicants
        ]
        context.created["applications"] += len(applications)
        still_open = spec.days_ago < spec.open_days
        if not still_open:
            for index, application in enumerate(applications):
                award = index < spec.capacity
                services.application_decide(
                    actor=poster,
                    application=application,
                    award=award,
                    rationale=rng.choice(RATIONALES) if award else DECLINE,
                )
                context.created["awards" if award else "declines"] += 1
            services.opportunity_close(actor=poster, opportunity=opportunity)
        # Back in time: posted `days_ago`, decided when applications closed.
        posted = today - datetime.timedelta(days=spec.days_ago)
        decided = posted + datetime.timedelta(days=spec.open_days)
        Opportunity.objects.filter(pk=opportunity.pk).update(deadline=posted + datetime.timedelta(days=spec.open_days))
        LearningRecord.objects.filter(application__opportunity=opportunity).update(occurred_on=decided)


def add_learning_records(context: DemoContext) -> None:
    """A few months of everyday learning per person, a little uneven, as real records are."""
    today = timezone.localdate()
    records: list[LearningRecord] = []
    for number, person in sorted(context.people.items()):
        rng = random.Random(f"northwind-records:{number}")
        for index in range(rng.choice((1, 1, 2, 2, 3, 3, 4, 6))):
            kind = rng.choice(RECORD_KINDS)
            day = today - datetime.timedelta(days=rng.randint(1, 120))
            records.append(
                LearningRecord(
                    person=person,
                    kind=kind,
                    occurred_on=day,
                    hours=rng.choice((1, 2, 4, 8)),
                    source=LearningRecord.Source.IMPORT,
                    import_key=f"demo|{index}",
                )
            )
    before = LearningRecord.objects.count()
    LearningRecord.objects.bulk_create(records, ignore_conflicts=True)
    context.created["learning records"] += LearningRecord.objects.count() - before


def add_speaking_turns(context: DemoContext) -> None:
    """Each team's rotation over its retros, oldest first, as the boards would have recorded it."""
    before = SpeakingTurn.objects.count()
    for team in Team.objects.filter(pk__in=[team.pk for team in context.teams.values()]):
        # In the order the rotation knows occasions by: the retro's number.
        for retro in Retrospective.objects.filter(team=team).order_by("id"):
            present = [
                participant.person
                for participant in Participant.objects.filter(retro=retro, present=True).select_related("person")
            ]
            speaking_turn(team=team, present=present, occasion=f"retro:{retro.pk}")
    context.created["speaking turns"] += SpeakingTurn.objects.count() - before


DEMO_STEPS: tuple[DemoStep, ...] = (add_opportunities, add_learning_records, add_speaking_turns)
