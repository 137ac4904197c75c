"""When a run is over (closed, or past its closing day), its last answers are released as one
batch and who answered is rewritten in shuffled order; `learnloop voice release` does it daily."""

from __future__ import annotations

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from learnloop.core.access import SYSTEM
from learnloop.voice import services
from learnloop.voice.models import Participation, PulseRun, Response
from learnloop.voice.results import run_results
from learnloop.voice.tests.pulses import members, open_pulse


def release() -> str:
    out = StringIO()
    call_command("voice", "release", stdout=out)
    return out.getvalue()


def test_the_daily_job_releases_a_past_run_once_without_changing_its_results(org):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    run = open_pulse([org["platform"]], opens_on=yesterday - datetime.timedelta(days=9), closes_on=yesterday)
    items = run.instrument.items.all()
    for person in members(org["platform"], 6):
        services.pulse_answer(actor=person, run=run, scores={item.pk: 5 for item in items}, today=yesterday)
    shown = run_results(run).for_team(org["platform"].pk).respondents
    before = dict(Participation.objects.filter(run=run).values_list("pk", "person"))
    assert Response.objects.filter(run=run, batch__isnull=True).count() == 1

    assert release().startswith("Released the last answers of 1 finished pulse.")
    assert Response.objects.filter(run=run, batch=2).count() == 1
    assert not Response.objects.filter(run=run, batch__isnull=True).exists()
    after = dict(Participation.objects.filter(run=run).values_list("pk", "person"))
    assert sorted(after.values()) == sorted(before.values()) and not set(after) & set(before)
    assert run_results(run).for_team(org["platform"].pk).respondents == shown == 5
    assert PulseRun.objects.get(pk=run.pk).all_released
    assert release().startswith("Released the last answers of 0 finished pulses.")


def test_an_open_run_is_left_alone_and_closing_one_releases_it(org):
    run = open_pulse([org["platform"]])
    items = run.instrument.items.all()
    for person in members(org["platform"], 3):
        services.pulse_answer(actor=person, run=run, scores={item.pk: 5 for item in items})
    assert release().startswith("Released the last answers of 0 finished pulses.")
    assert Response.objects.filter(run=run, batch__isnull=True).count() == 3
    services.run_close(actor=SYSTEM, run=run)
    assert Response.objects.filter(run=run, batch=1).count() == 3
    assert PulseRun.objects.get(pk=run.pk).all_released
