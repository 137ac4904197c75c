"""Answering a pulse: once per person, participation apart from the answers, nothing naming anyone."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import UUIDField
from django.utils import timezone

from learnloop.core.models import AuditEvent
from learnloop.voice import services
from learnloop.voice.models import Answer, Comment, ConstructScore, Participation, Response
from learnloop.voice.tests.pulses import answer, members, open_pulse


def test_an_answer_is_stored_without_a_person_and_with_the_day_only(bob, org):
    run = open_pulse([org["platform"]])
    answer(run, bob, 6, comments={run.instrument.items.first().pk: "We talk openly."})
    response = Response.objects.get()
    field_names = {f.name for f in Response._meta.get_fields()} | {f.name for f in Answer._meta.get_fields()}
    assert not {"person", "author", "user", "created_at"} & field_names
    assert response.submitted_on == timezone.localdate()
    assert isinstance(response.submitted_on, datetime.date) and not isinstance(response.submitted_on, datetime.datetime)
    assert response.cell.team == org["platform"]
    assert Participation.objects.filter(run=run, person=bob).exists()
    assert Comment.objects.get().text == "We talk openly."
    assert "response" not in {f.name for f in Comment._meta.get_fields()}


def test_reverse_scored_items_are_turned_around_in_the_construct_score(bob, org):
    run = open_pulse([org["platform"]])
    answer(run, bob, 7)
    # four items at 7, three reverse-scored items at 7 -> 1: (4 * 7 + 3 * 1) / 7
    assert ConstructScore.objects.get().score == pytest.approx(31 / 7)


def test_a_second_answer_is_refused(bob, org):
    run = open_pulse([org["platform"]])
    answer(run, bob)
    with pytest.raises(ValidationError, match="already answered"):
        answer(run, bob)
    assert Response.objects.count() == 1


def test_people_outside_the_audience_cannot_answer(charlie, org):
    run = open_pulse([org["platform"]])
    with pytest.raises(ValidationError, match="not for your teams"):
        answer(run, charlie)
    assert not Participation.objects.exists()


def test_a_closed_pulse_takes_no_answers(bob, org):
    today = timezone.localdate()
    run = open_pulse(
        [org["platform"]], opens_on=today - datetime.timedelta(days=9), closes_on=today - datetime.timedelta(days=2)
    )
    with pytest.raises(ValidationError, match="not open"):
        answer(run, bob)


def test_a_missing_or_out_of_range_answer_leaves_nothing_behind(bob, org):
    run = open_pulse([org["platform"]])
    items = list(run.instrument.items.all())
    with pytest.raises(ValidationError) as error:
        services.pulse_answer(actor=bob, run=run, scores={items[0].pk: 9})
    assert f"item_{items[0].pk}" in error.value.message_dict
    assert f"item_{items[1].pk}" in error.value.message_dict
    assert not Participation.objects.exists() and not Response.objects.exists()


def test_the_audit_log_records_that_someone_answered_but_not_who(bob, org):
    run = open_pulse([org["platform"]])
    answer(run, bob)
    event = AuditEvent.objects.get(action="pulse.answered")
    assert event.actor_user is None and event.actor_label == "anonymous"


def test_answers_are_released_in_batches_of_the_minimum(org):
    run = open_pulse([org["platform"]])
    people = members(org["platform"], 7)
    for person in people[:4]:
        answer(run, person)
    assert not Response.objects.filter(batch__isnull=False).exists()
    answer(run, people[4])
    assert Response.objects.filter(batch=1).count() == 5
    answer(run, people[5])
    assert Response.objects.filter(batch__isnull=True).count() == 1


def test_no_stored_id_follows_the_order_people_answered_in(org):
    run = open_pulse([org["platform"]])
    for person in members(org["platform"], 3):
        answer(run, person, 6, comments={run.instrument.items.first().pk: "fine"})
    for model in (Response, Answer, ConstructScore, Comment):
        assert isinstance(model._meta.pk, UUIDField), model
