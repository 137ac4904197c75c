"""An anonymous act leaves no precise time anywhere in the database.

Bob, signed in on the web and holding an API token, answers a pulse and asks a question on the
web, asks and upvotes over the API, and answers a retro's safety check. Afterwards no date and
time stored in any table (audit log, tokens, sessions, everything else) falls within the
seconds those acts took; the anonymous audit rows keep their day; his session row did not move;
his token still says he last used it yesterday.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.urls import reverse
from django.utils import timezone

from learnloop.api.models import AccessToken
from learnloop.api.tests.fixtures import ApiClient
from learnloop.core.models import AuditEvent
from learnloop.core.unlinkable import start_of_day
from learnloop.loops import services as loops
from learnloop.voice.models import Question
from learnloop.voice.tests.pulses import open_pulse


def datetimes_between(start: datetime.datetime, end: datetime.datetime) -> list[str]:
    """Every stored date and time, in every table, from `start` to `end`."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateTimeField):
                hits = model._base_manager.filter(**{f"{field.attname}__range": (start, end)})
                found += [
                    f"{model._meta.label}.{field.name} = {value}"
                    for value in hits.values_list(field.attname, flat=True)
                ]
    return found


def test_answering_asking_and_checking_in_leave_no_time_finer_than_the_day(client, alice, bob, org, api_as):
    run = open_pulse([org["platform"]])
    retro = loops.retro_create(actor=alice, team=org["platform"], title="Sprint 20", format="4ls")
    api: ApiClient = api_as(bob)
    token = AccessToken.objects.get(person=bob)
    yesterday = start_of_day() - datetime.timedelta(days=1)
    AccessToken.objects.filter(pk=token.pk).update(last_used_at=yesterday)
    question = Question.objects.create(to=Question.To.ORGANIZATION, text="Why two standups?", asked_on=yesterday)
    client.force_login(bob.user)
    session = Session.objects.get()
    scores = {f"item_{item.pk}": "5" for item in run.instrument.items.all()}

    start = timezone.now()
    assert client.post(reverse("voice-pulse-answer", args=[run.pk]), scores).status_code == 302
    asked = {"to": "organization", "text": "Can we stop deploying on Fridays?"}
    assert client.post(reverse("voice-questions"), asked).status_code == 302
    assert api.post("/questions", {"to": "organization", "text": "Who decides on-call pay?"}).status_code == 201
    assert api.post(f"/questions/{question.pk}/upvote").status_code == 200
    assert client.post(reverse("retro-safety", args=[retro.pk]), {"score": "4"}).status_code == 302
    end = timezone.now()

    assert datetimes_between(start, end) == []
    anonymous = AuditEvent.objects.filter(actor_label="anonymous")
    assert {event.action for event in anonymous} == {"pulse.answered", "question.asked"}
    assert {event.at for event in anonymous} == {start_of_day(start)}
    assert all(event.pk < 0 for event in anonymous)  # no place in the sequence of named events
    assert Session.objects.get() == session
    assert (Session.objects.get().expire_date, Session.objects.get().session_data) == (
        session.expire_date,
        session.session_data,
    )
    token.refresh_from_db()
    assert token.last_used_at == yesterday
