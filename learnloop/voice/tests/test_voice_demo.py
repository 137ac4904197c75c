"""The demo's pulses and questions: months of history, some teams too small to show, idempotent."""

from __future__ import annotations

import pytest

from learnloop.people import demo
from learnloop.people.demo import load_demo
from learnloop.people.models import Person
from learnloop.people.selectors import due_for
from learnloop.voice import demo as voice_demo
from learnloop.voice.models import PulseRun, Question, Response
from learnloop.voice.results import run_results


@pytest.fixture(autouse=True)
def people_and_voice_steps_only(monkeypatch):
    monkeypatch.setattr(demo, "demo_steps", lambda: [*demo.STEPS, *voice_demo.DEMO_STEPS])


def test_the_demo_has_months_of_pulses_with_hidden_small_teams_and_answered_questions(db):
    load_demo()
    runs = list(PulseRun.objects.order_by("opens_on"))
    assert len(runs) == 6 and (runs[-1].opens_on - runs[0].opens_on).days >= 110
    past = [run for run in runs if run.closes_on < runs[-1].opens_on]
    hidden = shown = 0
    for run in past:
        for group in run_results(run, with_items=False).groups:
            if group.key[0] == "team" and group.cell.team.depth == 2:
                hidden += not group.shown
                shown += group.shown
    assert hidden > 0 and shown > hidden
    assert Question.objects.exclude(status="open").count() >= 4
    assert Question.objects.filter(status="wont_do").exclude(answer="").exists()


def test_the_showcase_member_finds_the_open_pulse_on_their_home_page(db):
    load_demo()
    member = Person.objects.get(external_id="demo-013")
    assert any("Psychological safety, November" in item.title for item in due_for(member))


def test_running_the_demo_twice_adds_nothing(db):
    load_demo()
    counts = (PulseRun.objects.count(), Response.objects.count(), Question.objects.count())
    again = load_demo()
    assert (PulseRun.objects.count(), Response.objects.count(), Question.objects.count()) == counts
    assert not again.changed_anything
