"""Bad input on the board gets a clear message, as an alert in the live board or as a message
after a plain POST, and nothing is half-written."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from learnloop.loops import services
from learnloop.loops.models import ActionItem, Card, Lesson, Phase

HTMX = {"HX-Request": "true"}


@pytest.fixture
def retro(alice, bob, org):
    retro = services.retro_create(actor=alice, team=org["platform"], title="Sprint 14", format="start-stop-continue")
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GATHERING)
    return retro


def test_an_empty_card_is_refused_with_a_message_after_a_plain_post(client, bob, retro):
    client.force_login(bob.user)
    response = client.post(reverse("retro-card-add", args=[retro.pk]), {"column": "stop", "text": ""}, follow=True)
    assert "Write something." in response.content.decode()
    assert not Card.objects.exists()


def test_an_empty_card_is_refused_inside_the_live_board(client, bob, retro):
    client.force_login(bob.user)
    response = client.post(
        reverse("retro-card-add", args=[retro.pk]), {"column": "stop", "text": "  ", "seen": "gathering"}, headers=HTMX
    )
    body = response.content.decode()
    assert '<div class="form-errors" role="alert"><p>Write something.</p></div>' in body
    assert 'id="add-card-stop"' not in body  # the form keeps what was typed


def test_a_column_that_does_not_exist_gets_the_services_message(client, bob, retro):
    client.force_login(bob.user)
    response = client.post(
        reverse("retro-card-add", args=[retro.pk]), {"column": "pirates", "text": "Arr"}, headers=HTMX
    )
    assert "&#x27;pirates&#x27; is not a column of this retro." in response.content.decode()


def test_a_vote_beyond_the_budget_is_refused_with_the_count(client, alice, bob, retro):
    card = services.card_add(actor=bob, retro=retro, column="stop", text="Flaky CI")
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.VOTING)
    client.force_login(bob.user)
    for _ in range(3):
        client.post(reverse("retro-vote", args=[retro.pk]), {"card": str(card.pk), "action": "cast"})
    response = client.post(reverse("retro-vote", args=[retro.pk]), {"card": str(card.pk)}, follow=True)
    assert "You have used all 3 of your votes." in response.content.decode()


def test_a_past_due_date_writes_neither_the_lesson_nor_the_item(client, alice, bob, retro):
    card = services.card_add(actor=bob, retro=retro, column="stop", text="Pager noise")
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.DECIDING)
    client.force_login(alice.user)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("retro-action", args=[retro.pk]),
        {
            "card": str(card.pk),
            "lesson_title": "Alerts need an action",
            "action_title": "Delete noisy alerts",
            "owner": str(bob.pk),
            "due_on": yesterday.isoformat(),
        },
        headers=HTMX,
    )
    assert "Due: The due date is in the past." in response.content.decode()
    assert not Lesson.objects.exists() and not ActionItem.objects.exists()


def test_a_card_id_from_nowhere_answers_404(client, alice, bob, retro):
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GROUPING)
    client.force_login(bob.user)
    response = client.post(
        reverse("retro-group", args=[retro.pk]), {"title": "x", "cards": ["9b2f5e4e-0000-4000-8000-000000000000"]}
    )
    assert response.status_code == 404
