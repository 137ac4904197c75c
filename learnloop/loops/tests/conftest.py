"""Loop fixtures: a Platform retro run by Alice, and a Platform incident review."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from learnloop.loops import services


@pytest.fixture
def retro(alice, bob, org):
    return services.retro_create(actor=alice, team=org["platform"], title="Sprint 14", format="start-stop-continue")


@pytest.fixture
def review(alice, bob, org):
    return services.review_create(actor=bob, team=org["platform"], title="Checkout outage", summary="Checkout failed.")


@pytest.fixture
def lesson(alice, review):
    entry = services.timeline_add(
        actor=alice, review=review, at=timezone.now() - datetime.timedelta(hours=2), text="Deploy started"
    )
    return services.lesson_create(actor=alice, source=entry, title="Deploys need a canary")


def in_phase(retro, actor, phase):
    return services.retro_set_phase(actor=actor, retro=retro, phase=phase)
