"""The results page draws the organization's trend across runs of the same instrument."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from learnloop.core.access import SYSTEM
from learnloop.voice import services
from learnloop.voice.tests.pulses import answer, members, open_pulse


def test_the_trend_chart_joins_the_earlier_run_and_this_one(client, org, dana):
    people = members(org["platform"], 5)
    today = timezone.localdate()
    earlier = open_pulse(
        [org["platform"]], title="Spring", opens_on=today - datetime.timedelta(days=60), closes_on=today
    )
    for person in people:
        answer(earlier, person, 6)
    services.run_close(actor=SYSTEM, run=earlier)
    later = open_pulse([org["platform"]], title="Summer")
    for person in people:
        answer(later, person, 3)

    client.force_login(dana.user)
    page = client.get(reverse("voice-pulse", args=[later.pk])).content.decode()
    chart = page.split('<figure class="trend">')[1].split("</figure>")[0]
    assert re.search(r'<polyline class="trend-line series-0" points="[\d.]+,[\d.]+ [\d.]+,[\d.]+"/>', chart)
    assert chart.count('<circle class="trend-dot') == 2
    # Three statements are reverse-scored: 6 everywhere means (4 * 6 + 3 * 2) / 7; 3 means (4 * 3 + 3 * 5) / 7.
    assert "Team psychological safety: 4.29" in chart and "Team psychological safety: 3.86" in chart


def test_no_trend_chart_without_an_earlier_run(client, org, dana):
    people = members(org["platform"], 5)
    run = open_pulse([org["platform"]])
    for person in people:
        answer(run, person, 6)
    client.force_login(dana.user)
    assert '<figure class="trend">' not in client.get(reverse("voice-pulse", args=[run.pk])).content.decode()
