"""The demo's voice history: four months of Northwind pulses and a board of anonymous questions.

Runs are found again by their external key and questions by their text, so a second
`learnloop demo` adds nothing. Team means drift realistically (Platform recovers after a rough
quarter, Payments slides); about four in five people answer each run, so small teams sometimes
fall under the minimum and their results stay hidden.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from learnloop.core.access import SYSTEM
from learnloop.people.demo import TEAMS, DemoContext, DemoStep
from learnloop.people.models import Person, Team
from learnloop.voice import questions, services
from learnloop.voice.instruments import LEARNING_ENVIRONMENT, PSYCHOLOGICAL_SAFETY
from learnloop.voice.models import Instrument, Participation, PulseRun, Question

KEY = "northwind-demo/"
MEMBER_OF_PLATFORM = 13  # the showcase member: the open pulse waits for their answer
# (key, title, instrument, days ago it opened, days it stays open)
RUNS = (
    ("pulse-1", "Psychological safety, July", PSYCHOLOGICAL_SAFETY.key, 120, 10),
    ("pulse-2", "Psychological safety, August", PSYCHOLOGICAL_SAFETY.key, 90, 10),
    ("learning-1", "Learning environment, autumn", LEARNING_ENVIRONMENT.key, 75, 14),
    ("pulse-3", "Psychological safety, September", PSYCHOLOGICAL_SAFETY.key, 60, 10),
    ("pulse-4", "Psychological safety, October", PSYCHOLOGICAL_SAFETY.key, 30, 10),
    ("pulse-5", "Psychological safety, November", PSYCHOLOGICAL_SAFETY.key, 3, 10),
)
# How each team's climate moves from run to run (added to a base of 5 on the 7-point scale).
DRIFT = {"platform": (-0.8, -0.4, 0.2, 0.6, 0.8), "payments": (0.6, 0.3, 0.0, -0.5, -0.8), "support": (-0.3,) * 5}
COMMENTS = (
    "Incident reviews feel much less about blame than a year ago.",
    "Hard to raise concerns in the planning meeting; it moves fast and the loudest voice wins.",
    "I would like more time to reflect after releases, not just the next ticket.",
    "People help each other without keeping score.",
    "Speaking up about deadlines still feels risky.",
    "Our lead asks for the bad news first, and it shows.",
    "New joiners still do not know that they can question a design.",
    "The retro actions actually get done now; that makes it worth speaking up.",
    "Disagreeing with another team's plan feels like stepping on toes.",
    "I got real help when my migration broke staging, no finger-pointing.",
    "Mistakes are talked about, but mostly in private messages.",
    "Half the team is remote and the office half decides things in the corridor.",
    "Asking a basic question in the big channel still feels exposing.",
    "Post-incident reviews focus on the system, which makes it easier to admit my part.",
    "When priorities change nobody explains why.",
    "I trust my teammates to cover for me when I am on leave.",
)
QUESTIONS = (
    (
        "organization",
        None,
        None,
        "Why did we stop the monthly all-hands Q&A?",
        11,
        "answered",
        "It clashed with the release train. It is back from next month, first Thursday, with questions collected here.",
    ),
    (
        "organization",
        None,
        None,
        "Will the learning budget survive next year's cost review?",
        9,
        "acting",
        "Yes. We are moving it from per-person to per-team so it is easier to use; details at the next all-hands.",
    ),
    (
        "team",
        "platform",
        None,
        "Can we stop deploying on Friday afternoons?",
        6,
        "acting",
        "Agreed. From next sprint the deploy window closes Friday at noon; we will review it in the retro in a month.",
    ),
    (
        "team",
        "payments",
        None,
        "Why are on-call swaps approved by the manager and not the team?",
        4,
        "wont_do",
        "Swaps touch the payment provider's escalation list, which only managers can change; "
        "we asked them to open it up.",
    ),
    ("manager", None, 10, "Could we have a written decision log for architecture calls?", 5, "open", ""),
    ("organization", None, None, "Is the reorganization rumour true?", 14, "open", ""),
)


def _day(days_ago: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days_ago)


def _audience(context: DemoContext) -> list[Person]:
    return [context.people[person.number] for team in TEAMS for person in team.people]


def _team_key_of(context: DemoContext, person: Person) -> str:
    for team in TEAMS:
        if any(context.people[p.number].pk == person.pk for p in team.people):
            return team.key
    return ""


def add_pulses(context: DemoContext) -> None:
    rng = random.Random(1999)
    root: Team = context.teams["northwind"]
    people = _audience(context)
    for index, (key, title, instrument_key, days_ago, length) in enumerate(RUNS):
        if PulseRun.objects.filter(external_key=KEY + key).exists():
            continue
        instrument = Instrument.objects.get(key=instrument_key)
        opens_on = _day(days_ago)
        run = services.run_create(
            actor=SYSTEM,
            instrument=instrument,
            title=title,
            teams=[root],
            opens_on=opens_on,
            closes_on=opens_on + datetime.timedelta(days=length),
            external_key=KEY + key,
        )
        items = list(instrument.items.all())
        is_open = days_ago < length
        remarks = list(COMMENTS)  # each remark at most once per run
        rng.shuffle(remarks)
        drift_index = min(index, 4)
        for person in people:
            if rng.random() > (0.55 if is_open else 0.8):
                continue
            if (
                is_open
                and context.people.get(MEMBER_OF_PLATFORM)
                and person.pk == context.people[MEMBER_OF_PLATFORM].pk
            ):
                continue
            team_key = _team_key_of(context, person)
            base = 5.0 + DRIFT.get(team_key, (0.0,) * 5)[drift_index] + rng.gauss(0, 0.7)
            scores = {}
            for item in items:
                agreement = min(7, max(1, round(base + rng.gauss(0, 0.8))))
                scores[item.pk] = 8 - agreement if item.reverse_scored else agreement
            comments = {items[1].pk: remarks.pop()} if remarks and rng.random() < 0.25 else {}
            Participation.objects.create(run=run, person=person)
            cell = services.cell_for(run, person)
            if cell is None:
                continue
            day = opens_on + datetime.timedelta(days=rng.randint(0, min(length, days_ago)))
            services.record_response(
                run=run, cell=cell, items=items, scores=scores, comments=comments, segment="", day=day
            )
            services.release_waiting(run=run, cell=cell)
            context.created["pulse responses"] += 1
        context.created["pulse runs"] += 1
    # Past runs end as they would have: last answers released, who answered shuffled.
    services.release_finished_runs()


def add_questions(context: DemoContext) -> None:
    rng = random.Random(7)
    people = _audience(context)
    admin = Person.objects.filter(user__is_superuser=True, user__is_staff=True).order_by("pk").first()
    for number, (to, team_key, manager_number, text, votes, status, answer) in enumerate(QUESTIONS):
        if Question.objects.filter(text=text).exists():
            continue
        team = context.teams[team_key] if team_key else None
        manager = context.people[manager_number] if manager_number else None
        question = Question(to=to, team=team, manager=manager, text=text, asked_on=_day(40 - number * 6))
        question.full_clean()
        question.save()
        for voter in rng.sample(people, votes):
            questions.question_upvote(actor=voter, question=question)
        if status != "open":
            if to == "organization":
                answerer = admin
            elif team is not None:
                answerer = next(
                    (
                        context.people[p.number]
                        for t in TEAMS
                        if t.key == team_key
                        for p in t.people
                        if p.role == "manager"
                    ),
                    admin,
                )
            else:
                answerer = manager
            if answerer is not None:
                questions.question_answer(actor=answerer, question=question, status=status, answer=answer)
                Question.objects.filter(pk=question.pk).update(answered_on=_day(36 - number * 6))
        context.created["questions"] += 1


DEMO_STEPS: tuple[DemoStep, ...] = (add_pulses, add_questions)
