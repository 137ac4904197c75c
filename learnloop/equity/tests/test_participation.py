"""Participation and idea adoption: named cards only, anonymous cards never attributed, groups guarded,
and the quiet-members list private to the team's facilitators."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from conftest import _person
from learnloop.equity.participation import contributions, participation_by_group, quiet_members
from learnloop.loops import services
from learnloop.loops.models import Phase
from learnloop.people.models import SensitiveAttribute


@pytest.fixture
def retro_story(alice, bob, org, dana):
    """Platform: Alice (manager), Bob and nine more. In one retro Bob writes a named card that
    becomes a change, Carol a named card nobody takes up, Dev an anonymous card that becomes an
    action item; the others only listen."""
    platform = org["platform"]
    others = [_person(f"Member {n}", f"member{n}@example.com", platform) for n in range(9)]
    carol, dev = others[0], others[1]
    everyone = [alice, bob, *others]
    for index, person in enumerate(everyone):
        SensitiveAttribute.objects.create(person=person, key="Shift", value="Early" if index < 6 else "Late")
    SensitiveAttribute.objects.create(person=dana, key="Shift", value="Late")  # in Sales, no retro
    retro = services.retro_create(actor=alice, team=platform, title="Sprint 20", format="start-stop-continue")
    for person in everyone:
        services.participant_join(actor=person, retro=retro)
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GATHERING)
    named = services.card_add(actor=bob, retro=retro, column="start", text="Canary deploys", anonymous=False)
    services.card_add(actor=carol, retro=retro, column="stop", text="Long stand-ups", anonymous=False)
    hidden = services.card_add(actor=dev, retro=retro, column="stop", text="Blame in reviews", anonymous=True)
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.DECIDING)
    due = datetime.date.today() + datetime.timedelta(days=7)
    for card, title in ((named, "Canaries catch bad deploys"), (hidden, "Reviews stay blameless")):
        lesson = services.lesson_create(actor=alice, source=card, title=title)
        item = services.action_item_create(actor=alice, lesson=lesson, title=title, owner=alice, due_on=due)
        if card is named:
            services.action_item_complete(actor=alice, item=item, what="Canary stage added", where="deploy pipeline")
    return {"retro": retro, "bob": bob, "carol": carol, "dev": dev, "everyone": everyone}


def test_named_cards_count_for_their_authors_and_adoption_follows_the_card(retro_story):
    made = contributions([retro_story["retro"].pk])
    bob, carol, dev = retro_story["bob"], retro_story["carol"], retro_story["dev"]
    assert (made[bob.pk].named_cards, made[bob.pk].adopted, made[bob.pk].changed) == (1, 1, 1)
    assert (made[carol.pk].named_cards, made[carol.pk].adopted, made[carol.pk].changed) == (1, 0, 0)
    # Dev's anonymous card became an action item, but it has no author: nobody is credited.
    assert dev.pk not in made and set(made) == {bob.pk, carol.pk}


@pytest.fixture
def crowd(alice, bob, org, dana):
    """Platform: Alice, Bob and twenty more, by shift. In one retro everyone on the early shift takes
    part, five of them write a named card that becomes a change; five on the late shift take part
    and write a card nobody takes up; the other five late ones and Dana (in Sales) stay away."""
    platform = org["platform"]
    others = [_person(f"Crowd {n}", f"crowd{n}@example.com", platform) for n in range(20)]
    early, late = [alice, bob, *others[:10]], others[10:]
    for person in early:
        SensitiveAttribute.objects.create(person=person, key="Shift", value="Early")
    for person in [*late, dana]:
        SensitiveAttribute.objects.create(person=person, key="Shift", value="Late")
    retro = services.retro_create(actor=alice, team=platform, title="Sprint 21", format="start-stop-continue")
    for person in [*early, *late[:5]]:
        services.participant_join(actor=person, retro=retro)
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GATHERING)
    adopted = [
        services.card_add(actor=person, retro=retro, column="start", text=f"Idea {n}", anonymous=False)
        for n, person in enumerate(others[:5])
    ]
    for n, person in enumerate(late[:5]):
        services.card_add(actor=person, retro=retro, column="stop", text=f"Gripe {n}", anonymous=False)
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.DECIDING)
    due = datetime.date.today() + datetime.timedelta(days=7)
    for card in adopted:
        lesson = services.lesson_create(actor=alice, source=card, title=card.text)
        item = services.action_item_create(actor=alice, lesson=lesson, title=card.text, owner=alice, due_on=due)
        services.action_item_complete(actor=alice, item=item, what="Done", where="the pipeline")
    return retro


def test_participation_by_group_passes_the_guard(crowd, dana):
    groups = {group.group: group for group in participation_by_group(actor=dana, by="Shift")}
    early, late = groups["Early"], groups["Late"]
    assert (early.headcount, early.participants, early.contributors, early.named_cards) == (12, 12, 5, 5)
    assert (early.ideas_adopted, early.ideas_changed, early.adoption_rate) == (5, 5, 1.0)
    assert (late.headcount, late.participants, late.contributors, late.named_cards) == (11, 5, 5, 5)
    assert (late.ideas_adopted, late.adoption_rate, late.contribution_rate) == (0, 0.0, 1.0)
    assert early.reasons == late.reasons == {}
    # With a minimum of 7, the five idea-givers, the five who wrote unheard gripes and the six who
    # stayed away are each too few: the groups stay, those figures are hidden, with the reason.
    guarded = {group.group: group for group in participation_by_group(actor=dana, by="Shift", minimum=7)}
    assert (guarded["Early"].headcount, guarded["Late"].headcount) == (12, 11)
    assert all(group.participants is None and group.named_cards is None for group in guarded.values())
    assert "fewer than 7 people" in guarded["Early"].reasons["participants"]


def test_the_participation_page_is_for_analysts(client, retro_story, dana, bob):
    client.force_login(dana.user)
    page = client.get(reverse("equity-participation"), {"by": "Shift"}).content.decode()
    assert '<th scope="row">Early</th>' in page and "Member 1" not in page and "Bob" not in page
    client.force_login(bob.user)
    assert client.get(reverse("equity-participation"), {"by": "Shift"}).status_code == 403


def test_the_facilitator_sees_who_has_been_quiet(client, retro_story, alice, org):
    quiet = [entry.person.display_name for entry in quiet_members(org["platform"])]
    assert "Bob Baker" not in quiet and "Member 0" not in quiet
    assert "Member 1" in quiet  # wrote only anonymously: never attributed, so listed as quiet
    client.force_login(alice.user)
    page = client.get(reverse("equity-silence", args=["platform"])).content.decode()
    assert "Member 5" in page and "Only you and the team" in page
    team_page = client.get(reverse("team", args=["platform"])).content.decode()
    quiet_section = team_page.split("Quiet lately")[1].split("</section>")[0]
    assert "Member 5" in quiet_section and "Bob Baker" not in quiet_section


def test_a_member_and_an_analyst_cannot_see_who_has_been_quiet(client, retro_story, bob, dana):
    for person in (bob, dana):
        client.force_login(person.user)
        assert client.get(reverse("equity-silence", args=["platform"])).status_code == 403
        team_page = client.get(reverse("team", args=["platform"])).content.decode()
        assert "Quiet lately" not in team_page and "Speaking order" in team_page
