"""The demo organization shows fair access in use, and loading it twice changes nothing."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from learnloop.equity.models import Application, LearningRecord, Opportunity, SpeakingTurn


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Opportunity, Application, LearningRecord, SpeakingTurn))


def test_the_demo_has_months_of_opportunities_awards_records_and_rotations(db):
    call_command("demo", stdout=StringIO())
    first = counts()
    assert Opportunity.objects.filter(status="open").exists() and Opportunity.objects.filter(status="closed").exists()
    awarded = Application.objects.filter(status=Application.Status.AWARDED)
    assert awarded.count() >= 8 and all(application.rationale for application in awarded)
    assert LearningRecord.objects.filter(source="award").count() == awarded.count()
    assert LearningRecord.objects.filter(source="import").count() > 100
    assert SpeakingTurn.objects.values("team").distinct().count() >= 3
    call_command("demo", stdout=StringIO())
    assert counts() == first
