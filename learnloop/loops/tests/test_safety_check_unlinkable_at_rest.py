"""Someone holding a copy of the database cannot pair a released safety score with a person.

A hundred and fifty members answer a retro's safety check one after another; scores are released three at a
time. Each three in a row gave three different scores, so within a release a random pairing hits
one in three. The attacker reads who answered (check-ins) and the scores in every at-rest order
(rowid, file and write-ahead log, ctid, xmin, ids; see `core/tests/at_rest.py`), splits both into
the releases, and pairs them up. Before the fix every order paired all of them.
"""

from __future__ import annotations

import uuid

import pytest
from django.db import connection

from learnloop.core.anonymity import ABSOLUTE_MINIMUM
from learnloop.core.tests import at_rest
from learnloop.loops import services
from learnloop.loops.models import Retrospective, SafetyCheckIn, SafetyScore
from learnloop.voice.tests.pulses import members

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 150
# One in three is chance; one order's hit rate over 150 pairings (50 releases of three) has a
# standard deviation of 0.05, and the attacker's best of a few dozen orders stays near 0.45;
# 0.6 is more than five deviations above chance, and a link pairs far more.
MOST_BY_CHANCE = 0.6


@pytest.fixture
def answered(alice, org):
    retro = services.retro_create(actor=alice, team=org["platform"], title="Sprint 15", format="4ls")
    truth = {}
    for number, person in enumerate(members(org["platform"], PEOPLE)):
        truth[person.pk] = number % ABSOLUTE_MINIMUM + 1
        services.safety_check_in(actor=person, retro=retro, score=truth[person.pk])
    return retro, truth


def hexed(value: object) -> str:
    return uuid.UUID(str(value)).hex


def attack(retro: Retrospective, truth: dict[int, int]) -> tuple[float, str]:
    people = at_rest.orders("loops_safetycheckin", "person_id")
    score_of = {hexed(pk): score for pk, score in SafetyScore.objects.filter(retro=retro).values_list("pk", "score")}
    return at_rest.best_pairing(
        people,
        {signal: [hexed(k) for k in order] for signal, order in at_rest.orders("loops_safetyscore", "id").items()},
        batch_of=None,
        sizes=[ABSOLUTE_MINIMUM] * (PEOPLE // ABSOLUTE_MINIMUM),
        truth=lambda person, score: truth[person] == score_of[score],
    )


def test_released_safety_scores_pair_with_people_no_better_than_chance(answered):
    retro, truth = answered
    assert SafetyScore.objects.filter(retro=retro, released=True).count() == PEOPLE
    rate, how = attack(retro, truth)
    assert rate <= MOST_BY_CHANCE, f"safety scores paired with people at {rate:.0%} ({how})"


def test_a_release_is_written_by_a_transaction_of_its_own(answered):
    if connection.vendor != "postgresql":
        pytest.skip("transaction ids are PostgreSQL's")
    scores = set(at_rest.xmins("loops_safetyscore", "id").values())
    check_ins = set(at_rest.xmins("loops_safetycheckin", "id").values())
    assert len(scores) == PEOPLE // ABSOLUTE_MINIMUM  # one transaction per release
    assert not scores & check_ins


def test_a_score_never_released_is_deleted_when_the_retro_closes(alice, org):
    retro = services.retro_create(actor=alice, team=org["platform"], title="Sprint 16", format="4ls")
    for person in members(org["platform"], ABSOLUTE_MINIMUM + 1):
        services.safety_check_in(actor=person, retro=retro, score=2)
    assert SafetyScore.objects.filter(retro=retro, released=False).count() == 1
    services.retro_close(actor=alice, retro=retro, summary="Done.")
    assert not SafetyScore.objects.filter(retro=retro, released=False).exists()
    assert SafetyScore.objects.filter(retro=retro, released=True).count() == ABSOLUTE_MINIMUM
    assert SafetyCheckIn.objects.filter(retro=retro).count() == ABSOLUTE_MINIMUM + 1
