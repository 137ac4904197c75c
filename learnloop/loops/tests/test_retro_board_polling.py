"""The board polls `retro-board?v=<version>`: 204 while nothing changed, the fragment otherwise."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from learnloop.loops import services
from learnloop.loops.models import Phase, Retrospective

HTMX = {"HX-Request": "true"}


@pytest.fixture
def retro(alice, bob, org):
    return services.retro_create(actor=alice, team=org["platform"], title="Sprint 14", format="start-stop-continue")


def _poll(client, retro, **params):
    return client.get(reverse("retro-board", args=[retro.pk]), params, headers=HTMX)


def _version(retro):
    return Retrospective.objects.get(pk=retro.pk).version


def test_an_unchanged_board_answers_204_with_one_query_for_the_retro(client, bob, retro, django_assert_max_num_queries):
    client.force_login(bob.user)
    version = _version(retro)
    # Session, user and person, what the person may see, and the retro itself.
    with django_assert_max_num_queries(6):
        response = _poll(client, retro, v=version, seen="opening")
    assert response.status_code == 204
    assert response.content == b""


def test_a_changed_version_returns_the_board_fragment(client, alice, bob, retro):
    client.force_login(bob.user)
    version = _version(retro)
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GATHERING)
    response = _poll(client, retro, v=version, seen="opening")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="retro-board"')
    assert f"?v={_version(retro)}" in body  # the next poll asks about the new version
    assert "<html" not in body


def test_a_new_phase_also_sends_the_phase_panel_out_of_band(client, alice, bob, retro):
    client.force_login(bob.user)
    version = _version(retro)
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GATHERING)
    body = _poll(client, retro, v=version, seen="opening").content.decode()
    assert 'id="retro-panel"' in body and 'hx-swap-oob="true"' in body
    assert "Card for Stop" in body


def test_a_board_of_the_current_phase_leaves_the_panel_alone(client, alice, bob, retro):
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GATHERING)
    client.force_login(bob.user)
    version = _version(retro)
    services.card_add(actor=alice, retro=retro, column="stop", text="x")
    body = _poll(client, retro, v=version, seen="gathering").content.decode()
    assert 'id="retro-panel"' not in body  # what Bob is typing there stays


def test_a_running_timer_refreshes_the_board_without_other_changes(client, alice, bob, retro):
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GATHERING)
    card = services.card_add(actor=bob, retro=retro, column="stop", text="Flaky CI")
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.DISCUSSING)
    services.discussion_focus(actor=alice, retro=retro, card=card, minutes=5)
    client.force_login(bob.user)
    version = _version(retro)
    response = _poll(client, retro, v=version, t=1, seen="discussing")
    assert response.status_code == 200
    assert "left</p>" in response.content.decode()
    Retrospective.objects.filter(pk=retro.pk).update(timer_ends_at=timezone.now() - datetime.timedelta(seconds=1))
    body = _poll(client, retro, v=version, t=1, seen="discussing").content.decode()
    assert "Time is up" in body and "&amp;t=1" not in body  # polling goes back to 204s


def test_an_htmx_post_answers_with_the_fresh_board(client, alice, bob, retro):
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GATHERING)
    client.force_login(bob.user)
    response = client.post(
        reverse("retro-card-add", args=[retro.pk]),
        {"column": "stop", "text": "Flaky CI", "seen": "gathering"},
        headers=HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="retro-board"')
    assert 'id="add-card-stop"' in body and 'hx-swap-oob="true"' in body  # only that form is cleared
    assert 'id="retro-panel"' not in body


def test_a_closed_retro_stops_polling(client, alice, bob, retro):
    services.retro_close(actor=alice, retro=retro, summary="Done")
    client.force_login(bob.user)
    page = client.get(reverse("retro", args=[retro.pk])).content.decode()
    assert "hx-trigger" not in page.split('id="retro-board"')[1].split(">")[0]
