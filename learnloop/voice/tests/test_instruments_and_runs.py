"""Analysts define instruments and start pulses; the built-in instruments are there from the start."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from learnloop.voice import services
from learnloop.voice.instruments import ItemSpec
from learnloop.voice.models import Instrument, PulseRun, RunTeam


def test_the_built_in_instruments_measure_the_published_constructs(db):
    safety = Instrument.objects.get(key="team-psychological-safety")
    assert safety.points == 7 and safety.items.count() == 7
    assert safety.items.filter(reverse_scored=True).count() == 3
    environment = Instrument.objects.get(key="learning-environment")
    assert set(environment.items.values_list("construct", flat=True)) == {
        "Supportive learning environment",
        "Concrete learning processes",
        "Leadership that reinforces learning",
    }


def test_an_analyst_defines_an_instrument_on_its_page(client, dana):
    client.force_login(dana.user)
    response = client.post(
        "/instruments/new/",
        {
            "name": "Meeting health",
            "points": "5",
            "items": "Focus | Our meetings have a clear purpose.\nFocus | Meetings run over time. | R\n",
        },
    )
    instrument = Instrument.objects.get(name="Meeting health")
    assert response.status_code == 302 and instrument.points == 5
    assert list(instrument.items.values_list("reverse_scored", flat=True)) == [False, True]


def test_a_malformed_item_line_is_named(client, dana):
    client.force_login(dana.user)
    response = client.post("/instruments/new/", {"name": "Broken", "points": "5", "items": "just a statement"})
    assert "Line 1: write" in response.content.decode()
    assert not Instrument.objects.filter(name="Broken").exists()


def test_members_may_not_define_instruments(bob):
    with pytest.raises(PermissionDenied):
        services.instrument_create(actor=bob, name="Mine", items=[ItemSpec("x", "y")])


def test_an_analyst_starts_a_pulse_for_a_branch_of_the_tree(client, dana, org):
    client.force_login(dana.user)
    today = timezone.localdate()
    response = client.post(
        "/pulses/new/",
        {
            "instrument": Instrument.objects.get(key="team-psychological-safety").pk,
            "title": "Winter pulse",
            "teams": [org["engineering"].pk],
            "opens_on": today.isoformat(),
            "closes_on": (today + datetime.timedelta(days=5)).isoformat(),
        },
    )
    run = PulseRun.objects.get(title="Winter pulse")
    assert response.status_code == 302
    cells = {cell.team.slug: cell for cell in RunTeam.objects.filter(run=run)}
    assert set(cells) == {"engineering", "platform"}
    assert cells["platform"].parent == cells["engineering"]


def test_a_pulse_cannot_close_before_it_opens(dana, org):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.run_create(
            actor=dana,
            instrument=Instrument.objects.get(key="team-psychological-safety"),
            title="Backwards",
            teams=[org["platform"]],
            opens_on=today,
            closes_on=today - datetime.timedelta(days=1),
        )
    assert "closes_on" in error.value.message_dict
