"""Helpers for voice tests: teams of people, a pulse for them, everyone answering."""

from __future__ import annotations

import datetime

from django.utils import timezone

from learnloop.core.access import SYSTEM
from learnloop.people.models import Person, Role, Team
from learnloop.people.tests.factories import MembershipFactory, PersonFactory
from learnloop.voice import services
from learnloop.voice.models import Instrument, PulseRun


def members(team: Team, count: int, role: str = Role.MEMBER) -> list[Person]:
    people: list[Person] = [PersonFactory.create() for _ in range(count)]
    for person in people:
        MembershipFactory(person=person, team=team, role=role)
    return people


def safety() -> Instrument:
    return Instrument.objects.get(key="team-psychological-safety")


def open_pulse(
    teams: list[Team], *, instrument: Instrument | None = None, title: str = "Spring pulse", **extra
) -> PulseRun:
    today = timezone.localdate()
    return services.run_create(
        actor=SYSTEM,
        instrument=instrument or safety(),
        title=title,
        teams=teams,
        opens_on=extra.pop("opens_on", today - datetime.timedelta(days=1)),
        closes_on=extra.pop("closes_on", today + datetime.timedelta(days=7)),
        **extra,
    )


def answer(run: PulseRun, person: Person, score: int = 6, **extra) -> None:
    items = run.instrument.items.all()
    services.pulse_answer(actor=person, run=run, scores={item.pk: score for item in items}, **extra)
