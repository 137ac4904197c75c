"""The pulse API says whether a run still takes answers: `closed` and `state` follow the days."""

from __future__ import annotations

import datetime

from django.utils import timezone

from learnloop.core.access import SYSTEM
from learnloop.voice import services
from learnloop.voice.tests.pulses import open_pulse


def state_of(api, run):
    body = api.get(f"/pulses/{run.pk}").json()
    listed = next(row for row in api.get("/pulses").json()["items"] if row["id"] == run.pk)
    assert (listed["closed"], listed["state"]) == (body["closed"], body["state"])
    return body["closed"], body["state"]


def test_a_run_is_scheduled_open_then_finished_by_its_days_or_when_closed_early(api_as, dana, org):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    api = api_as(dana)
    scheduled = open_pulse([org["platform"]], title="Later", opens_on=today + day, closes_on=today + 5 * day)
    running = open_pulse([org["platform"]], title="Now", opens_on=today - day, closes_on=today)
    past = open_pulse([org["platform"]], title="Past", opens_on=today - 9 * day, closes_on=today - day)
    assert state_of(api, scheduled) == (False, "scheduled")
    assert state_of(api, running) == (False, "open")
    assert state_of(api, past) == (True, "finished")  # past its closing day, never closed by hand
    services.run_close(actor=SYSTEM, run=running)
    assert state_of(api, running) == (True, "finished")
