"""Before the reveal, nobody's browser receives another person's card text: not in the page,
not in the live fragment; only the number of cards per column."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import _person
from learnloop.loops import services
from learnloop.loops.models import Phase


@pytest.fixture
def gathering(alice, bob, org):
    retro = services.retro_create(actor=alice, team=org["platform"], title="Sprint 14", format="start-stop-continue")
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GATHERING)
    services.card_add(actor=bob, retro=retro, column="stop", text="Secret worry about the release")
    services.card_add(actor=bob, retro=retro, column="start", text="Named idea from Bob", anonymous=False)
    return retro


def test_the_page_shows_counts_but_no_other_persons_card_text(client, alice, gathering):
    client.force_login(alice.user)
    page = client.get(reverse("retro", args=[gathering.pk])).content.decode()
    assert "Secret worry" not in page and "Named idea" not in page
    assert '<p class="retro-count" id="count-stop">1 card</p>' in page
    assert '<p class="retro-count" id="count-start">1 card</p>' in page


def test_the_board_fragment_hides_them_too(client, alice, gathering):
    client.force_login(alice.user)
    fragment = client.get(reverse("retro-board", args=[gathering.pk])).content.decode()
    assert "Secret worry" not in fragment and "Named idea" not in fragment
    assert "1 card" in fragment


def test_the_author_of_a_named_card_sees_it_from_any_browser(client, bob, gathering):
    client.force_login(bob.user)
    page = client.get(reverse("retro", args=[gathering.pk])).content.decode()
    assert "Named idea from Bob" in page
    assert "Secret worry" not in page  # anonymous, and this browser did not write it


def test_another_member_who_wrote_nothing_sees_no_text(client, org, gathering):
    carol = _person("Carol Cole", "carol@example.com", org["platform"])
    client.force_login(carol.user)
    fragment = client.get(reverse("retro-board", args=[gathering.pk])).content.decode()
    assert "Secret worry" not in fragment and "Named idea" not in fragment


def test_after_the_reveal_everyone_sees_every_card_and_named_ones_with_their_author(client, alice, gathering):
    services.retro_set_phase(actor=alice, retro=gathering, phase=Phase.GROUPING)
    client.force_login(alice.user)
    page = client.get(reverse("retro", args=[gathering.pk])).content.decode()
    assert "Secret worry about the release" in page
    assert "Named idea from Bob" in page and "Bob Baker" in page
